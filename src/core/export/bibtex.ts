/**
 * BibTeX export. Writes classic BibTeX that biblatex/biber read as well: one entry per paper,
 * braced values, LaTeX specials escaped so that braces stay balanced and nothing is
 * interpreted, non-ASCII text kept as UTF-8. Identifiers and links (`doi`, `url`, `eprint`)
 * are written verbatim, as biblatex and the `url`/`doi` packages expect. Pure.
 *
 * What is written: `title` (see below; none for a paper whose source gave no title), `author`
 * and `editor` (`Family, Given and …`, organisations braced), `organization` (the paper's
 * organisation, unless it is the publisher), `year`, `month` (a macro, `jan` … `dec`), `date`
 * (biblatex, only when the day is known), the container (else the venue; `booktitle` for `inproceedings`, `incollection` and `inbook`, `journal` for
 * every other type, as pandoc and biber read them), `volume`, `number` (the issue), `pages` (`--` for ranges), `publisher` (for
 * reports `institution`, for theses `school`), `address`, `edition`, `series`, `isbn`, `issn`,
 * `note`, `titleaddon`, `langid` (a babel language name such as `german`), `doi`, `url`, `eprint` + `archivePrefix = {arXiv}`, `abstract`, `keywords` (the
 * tags). The number of authors alone ("13 authors"), upvotes and PDF links are not written.
 *
 * Titles keep their case as the source meant it. A title read from BibTeX is written as the
 * source wrote it (`titleLatex`: `{BERT}`, `\emph{…}`), or escaped without extra braces when
 * the source had no LaTeX in it. A title from any other source (CSL-JSON, RIS, Hugging Face)
 * is not meant to be re-cased, so every word with a capital (other than a capitalised first
 * word) is protected: `Attention {Is} {All} {You} {Need}`, as pandoc does.
 *
 * Keys are written verbatim (`DBLP:journals/corr/abs-1104-5069`, `O'Hara_1999`, `9.8:1`).
 * BibTeX ends a key at whitespace, `,` or the entry's closing brace, so a key holding
 * whitespace, a comma or a brace (possible only in a CSL-JSON id) cannot be written: those
 * characters alone become `_`. Note that pandoc's reader rejects keys with `%#"~\^|<{}`; BibTeX
 * and biber accept them.
 */
import type { Paper } from '../model';
import { urlOrArxiv } from '../links';
import { splitName } from '../cite/reference';
import { latexToUnicode } from '../sources/latex';
import { parseBibtexNames } from '../sources/names';
import { collapseWhitespace } from '../text';

/** Entry types by (lower-cased) source type: BibTeX/biblatex, CSL and RIS names. */
const TYPES: Readonly<Record<string, string>> = {
  // BibTeX
  article: 'article', book: 'book', booklet: 'booklet', inbook: 'inbook', incollection: 'incollection',
  inproceedings: 'inproceedings', conference: 'inproceedings', manual: 'manual', mastersthesis: 'mastersthesis',
  misc: 'misc', phdthesis: 'phdthesis', proceedings: 'proceedings', techreport: 'techreport', unpublished: 'unpublished',
  // biblatex
  online: 'misc', electronic: 'misc', www: 'misc', report: 'techreport', thesis: 'phdthesis', collection: 'book',
  mvbook: 'book', mvcollection: 'book', mvproceedings: 'proceedings', bookinbook: 'inbook', suppbook: 'inbook',
  suppcollection: 'incollection', inreference: 'incollection', reference: 'book', periodical: 'misc',
  software: 'misc', dataset: 'misc', patent: 'misc', preprint: 'misc',
  // CSL
  'article-journal': 'article', 'article-magazine': 'article', 'article-newspaper': 'article',
  'paper-conference': 'inproceedings', chapter: 'incollection', 'entry-encyclopedia': 'incollection',
  'entry-dictionary': 'incollection', entry: 'incollection', manuscript: 'unpublished', webpage: 'misc',
  'post-weblog': 'misc', post: 'misc', document: 'misc', standard: 'techreport', speech: 'misc',
  // RIS
  jour: 'article', ejour: 'article', mgzn: 'article', news: 'article', jfull: 'article', conf: 'inproceedings',
  cpaper: 'inproceedings', chap: 'incollection', echap: 'incollection', ebook: 'book', edbook: 'book',
  thes: 'phdthesis', rprt: 'techreport', unpb: 'unpublished', gen: 'misc', elec: 'misc', web: 'misc',
  data: 'misc', comp: 'misc', pat: 'misc', stand: 'techreport',
};

