/**
 * BibTeX export. Writes classic BibTeX that biblatex/biber read as well: one entry per paper,
 * braced values, LaTeX specials escaped so that braces stay balanced and nothing is
 * interpreted, non-ASCII text kept as UTF-8. Identifiers and links (`doi`, `url`, `eprint`)
 * are written verbatim, as biblatex and the `url`/`doi` packages expect. Pure.
 *
 * What is written: `title` (inner capitals protected by braces), `author` (`Family, Given and
 * …`, organisations braced), `organization` (the paper's organisation), `year`,
 * `month` (a macro, `jan` … `dec`), `date` (biblatex, only when the day is known), `journal` or
 * `booktitle` (the venue), `doi`, `url`, `eprint` + `archivePrefix = {arXiv}`, `abstract`,
 * `keywords` (the tags). The number of authors alone ("13 authors"), upvotes and PDF links
 * are not written.
 */
import type { Paper } from '../model';
import { splitName } from '../cite/reference';

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

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The BibTeX entry type for a paper. `article` from a CSL source is a preprint (`@misc`); a
 * paper with a venue whose type has no venue field becomes an `@article` with a `journal`.
 */
export function bibtexType(p: Paper): string {
  const type = p.type?.toLowerCase();
  const mapped = type === 'article' && p.sources[0]?.format === 'csl-json' ? 'misc' : type ? TYPES[type] : undefined;
  const entryType = mapped ?? 'misc';
  return p.venue && NO_VENUE_FIELD.has(entryType) ? 'article' : entryType;
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

/** A title: escaped, with words that have capitals after their first letter (`BERT`, `ImageNet`) protected from case changes. */
/** `/\p{L}[^\s]*\p{Lu}/u.test(word)` in linear time: in some space-free part, a capital after a letter. */
function hasInnerCapital(word: string): boolean {
  for (const part of word.split(/\s+/)) {
    const first = part.search(/\p{L}/u);
    if (first >= 0 && /\p{Lu}/u.test(part.slice(first + ((part.codePointAt(first) ?? 0) > 0xffff ? 2 : 1)))) {
      return true;
    }
  }
  return false;
}

function escapeTitle(title: string): string {
  return title
    .split(' ')
    .map((word) => {
      const escaped = escapeLatex(word);
      return hasInnerCapital(word) ? `{${escaped}}` : escaped;
    })
    .join(' ');
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

/** A valid BibTeX key: characters BibTeX does not allow in keys are replaced with `_`. */
function bibtexKey(key: string): string {
  const k = key.replace(/[\s"#%'(),={}@\\~]/g, '_');
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
  braced('title', escapeTitle(p.title.replace(/\s+/g, ' ').trim()));
  braced('author', p.authors.length > 0 ? p.authors.map(bibtexName).join(' and ') : undefined);
  if (p.organization) {
    braced('organization', escapeLatex(p.organization.replace(/\s+/g, ' ').trim()));
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
  if (p.venue) {
    braced(type === 'article' ? 'journal' : 'booktitle', escapeLatex(p.venue.replace(/\s+/g, ' ').trim()));
  }
  braced('doi', p.doi ? verbatim(p.doi) : undefined);
  const url = p.url ?? (p.arxivId ? `https://arxiv.org/abs/${p.arxivId}` : undefined);
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
