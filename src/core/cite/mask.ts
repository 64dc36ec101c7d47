/**
 * Masking for the citation scanners: regions where citations are not parsed become spaces (line
 * breaks are kept), so offsets stay valid and the scanners never look into code, front matter or
 * comments. Pure; every offset is a UTF-16 index into the text.
 */

import { firstGreater } from '../sorted';

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
  const nextSameLength = (index: number, length: number): number => firstGreater(byLength.get(length) ?? [], index);
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
export function maskMarkdown(text: string): string {
  const blocks: Ranges = [];
  maskBlocks(text, blocks);
  const withoutBlocks = applyMask(text, blocks);
  const inline: Ranges = [];
  maskInline(withoutBlocks, inline);
  return applyMask(withoutBlocks, inline);
}

const VERBATIM_ENVIRONMENTS = new Set(['verbatim', 'verbatim*', 'Verbatim', 'BVerbatim', 'LVerbatim', 'lstlisting', 'minted', 'comment', 'alltt', 'filecontents', 'filecontents*']);

/** The LaTeX text with `%` comments, `\verb` and verbatim-like environments blanked out. */
export function maskLatex(text: string): string {
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
