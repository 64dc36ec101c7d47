/** Renaming a citation key: what may be renamed, the new key's rules, the note's `citekey` value. Pure. */
import type { Paper } from '../model';
import { isPandocBareKey } from '../cite/markdown-citations';
import { splitNote } from '../notes/frontmatter';

/** Why `to` cannot be the paper's new key, or undefined when it can. */
export function checkNewKey(to: string, paper: Paper, byKey: ReadonlyMap<string, Paper>): string | undefined {
  if (to === '') {
    return 'A citation key cannot be empty.';
  }
  if (!isPandocBareKey(to) || /[{}\\,%#~\s]/.test(to)) {
    return `"${to}" is not a key pandoc and LaTeX both read as written: use letters, digits, _ and inner :.-+/ only.`;
  }
  const owner = byKey.get(to);
  if (owner && owner !== paper && owner.key !== paper.key) {
    return `"${to}" is already the key of "${owner.title}".`;
  }
  return undefined;
}

/** Why the paper's key cannot be renamed (it comes from a file: the file and line), or undefined. */
export function renameRefusal(paper: Paper, key: string): string | undefined {
  const source = paper.sources.find((s) => s.key === key || (s.otherKeys ?? []).includes(key));
  if (paper.keyOrigin === 'source' || source) {
    const where = source ?? paper.sources.find((s) => s.key !== undefined);
    return `"${key}" comes from ${where ? `${where.path}:${where.line}` : 'a source file'}; rename it there (Lit Notes does not change your bibliography files).`;
  }
  return undefined;
}

/** Offsets of the `citekey:` value in a note's YAML frontmatter (quotes excluded), or undefined. Linear. */
export function citekeyValueRange(text: string): { start: number; end: number } | undefined {
  const { yaml } = splitNote(text);
  if (yaml === undefined || yaml === '') {
    return undefined;
  }
  const bodyStart = text.indexOf(yaml);
  let lineStart = 0;
  while (lineStart <= yaml.length) {
    let lineEnd = yaml.indexOf('\n', lineStart);
    if (lineEnd < 0) {
      lineEnd = yaml.length;
    }
    const line = yaml.slice(lineStart, lineEnd).replace(/\r$/, '');
    const range = citekeyValueIn(line);
    if (range) {
      return { start: bodyStart + lineStart + range.start, end: bodyStart + lineStart + range.end };
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** The value's offsets in one `citekey: value` line (optional quotes, optional `# comment`). */
function citekeyValueIn(line: string): { start: number; end: number } | undefined {
  if (!line.startsWith('citekey')) {
    return undefined;
  }
  let i = 'citekey'.length;
  while (line.charAt(i) === ' ' || line.charAt(i) === '\t') {
    i++;
  }
  if (line.charAt(i) !== ':') {
    return undefined;
  }
  i++;
  while (line.charAt(i) === ' ' || line.charAt(i) === '\t') {
    i++;
  }
  const quote = line.charAt(i) === '"' || line.charAt(i) === "'" ? line.charAt(i) : '';
  const start = i + quote.length;
  let end = start;
  while (end < line.length && !/["'#]/.test(line.charAt(end))) {
    end++;
  }
  if (quote !== '' && line.charAt(end) !== quote) {
    return undefined;
  }
  if (quote === '') {
    while (end > start && (line.charAt(end - 1) === ' ' || line.charAt(end - 1) === '\t')) {
      end--;
    }
  }
  return end > start ? { start, end } : undefined;
}
