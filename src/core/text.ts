/** Small text utilities shared by the loaders. Pure functions. */

/** Removes a leading UTF-8 byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Splits text into lines, accepting `\n`, `\r\n` and lone `\r`. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * Maps string offsets to lines (binary search over line starts), with VS Code's line breaks
 * (`\n`, `\r\n`, lone `\r`): 1-based line numbers for messages, zero-based line and character
 * for editor positions, and back.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    if (text.indexOf('\r') < 0) {
      // Common case (LF only): the native indexOf is several times faster than a char loop.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        this.starts.push(i + 1);
      }
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
        this.starts.push(i + 1);
      }
    }
  }
  /** 1-based line of a 0-based offset. */
  lineOf(offset: number): number {
    return this.lineIndexOf(offset) + 1;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Zero-based line and character of `offset` (clamped to the text). */
  position(offset: number): { line: number; character: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineIndexOf(at);
    return { line, character: at - (this.starts[line] ?? 0) };
  }

  /** Offset of a zero-based line and character (clamped: past a line's end is its end). */
  offset(line: number, character: number): number {
    const l = Math.max(0, Math.min(line, this.starts.length - 1));
    const start = this.starts[l] ?? 0;
    const next = this.starts[l + 1];
    let end = next ?? this.text.length;
    if (next !== undefined) {
      end -= this.text.charCodeAt(next - 1) === 10 && this.text.charCodeAt(next - 2) === 13 ? 2 : 1;
    }
    return start + Math.max(0, Math.min(character, end - start));
  }

  private lineIndexOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}

/**
 * 1-based lines of offsets asked for in ascending order (a JSON file's records), counted from
 * the last one asked: no array of every line start. On 100k pretty-printed records (4 M lines)
 * building a LineIndex took 160-200 ms of a 3 s load. An offset before the last one asked
 * gets a full LineIndex (same answers, built once).
 */
export class ForwardLines {
  private at = 0;
  private line = 1;
  private index: LineIndex | undefined;
  private readonly crlfOnly: boolean;

  constructor(private readonly text: string) {
    this.crlfOnly = !text.includes('\r') || !/\r(?!\n)/.test(text);
  }

  lineOf(offset: number): number {
    const text = this.text;
    const to = Math.max(0, Math.min(offset, text.length));
    if (to < this.at) {
      this.index ??= new LineIndex(text);
      return this.index.lineOf(to);
    }
    let line = this.line;
    if (this.crlfOnly) {
      // Every line ends with `\n` (LF or CRLF): count them with the native search.
      for (let i = text.indexOf('\n', this.at); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
        line++;
      }
    } else {
      for (let i = this.at; i < to; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
          line++;
        }
      }
    }
    this.at = to;
    this.line = line;
    return line;
  }
}

/** Collapses runs of whitespace (including newlines from hard-wrapped titles) into single spaces. */
export function collapseWhitespace(text: string): string {
  // Fast path (most fields): no whitespace but single spaces, so nothing to collapse.
  if (!/[^\S ]| {2}/.test(text)) {
    return text.trim();
  }
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Title normalised for duplicate detection: Unicode NFKD without diacritics, lower case,
 * punctuation and whitespace removed.
 */
export function normalizeTitle(title: string): string {
  if (/^[\x00-\x7f]*$/.test(title)) {
    return title.toLowerCase().replace(/[^a-z0-9]+/g, ''); // fast path: plain ASCII
  }
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const DOI_PREFIX = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i;

/** Normalises a DOI (strips resolver prefixes, lower-cases) or returns undefined if it is not one. */
export function normalizeDoi(value: string | undefined): string | undefined {
  if (!value) {
    return undefined;
  }
  const doi = value.trim().replace(DOI_PREFIX, '').trim();
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi.toLowerCase() : undefined;
}

const ARXIV_NEW = /(?:^|arxiv[:./\s]*|abs\/|pdf\/)(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?\b/i;
const ARXIV_OLD = /(?:^|arxiv[:./\s]*|abs\/|pdf\/)([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?\b/i;

/** Extracts a version-less arXiv identifier from an id, `arXiv:` string or arXiv URL. */
export function normalizeArxivId(value: string | undefined): string | undefined {
  if (!value) {
    return undefined;
  }
  const v = value.trim();
  const m = ARXIV_NEW.exec(v) ?? ARXIV_OLD.exec(v);
  return m?.[1];
}

/** Builds an ISO date string from parts, as precise as given. Returns undefined for an invalid year. */
export function isoDate(year: number | undefined, month?: number, day?: number): string | undefined {
  if (year === undefined || !Number.isInteger(year) || year < 0 || year > 9999) {
    return undefined;
  }
  const y = String(year).padStart(4, '0');
  if (month === undefined || !Number.isInteger(month) || month < 1 || month > 12) {
    return y;
  }
  const m = String(month).padStart(2, '0');
  if (day === undefined || !Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    return `${y}-${m}`;
  }
  return `${y}-${m}-${String(day).padStart(2, '0')}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Year of an ISO date string. */
export function yearOf(date: string | undefined): number | undefined {
  if (!date) {
    return undefined;
  }
  const m = /^(\d{4})/.exec(date);
  return m ? Number(m[1]) : undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Month number (1-12) from an English month name or abbreviation, or a number string. */
export function monthNumber(value: string): number | undefined {
  const v = value.trim().toLowerCase();
  if (/^\d{1,2}$/.test(v)) {
    const n = Number(v);
    return n >= 1 && n <= 12 ? n : undefined;
  }
  const i = MONTHS.indexOf(v.slice(0, 3));
  return i >= 0 ? i + 1 : undefined;
}

/** Lone surrogate halves (not valid UTF-16 text) become U+FFFD; everything else is kept. */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** `encodeURIComponent` that never throws: a lone surrogate (which it rejects) is encoded as U+FFFD. */
export function encodeUriComponentSafe(text: string): string {
  return encodeURIComponent(wellFormed(text));
}

/**
 * `text` without its trailing characters that match `oneChar` (a regex for a single character),
 * in linear time. `/[x]+$/` regexes are quadratic on a long run of `x` followed by anything
 * else (the engine retries the run from each of its characters); this is the linear version.
 */
export function trimTrailing(text: string, oneChar: RegExp): string {
  let end = text.length;
  while (end > 0 && oneChar.test(text.charAt(end - 1))) {
    end--;
  }
  return end === text.length ? text : text.slice(0, end);
}

/** Text cut to at most `limit` characters at a word boundary (no partial last word). Linear. */
export function cutAtWord(text: string, limit: number): string {
  const cut = text.slice(0, limit);
  let end = cut.length;
  while (end > 0 && !/\s/.test(cut.charAt(end - 1))) {
    end--;
  }
  const wordEnd = end;
  while (end > 0 && /\s/.test(cut.charAt(end - 1))) {
    end--;
  }
  // `/\s+\S*$/` semantics: drop the last whitespace run and what follows it, if there is one.
  return wordEnd === 0 ? cut : cut.slice(0, end);
}

/** `1 paper`, `2 papers`, `0 entries`: a count with its noun in the right number. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