/** Types with no natural field for a venue: an entry with a venue becomes an `@article` (journal). */
const NO_VENUE_FIELD = new Set(['misc', 'unpublished', 'booklet', 'manual']);

/** Types whose container is a book (`booktitle`); every other type's container is a `journal`, as BibTeX, biber and pandoc read it. */
const IN_BOOK = new Set(['inproceedings', 'incollection', 'inbook']);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The BibTeX entry type for a paper. `article` from a CSL source is a preprint (`@misc`); a
 * paper with a venue whose type has no venue field becomes an `@article` with a `journal`.
 */
export function bibtexType(p: Paper): string {
  const type = p.type?.toLowerCase();
  const mapped = type === 'article' && p.sources[0]?.format === 'csl-json' ? 'misc' : type ? TYPES[type] : undefined;
  const entryType = mapped ?? 'misc';
  return (p.container ?? p.venue) && NO_VENUE_FIELD.has(entryType) ? 'article' : entryType;
}

/**
 * Escapes plain text for a braced BibTeX value: `\ { } & % $ # _ ~ ^` and the backtick become
 * LaTeX commands or escapes whose braces balance (BibTeX counts every brace, escaped or not);
 * `--` and `''` are split so they do not become dashes and quotes; an `@` that would start a
 * line is shielded. Everything else (including non-ASCII) is kept.
 */
export function escapeLatex(text: string): string {
  let out = '';
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const atLineStart = lineStart;
    lineStart = c === '\n' || c === '\r' || (lineStart && (c === ' ' || c === '\t'));
    switch (c) {
      case '\\':
        out += '\\textbackslash{}';
        break;
      case '{':
        out += '\\textbraceleft{}';
        break;
      case '}':
        out += '\\textbraceright{}';
        break;
      case '&':
      case '%':
      case '$':
      case '#':
      case '_':
        out += `\\${c}`;
        break;
      case '~':
        out += '\\textasciitilde{}';
        break;
      case '^':
        out += '\\textasciicircum{}';
        break;
      case '`':
        out += '\\textasciigrave{}';
        break;
      case '-':
      case "'":
        out += text.charAt(i + 1) === c ? `${c}{}` : c;
        break;
      case '@':
        out += atLineStart ? '{}@' : '@';
        break;
      default:
        out += c;
    }
  }
  return out;
}

/**
 * Plain text whose capitals are meant as written, for a field BibTeX styles re-case: every word
 * with a capital is braced, except a first word capitalised only at its start.
 */
export function protectCapitals(text: string, atStart = true): string {
  const words = text.split(' ');
  return words
    .map((word, i) => {
      const escaped = escapeLatex(word);
      const first = i === 0 && atStart;
      // Capitals anywhere; a lower-case word first or after a colon (styles capitalise those: `{deepchem/deepchem}`, `NegBio: {a} tool`).
      const keep = /\p{Lu}/u.test(first ? word.slice(1) : word) || ((first || (i > 0 && /:$/.test(words[i - 1] ?? ''))) && /^\p{Ll}/u.test(word));
      return keep ? `{${escaped}}` : escaped;
    })
    .join(' ');
}

