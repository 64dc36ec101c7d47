/**
 * RIS loader, tolerant of the dialects real tools export: BOM, CRLF / LF / CR, blank or
 * free-text lines between records (`Record #3 of 18`, `6. `), `TY  - ` and `TY - ` tag
 * separators, extra spaces after the dash, untagged continuation lines (wrapped abstracts,
 * EndNote keyword lists), a missing `ER` (the next `TY` or the end of the file closes the
 * record, with a warning).
 *
 * PubMed/MEDLINE (`.nbib`, `PMID- ` records) looks similar but is not RIS: it has no `TY`
 * tag, so `looksLikeRis` says no and `parseRis` reports one clear problem.
 * Never throws; every problem carries the line of the record (or tag) it concerns.
 */
import type { PaperRecord, ParseResult, Problem } from '../model';
import { problem } from '../model';
import { collapseWhitespace, monthNumber, normalizeArxivId, stripBom } from '../text';
import { addTags, arxivFromDoi, arxivFromText, choosePdf, compactRecord, doiAsWritten, doiCapitalsIn, doiOf, firstUrl, fromParts, isPdfLink, untitledLabel, unwrapText } from './fields';
import { formatRisName } from './names';

/** Content-based detection: a `TY  - ` line and at least one more tag line in the first KB. */
export function looksLikeRis(text: string): boolean {
  const head = stripBom(text).slice(0, 16384);
  return /^\uFEFF?TY {1,2}- {0,3}\S/m.test(head) && (head.match(/^[A-Z][A-Z0-9] {1,2}-(?: |$)/gm)?.length ?? 0) >= 2;
}

interface Tag {
  readonly tag: string;
  readonly value: string;
  readonly line: number;
  /** Untagged lines that followed (wrapped text, or one keyword per line after `KW`); `NO_LINES` until one does. */
  more: string[];
}

interface RawRecord {
  readonly line: number;
  readonly tags: Tag[];
}

/** The `more` of a tag without continuation lines: shared, never pushed to (replaced first). */
const NO_LINES: string[] = [];

/**
 * Where the value of the tag line `body[from, to)` starts (`to` when it has none), or -1 when it
 * is not a tag line. The line is `/^([A-Z][A-Z0-9]) {2}-(?: ([\s\S]*))?$/`, or with `oneSpace`
 * `/^([A-Z][A-Z0-9]) {1,2}-(?: ([\s\S]*))?$/`, read by character codes (a regex with captures
 * on each of millions of lines allocated a match and two strings per line); a property test
 * compares the two.
 */
export function tagLine(body: string, from: number, to: number, oneSpace: boolean): number {
  const c0 = body.charCodeAt(from);
  const c1 = body.charCodeAt(from + 1);
  if (to - from < 4 || c0 < 65 || c0 > 90 || !((c1 >= 65 && c1 <= 90) || (c1 >= 48 && c1 <= 57)) || body.charCodeAt(from + 2) !== 32) {
    return -1;
  }
  let dash = from + 3;
  if (body.charCodeAt(dash) === 32) {
    dash++;
  } else if (!oneSpace) {
    return -1;
  }
  if (dash >= to || body.charCodeAt(dash) !== 45) {
    return -1;
  }
  if (dash + 1 === to) {
    return to;
  }
  return body.charCodeAt(dash + 1) === 32 ? dash + 2 : -1;
}

/** Tag names, one string each (`AU` on 1.2 million lines is one string, not 1.2 million). */
const TAG_NAMES = new Map<number, string>();

function tagName(body: string, at: number): string {
  const code = body.charCodeAt(at) * 128 + body.charCodeAt(at + 1);
  let name = TAG_NAMES.get(code);
  if (name === undefined) {
    name = body.slice(at, at + 2);
    TAG_NAMES.set(code, name);
  }
  return name;
}

/** Line terminators as a multiline regex's `^` and `$` see them. */
function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/**
 * Whether a line starts with the single-space tag `TY -` (after an optional BOM), followed by a
 * space or the line's end: `/^\uFEFF?TY -(?: |$)/m`, as a native search for `TY -` (that regex
 * tried every position of a 145 MB file: 220 ms of 3.5 s).
 */
export function usesSingleSpaceTags(body: string): boolean {
  for (let i = body.indexOf('TY -'); i >= 0; i = body.indexOf('TY -', i + 1)) {
    const before = i > 0 && body.charCodeAt(i - 1) === 0xfeff ? i - 2 : i - 1;
    const after = i + 4;
    if ((before < 0 || isLineTerminator(body.charCodeAt(before))) && (after >= body.length || body.charCodeAt(after) === 32 || isLineTerminator(body.charCodeAt(after)))) {
      return true;
    }
  }
  return false;
}

