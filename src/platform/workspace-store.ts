/**
 * The I/O port (`core/store.ts`) over `vscode.workspace.fs`, so loading and the parse cache work
 * in remote and virtual workspaces too. A URI is `vscode.Uri.toString()`.
 *
 * `file:` URIs are stat'ed and read by Node directly ({@link statUri}, {@link readUri}): the
 * extension host runs where those files are (in a remote window too), and `workspace.fs` asks
 * the window's main thread first on every call (`$ensureActivation`) and copies every file it
 * reads. While the window starts that main thread is busy: a reopen at 100,000 papers spent
 * 0.1–1.0 s stat'ing one source file (3–96 ms now) and 0.7–1.4 s reading its 148 MB (0.5 s in
 * Node alone; 0.8–1.3 s now: the rest is fresh memory on a busy 2-core VM).
 */
// eslint-disable-next-line no-restricted-imports -- file: URIs only, measured (see above); everything else goes through workspace.fs
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { EntryType, Store, StoreEntry, StoreStat } from '../core/store';
import { changeStampOf } from './change-stamp';

/** `workspace.fs`'s error codes for Node's, so messages read the same either way. */
const NODE_CODES: Readonly<Record<string, string>> = {
  ENOENT: 'FileNotFound',
  ENOTDIR: 'FileNotFound',
  EISDIR: 'FileIsADirectory',
  EACCES: 'NoPermissions',
  EPERM: 'NoPermissions',
};

/**
 * A file's type, size and modification time (ms, as `workspace.fs.stat` gives it), and for a
 * `file:` URI its change stamp (`change-stamp.ts`) when it has one.
 */
export async function statUri(uri: vscode.Uri): Promise<StoreStat> {
  if (uri.scheme === 'file') {
    const s = await fs.stat(uri.fsPath, { bigint: true });
    const change = changeStampOf(s, Date.now());
    return { type: s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other', size: Number(s.size), mtime: msOf(s.mtimeNs), ...(change !== undefined ? { change } : {}) };
  }
  const s = await vscode.workspace.fs.stat(uri);
  return { type: typeOf(s.type), size: s.size, mtime: s.mtime };
}

/**
 * Milliseconds of a time in ns as Node's plain `fs.stat` gives them (`sec * 1e3 + nsec / 1e6`,
 * rounded to a `Date`), and so as `workspace.fs` does: a bigint stat's `mtime` is truncated instead.
 */
function msOf(ns: bigint): number {
  return Math.round(Number(ns / 1_000_000_000n) * 1e3 + Number(ns % 1_000_000_000n) / 1e6);
}

/** Bytes per read call: a 148 MB file in 3 reads (`fs.readFile` makes 290 of 512 KB, each a task of the busy host). */
const READ_CHUNK = 64 * 1024 * 1024;

/** A file's bytes, as a plain `Uint8Array` (`slice` copies, as callers expect). */
export async function readUri(uri: vscode.Uri): Promise<Uint8Array> {
  if (uri.scheme !== 'file') {
    return vscode.workspace.fs.readFile(uri);
  }
  const handle = await fs.open(uri.fsPath, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) {
      const b = await handle.readFile(); // a size the system does not know (a pipe, /proc)
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    }
    const b = Buffer.allocUnsafeSlow(size); // every byte is overwritten below (or cut off)
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(b, at, Math.min(READ_CHUNK, size - at), at);
      if (bytesRead === 0) {
        break; // the file shrank while it was read
      }
      at += bytesRead;
    }
    return new Uint8Array(b.buffer, b.byteOffset, at);
  } finally {
    await handle.close();
  }
}

function typeOf(type: vscode.FileType): EntryType {
  return type & vscode.FileType.Directory ? 'directory' : type & vscode.FileType.File ? 'file' : 'other';
}

let tempCounter = 0;

export class WorkspaceStore implements Store {
  stat(uri: string): Promise<StoreStat> {
    return statUri(vscode.Uri.parse(uri, true));
  }

  read(uri: string): Promise<Uint8Array> {
    return readUri(vscode.Uri.parse(uri, true));
  }

  async list(uri: string): Promise<StoreEntry[]> {
    const folder = vscode.Uri.parse(uri, true);
    const entries = await vscode.workspace.fs.readDirectory(folder);
    return entries.map(([name, type]) => ({ name, uri: vscode.Uri.joinPath(folder, name).toString(), type: typeOf(type) }));
  }

  async write(uri: string, bytes: Uint8Array): Promise<void> {
    const target = vscode.Uri.parse(uri, true);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
    const temp = target.with({ path: `${target.path}.${Date.now()}.${tempCounter++}.tmp` });
    await vscode.workspace.fs.writeFile(temp, bytes);
    try {
      await vscode.workspace.fs.rename(temp, target, { overwrite: true });
    } catch (error) {
      await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
      throw error;
    }
  }

  async delete(uri: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(vscode.Uri.parse(uri, true), { recursive: true, useTrash: false });
    } catch (error) {
      if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) {
        throw error;
      }
    }
  }

  join(uri: string, name: string): string {
    return vscode.Uri.joinPath(vscode.Uri.parse(uri, true), name).toString();
  }

  reason(error: unknown): string {
    return errorCode(error);
  }
}

/** `workspace.fs`'s error code (`FileNotFound`, …) of an error from it or from {@link statUri}/{@link readUri}. */
export function errorCode(error: unknown): string {
  if (error instanceof vscode.FileSystemError) {
    return error.code;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? (NODE_CODES[code] ?? code) : String(error);
}
