/**
 * Citation keys in documents: pandoc citations in markdown, `\…cite…{}` commands in LaTeX,
 * `[[wiki links]]`, the key under the cursor, the partial key being completed, and the
 * library keys closest to an unknown one. Pure functions over the document text; every offset
 * is a UTF-16 index into that text.
 */

export interface CiteKeyRef {
  key: string;
  /** Offsets of the key itself, without `@`, `-` or braces: `text.slice(start, end) === key`. */
  start: number;
  end: number;
  /** `pandoc`: inside a bracketed citation `[@a; @b]`; `pandoc-bare`: in-text `@a`; `latex`: a `\cite{}` key. */
  kind: 'pandoc' | 'pandoc-bare' | 'latex';
}

export interface WikiLink {
  /** The note name, without `#heading` / `^block` parts and without the `|alias`. */
  target: string;
  /** Offsets of `target` in the text. */
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------------------------
// Masking: regions where citations are not parsed become spaces (line breaks are kept), so
// offsets stay valid and the scanners below never look into code, front matter or comments.

type Ranges = Array<[number, number]>;

/** `text` with the given ranges (sorted, not overlapping) replaced by spaces, line breaks kept. */
function applyMask(text: string, ranges: Ranges): string {
  if (ranges.length === 0) {
    return text;
  }
  let out = '';
  let pos = 0;
  for (const [from, to] of ranges) {
    out += text.slice(pos, from) + text.slice(from, to).replace(/[^\r\n]/g, ' ');
    pos = to;
  }
  return out + text.slice(pos);
}

interface Line {
  readonly start: number;
  /** End of the line's content (before its line break). */
  readonly end: number;
  /** Start of the next line. */
  readonly next: number;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) {
      end++;
    }
    const next = end >= text.length ? text.length + 1 : text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
    out.push({ start, end, next });
    start = next;
  }
  return out;
}

