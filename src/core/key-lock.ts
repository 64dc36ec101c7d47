/**
 * The key lock (`.litnotes/citekeys.json` by default): the generated keys a workspace has used
 * (cited, copied, exported, given a note), each with what identifies its paper, so that the
 * key never moves to another paper when papers are added, removed or load in another order.
 *
 * The file is JSON with one paper per line, sorted by key, so that git merges it line by line:
 *
 *     {
 *       "comment": "…",
 *       "version": 1,
 *       "keys": [
 *         {"key": "cheng2024breaking", "arxiv": "2410.17243", "title": "Breaking …", "year": 2024},
 *         {"key": "vaswani2017attention", "title": "Attention Is All You Need", "year": 2017}
 *       ]
 *     }
 *
 * A damaged lock (git conflict markers, a truncated file, a bad hand edit) is read line by line:
 * every entry that can be read is used (both sides of a conflict), each bad line is reported,
 * and the file is never rewritten until a person has fixed it.
 */
import type { Paper, Problem } from './model';
import { problem } from './model';
import type { Pin } from './citekey';

export const LOCK_VERSION = 1;
export const DEFAULT_LOCK_PATH = '.litnotes/citekeys.json';
const COMMENT = 'Lit Notes citation key lock: keys in use and their papers, one per line. Commit it with your notes; edit only to fix a conflict.';

/** One used key and what identifies its paper. */
export interface LockEntry {
  readonly key: string;
  readonly arxiv?: string;
  readonly doi?: string;
  readonly title?: string;
  readonly year?: number;
}

export interface KeyLock {
  readonly entries: readonly LockEntry[];
  /** The 1-based line of each entry (same order as `entries`). */
  readonly lines: readonly number[];
  readonly problems: readonly Problem[];
  /** Lines could not be read: the file must not be rewritten until fixed. */
  readonly damaged: boolean;
}

export const EMPTY_LOCK: KeyLock = { entries: [], lines: [], problems: [], damaged: false };

function entryOf(value: unknown): LockEntry | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.key !== 'string' || v.key.trim() === '') {
    return undefined;
  }
  const entry: { key: string; arxiv?: string; doi?: string; title?: string; year?: number } = { key: v.key };
  if (typeof v.arxiv === 'string' && v.arxiv !== '') {
    entry.arxiv = v.arxiv;
  }
  if (typeof v.doi === 'string' && v.doi !== '') {
    entry.doi = v.doi;
  }
  if (typeof v.title === 'string' && v.title !== '') {
    entry.title = v.title;
  }
  if (typeof v.year === 'number' && Number.isInteger(v.year)) {
    entry.year = v.year;
  }
  return entry;
}

const CONFLICT_MARKER = /^(<{7}|\|{7}|={7}|>{7})(?:\s|$)/;
/** Lines of the file's frame: braces, the `keys` array's opening and closing, the header fields. */
const FRAME_LINE = /^(?:[{}[\]],?|"keys"\s*:\s*\[\s*(?:\],?)?|"(?:comment|version)"\s*:.*)$/;

/** Reads a lock file's text. Never throws. */
export function parseKeyLock(text: string, path: string): KeyLock {
  const byLine = fromLines(text, path);
  if (!byLine.damaged) {
    return byLine;
  }
  // Intact JSON laid out differently (pretty-printed by a tool): read it whole.
  try {
    const data: unknown = JSON.parse(text);
    const keys = typeof data === 'object' && data !== null ? (data as { keys?: unknown }).keys : undefined;
    if (Array.isArray(keys)) {
      const entries = keys.map(entryOf);
      if (entries.every((e) => e !== undefined)) {
        return { entries, lines: entries.map(() => 1), problems: [], damaged: false };
      }
    }
  } catch {
    // damaged: what the lines gave
  }
  return byLine;
}

