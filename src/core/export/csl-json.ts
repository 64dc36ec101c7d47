/**
 * CSL-JSON export: the papers as an array of CSL items (pretty-printed), as citeproc, pandoc
 * and Zotero read them. Pure.
 *
 * Per item: `id` and `citation-key` (the paper's key, verbatim), `type` (a CSL type), `title`
 * (none for a paper whose source gave no title), `author` and `editor` (`{family, given,
 * suffix}` or `{literal}` for organisations), `issued` (`date-parts`, as precise as known),
 * `container-title` (the container, else the venue), `volume`, `issue`, `page`, `publisher`
 * (else the organisation, for papers with no author names), `publisher-place`, `edition`,
 * `collection-title` (the series), `ISBN`, `ISSN`, `note`, `language`, `DOI`, `URL` (the paper's URL, else
 * its arXiv page), `archive: "arXiv"` + `number` (the arXiv id), `abstract`, `keyword` (tags,
 * comma-separated).
 * Titles, venues and abstracts are CSL rich text: only text that a CSL reader would take for
 * markup (`<i>`, `&amp;`) is escaped.
 */
import type { Paper, SourceFormat } from '../model';
import { urlOrArxiv } from '../links';
import { splitName } from '../cite/reference';
import { joinTags, writtenDoi } from './bibtex';

const CSL_TYPES = new Set(
  ('article article-journal article-magazine article-newspaper bill book broadcast chapter classic collection dataset ' +
    'document entry entry-dictionary entry-encyclopedia event figure graphic hearing interview legal_case legislation ' +
    'manuscript map motion_picture musical_score pamphlet paper-conference patent performance periodical ' +
    'personal_communication post post-weblog regulation report review review-book software song speech standard ' +
    'thesis treaty webpage').split(' '),
);

/** BibTeX / biblatex entry types to CSL types. */
const FROM_BIBTEX: Readonly<Record<string, string>> = {
  article: 'article-journal', book: 'book', mvbook: 'book', booklet: 'pamphlet', inbook: 'chapter', bookinbook: 'chapter',
  suppbook: 'chapter', incollection: 'chapter', suppcollection: 'chapter', inreference: 'entry-encyclopedia',
  inproceedings: 'paper-conference', conference: 'paper-conference', proceedings: 'book', mvproceedings: 'book',
  collection: 'book', mvcollection: 'book', reference: 'book', manual: 'report', mastersthesis: 'thesis', phdthesis: 'thesis',
  thesis: 'thesis', techreport: 'report', report: 'report', unpublished: 'manuscript', online: 'webpage', www: 'webpage',
  electronic: 'webpage', periodical: 'periodical', patent: 'patent', software: 'software', dataset: 'dataset',
  misc: 'document', preprint: 'article',
};

/** RIS `TY` codes to CSL types. */
const FROM_RIS: Readonly<Record<string, string>> = {
  jour: 'article-journal', ejour: 'article-journal', jfull: 'article-journal', mgzn: 'article-magazine',
  news: 'article-newspaper', conf: 'paper-conference', cpaper: 'paper-conference', book: 'book', ebook: 'book',
  edbook: 'book', chap: 'chapter', echap: 'chapter', thes: 'thesis', rprt: 'report', unpb: 'manuscript',
  elec: 'webpage', web: 'webpage', gen: 'document', data: 'dataset', comp: 'software', pat: 'patent', stand: 'standard',
};

/**
 * The CSL type of a paper. A type name is read in the vocabulary of the format that gave it
 * (`article` is a journal article in BibTeX, a preprint in CSL); untyped or unknown papers
 * with an arXiv id and no venue are preprints (`article`), others `document`.
 */