// The fence run is maximal (lookahead) and the info string takes everything: no backtracking.
const FENCE_OPEN = /^[ \t>]*(`{3,}(?!`)|~{3,}(?!~))([\s\S]*)$/;
const FENCE_CLOSE = /^[ \t>]*(`{3,}|~{3,})[ \t]*$/;

/** YAML front matter (`---` on the first line, closed by `---` or `...`) and fenced code blocks. */
function maskBlocks(text: string, out: Ranges): void {
  const all = lines(text);
  let i = 0;
  const first = all[0];
  if (first && /^\ufeff?---[ \t]*$/.test(text.slice(first.start, first.end)) && all.length > 1 && text.slice(all[1]?.start ?? 0, all[1]?.end ?? 0).trim() !== '') {
    for (let j = 1; j < all.length; j++) {
      const l = all[j];
      if (l && /^(?:---|\.\.\.)[ \t]*$/.test(text.slice(l.start, l.end))) {
        out.push([0, l.end]);
        i = j + 1;
        break;
      }
    }
  }
  for (; i < all.length; i++) {
    const open = all[i];
    if (!open) {
      break;
    }
    const m = FENCE_OPEN.exec(text.slice(open.start, open.end));
    const fence = m?.[1];
    if (!m || !fence || (fence.startsWith('`') && (m[2] ?? '').includes('`'))) {
      continue;
    }
    let end = text.length;
    let j = i + 1;
    for (; j < all.length; j++) {
      const l = all[j];
      const c = l ? FENCE_CLOSE.exec(text.slice(l.start, l.end)) : null;
      const close = c?.[1];
      if (l && close && close.charAt(0) === fence.charAt(0) && close.length >= fence.length) {
        end = l.end;
        break;
      }
    }
    out.push([open.start, end]);
    i = j;
  }
}

interface BacktickRun {
  readonly start: number;
  readonly length: number;
  /** Paragraph number (blank lines counted before the run): code spans never cross paragraphs. */
  readonly paragraph: number;
  /** Preceded by an odd number of backslashes: cannot open a code span. */
  readonly escaped: boolean;
}

/** Inline code spans and HTML comments, in document order (whichever starts first wins). */
function maskInline(text: string, out: Ranges): void {
  const runs: BacktickRun[] = [];
  let paragraph = 0;
  let lineHasContent = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) {
        i++;
      }
      if (!lineHasContent) {
        paragraph++;
      }
      lineHasContent = false;
    } else if (c === 96 /* ` */) {
      let j = i;
      while (text.charCodeAt(j) === 96) {
        j++;
      }
      let backslashes = 0;
      while (i - backslashes - 1 >= 0 && text.charCodeAt(i - backslashes - 1) === 92) {
        backslashes++;
      }
      runs.push({ start: i, length: j - i, paragraph, escaped: backslashes % 2 === 1 });
      lineHasContent = true;
      i = j - 1;
    } else if (c !== 32 && c !== 9) {
      lineHasContent = true;
    }
  }
  const byLength = new Map<number, number[]>();
  runs.forEach((r, index) => {
    const list = byLength.get(r.length);
    if (list) {
      list.push(index);
    } else {
      byLength.set(r.length, [index]);
    }
  });
  /** Index of the first run after run `index` with the same length, or -1. */
  const nextSameLength = (index: number, length: number): number => {
    const list = byLength.get(length) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] ?? 0) <= index) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return list[lo] ?? -1;
  };
  let pos = 0;
  let r = 0;
  let comment = text.indexOf('<!--');
  for (;;) {
    while (r < runs.length && (runs[r]?.start ?? 0) < pos) {
      r++;
    }
    if (comment >= 0 && comment < pos) {
      comment = text.indexOf('<!--', pos);
    }
    const run = runs[r];
    if (comment >= 0 && (!run || comment < run.start)) {
      const close = text.indexOf('-->', comment + 4);
      const end = close < 0 ? text.length : close + 3;
      out.push([comment, end]);
      pos = end;
      continue;
    }
    if (!run) {
      return;
    }
    pos = run.start + run.length;
    if (run.escaped) {
      continue;
    }
    const match = runs[nextSameLength(r, run.length)];
    if (match && match.paragraph === run.paragraph) {
      out.push([run.start, match.start + match.length]);
      pos = match.start + match.length;
    }
  }
}

/** The markdown text with front matter, fenced code, code spans and HTML comments blanked out. */
function maskMarkdown(text: string): string {
  const blocks: Ranges = [];
  maskBlocks(text, blocks);
  const withoutBlocks = applyMask(text, blocks);
  const inline: Ranges = [];
  maskInline(withoutBlocks, inline);
  return applyMask(withoutBlocks, inline);
}

const VERBATIM_ENVIRONMENTS = new Set(['verbatim', 'verbatim*', 'Verbatim', 'BVerbatim', 'LVerbatim', 'lstlisting', 'minted', 'comment', 'alltt', 'filecontents', 'filecontents*']);

/** The LaTeX text with `%` comments, `\verb` and verbatim-like environments blanked out. */
function maskLatex(text: string): string {
  const out: Ranges = [];
  const n = text.length;
  let nextClose = -2; // the first `}` at or after the last lookup (only moves forward)
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      if (text.startsWith('begin{', i + 1)) {
        if (nextClose !== -1 && nextClose < i + 7) {
          nextClose = text.indexOf('}', i + 7);
        }
        const close = nextClose;
        const name = close < 0 ? '' : text.slice(i + 7, close);
        if (VERBATIM_ENVIRONMENTS.has(name)) {
          const endTag = `\\end{${name}}`;
          const end = text.indexOf(endTag, close + 1);
          const stop = end < 0 ? n : end + endTag.length;
          out.push([i, stop]);
          i = stop - 1;
          continue;
        }
      } else if (text.startsWith('verb', i + 1) && !/[A-Za-z]/.test(text.charAt(i + 5))) {
        let j = i + 5;
        if (text.charAt(j) === '*') {
          j++;
        }
        const delim = text.charAt(j);
        if (delim !== '' && delim !== '\n' && delim !== '\r') {
          let end = j + 1;
          while (end < n && text.charAt(end) !== delim && text.charAt(end) !== '\n' && text.charAt(end) !== '\r') {
            end++;
          }
          const stop = Math.min(n, end + 1);
          out.push([i, stop]);
          i = stop - 1;
          continue;
        }
      }
      i++; // a control symbol (`\%`, `\\`, `\{`) or the first letter of a control word
    } else if (c === 37 /* % */) {
      let end = i;
      while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) {
        end++;
      }
      out.push([i, end]);
      i = end - 1;
    }
  }
  return applyMask(text, out);
}