export function parseRis(text: string, path: string): ParseResult {
  const body = stripBom(text);
  const problems: Problem[] = [];
  const records: PaperRecord[] = [];
  if (body.trim() === '') {
    return { records, problems };
  }
  // Dialect: the single-space form `TY - ` is accepted only when the file itself uses it, so a
  // wrapped line such as "US - based" is not mistaken for a tag in ordinary files.
  const oneSpace = usesSingleSpaceTags(body) && !/^\uFEFF?TY  -/m.test(body);
  // Lines end at LF, CRLF or a lone CR: the nearest of the next `\n` and the next `\r`, each
  // found by a native search and kept until the scan passes it (4× faster than a charCodeAt loop).
  let nextLf = -1;
  let nextCr = -1;
  const raw: RawRecord[] = [];
  let current: RawRecord | undefined;
  let stray: number | undefined;
  let lineNo = 0;
  let start = 0;
  const finishMissingEr = (r: RawRecord, why: string): void => {
    problems.push(problem(path, r.line, `RIS record has no \`ER  -\` end tag (${why}); loaded anyway`, 'warning'));
  };
  while (start <= body.length) {
    // Manual line split (CRLF, LF, lone CR) keeps memory flat on big files.
    if (nextLf < start) {
      nextLf = body.indexOf('\n', start);
      nextLf = nextLf < 0 ? body.length : nextLf;
    }
    if (nextCr < start) {
      nextCr = body.indexOf('\r', start);
      nextCr = nextCr < 0 ? body.length : nextCr;
    }
    const end = Math.min(nextLf, nextCr);
    lineNo++;
    // The line is body[from, to): trailing spaces and tabs dropped, then a leading BOM. Read in
    // place: a slice is made only for a value or an untagged line (4.3 million lines at 100k).
    let to = end;
    while (to > start && (body.charCodeAt(to - 1) === 32 || body.charCodeAt(to - 1) === 9)) {
      to--;
    }
    const from = to > start && body.charCodeAt(start) === 0xfeff ? start + 1 : start;
    start = end + (body.charCodeAt(end) === 13 && body.charCodeAt(end + 1) === 10 ? 2 : 1);
    const valueAt = tagLine(body, from, to, oneSpace);
    if (valueAt >= 0) {
      const tag = tagName(body, from);
      const value = valueAt < to ? body.slice(valueAt, to).trim() : '';
      if (tag === 'TY') {
        if (current) {
          finishMissingEr(current, `a new record starts at line ${lineNo}`);
        }
        current = { line: lineNo, tags: [{ tag, value, line: lineNo, more: NO_LINES }] };
        raw.push(current);
        stray = undefined;
      } else if (tag === 'ER') {
        if (!current) {
          problems.push(problem(path, lineNo, '`ER` end tag without a record (no `TY` line before it)', 'warning'));
        }
        current = undefined;
      } else if (current) {
        current.tags.push({ tag, value, line: lineNo, more: NO_LINES });
      } else if (stray === undefined) {
        stray = lineNo;
        problems.push(problem(path, lineNo, `Tag \`${tag}\` outside a record (missing \`TY  -\` line?); ignored up to the next \`TY\``, 'warning'));
      }
    } else if (current && from < to) {
      const text = body.slice(from, to).trim();
      const last = current.tags[current.tags.length - 1];
      if (text !== '' && last) {
        if (last.more === NO_LINES) {
          last.more = [];
        }
        last.more.push(text);
      }
    }
  }
  if (current) {
    finishMissingEr(current, 'end of file reached; truncated?');
  }
  if (raw.length === 0) {
    const medline = /^PMID- ?\d/m.test(body);
    problems.length = 0; // stray-tag warnings say nothing more than the one problem below
    problems.push(
      problem(
        path,
        1,
        medline
          ? 'Not RIS: this is PubMed/MEDLINE (nbib) format (`PMID- ` records, no `TY  - ` tags); export the references as RIS instead'
          : 'No RIS records found (no `TY  - ` line)',
      ),
    );
    return { records, problems };
  }
  for (const r of raw) {
    try {
      const record = toRecord(r, path, problems);
      if (record) {
        records.push(record);
      }
    } catch (error) {
      const id = r.tags.find((t) => t.tag === 'ID')?.value;
      problems.push(problem(path, r.line, `RIS record${id ? ` \`${id}\`` : ''} could not be read; skipped: ${String(error)}`));
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { records, problems };
}

/** All values of some tags in file order; continuation lines joined to their value with a space. */
function values(r: RawRecord, ...tags: string[]): string[] {
  const out: string[] = [];
  for (const t of r.tags) {
    if (tags.includes(t.tag)) {
      const v = joined(t);
      if (v !== '') {
        out.push(v);
      }
    }
  }
  return out;
}

/** A tag's value with its continuation lines, one space apart. */
function joined(t: Tag): string {
  return collapseWhitespace(t.more.length === 0 ? t.value : [t.value, ...t.more].join(' '));
}

/** The first non-empty value of the first of `tags` that has one (no arrays: called ~30 times a record). */
function first(r: RawRecord, ...tags: string[]): string | undefined {
  for (const tag of tags) {
    for (const t of r.tags) {
      if (t.tag === tag) {
        const v = joined(t);
        if (v !== '') {
          return v;
        }
      }
    }
  }
  return undefined;
}

interface Parts {
  year?: number;
  month?: number;
  day?: number;
}

/**
 * RIS dates: `2019`, `2019///`, `2019/05/03/`, `2019/05`, `1989//`, `2016-12//`, `2024-02-01`,
 * and free forms such as Web of Science `DA  - SEP 22` (no year) or `2010 Sep 22`.
 */
export function parseRisDate(value: string): Parts {
  const v = value.trim();
  const iso = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?/.exec(v);
  if (iso) {
    return { year: Number(iso[1]), month: Number(iso[2]), day: iso[3] ? Number(iso[3]) : undefined };
  }
  const slash = /^(\d{4})(?:\/(\d{0,2})(?:\/(\d{0,2}))?)?(?:\/|$)/.exec(v);
  if (slash) {
    return { year: Number(slash[1]), month: slash[2] ? Number(slash[2]) : undefined, day: slash[3] ? Number(slash[3]) : undefined };
  }
  const out: Parts = {};
  for (const word of v.split(/[\s,./-]+/)) {
    if (/^\d{4}$/.test(word) && out.year === undefined) {
      out.year = Number(word);
    } else if (/^[A-Za-z]{3,}$/.test(word) && out.month === undefined) {
      out.month = monthNumber(word);
    } else if (/^\d{1,2}$/.test(word) && out.month !== undefined && out.day === undefined) {
      out.day = Number(word);
    }
  }
  return out;
}

/** Publication date from `PY`/`Y1` and `DA`, as precise as they agree on. */
function risDate(r: RawRecord): { date?: string; year?: number } {
  const pyText = first(r, 'PY', 'Y1');
  const daText = first(r, 'DA');
  const py = pyText ? parseRisDate(pyText) : {};
  const da = daText ? parseRisDate(daText) : {};
  const year = py.year ?? da.year;
  let month = py.month;
  let day = py.day;
  if ((da.year === undefined || da.year === year) && da.month !== undefined && (month === undefined || (month === da.month && day === undefined))) {
    month = da.month;
    day = da.day;
  }
  return fromParts(year, month, day);
}

/** Whether an `ID` looks like a citation key rather than a record number or accession id. */
function keyFromId(id: string): string | undefined {
  const v = id.replace(/^RefID:\d+-/i, ''); // RefWorks: `RefID:888-boisvert2024description`
  if (!/^[A-Za-z][\w:.+-]*$/.test(v) || !/[a-z]{2}/.test(v)) {
    return undefined; // EndNote `889`, Lens `000-463-…`, ERIC `EJ389705`, `WOS:000…`
  }
  return v;
}

const BOOK_TYPES = new Set(['BOOK', 'EBOOK', 'EDBOOK', 'WHOLE']);

function toRecord(r: RawRecord, path: string, problems: Problem[]): PaperRecord | undefined {
  const type = first(r, 'TY');
  const title = first(r, 'TI', 'T1', 'CT') ?? (type && BOOK_TYPES.has(type.toUpperCase()) ? first(r, 'BT') : undefined) ?? first(r, 'ST');
  if (!title && !r.tags.some((t) => t.tag !== 'TY' && (t.value !== '' || t.more.length > 0))) {
    problems.push(problem(path, r.line, 'RIS record has no title and no other field; skipped'));
    return undefined;
  }
  const id = first(r, 'ID');
  const record: PaperRecord = {
    title: title ?? '',
    authors: [],
    tags: [],
    sources: [id !== undefined ? { path, line: r.line, format: 'ris', key: id } : { path, line: r.line, format: 'ris' }],
    type,
  };
  record.key = id !== undefined ? keyFromId(id) : undefined;
  const seen = new Set<string>();
  for (const a of values(r, 'AU', 'A1')) {
    const name = formatRisName(a);
    if (name !== undefined && !seen.has(name)) {
      seen.add(name);
      record.authors.push(name);
    }
  }
  const abstract = r.tags.find((t) => (t.tag === 'AB' || t.tag === 'N2') && (t.value !== '' || t.more.length > 0));
  if (abstract) {
    record.abstract = unwrapText([abstract.value, ...abstract.more].join('\n'));
  }
  const date = risDate(r);
  record.date = date.date;
  record.year = date.year;
  const urls = values(r, 'UR').map((u) => firstUrl(u) ?? u.split(/\s+/)[0] ?? u);
  record.url = urls[0];
  record.doi = doiOf(first(r, 'DO')) ?? doiOf(first(r, 'M3')) ?? urls.map(doiOf).find((d) => d !== undefined);
  const doField = first(r, 'DO');
  record.doiAsWritten = doField !== undefined ? doiAsWritten(doField, record.doi) : [first(r, 'M3'), ...urls].map((v) => doiCapitalsIn(v, record.doi)).find((d) => d !== undefined);
  record.arxivId =
    arxivFromDoi(record.doi) ??
    [...urls, ...values(r, 'L1', 'L2', 'N1', 'M3', 'AN', 'ID', 'T2', 'JO')].map(arxivFromText).find((a) => a !== undefined);
  if (record.arxivId) {
    record.arxivId = normalizeArxivId(record.arxivId) ?? record.arxivId;
  }
  const links = (tags: string[]): string[] => values(r, ...tags).map((u) => firstUrl(u) ?? u.split(/\s+/)[0] ?? u);
  record.pdfUrl = choosePdf([...links(['L1']), ...links(['L4', 'L2']).filter(isPdfLink), ...urls.filter(isPdfLink)]);
  record.venue = first(r, 'JF', 'T2', 'JO', 'JA', 'J2', 'J1') ?? (type?.toUpperCase() === 'CHAP' ? first(r, 'BT') : undefined);
  record.container = record.venue;
  record.volume = first(r, 'VL');
  record.issue = first(r, 'IS');
  const sp = first(r, 'SP');
  const ep = first(r, 'EP');
  record.pages = sp && ep && !sp.includes('-') ? `${sp}–${ep}` : (sp?.split(/-+/).map((part) => part.trim()).join('–') ?? ep);
  record.publisher = first(r, 'PB');
  record.publisherPlace = first(r, 'CY', 'PP');
  record.edition = first(r, 'ET');
  const editors = [...new Set(values(r, 'ED', 'A3').map(formatRisName).filter((n): n is string => n !== undefined))];
  if (editors.length > 0) {
    record.editors = editors;
  }
  record.series = first(r, 'T3');
  const sn = first(r, 'SN');
  if (sn) {
    // SN holds an ISSN (`1234-567X`) or an ISBN (10 or 13 digits, with hyphens).
    if (/^\d{4}-?\d{3}[\dXx]\b/.test(sn) && sn.replace(/[^\dXx]/g, '').length <= 8) {
      record.issn = sn;
    } else {
      record.isbn = sn;
    }
  }
  record.note = first(r, 'N1');
  record.language = first(r, 'LA');
  if (!title) {
    // Citable without a title: shown by its ID, else its journal.
    record.untitled = true;
    record.title = untitledLabel(id, record.container, record.authors, record.year);
    if (id === undefined) {
      problems.push(problem(path, r.line, `RIS record has no title (\`TI\`/\`T1\`) and no \`ID\`; loaded as “${record.title}”`, 'warning'));
    }
  }
  const keywords: string[] = [];
  for (const t of r.tags) {
    if (t.tag === 'KW') {
      // One keyword per KW line; EndNote puts the rest on untagged lines; some tools use `;`.
      for (const v of [t.value, ...t.more]) {
        for (const part of v.split(';')) {
          const k = collapseWhitespace(part);
          if (k !== '') {
            keywords.push(k);
          }
        }
      }
    }
  }
  addTags(record.tags, keywords);
  return compactRecord(record);
}
