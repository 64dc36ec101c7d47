/**
 * CSL-JSON loader: an array of CSL items, or an object whose `items` property is that array
 * (a single item object is accepted too). Dates: `issued` with `date-parts` (numbers or strings,
 * 1 to 3 parts, ranges: the start counts, seasons 13-16/21-24: year only, BCE years: no date),
 * `raw` and `literal`. Names: `given`/`family`, particles, `suffix`, `literal`.
 * Never throws; problems carry the line where the item starts.
 */
import type { PaperRecord, ParseResult, Problem } from '../model';
import { problem } from '../model';
import { LineIndex, collapseWhitespace, normalizeArxivId, stripBom } from '../text';
import { addTags, arxivFromDoi, arxivFromText, compactRecord, doiOf, firstUrl, fromParts, isArxivId, isPdfLink, parseIsoDate, splitKeywords, unwrapText, yearIn } from './fields';
import type { DateInfo } from './fields';
import { parseJsonReporting, recordElementOffsets } from './json-positions';
import { formatCslName } from './names';

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
  return text.replace(MARKUP, '').replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos|nbsp));/gi, (m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
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
  const lines = new LineIndex(body);
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
      problems.push(problem(path, line, `Item ${i + 1} could not be read: ${String(error)}`));
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
  if (title === '') {
    problems.push(problem(path, line, `Item ${index + 1}${id ? ` (\`${id}\`)` : ''} has no title; skipped`, 'warning'));
    return undefined;
  }
  // The `id` is the key pandoc and citeproc resolve; a differing `citation-key` answers too.
  const sourceKey = id ?? citationKey;
  const otherKeys = citationKey !== undefined && citationKey !== sourceKey ? [citationKey] : [];
  const record: PaperRecord = {
    title,
    authors: [],
    tags: [],
    sources: [sourceKey === undefined ? { path, line, format: 'csl-json' } : otherKeys.length > 0 ? { path, line, format: 'csl-json', key: sourceKey, otherKeys } : { path, line, format: 'csl-json', key: sourceKey }],
  };
  if (sourceKey !== undefined) {
    record.key = sourceKey;
  }
  if (Array.isArray(item.author)) {
    for (const a of item.author) {
      const name = formatCslName(a);
      if (name !== undefined) {
        record.authors.push(name);
      }
    }
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
  record.doi = doiOf(str(item.DOI) ?? str(item.doi)) ?? doiOf(url);
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
  const venue = str(item['container-title']) ?? str(item['event-title']) ?? (typeof item.event === 'string' ? str(item.event) : undefined);
  record.venue = venue ? collapseWhitespace(plain(venue)) : undefined;
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