// ---------------------------------------------------------------------------------------------
// Markdown (pandoc) citations

const KEY_CHAR = /[\p{L}\p{N}_]/u;
/** Punctuation pandoc accepts inside a key when a letter, digit or `_` follows. */
const INTERNAL_PUNCTUATION = ':.#$%&-+?<>~/';

function charAt(text: string, i: number): string {
  const cp = text.codePointAt(i);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

function isKeyChar(text: string, i: number): boolean {
  return i < text.length && KEY_CHAR.test(charAt(text, i));
}

/** End of a pandoc key starting at `start` (pandoc's `simpleCiteIdentifier`), or `start` if none. */
function simpleKeyEnd(text: string, start: number): number {
  if (!isKeyChar(text, start)) {
    return start;
  }
  let j = start;
  while (j < text.length) {
    if (isKeyChar(text, j)) {
      j += charAt(text, j).length;
      continue;
    }
    const c = text.charAt(j);
    if (INTERNAL_PUNCTUATION.includes(c) && isKeyChar(text, j + 1)) {
      j++;
    } else if ((c === ':' || c === '/') && text.charAt(j + 1) === '/') {
      j++; // `http://…`
    } else {
      break;
    }
  }
  // `a://` would end in punctuation: trailing punctuation is never part of the key
  while (j > start && !isKeyChar(text, j - 1) && !/[\uDC00-\uDFFF]/.test(text.charAt(j - 1))) {
    j--;
  }
  return j;
}

/**
 * Whether pandoc reads `@key` as this whole key (a letter, digit or `_` first; letters, digits,
 * `_` and internal `:.#$%&-+?<>~/`). Other keys must be written `@{key}`.
 */
export function isPandocBareKey(key: string): boolean {
  return key !== '' && simpleKeyEnd(key, 0) === key.length;
}

/** Characters after which an `@` starts a citation (besides whitespace and the text start). */
const BEFORE_AT = new Set(['[', '(', ';', '{', '"', "'", '“', '‘', '«', '*', '>', ',']);

function citationMayStartAfter(text: string, i: number): boolean {
  if (i < 0) {
    return true;
  }
  const c = text.charAt(i);
  return /\s/.test(c) || BEFORE_AT.has(c);
}

/** Whether the `@` at `at` may start a citation: not after a word (e-mail), `\`, or a stray `-`. */
function atStartsCitation(text: string, at: number): boolean {
  if (text.charAt(at - 1) === '-') {
    return citationMayStartAfter(text, at - 2); // `-@key` suppresses the author
  }
  return citationMayStartAfter(text, at - 1);
}

/**
 * `bracedKeyEnd(open)`: the end (after `}`) of a braced key `{…}` opening at `open` (balanced
 * braces, one line), or -1. The first call on a line matches every brace from `open` to the end
 * of the line in one pass (a stack) and answers later calls on that line from the table, so a
 * line of `@{@{@{…` costs one pass, not one per `@{` (issue #18: 7.2 s for 100 KB).
 */
export function bracedKeyEnds(text: string): (open: number) => number {
  const ends = new Map<number, number>();
  let scannedTo = -1;
  return (open: number): number => {
    if (open < scannedTo) {
      return ends.get(open) ?? -1;
    }
    const stack: number[] = [];
    let i = open;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        break;
      }
      if (c === 123 /* { */) {
        stack.push(i);
      } else if (c === 125 /* } */) {
        const o = stack.pop();
        if (o !== undefined) {
          ends.set(o, i + 1);
        }
      }
    }
    scannedTo = i;
    return ends.get(open) ?? -1;
  };
}

