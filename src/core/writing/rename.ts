/** Renaming a citation key: what may be renamed, the new key's rules, the note's `citekey` value. Pure. */
import type { Paper } from '../model';
import { isPandocBareKey } from '../cite/find-keys';

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

/** Offsets of the `citekey:` value in a note's YAML frontmatter (quotes excluded), or undefined. */
export function citekeyValueRange(text: string): { start: number; end: number } | undefined {
  const block = /^(?:\ufeff)?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!block) {
    return undefined;
  }
  const bodyStart = block[0].indexOf(block[1] ?? '') + (block.index ?? 0);
  const m = /^citekey[ \t]*:[ \t]*(["']?)([^"'\r\n#]*?)\1[ \t]*(?:#.*)?$/m.exec(block[1] ?? '');
  if (!m) {
    return undefined;
  }
  const valueStart = bodyStart + m.index + m[0].indexOf(m[1] + (m[2] ?? ''), m[0].indexOf(':')) + (m[1] ?? '').length;
  return { start: valueStart, end: valueStart + (m[2] ?? '').length };
}
