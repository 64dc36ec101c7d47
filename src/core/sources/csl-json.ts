/**
 * CSL-JSON loader: an array of CSL items, or an object whose `items` property is that array
 * (a single item object is accepted too). Dates: `issued` with `date-parts` (numbers or strings,
 * 1 to 3 parts, ranges: the start counts, seasons 13-16/21-24: year only, BCE years: no date),
 * `raw` and `literal`. Names: `given`/`family`, particles, `suffix`, `literal`.
 * Never throws; problems carry the line where the item starts.
 */
import type { PaperRecord, ParseResult, Problem, SourceLatex } from '../model';
import { problem } from '../model';
import { ForwardLines, collapseWhitespace, normalizeArxivId, stripBom } from '../text';
import { addTags, arxivFromDoi, arxivFromText, compactRecord, doiAsWritten, doiCapitalsIn, doiOf, firstUrl, fromParts, isArxivId, isPdfLink, parseIsoDate, splitKeywords, untitledLabel, unwrapText, yearIn } from './fields';
import type { DateInfo } from './fields';
import { parseJsonReporting, recordElementOffsets } from './json-positions';
import { escapeLatex, protectCapitals } from '../export/bibtex';
import { latexToUnicode } from './latex';
import { formatCslName, parseBibtexNames } from './names';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Keys only CSL items use; Hugging Face paper JSON has none of them. */
const CSL_KEYS = /"(issued|container-title|citation-key|date-parts|non-dropping-particle|collection-title|title-short|publisher-place)"\s*:/;

/** Content-based detection: JSON (array or `{items: […]}`) whose first KB carry CSL item keys. */
export function looksLikeCslJson(text: string): boolean {
  const head = stripBom(text).slice(0, 16384).trimStart();
  if (!head.startsWith('[') && !head.startsWith('{')) {
    return false;
  }
  if (/"(paper|upvotes|numComments|discussionId)"\s*:/.test(head)) {
    return false; // Hugging Face papers JSON
  }
  if (CSL_KEYS.test(head)) {
    return true;
  }
  // A minimal item: `{"id": …, "type": "…", "title": …}` (CSL requires id and type).
  return /"id"\s*:/.test(head) && /"type"\s*:\s*"[a-z-]+"/.test(head) && /"(title|author|URL|DOI)"\s*:/.test(head);
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string value (numbers are accepted and stringified); undefined when empty. */
function str(v: Json | undefined): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) {
    return String(v);
  }
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  if (Array.isArray(v)) {
    return str(v.find((x) => typeof x === 'string' && x.trim() !== '')); // Crossref-style arrays
  }
  return undefined;
}

const MARKUP = /<\/?(?:i|b|em|strong|sup|sub|sc|span|p|br|div|italic|bold|u|jats:[\w-]+|mml:[\w-]+)(?:\s[^<>]*)?\/?>/gi;

/** CSL rich text (`<i>`, `<sup>`, `<span class="nocase">`, JATS tags) to plain text. */
function plain(text: string): string {
  // Native searches first: most text has no tag and no entity, and the two regexes cost 5% of a load.
  const untagged = text.includes('<') ? text.replace(MARKUP, '') : text;
  if (!untagged.includes('&')) {
    return untagged;
  }
  return untagged.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos|nbsp));/gi, (m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec) {
      return safeCodePoint(Number(dec), m);
    }
    if (hex) {
      return safeCodePoint(parseInt(hex, 16), m);
    }
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[(name ?? '').toLowerCase()] ?? m;
  });
}

function safeCodePoint(n: number, fallback: string): string {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : fallback;
}

/** Offset of the `[` of the record array: the top-level array, or the `items` array of an object. */
function itemsArrayOffset(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const end = skipString(text, i);
      if (depth === 1 && text.slice(i, end + 1) === '"items"') {
        const m = /^\s*:\s*\[/.exec(text.slice(end + 1, end + 200));
        if (m) {
          return end + m[0].length;
        }
      }
      i = end;
    } else if (c === 91 /* [ */ && depth === 0) {
      return i;
    } else if (c === 123 || c === 91) {
      depth++;
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
  return -1;
}

function skipString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) {
      i++;
    } else if (c === 34) {
      return i;
    }
  }
  return text.length;
}

