/**
 * Pandoc citations in markdown (`[@a; @b]`, in-text `@a`, braced `@{odd:key}`) and `[[wiki
 * links]]`. Pure functions over the document text; every offset is a UTF-16 index into it.
 */
import type { CiteKeyRef } from './key-ref';
import { maskMarkdown } from './mask';

export interface WikiLink {
  /** The note name, without `#heading` / `^block` parts and without the `|alias`. */
  target: string;
  /** Offsets of `target` in the text. */
  start: number;
  end: number;
}

const KEY_CHAR = /[\p{L}\p{N}_]/u;
/** Punctuation pandoc accepts inside a key when a letter, digit or `_` follows. */
const INTERNAL_PUNCTUATION = ':.#$%&-+?<>~/';

function charAt(text: string, i: number): string {
  const cp = text.codePointAt(i);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

export function isKeyChar(text: string, i: number): boolean {
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
export function atStartsCitation(text: string, at: number): boolean {
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