/** The source's LaTeX for a text field, when it still reads as the field's value. */
function sourceLatex(latex: string | undefined, value: string): string | undefined {
  return latex !== undefined && balanced(latex) && collapseWhitespace(latexToUnicode(latex)) === value ? collapseWhitespace(latex) : undefined;
}

/** The source's LaTeX for a name list, when it still reads as the names. */
function sourceNames(latex: string | undefined, names: readonly string[]): string | undefined {
  if (latex === undefined || !balanced(latex)) {
    return undefined;
  }
  const read = parseBibtexNames(latex);
  return read.length === names.length && read.every((n, i) => n === names[i]) ? collapseWhitespace(latex) : undefined;
}

/** Text a BibTeX style may re-case (title, book title): as the source wrote it, else escaped (see the module docs). */
function casedText(p: Paper, latex: string | undefined, value: string): string {
  const text = collapseWhitespace(value);
  return sourceLatex(latex, text) ?? (p.sources[0]?.format === 'bibtex' ? escapeLatex(text) : protectCapitals(text));
}

/** The `title` value (see the module docs). */
export function bibtexTitle(p: Paper): string {
  return casedText(p, p.latex?.title, p.title);
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    depth += c === '{' ? 1 : c === '}' ? -1 : 0;
    if (depth < 0) {
      return false;
    }
  }
  return depth === 0;
}

/** Verbatim fields (URL, DOI, eprint): written as they are, with whitespace, braces and backslashes percent-encoded. */
function verbatim(value: string): string {
  return value.trim().replace(/[\s{}\\]/g, (c) => encodeURIComponent(c));
}

/** One name for the `author` field: `Family, Given`, `Family, Jr., Given`, or `{Organisation}`. */
function bibtexName(display: string): string {
  const parts = splitName(display);
  if ('literal' in parts) {
    return `{${escapeLatex(parts.literal)}}`;
  }
  // A bare "and" or "others" would be read as a separator or as "et al.": brace it.
  const word = (w: string): string => (/^(?:and|others)$/i.test(w) ? `{${w}}` : escapeLatex(w));
  const field = (s: string): string => s.split(' ').map(word).join(' ');
  const family = field(parts.family);
  if (parts.given === undefined) {
    return parts.suffix ? `${family}, ${field(parts.suffix)},` : family;
  }
  return parts.suffix ? `${family}, ${field(parts.suffix)}, ${field(parts.given)}` : `${family}, ${field(parts.given)}`;
}

/** The DOI field to write: as the source wrote it (see `PaperRecord.doiAsWritten`), else the DOI. */
export function writtenDoi(p: Paper): string | undefined {
  return p.doiAsWritten ?? p.doi;
}

/** The key as written: verbatim, except what BibTeX cannot read in a key (see the module docs). */
export function bibtexKey(key: string): string {
  const k = key.replace(/[\s,{}]/g, '_');
  return k === '' ? 'paper' : k;
}

function paragraphs(text: string): string {
  return text
    .split(/\n[ \t]*(?:\r?\n[ \t]*)+/)
    .map((p) => escapeLatex(p.replace(/\s+/g, ' ').trim()))
    .filter((p) => p !== '')
    .join('\n\n');
}

/** Tags joined with `, ` (or `; ` when a tag has a comma). */
export function joinTags(tags: readonly string[]): string {
  const separator = tags.some((t) => t.includes(',')) && !tags.some((t) => t.includes(';')) ? '; ' : ', ';
  return tags.join(separator);
}