/**
 * Pandoc citations in markdown: `[@a; @b]`, `[see @a, p. 3]`, `[-@a]`, in-text `@a`, and
 * braced keys `@{odd:key}`. Ignored: e-mail addresses, `\@`, the YAML front matter, fenced
 * code blocks, code spans and HTML comments. (Indented code blocks are not recognised: list
 * continuation lines look the same.) Sorted by offset.
 */
export function findMarkdownCitations(text: string): CiteKeyRef[] {
  const m = maskMarkdown(text);
  const refs: CiteKeyRef[] = [];
  const brackets: number[][] = []; // for each open `[`: indices of the refs inside it
  const n = m.length;
  const bracedKeyEnd = bracedKeyEnds(m);
  for (let i = 0; i < n; i++) {
    const c = m.charAt(i);
    switch (c) {
      case '\\':
        i++; // escaped character: `\@`, `\[`, `\]`
        break;
      case '[':
        brackets.push([]);
        break;
      case ']': {
        const inside = brackets.pop();
        if (inside && m.charAt(i + 1) !== '(') {
          for (const r of inside) {
            const ref = refs[r];
            if (ref) {
              ref.kind = 'pandoc';
            }
          }
        }
        break;
      }
      case '\n':
      case '\r': {
        // A blank line ends the paragraph: brackets still open were not citations.
        let j = i + 1;
        if (c === '\r' && m.charAt(j) === '\n') {
          j++;
        }
        while (m.charAt(j) === ' ' || m.charAt(j) === '\t') {
          j++;
        }
        if (j >= n || m.charAt(j) === '\n' || m.charAt(j) === '\r') {
          brackets.length = 0;
        }
        break;
      }
      case '@': {
        if (!atStartsCitation(m, i)) {
          break;
        }
        let start = i + 1;
        let end: number;
        let next: number;
        if (m.charAt(start) === '{') {
          next = bracedKeyEnd(start);
          end = next - 1;
          start++;
          if (next < 0 || end <= start || m.slice(start, end).trim() === '') {
            break;
          }
        } else {
          end = simpleKeyEnd(m, start);
          next = end;
          if (end === start) {
            break;
          }
        }
        brackets[brackets.length - 1]?.push(refs.length);
        refs.push({ key: text.slice(start, end), start, end, kind: 'pandoc-bare' });
        i = next - 1;
        break;
      }
      default:
        break;
    }
  }
  return refs;
}

