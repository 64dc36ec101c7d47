/**
 * Which notes exist and which paper each belongs to: one rule for the extension and the CLI.
 *
 * A note names its paper by its frontmatter `citekey` (else its file name). The key may be the
 * paper's key or any of its aliases (a key an older version wrote). When two notes name the same
 * paper, the first by path wins. A note's `citekey` with the `arxiv`, `doi`, `title` and `year`
 * beside it is also a pin: that key stays with that paper (see `core/citekey.ts`).
 */
import type { Pin } from '../citekey';
import type { ReadingStatus } from '../grouping';
import type { Paper } from '../model';
import type { Frontmatter } from './frontmatter';
import { noteMeta, readFrontmatter } from './frontmatter';

export interface NoteInfo {
  /** Where the note is (a workspace-relative path or a URI string); notes are ordered by it. */
  readonly path: string;
  /** The key the note names: its `citekey`, else its file name without `.md`. */
  readonly key: string;
  /** Whether `key` comes from the frontmatter (only then is it a pin). */
  readonly explicit: boolean;
  readonly arxiv?: string;
  readonly doi?: string;
  readonly title?: string;
  readonly year?: number;
  readonly status: ReadingStatus;
  readonly tags: readonly string[];
  /** Why the frontmatter could not be read, if it could not. */
  readonly error?: string;
}

function text(value: Frontmatter[string] | undefined): string | undefined {
  if (typeof value === 'number') {
    return String(value);
  }
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Reads what a note says about its paper. Never throws. */
export function readNote(path: string, content: string): NoteInfo {
  const parsed = readFrontmatter(content);
  const meta = noteMeta(parsed.data);
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/i, '');
  const year = typeof parsed.data.year === 'number' ? parsed.data.year : Number.parseInt(text(parsed.data.year) ?? '', 10);
  const info: { -readonly [K in keyof NoteInfo]: NoteInfo[K] } = { path, key: meta.citekey ?? name, explicit: meta.citekey !== undefined, status: meta.status, tags: meta.tags };
  const arxiv = text(parsed.data.arxiv);
  const doi = text(parsed.data.doi);
  const title = text(parsed.data.title);
  if (arxiv) {
    info.arxiv = arxiv;
  }
  if (doi) {
    info.doi = doi;
  }
  if (title) {
    info.title = title;
  }
  if (Number.isInteger(year)) {
    info.year = year;
  }
  if (parsed.error) {
    info.error = parsed.error;
  }
  return info;
}

function byPath(a: NoteInfo, b: NoteInfo): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** The pins notes hold: every frontmatter `citekey`, with what identifies its paper. */
export function notePins(notes: readonly NoteInfo[]): Pin[] {
  return notes
    .filter((n) => n.explicit)
    .map((n) => ({ key: n.key, arxiv: n.arxiv, doi: n.doi, title: n.title, year: n.year, origin: 'note' as const, path: n.path, line: 1 }));
}

/** Notes by the key they name; when two notes name the same key, the first by path wins. */
export function notesByKey(notes: readonly NoteInfo[]): Map<string, NoteInfo> {
  const out = new Map<string, NoteInfo>();
  for (const n of [...notes].sort(byPath)) {
    if (!out.has(n.key)) {
      out.set(n.key, n);
    }
  }
  return out;
}

/** A paper's note: the one naming its key, else one naming an alias (in alias order). */
export function noteOf<T>(paper: Pick<Paper, 'key' | 'aliases'>, byKey: ReadonlyMap<string, T>): T | undefined {
  const direct = byKey.get(paper.key);
  if (direct !== undefined) {
    return direct;
  }
  for (const alias of paper.aliases ?? []) {
    const note = byKey.get(alias);
    if (note !== undefined) {
      return note;
    }
  }
  return undefined;
}
