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
  title: string;
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
  upvotes?: number;
  doi?: string;
  arxivId?: string;
  url?: string;
  pdfUrl?: string;
  venue?: string;
  /** Publication type, e.g. `article`, `inproceedings`, `preprint`. */
  type?: string;
  tags: string[];
  sources: SourceLocation[];
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
