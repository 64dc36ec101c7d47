/** The I/O port (`core/store.ts`) over node fs, for the CLI: a URI is an absolute file path. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { EntryType, Store, StoreEntry, StoreStat } from '../core/store';
import { changeStampOf } from '../platform/change-stamp';

function typeOf(entry: { isFile(): boolean; isDirectory(): boolean }): EntryType {
  return entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other';
}

let tempCounter = 0;

export class NodeStore implements Store {
  /** Files read so far (for tests and the cache's statistics). */
  reads = 0;

  /** With the file's change stamp (`platform/change-stamp.ts`), which `--cache` keeps digests by. */
  async stat(uri: string): Promise<StoreStat> {
    const s = await fs.stat(uri, { bigint: true });
    const change = changeStampOf(s, Date.now());
    // `mtimeMs` as a plain stat gives it (seconds in ms plus the fraction from the nanoseconds).
    const mtime = Number(s.mtimeNs / 1_000_000_000n) * 1e3 + Number(s.mtimeNs % 1_000_000_000n) / 1e6;
    return { type: typeOf(s), size: Number(s.size), mtime, ...(change === undefined ? {} : { change }) };
  }

  async read(uri: string): Promise<Uint8Array> {
    this.reads++;
    return fs.readFile(uri);
  }

  async list(uri: string): Promise<StoreEntry[]> {
    const entries = await fs.readdir(uri, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, uri: path.join(uri, e.name), type: typeOf(e) }));
  }

  async write(uri: string, bytes: Uint8Array): Promise<void> {
    await fs.mkdir(path.dirname(uri), { recursive: true });
    const temp = `${uri}.${process.pid}.${Date.now()}.${tempCounter++}.tmp`;
    await fs.writeFile(temp, bytes, { flag: 'wx' });
    try {
      await fs.rename(temp, uri);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  async delete(uri: string): Promise<void> {
    await fs.rm(uri, { recursive: true, force: true });
  }

  join(uri: string, name: string): string {
    return path.join(uri, name);
  }

  reason(error: unknown): string {
    return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
  }
}
