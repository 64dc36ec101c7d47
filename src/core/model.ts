/**
 * The record model shared by every loader, the merge step, the CLI and the extension.
 * Pure data: no I/O, no `vscode`.
 */

/** Every format Lit Notes can read. */
export type SourceFormat = 'daily-papers' | 'hf-json' | 'bibtex' | 'csl-json' | 'ris';

/** Where a record came from: a file (workspace-relative or absolute path) and a 1-based line. */
export interface SourceLocation {
  readonly path: string;
  readonly line: number;
  readonly format: SourceFormat;
  /**
   * The key the source itself gave the entry, verbatim: the BibTeX key, the CSL-JSON `id`
   * (what pandoc and citeproc resolve), if any.
   */
  readonly key?: string;
  /** Further keys the entry answers to: biblatex `ids`, a CSL `citation-key` that differs from `id`. */
  readonly otherKeys?: readonly string[];
}

/**
 * One paper as a loader read it from one place in one file.
 * Optional fields are absent (not empty strings) when the source does not say.
 */
export interface PaperRecord {
  /** The citation key the source gives (BibTeX / CSL-JSON); generated later for the others. */
  key?: string;
  /**
   * The display title (Unicode, no markup). Never empty: an entry without a title (one that has
   * a key or other fields, so it can be cited) shows its container, else its key, else a
   * placeholder, and is marked `untitled`.
   */
  title: string;
  /** The title is a stand-in: the source gave none (see `title`). Such records never merge by title. */
  untitled?: true;
  /**
   * Fields as the source wrote them in LaTeX, where that says more than the display text: case
   * protection and markup (`{BERT}: Pre-training of \emph{Deep} Transformers`), a braced
   * `{Henry Holt and Co.}` that is one publisher, `{Ibn Abdulaziz}, T.` whose family name has two
   * words. Set by the BibTeX loader; the BibTeX export writes a value from here only while it
   * still reads as the field's current value.
   */
  latex?: SourceLatex;
  abstract?: string;
  /** Author names as written ("Given Family" or "Family, Given" normalised to "Given Family"); may be empty. */
  authors: string[];
  /** Number of authors when only a count is known (Daily Papers pages: "• 13 authors"). */
  authorCount?: number;
  /** Organisation display name (Daily Papers pages, Hugging Face JSON). */
  organization?: string;
  /** ISO date, as precise as the source: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
  date?: string;
  year?: number;
  /**
   * The day (`YYYY-MM-DD`) the paper was listed on Hugging Face Daily Papers: a saved page's own
   * date, an `/api/daily_papers` item's `publishedAt` (`paper.submittedOnDailyAt`). Not a
   * publication date: kept apart from `date`/`year`, used for grouping, sorting and generated
   * keys only when the paper has no publication date (see {@link effectiveDate}).
   */
  listed?: string;
  upvotes?: number;
  /** Lower-cased, for matching (DOIs are case-insensitive). */
  doi?: string;
  /**
   * The DOI field as the source wrote it, when that is not `doi`: other capitals
   * (`10.1007/BF00614717`), a ShortDOI (`10/fqd6hj`), or a value that is no DOI at all. Exporters
   * write this one, so nothing the user wrote is lost; `doi` stays the one to match on.
   */
  doiAsWritten?: string;
  arxivId?: string;
  url?: string;
  pdfUrl?: string;
  /**
   * Where the paper appeared, for display: the container (journal, proceedings or book title)
   * when the source gives one, else an event title or the venue a web source names
   * ("arXiv preprint"). Kept for existing consumers; exporters prefer `container`.
   */
  venue?: string;
  /** Container title as the source gives it: BibTeX `journal`/`journaltitle`/`booktitle`, CSL `container-title`, RIS `T2`/`JF`/`JO`/`BT`. */
  container?: string;
  volume?: string;
  /** Issue or number within the volume (BibTeX `number`/`issue`, CSL `issue`, RIS `IS`). */
  issue?: string;
  /** Page range or article number as written, with an en dash for ranges (`101–110`). */
  pages?: string;
  /** Publisher (for theses and reports: the school or institution when no publisher is given). */
  publisher?: string;
  /** Publisher's place (BibTeX `address`/`location`, CSL `publisher-place`, RIS `CY`). */
  publisherPlace?: string;
  edition?: string;
  /** Editor names, in the same display form as `authors`. */
  editors?: string[];
  /** Series (BibTeX `series`, CSL `collection-title`, RIS `T3`). */
  series?: string;
  isbn?: string;
  issn?: string;
  /** Free-text note (BibTeX `note`, CSL `note`, RIS `N1`). */
  note?: string;
  /** Text biblatex prints after the title, e.g. `Editorial`, `Audiobook` (BibTeX `titleaddon`). */
  titleAddon?: string;
  /**
   * The work's language as the source names it (BibTeX `langid`, e.g. `german`; CSL `language`,
   * e.g. `de-DE`; RIS `LA`). Styles and pandoc change the case of English titles only.
   */
  language?: string;
  /** Publication type, e.g. `article`, `inproceedings`, `preprint`. */
  type?: string;
  tags: string[];
  sources: SourceLocation[];
}

/** LaTeX forms of some fields (see `PaperRecord.latex`); `authors`/`editors` are the whole name lists. */
export interface SourceLatex {
  title?: string;
  container?: string;
  publisher?: string;
  publisherPlace?: string;
  series?: string;
  authors?: string;
  editors?: string;
}

/** Where a paper's citation key comes from (see `core/citekey.ts`). */
export type KeyOrigin = 'source' | 'pinned' | 'generated';

/** A merged paper with its final, library-unique citation key. */
export interface Paper extends PaperRecord {
  key: string;
  /** Other keys that resolve to this paper (further source keys, older pinned keys); never another paper's key. */
  aliases?: string[];
  /** `source`: a file gave the key; `pinned`: a note or the key lock holds it; `generated`: made up, not used yet. */
  keyOrigin?: KeyOrigin;
}

/**
 * The date a paper is placed and sorted by: its publication date (`date`, else `year`), else the
 * day it was listed on Daily Papers (`listed`), else undefined. `fromListing` says which.
 */
export function effectiveDate(p: Pick<PaperRecord, 'date' | 'year' | 'listed'>): { date: string; year: number; fromListing: boolean } | undefined {
  if (p.date !== undefined || p.year !== undefined) {
    const year = p.year ?? Number(p.date?.slice(0, 4));
    return Number.isFinite(year) ? { date: p.date ?? String(year), year, fromListing: false } : undefined;
  }
  if (p.listed !== undefined) {
    const year = Number(p.listed.slice(0, 4));
    return Number.isFinite(year) ? { date: p.listed, year, fromListing: true } : undefined;
  }
  return undefined;
}

/** Something wrong with an input, always with the file and 1-based line it concerns. */
export interface Problem {
  readonly path: string;
  readonly line: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

/** What every loader returns: text in, records and problems out. */
export interface ParseResult {
  records: PaperRecord[];
  problems: Problem[];
}

/**
 * A problem. Line breaks in the message (a key or value quoted from a hostile source) become
 * spaces, so a message stays one `path:line: severity: message` line in the log and cannot
 * forge another.
 */
export function problem(path: string, line: number, message: string, severity: Problem['severity'] = 'error'): Problem {
  return { path, line, message: message.replace(/[\r\n\u2028\u2029\u0085]+/g, ' '), severity };
}