export function cslType(p: Paper): string {
  const type = p.type?.toLowerCase();
  const format: SourceFormat | undefined = p.sources[0]?.format;
  const mapped =
    type === undefined
      ? undefined
      : format === 'bibtex'
        ? (FROM_BIBTEX[type] ?? (CSL_TYPES.has(type) ? type : FROM_RIS[type]))
        : format === 'ris'
          ? (FROM_RIS[type] ?? (CSL_TYPES.has(type) ? type : FROM_BIBTEX[type]))
          : CSL_TYPES.has(type)
            ? type
            : (FROM_BIBTEX[type] ?? FROM_RIS[type]);
  if (mapped === 'document' || mapped === undefined) {
    return p.arxivId && !p.venue ? 'article' : p.venue ? 'article-journal' : 'document';
  }
  return mapped;
}

const MARKUP = /^<\/?(?:i|b|em|strong|sup|sub|sc|span|p|br|div|italic|bold|u|jats:[\w-]+|mml:[\w-]+)(?:\s[^<>]*)?\/?>/i;
const ENTITY = /^&(?:#\d+|#x[0-9a-f]+|[a-z]+);/i;

/** Escapes the `<` and `&` of plain text that would otherwise read as CSL markup or entities. */
export function escapeCslText(text: string): string {
  return text.replace(/[<&]/g, (c, offset: number) => {
    const rest = text.slice(offset, offset + 200);
    return c === '<' ? (MARKUP.test(rest) ? '&lt;' : c) : ENTITY.test(rest) ? '&amp;' : c;
  });
}

type CslName = { literal: string } | { family: string; given?: string; suffix?: string };

function cslName(display: string): CslName {
  const parts = splitName(display);
  if ('literal' in parts) {
    return { literal: parts.literal };
  }
  return { family: parts.family, ...(parts.given ? { given: parts.given } : {}), ...(parts.suffix ? { suffix: parts.suffix } : {}) };
}

function dateParts(p: Paper): number[] | undefined {
  const parts = (p.date ?? '')
    .split('-')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  if (parts.length > 0 && (p.year === undefined || parts[0] === p.year)) {
    return parts.slice(0, 3);
  }
  return p.year !== undefined ? [p.year] : undefined;
}

function item(p: Paper): Record<string, unknown> {
  const out: Record<string, unknown> = { id: p.key, 'citation-key': p.key, type: cslType(p) };
  if (!p.untitled) {
    out.title = escapeCslText(p.title);
  }
  if (p.authors.length > 0) {
    out.author = p.authors.map(cslName);
  }
  if (p.editors && p.editors.length > 0) {
    out.editor = p.editors.map(cslName);
  }
  const parts = dateParts(p);
  if (parts) {
    out.issued = { 'date-parts': [parts] };
  }
  const container = p.container ?? p.venue;
  if (container) {
    out['container-title'] = escapeCslText(container);
  }
  const text = (field: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') {
      out[field] = escapeCslText(value);
    }
  };
  text('volume', p.volume);
  text('issue', p.issue);
  text('page', p.pages);
  const publisher = p.publisher ?? (p.authors.length === 0 ? p.organization : undefined);
  if (publisher) {
    out.publisher = escapeCslText(publisher);
  }
  text('publisher-place', p.publisherPlace);
  text('edition', p.edition);
  text('collection-title', p.series);
  if (p.isbn) {
    out.ISBN = p.isbn;
  }
  if (p.issn) {
    out.ISSN = p.issn;
  }
  text('note', p.note);
  if (p.language) {
    out.language = p.language;
  }
  const doi = writtenDoi(p);
  if (doi) {
    out.DOI = doi;
  }
  const url = urlOrArxiv(p);
  if (url) {
    out.URL = url;
  }
  if (p.arxivId) {
    out.archive = 'arXiv';
    out.number = p.arxivId;
  }
  if (p.abstract) {
    out.abstract = escapeCslText(p.abstract);
  }
  if (p.tags.length > 0) {
    out.keyword = joinTags(p.tags);
  }
  return out;
}

/** The papers as a pretty-printed CSL-JSON array. */
export function toCslJson(papers: readonly Paper[]): string {
  return `${JSON.stringify(papers.map(item), null, 2)}\n`;
}
