/**
 * A workspace's pinned keys for the CLI, over node fs: its notes and its key lock, read and
 * written with the same core functions as the extension (`core/notes/plan.ts`, `core/key-lock.ts`).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Pin } from '../core/citekey';
import type { KeyLock } from '../core/key-lock';
import { DEFAULT_LOCK_PATH, EMPTY_LOCK, lockPins, parseKeyLock, recordUsedKeys } from '../core/key-lock';
import type { Paper, Problem } from '../core/model';
import { notesFolderSegments } from '../core/notes/file-name';
import type { NoteInfo } from '../core/notes/plan';
import { notePins, readNote } from '../core/notes/plan';
import { forEachLimited } from '../platform/concurrency';

export interface WorkspaceKeys {
  readonly root: string;
  /** The notes folder, absolute. */
  readonly notesDir: string;
  readonly notes: readonly NoteInfo[];
  readonly lockFile: string;
  readonly lock: KeyLock;
  readonly pins: readonly Pin[];
  readonly problems: readonly Problem[];
}

/** `/`-separated path of `file` relative to `root`. */
export function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Reads the notes in `folder` and the key lock of a workspace (both optional). */
export async function readWorkspaceKeys(workspace: string, folder = 'papers', lockPath = DEFAULT_LOCK_PATH): Promise<WorkspaceKeys> {
  const root = path.resolve(workspace);
  const notesDir = path.join(root, ...notesFolderSegments(folder));
  let names: string[] = [];
  try {
    names = (await fs.readdir(notesDir, { recursive: true })).map(String).filter((n) => n.toLowerCase().endsWith('.md'));
  } catch {
    names = [];
  }
  const notes: NoteInfo[] = [];
  const problems: Problem[] = [];
  await forEachLimited(names.sort(), 16, async (name) => {
    const file = path.join(notesDir, name);
    const rel = relative(root, file);
    try {
      const note = readNote(rel, await fs.readFile(file, 'utf8'));
      notes.push(note);
      if (note.error) {
        problems.push({ path: rel, line: 1, message: `Note frontmatter is not valid YAML (${note.error})`, severity: 'warning' });
      }
    } catch (error) {
      problems.push({ path: rel, line: 1, message: `Cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, severity: 'warning' });
    }
  });
  notes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const lockFile = path.resolve(root, lockPath);
  const lockRel = relative(root, lockFile);
  let lock = EMPTY_LOCK;
  try {
    lock = parseKeyLock(await fs.readFile(lockFile, 'utf8'), lockRel);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      problems.push({ path: lockRel, line: 1, message: `Cannot read the key lock: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, severity: 'error' });
      lock = { ...EMPTY_LOCK, damaged: true };
    }
  }
  return { root, notesDir, notes, lockFile, lock, pins: [...notePins(notes), ...lockPins(lock, lockRel)], problems: [...problems, ...lock.problems] };
}

/**
 * Records the generated keys of `papers` in the lock (they are being used), atomically: a
 * temporary file renamed into place. Nothing is written when the lock is damaged. Returns the
 * keys added.
 */
export async function pinKeys(ws: WorkspaceKeys, papers: readonly Paper[]): Promise<string[]> {
  const update = recordUsedKeys(ws.lock, papers);
  if (!update) {
    return [];
  }
  await fs.mkdir(path.dirname(ws.lockFile), { recursive: true });
  const temp = `${ws.lockFile}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(temp, update.text, { flag: 'wx' });
  try {
    await fs.rename(temp, ws.lockFile);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  return update.added;
}