function fromLines(text: string, path: string): KeyLock {
  const entries: LockEntry[] = [];
  const lines: number[] = [];
  const problems: Problem[] = [];
  let damaged = false;
  let sawKeys = false;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') {
      return;
    }
    if (CONFLICT_MARKER.test(line)) {
      damaged = true;
      problems.push(problem(path, i + 1, 'Unresolved git merge conflict in the key lock: the keys of both sides are used; resolve it (keep every line) to let Lit Notes record new keys again', 'warning'));
      return;
    }
    if (FRAME_LINE.test(line)) {
      sawKeys ||= line.startsWith('"keys"');
      return;
    }
    let entry: LockEntry | undefined;
    try {
      entry = entryOf(JSON.parse(line.replace(/,$/, '')));
    } catch {
      entry = undefined;
    }
    if (entry) {
      entries.push(entry);
      lines.push(i + 1);
    } else {
      damaged = true;
      problems.push(problem(path, i + 1, 'Cannot read this line of the key lock (expected one {"key": …} entry per line); the other entries are used, and the lock is not rewritten until it is fixed'));
    }
  });
  if (!sawKeys && !damaged && text.trim() !== '') {
    damaged = true;
    problems.push(problem(path, 1, 'Not a Lit Notes key lock (no "keys" list); it is not rewritten'));
  }
  return { entries, lines, problems, damaged };
}

/** The pins a lock holds, for `assignCitekeys`. */
export function lockPins(lock: KeyLock, path: string): Pin[] {
  return lock.entries.map((e, i) => ({ ...e, origin: 'lock', path, line: lock.lines[i] ?? 1 }));
}

/** What identifies a paper in the lock. */
export function lockEntry(paper: Paper): LockEntry {
  const entry: { key: string; arxiv?: string; doi?: string; title?: string; year?: number } = { key: paper.key };
  if (paper.arxivId) {
    entry.arxiv = paper.arxivId;
  }
  if (paper.doi) {
    entry.doi = paper.doi;
  }
  if (paper.title) {
    entry.title = paper.title;
  }
  if (paper.year !== undefined) {
    entry.year = paper.year;
  }
  return entry;
}

/** The lock's text: sorted by key, one entry per line. */
export function serializeKeyLock(entries: readonly LockEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const body = sorted.map((e) => '    ' + JSON.stringify(e)).join(',\n');
  return `{\n  "comment": ${JSON.stringify(COMMENT)},\n  "version": ${LOCK_VERSION},\n  "keys": [\n${body}${body ? '\n' : ''}  ]\n}\n`;
}

/**
 * The lock's new text once `papers` are used, or undefined when nothing needs recording (their
 * keys come from sources or are in the lock already) or the lock is damaged (never rewritten).
 */
export function recordUsedKeys(lock: KeyLock, papers: readonly Paper[]): { text: string; added: string[] } | undefined {
  if (lock.damaged) {
    return undefined;
  }
  const known = new Set(lock.entries.map((e) => e.key));
  const added: LockEntry[] = [];
  for (const p of papers) {
    if (p.keyOrigin !== 'source' && !known.has(p.key)) {
      known.add(p.key);
      added.push(lockEntry(p));
    }
  }
  if (added.length === 0) {
    return undefined;
  }
  return { text: serializeKeyLock([...lock.entries, ...added]), added: added.map((e) => e.key) };
}

/**
 * The lock's new text once `paper`'s key `from` is renamed `to`: its entry (or a new one, for a
 * key not recorded yet) carries the new key. Refused, with the reason, when the lock is damaged
 * (never rewritten until fixed) or another entry holds `to`.
 */
export function renameLockEntry(lock: KeyLock, paper: Paper, from: string, to: string): { text: string } | { error: string } {
  if (lock.damaged) {
    return { error: 'the key lock is damaged (see the Problems log); fix it first, then rename' };
  }
  if (lock.entries.some((e) => e.key === to)) {
    return { error: `the key lock already holds "${to}" for another paper` };
  }
  const renamed = { ...lockEntry(paper), key: to };
  const others = lock.entries.filter((e) => e.key !== from);
  return { text: serializeKeyLock([...others, renamed]) };
}