export function parseCslJson(text: string, path: string): ParseResult {
  const body = stripBom(text);
  const problems: Problem[] = [];
  if (body.trim() === '') {
    return { records: [], problems };
  }
  const lines = new ForwardLines(body); // records are asked for in file order
  const parsed = parseJsonReporting<Json>(body, path, lines);
  if ('problem' in parsed) {
    return { records: [], problems: [parsed.problem] };
  }
  const data = parsed.data;
  let items: Json[];
  let offsets: number[];
  if (Array.isArray(data)) {
    items = data;
    offsets = recordElementOffsets(body);
  } else if (isObject(data) && Array.isArray(data.items)) {
    items = data.items;
    const start = itemsArrayOffset(body);
    offsets = start < 0 ? [] : recordElementOffsets(body.slice(start)).map((o) => o + start);
  } else if (isObject(data) && (data.title !== undefined || data.type !== undefined)) {
    items = [data];
    offsets = [body.search(/\S/)];
  } else {
    return { records: [], problems: [problem(path, 1, 'Not CSL-JSON: expected an array of items or an object with an `items` array')] };
  }
  const records: PaperRecord[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const line = lines.lineOf(offsets[i] ?? 0);
    try {
      const record = toRecord(item, i, path, line, problems);
      if (!record) {
        return;
      }
      const id = record.sources[0]?.key;
      if (id !== undefined) {
        const first = seen.get(id);
        if (first !== undefined) {
          problems.push(problem(path, line, `Duplicate id \`${id}\` (first at line ${first}); both items are kept`, 'warning'));
        } else {
          seen.set(id, line);
        }
      }
      records.push(record);
    } catch (error) {
      const id = isObject(item) ? (str(item['citation-key']) ?? str(item.id)) : undefined;
      problems.push(problem(path, line, `Item ${i + 1}${id !== undefined ? ` (\`${id}\`)` : ''} could not be read; skipped: ${String(error)}`));
    }
  });
  return { records, problems };
}

function toRecord(item: Json, index: number, path: string, line: number, problems: Problem[]): PaperRecord | undefined {
  if (!isObject(item)) {
    const kind = item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item;
    problems.push(problem(path, line, `Item ${index + 1} is not a CSL item object (found ${kind}); skipped`));
    return undefined;
  }
  const titleText = str(item.title);
  const title = titleText ? collapseWhitespace(plain(titleText)) : '';
  const id = str(item.id);
  const citationKey = str(item['citation-key']) ?? str(item.citationKey) ?? str(item['citation-label']);
  const containerText = str(item['container-title']);
  const container = containerText ? collapseWhitespace(plain(containerText)) : undefined;
  if (title === '' && id === undefined && citationKey === undefined && !Object.entries(item).some(([k, v]) => k !== 'type' && str(v) !== undefined)) {
    problems.push(problem(path, line, `Item ${index + 1} has no title, no id and no other field; skipped`));
    return undefined;
  }
  // The `id` is the key pandoc and citeproc resolve; a differing `citation-key` answers too.
  const sourceKey = id ?? citationKey;
  const otherKeys = citationKey !== undefined && citationKey !== sourceKey ? [citationKey] : [];
  const record: PaperRecord = {
    title,
    authors: cslNames(item.author),
    tags: [],
    sources: [sourceKey === undefined ? { path, line, format: 'csl-json' } : otherKeys.length > 0 ? { path, line, format: 'csl-json', key: sourceKey, otherKeys } : { path, line, format: 'csl-json', key: sourceKey }],
  };
  if (sourceKey !== undefined) {
    record.key = sourceKey;
  }
  if (title === '') {
    // Citable without a title: shown by its key, else its container.
    record.untitled = true;
    record.title = untitledLabel(sourceKey, container, record.authors, cslDate(item.issued).year);
    if (sourceKey === undefined) {
      problems.push(problem(path, line, `Item ${index + 1} has no title and no id; loaded as “${record.title}”`, 'warning'));
    }
  }
  const editors = cslNames(item.editor);
  if (editors.length > 0) {
    record.editors = editors;
  }
  // Names the BibTeX export could not rebuild from display names (organisations, "Ibn Nidal").
  const latex: SourceLatex = {};
  const titleLatex = titleText && !record.untitled ? cslTitleLatex(titleText, title) : undefined;
  if (titleLatex !== undefined) {
    latex.title = titleLatex;
  }
  const authorsLatex = namesLatex(item.author, record.authors);
  if (authorsLatex !== undefined) {
    latex.authors = authorsLatex;
  }
  const editorsLatex = namesLatex(item.editor, editors);
  if (editorsLatex !== undefined) {
    latex.editors = editorsLatex;
  }
  if (Object.keys(latex).length > 0) {
    record.latex = latex;
  }
  const abstract = str(item.abstract);
  if (abstract) {
    record.abstract = unwrapText(plain(abstract));
  }
  const date = cslDate(item.issued);
  record.date = date.date;
  record.year = date.year;
  const url = str(item.URL) ?? str(item.url);
  record.url = url ? (firstUrl(url) ?? url) : undefined;
  const doiField = str(item.DOI) ?? str(item.doi);
  record.doi = doiOf(doiField) ?? doiOf(url);
  record.doiAsWritten = doiField !== undefined ? doiAsWritten(doiField, record.doi) : doiCapitalsIn(url, record.doi);
  const number = str(item.number);
  const onArxiv = [item['container-title'], item.publisher, item.archive, item.source].some((v) => /^arxiv/i.test(str(v) ?? ''));
  record.arxivId =
    arxivFromDoi(record.doi) ??
    arxivFromText(url) ??
    (number && onArxiv && isArxivId(number) ? normalizeArxivId(number) : undefined) ??
    arxivFromText(number) ??
    arxivFromText(str(item.note)) ??
    arxivFromText(str(item.archive_location));
  record.pdfUrl = pdfLink(item.link) ?? (url && isPdfLink(url) ? url : undefined);
  const venue = containerText ?? str(item['event-title']) ?? (typeof item.event === 'string' ? str(item.event) : undefined);
  record.venue = venue ? collapseWhitespace(plain(venue)) : undefined;
  record.container = container;
  record.volume = text(item.volume);
  record.issue = text(item.issue);
  record.pages = text(item.page);
  record.publisher = text(item.publisher);
  record.publisherPlace = text(item['publisher-place']);
  record.edition = text(item.edition);
  record.series = text(item['collection-title']);
  record.isbn = str(item.ISBN);
  record.issn = str(item.ISSN);
  record.note = text(item.note);
  record.language = str(item.language);
  record.type = str(item.type);
  if (record.authors.length === 0 && str(item.publisher)) {
    record.organization = collapseWhitespace(plain(str(item.publisher) ?? '')); // author-less items: the issuing organisation
  }
  for (const field of [item.keyword, item.keywords]) {
    if (typeof field === 'string') {
      addTags(record.tags, splitKeywords(field));
    } else if (Array.isArray(field)) {
      addTags(record.tags, field.map((k) => str(k)).filter((k): k is string => k !== undefined).map(collapseWhitespace));
    }
  }
  return compactRecord(record);
}

/**
 * A CSL name list as a BibTeX name list, when it has names that display names lose: literal
 * names (`{Yoshua Bengio}` stays one name), family names of several words or with particles.
 * Undefined when plain names suffice, or when BibTeX would not read the list back as `display`.
 */
function namesLatex(list: Json | undefined, display: readonly string[]): string | undefined {
  if (!Array.isArray(list) || !list.some((n) => isObject(n) && (str(n.literal) !== undefined || /\s/.test(str(n.family) ?? '') || str(n['dropping-particle']) !== undefined || str(n['non-dropping-particle']) !== undefined))) {
    return undefined;
  }
  const names: string[] = [];
  for (const n of list) {
    if (!isObject(n)) {
      continue;
    }
    const literal = str(n.literal);
    const family = str(n.family);
    const given = str(n.given);
    if (literal !== undefined && family === undefined && given === undefined) {
      names.push(`{${escapeLatex(collapseWhitespace(literal))}}`);
      continue;
    }
    if (family === undefined) {
      return undefined;
    }
    const von = [str(n['dropping-particle']), str(n['non-dropping-particle'])].filter((x): x is string => x !== undefined).map(escapeLatex);
    const fam = /\s/.test(family.trim()) ? `{${escapeLatex(collapseWhitespace(family))}}` : escapeLatex(family.trim());
    const suffix = str(n.suffix);
    names.push([[...von, fam].join(' '), ...(suffix !== undefined ? [escapeLatex(suffix)] : []), ...(given !== undefined ? [escapeLatex(collapseWhitespace(given))] : [])].join(', '));
  }
  const latex = names.join(' and ');
  const back = parseBibtexNames(latex);
  return back.length === display.length && back.every((b, i) => b === display[i]) ? latex : undefined;
}

const TITLE_TAG = /<(\/?)(i|b|em|strong|sup|sub|sc|span)(\s[^<>]*)?>/gi;

/**
 * A CSL rich-text title as LaTeX, when it has markup: `<span class="nocase">` becomes braces,
 * `<i>`/`<em>` `\textit`, `<b>`/`<strong>` `\textbf`, `<sup>`/`<sub>` `\textsuperscript`/
 * `\textsubscript`, small capitals `\textsc`; words with capitals outside `nocase` are braced
 * as for any title not from BibTeX. Undefined without markup, or when the LaTeX would not
 * read back as `display`.
 */
function cslTitleLatex(raw: string, display: string): string | undefined {
  if (!/<(?:i|b|em|strong|sup|sub|sc|span)[\s>]/i.test(raw)) {
    return undefined;
  }
  let out = '';
  const closers: string[] = [];
  let nocase = 0;
  let last = 0;
  let started = false;
  const text = (t: string): void => {
    const plainText = plain(t).replace(/\s+/g, ' ');
    out += nocase > 0 ? escapeLatex(plainText) : protectCapitals(plainText, !started);
    started ||= plainText.trim() !== '';
  };
  for (const m of raw.matchAll(TITLE_TAG)) {
    text(raw.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1] === '/') {
      const closer = closers.pop();
      if (closer === '}!') {
        nocase--;
      }
      out += closer === undefined ? '' : closer.replace('!', '');
      continue;
    }
    const name = (m[2] ?? '').toLowerCase();
    const attrs = m[3] ?? '';
    const open =
      name === 'span' ? (/nocase/.test(attrs) ? '{' : /small-caps/.test(attrs) ? '\\textsc{' : '') : name === 'i' || name === 'em' ? '\\textit{' : name === 'b' || name === 'strong' ? '\\textbf{' : name === 'sup' ? '\\textsuperscript{' : name === 'sub' ? '\\textsubscript{' : '\\textsc{';
    if (open === '{') {
      nocase++;
    }
    out += open;
    closers.push(open === '{' ? '}!' : open === '' ? '' : '}');
  }
  text(raw.slice(last));
  out += closers.reverse().map((c) => c.replace('!', '')).join('');
  const latex = collapseWhitespace(out);
  return collapseWhitespace(latexToUnicode(latex)) === display ? latex : undefined;
}

/** A rich-text field as plain text; undefined when empty. */
function text(v: Json | undefined): string | undefined {
  const t = str(v);
  return t === undefined ? undefined : collapseWhitespace(t.includes('<') || t.includes('&') ? plain(t) : t) || undefined;
}

/** CSL name list (`author`, `editor`) as display names. */
function cslNames(list: Json | undefined): string[] {
  const out: string[] = [];
  if (Array.isArray(list)) {
    for (const a of list) {
      const name = formatCslName(a);
      if (name !== undefined) {
        out.push(name);
      }
    }
  }
  return out;
}

/** Crossref-style `link: [{URL, "content-type": "application/pdf"}]`. */
function pdfLink(link: Json | undefined): string | undefined {
  if (!Array.isArray(link)) {
    return undefined;
  }
  for (const l of link) {
    if (isObject(l)) {
      const url = str(l.URL);
      if (url && (/pdf/i.test(str(l['content-type']) ?? '') || isPdfLink(url))) {
        return url;
      }
    }
  }
  return undefined;
}

function toInt(v: Json | undefined): number | undefined {
  if (typeof v === 'number') {
    return Number.isInteger(v) ? v : undefined;
  }
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) {
    return Number(v);
  }
  return undefined;
}

/** The `issued` date: `date-parts` (start of a range), else `raw`, else `literal`. */
export function cslDate(issued: Json | undefined): DateInfo {
  if (typeof issued === 'string') {
    return textDate(issued);
  }
  if (!isObject(issued)) {
    return {};
  }
  const parts = issued['date-parts'];
  if (Array.isArray(parts) && Array.isArray(parts[0]) && parts[0].length > 0) {
    const [y, m, d] = parts[0];
    const year = toInt(y);
    if (year !== undefined) {
      // Negative (BCE) years give no date; seasons (13-16, 21-24) give the year only.
      return fromParts(year, toInt(m), toInt(d));
    }
  }
  const raw = str(issued.raw) ?? str(issued.literal);
  return raw ? textDate(raw) : {};
}

function textDate(text: string): DateInfo {
  const iso = parseIsoDate(text);
  if (iso.year !== undefined) {
    return iso;
  }
  const year = yearIn(text);
  return year !== undefined ? fromParts(year) : {};
}