/** `[[key]]`, `[[key|alias]]`, `[[key#heading]]` outside code. Sorted by offset. */
export function findWikiLinks(text: string): WikiLink[] {
  const m = maskMarkdown(text);
  const out: WikiLink[] = [];
  const re = /\[\[([^[\]\n\r|]+)(?:\|[^[\]\n\r]*)?\]\]/g;
  for (let x = re.exec(m); x; x = re.exec(m)) {
    if (x.index > 0 && m.charAt(x.index - 1) === '\\') {
      continue;
    }
    const whole = x[1] ?? '';
    const cut = whole.search(/[#^]/);
    const raw = cut < 0 ? whole : whole.slice(0, cut);
    const lead = raw.length - raw.trimStart().length;
    const target = raw.trim();
    if (target !== '') {
      const start = x.index + 2 + lead;
      out.push({ target, start, end: start + target.length });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// LaTeX citations

const NOT_CITE = /^(?:declare|new|renew|provide|def|let)|^cite(?:style|setup|text|reset|indextrue|indexfalse|trackerconfig|name)$/i;

/** Whether `\name` is a citation command taking keys: `\cite`, `\citep`, `\parencite`, `\Textcite`, `\nocite`, `\cites`, … */
function isCiteCommand(name: string): boolean {
  return /cite/i.test(name) && !NOT_CITE.test(name);
}

/** biblatex multicite commands take several `[pre][post]{keys}` groups. */
function isMultiCite(name: string): boolean {
  return /cites$/i.test(name);
}

interface CiteGroup {
  /** Offset of `{`. */
  readonly open: number;
  /** Offset of the matching `}`, or -1 when the text ends inside the group. */
  readonly close: number;
}

/**
 * Answers `closeOf` for any opening delimiter from one pass over the text (issue #18: scanning
 * to the end of the file for each unclosed `\cite{` was quadratic, 10.7 s for 240 KB). With D(i)
 * the brace depth before offset i (backslash escapes skipped as `closeOf` skips them), the scan
 * from `open` ends at the first `}` after it with D = base (where base is the depth after the
 * opening character), or at the first closer after it with D = base. Those events are listed per
 * depth, in order, and found by binary search.
 */
export class Delimiters {
  private readonly depthAfter: Int32Array;
  private readonly escaped: Uint8Array;
  private readonly events = new Map<string, Map<number, number[]>>([
    ['}', new Map()],
    [']', new Map()],
    [')', new Map()],
  ]);

  constructor(private readonly m: string) {
    const n = m.length;
    this.depthAfter = new Int32Array(n);
    this.escaped = new Uint8Array(n);
    let depth = 0;
    for (let i = 0; i < n; i++) {
      const c = m.charAt(i);
      if (c === '\\') {
        this.depthAfter[i] = depth;
        if (i + 1 < n) {
          this.escaped[i + 1] = 1;
          this.depthAfter[i + 1] = depth;
        }
        i++;
        continue;
      }
      if (c === '}' || c === ']' || c === ')') {
        const byDepth = this.events.get(c);
        const list = byDepth?.get(depth);
        if (list) {
          list.push(i);
        } else {
          byDepth?.set(depth, [i]);
        }
      }
      if (c === '{') {
        depth++;
      } else if (c === '}') {
        depth--;
      }
      this.depthAfter[i] = depth;
    }
  }

  private first(kind: string, depth: number, after: number): number {
    const list = this.events.get(kind)?.get(depth);
    if (!list) {
      return -1;
    }
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] ?? 0) <= after) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return list[lo] ?? -1;
  }

  /** Same result as `closeOf(m, open, closer)`. */
  closeOf(open: number, closer: string): number {
    if (this.escaped[open] === 1) {
      return closeOf(this.m, open, closer); // never reached from citeGroups; kept exact anyway
    }
    const base = this.depthAfter[open] ?? 0;
    const brace = this.first('}', base, open);
    if (closer === '}') {
      return brace < 0 ? -1 : brace + 1;
    }
    const close = this.first(closer, base, open);
    return close >= 0 && (brace < 0 || close < brace) ? close + 1 : -1;
  }
}

/** Offset after the delimiter closing the one at `open` (braces inside are balanced), or -1. Exported for tests (the reference for `Delimiters`). */
export function closeOf(m: string, open: number, closer: string): number {
  let depth = 0;
  for (let i = open + 1; i < m.length; i++) {
    const c = m.charAt(i);
    if (c === '\\') {
      i++;
    } else if (c === '{') {
      depth++;
    } else if (c === '}') {
      if (depth === 0) {
        return closer === '}' ? i + 1 : -1;
      }
      depth--;
    } else if (c === closer && depth === 0) {
      return i + 1;
    }
  }
  return -1;
}

/** The `{keys}` groups of a cite command whose name ends at `from`, after `*` and optional arguments. */
function citeGroups(m: string, from: number, multi: boolean, delimiters: Delimiters): CiteGroup[] {
  const groups: CiteGroup[] = [];
  let j = from;
  if (m.charAt(j) === '*') {
    j++;
  }
  for (;;) {
    while (j < m.length && /\s/.test(m.charAt(j))) {
      j++;
    }
    const c = m.charAt(j);
    if (c === '[' || (c === '(' && multi && groups.length === 0)) {
      const end = delimiters.closeOf(j, c === '[' ? ']' : ')');
      if (end < 0) {
        return groups;
      }
      j = end;
    } else if (c === '{') {
      const end = delimiters.closeOf(j, '}');
      groups.push({ open: j, close: end < 0 ? -1 : end - 1 });
      if (end < 0 || !multi) {
        return groups;
      }
      j = end;
    } else {
      return groups;
    }
  }
}

/**
 * Keys of one `{a, b}` group: split on commas, trimmed. A nested `{…}` is jumped over (the part
 * holding it is not a key anyway), so nested cite commands do not rescan each other's groups.
 */
function groupKeys(text: string, m: string, group: CiteGroup, refs: CiteKeyRef[], delimiters: Delimiters): void {
  if (group.close < 0) {
    return;
  }
  let start = group.open + 1;
  for (let i = start; i <= group.close; i++) {
    if (i < group.close && m.charAt(i) === '{') {
      const end = delimiters.closeOf(i, '}');
      if (end > i && end - 1 < group.close) {
        i = end - 2; // the nested group's `}` is looked at next; the part it is in holds `{` and `}`
      }
      continue;
    }
    if (i === group.close || m.charAt(i) === ',') {
      let a = start;
      let b = i;
      while (a < b && /\s/.test(m.charAt(a))) {
        a++;
      }
      while (b > a && /\s/.test(m.charAt(b - 1))) {
        b--;
      }
      const key = m.slice(a, b);
      // `*` (\nocite{*}), macros and macro parameters (`#1` in a \newcommand) are not keys
      if (key !== '' && key !== '*' && !/[\\{}\s#]/.test(key)) {
        refs.push({ key: text.slice(a, b), start: a, end: b, kind: 'latex' });
      }
      start = i + 1;
    }
  }
}

/** Calls `visit` for each cite command (name start and end) outside comments and verbatim. */
function eachCiteCommand(m: string, visit: (nameStart: number, nameEnd: number, name: string) => void): void {
  for (let i = m.indexOf('\\'); i >= 0 && i < m.length; i = m.indexOf('\\', i)) {
    let j = i + 1;
    while (j < m.length && /[A-Za-z]/.test(m.charAt(j))) {
      j++;
    }
    if (j === i + 1) {
      i += 2; // control symbol: `\\`, `\%`, `\{`
      continue;
    }
    const name = m.slice(i + 1, j);
    if (isCiteCommand(name)) {
      visit(i, j, name);
    }
    i = j;
  }
}

/**
 * Keys of LaTeX citation commands: `\cite{a,b}`, `\citep[p.~3][]{a}`, `\citet*{a}`,
 * `\parencite`, `\textcite`, `\autocite`, `\footcite`, `\nocite`, `\cites{a}{b}` and any
 * other `\…cite…` command; spaces around keys allowed. Ignored: `%` comments (`\%` is not
 * one), `\verb`, verbatim-like environments, `\nocite{*}`. Sorted by offset.
 */
export function findLatexCitations(text: string): CiteKeyRef[] {
  const m = maskLatex(text);
  const refs: CiteKeyRef[] = [];
  const delimiters = new Delimiters(m);
  eachCiteCommand(m, (_start, end, name) => {
    for (const g of citeGroups(m, end, isMultiCite(name), delimiters)) {
      groupKeys(text, m, g, refs, delimiters);
    }
  });
  return refs;
}

// ---------------------------------------------------------------------------------------------
// Cursor helpers

/** The ref whose `[start, end]` contains `offset` (inclusive end: the cursor right after a key). */
export function citationAt(refs: readonly CiteKeyRef[], offset: number): CiteKeyRef | undefined {
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((refs[mid]?.end ?? 0) < offset) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  const ref = refs[lo];
  return ref && ref.start <= offset && offset <= ref.end ? ref : undefined;
}

/** Characters of a key being typed (pandoc key characters, trailing punctuation included). */
const PARTIAL_KEY_CHAR = /[\p{L}\p{N}_:.#$%&\-+?<>~/]/u;

function markdownContext(text: string, offset: number): { prefix: string; start: number } | undefined {
  let start = offset;
  while (start > 0) {
    const prev = text.charAt(start - 1);
    const low = /[\uDC00-\uDFFF]/.test(prev) && start >= 2 ? text.slice(start - 2, start) : prev;
    if (!PARTIAL_KEY_CHAR.test(low)) {
      break;
    }
    start -= low.length;
  }
  let at = start - 1;
  if (text.charAt(at) !== '@') {
    // braced key being typed: `@{odd key`
    const open = text.lastIndexOf('{', offset - 1);
    if (open < 1 || text.charAt(open - 1) !== '@' || /[{}\n\r]/.test(text.slice(open + 1, offset))) {
      return undefined;
    }
    start = open + 1;
    at = open - 1;
  } else if (start < offset && !isKeyChar(text, start)) {
    return undefined; // `@:` is not the start of a key
  }
  if (!atStartsCitation(text, at) || text.charAt(at - 1) === '\\') {
    return undefined;
  }
  // Not inside code: the masked text must still show the `@`, and no code span may be open on its line.
  const masked = maskMarkdown(text.slice(0, offset));
  if (masked.charAt(at) !== '@') {
    return undefined;
  }
  const lineStart = Math.max(masked.lastIndexOf('\n', at), masked.lastIndexOf('\r', at)) + 1;
  if (masked.slice(lineStart, at).includes('`')) {
    return undefined;
  }
  return { prefix: text.slice(start, offset), start };
}

function latexContext(text: string, offset: number): { prefix: string; start: number } | undefined {
  // Look back a bounded window, starting at a line start so comments are masked correctly.
  let from = Math.max(0, offset - 4000);
  if (from > 0) {
    const nl = text.indexOf('\n', from);
    if (nl >= 0 && nl < offset) {
      from = nl + 1;
    }
  }
  const m = maskLatex(text.slice(from, offset));
  let last: { end: number; name: string } | undefined;
  eachCiteCommand(m, (_start, end, name) => {
    last = { end, name };
  });
  if (!last) {
    return undefined;
  }
  const groups = citeGroups(m, last.end, isMultiCite(last.name), new Delimiters(m));
  const open = groups[groups.length - 1];
  if (!open || open.close !== -1) {
    return undefined;
  }
  const inside = m.slice(open.open + 1);
  const segment = inside.slice(inside.lastIndexOf(',') + 1);
  const prefix = segment.trimStart();
  if (/[\s\\{}%]/.test(prefix)) {
    return undefined;
  }
  return { prefix: text.slice(offset - prefix.length, offset), start: offset - prefix.length };
}

/**
 * For completion: the partial key being typed right before `offset` and where it starts;
 * undefined when not in a citation context. Markdown: after an `@` at the line start or after
 * whitespace, `[`, `;`, `(`, `-` (also `@{` for braced keys), not in code. LaTeX: inside the
 * braces of a `\…cite…{`, after `{` or `,`, not in a comment.
 */
export function completionContext(text: string, offset: number, language: 'markdown' | 'latex'): { prefix: string; start: number } | undefined {
  const at = Math.max(0, Math.min(offset, text.length));
  return language === 'markdown' ? markdownContext(text, at) : latexContext(text, at);
}

// ---------------------------------------------------------------------------------------------
// Closest keys

/** Counts of the query's bigrams, as `first << 16 | second` code units. */
function bigrams(s: string): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i + 1 < s.length; i++) {
    const g = (s.charCodeAt(i) << 16) | s.charCodeAt(i + 1);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Bigrams of `s` also in the query (with multiplicity); `used` is scratch space, cleared here. */
function sharedBigrams(query: ReadonlyMap<number, number>, s: string, used: Map<number, number>): number {
  used.clear();
  let shared = 0;
  for (let i = 0; i + 1 < s.length; i++) {
    const g = (s.charCodeAt(i) << 16) | s.charCodeAt(i + 1);
    const have = query.get(g);
    if (have !== undefined) {
      const u = used.get(g) ?? 0;
      if (u < have) {
        used.set(g, u + 1);
        shared++;
      }
    }
  }
  return shared;
}

/** Reusable rows for `editDistance`, grown on demand. */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), or
 * `limit + 1` as soon as the distance is known to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.MAX_SAFE_INTEGER): number {
  const n = a.length;
  const m = b.length;
  const big = Math.min(limit, Math.max(n, m)) + 1;
  if (Math.abs(n - m) > limit) {
    return limit + 1;
  }
  if (rows[0].length < m + 2) {
    rows = [new Int32Array(m + 2), new Int32Array(m + 2), new Int32Array(m + 2)];
  }
  let [prev2, prev, cur] = rows;
  // Only cells within `limit` of the diagonal can stay within `limit`: a banded table.
  const band = big - 1;
  for (let j = 0; j <= Math.min(m, band + 1); j++) {
    prev[j] = j <= band ? j : big;
  }
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - band);
    const hi = Math.min(m, i + band);
    cur[lo - 1] = lo === 1 ? i : big;
    let rowMin = lo === 1 ? i : big;
    const ai = a.charCodeAt(i - 1);
    const aPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = (prev[j - 1] ?? big) + (ai === bj ? 0 : 1);
      const del = (prev[j] ?? big) + 1;
      if (del < d) {
        d = del;
      }
      const ins = (cur[j - 1] ?? big) + 1;
      if (ins < d) {
        d = ins;
      }
      if (j > 1 && ai === b.charCodeAt(j - 2) && aPrev === bj) {
        const t = (prev2[j - 2] ?? big) + 1;
        if (t < d) {
          d = t;
        }
      }
      cur[j] = d;
      if (d < rowMin) {
        rowMin = d;
      }
    }
    if (hi < m) {
      cur[hi + 1] = big;
    }
    if (rowMin > limit) {
      return limit + 1;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[m] ?? big, limit + 1);
}

