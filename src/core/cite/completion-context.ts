/** The partial citation key being typed at the cursor, for completion (markdown and LaTeX). */
import type { DocLanguage } from './languages';
import { Delimiters, citeGroups, eachCiteCommand, isMultiCite } from './latex-citations';
import { atStartsCitation, isKeyChar } from './markdown-citations';
import { maskLatex, maskMarkdown } from './mask';

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
export function completionContext(text: string, offset: number, language: DocLanguage): { prefix: string; start: number } | undefined {
  const at = Math.max(0, Math.min(offset, text.length));
  return language === 'markdown' ? markdownContext(text, at) : latexContext(text, at);
}
