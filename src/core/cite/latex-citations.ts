/**
 * LaTeX citation commands (`\cite{a,b}`, `\citep[p.~3][]{a}`, `\cites{a}{b}`, …). Pure
 * functions over the document text; every offset is a UTF-16 index into it.
 */
import type { CiteKeyRef } from './key-ref';
import { firstGreater } from '../sorted';
import { maskLatex } from './mask';

const NOT_CITE = /^(?:declare|new|renew|provide|def|let)|^cite(?:style|setup|text|reset|indextrue|indexfalse|trackerconfig|name)$/i;

/** Whether `\name` is a citation command taking keys: `\cite`, `\citep`, `\parencite`, `\Textcite`, `\nocite`, `\cites`, … */
function isCiteCommand(name: string): boolean {
  return /cite/i.test(name) && !NOT_CITE.test(name);
}

/** biblatex multicite commands take several `[pre][post]{keys}` groups. */
export function isMultiCite(name: string): boolean {
  return /cites$/i.test(name);
}

export interface CiteGroup {
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
    return list ? firstGreater(list, after) : -1;
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
export function citeGroups(m: string, from: number, multi: boolean, delimiters: Delimiters): CiteGroup[] {
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
export function eachCiteCommand(m: string, visit: (nameStart: number, nameEnd: number, name: string) => void): void {
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