/**
 * Up to `max` keys closest to `key` (case-insensitive edit distance with transpositions),
 * within `max(2, floor(len / 4))` edits; the key itself (exact spelling) is never returned.
 * Ties: the closer spelling (case included) first. Fast on large libraries: length and
 * shared-bigram filters (q-gram lemma; one edit changes at most 3 bigrams) run before the
 * bounded distance.
 */
export function closestKeys(key: string, keys: Iterable<string>, max = 3): string[] {
  const query = key.toLowerCase();
  if (query === '' || max <= 0) {
    return [];
  }
  const limit = Math.max(2, Math.floor(query.length / 4));
  const grams = bigrams(query);
  const used = new Map<number, number>();
  const found: Array<{ key: string; distance: number; exact: number }> = [];
  for (const candidate of keys) {
    if (candidate === key || Math.abs(candidate.length - query.length) > limit) {
      continue;
    }
    const c = candidate.toLowerCase();
    const need = Math.max(query.length, c.length) - 1 - 3 * limit;
    if (need > 0 && sharedBigrams(grams, c, used) < need) {
      continue;
    }
    const distance = editDistance(query, c, limit);
    if (distance <= limit) {
      found.push({ key: candidate, distance, exact: 0 });
    }
  }
  for (const f of found) {
    f.exact = editDistance(key, f.key);
  }
  found.sort((x, y) => x.distance - y.distance || x.exact - y.exact || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return found.slice(0, max).map((f) => f.key);
}