function entry(p: Paper): string {
  const type = bibtexType(p);
  const fields: Array<[string, string]> = [];
  const braced = (name: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') {
      fields.push([name, `{${value}}`]);
    }
  };
  const plain = (value: string | undefined): string | undefined => (value !== undefined ? escapeLatex(collapseWhitespace(value)) : undefined);
  if (!p.untitled) {
    braced('title', bibtexTitle(p));
  }
  const names = (list: readonly string[] | undefined, latex: string | undefined): string | undefined =>
    list && list.length > 0 ? (sourceNames(latex, list) ?? list.map(bibtexName).join(' and ')) : undefined;
  braced('author', names(p.authors, p.latex?.authors));
  braced('editor', names(p.editors, p.latex?.editors));
  if (p.organization && p.organization !== p.publisher) {
    braced('organization', plain(p.organization));
  }
  const [y, m, d] = (p.date ?? '').split('-').map(Number);
  const year = p.year ?? (y !== undefined && Number.isInteger(y) && y > 0 ? y : undefined);
  braced('year', year !== undefined ? String(year) : undefined);
  const month = m !== undefined && Number.isInteger(m) ? MONTHS[m - 1] : undefined;
  if (month) {
    fields.push(['month', month]);
  }
  if (d !== undefined && Number.isInteger(d) && p.date) {
    braced('date', p.date);
  }
  const container = p.container ?? p.venue;
  if (container) {
    // Journal names are not re-cased by BibTeX styles or pandoc; book titles are.
    const latex = p.container !== undefined ? p.latex?.container : undefined;
    if (IN_BOOK.has(type)) {
      braced('booktitle', casedText(p, latex, container));
    } else {
      braced('journal', sourceLatex(latex, collapseWhitespace(container)) ?? plain(container));
    }
  }
  // List fields (publisher, address) split on " and ": a source's braces keep one name whole.
  const listText = (value: string | undefined, latex: string | undefined): string | undefined => {
    if (value === undefined) {
      return undefined;
    }
    const text = collapseWhitespace(value);
    // From BibTeX, an unbraced " and " separated a list (a braced one is in `latex`); elsewhere it is one name.
    return sourceLatex(latex, text) ?? (/\sand\s/i.test(text) && p.sources[0]?.format !== 'bibtex' ? `{${escapeLatex(text)}}` : escapeLatex(text));
  };
  braced('volume', plain(p.volume));
  braced('number', plain(p.issue));
  braced('pages', p.pages !== undefined ? plain(p.pages)?.split('–').map((part) => part.trim()).join('--') : undefined);
  braced(type === 'techreport' ? 'institution' : type === 'phdthesis' || type === 'mastersthesis' ? 'school' : 'publisher', listText(p.publisher, p.latex?.publisher));
  braced('address', listText(p.publisherPlace, p.latex?.publisherPlace));
  braced('edition', plain(p.edition));
  braced('series', p.series !== undefined ? (sourceLatex(p.latex?.series, collapseWhitespace(p.series)) ?? plain(p.series)) : undefined);
  braced('isbn', p.isbn ? verbatim(p.isbn) : undefined);
  braced('issn', p.issn ? verbatim(p.issn) : undefined);
  braced('note', plain(p.note));
  braced('titleaddon', plain(p.titleAddon));
  // biblatex and pandoc re-case English titles only: the language must travel with them.
  braced('langid', p.language !== undefined && /^[A-Za-z]+$/.test(p.language) ? p.language : undefined);
  const doi = writtenDoi(p);
  braced('doi', doi ? verbatim(doi) : undefined);
  const url = urlOrArxiv(p);
  braced('url', url ? verbatim(url) : undefined);
  if (p.arxivId) {
    braced('eprint', verbatim(p.arxivId));
    braced('archivePrefix', 'arXiv');
  }
  braced('abstract', p.abstract ? paragraphs(p.abstract) : undefined);
  braced('keywords', p.tags.length > 0 ? escapeLatex(joinTags(p.tags)) : undefined);
  const width = Math.max(...fields.map(([name]) => name.length));
  const body = fields.map(([name, value]) => `  ${name.padEnd(width)} = ${value}`).join(',\n');
  return `@${type}{${bibtexKey(p.key)},\n${body}\n}\n`;
}

/** The papers as a BibTeX file (entries separated by blank lines; empty for no papers). */
export function toBibtex(papers: readonly Paper[]): string {
  return papers.map(entry).join('\n');
}
