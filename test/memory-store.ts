/** An in-memory `Store` for unit tests: URIs are `/`-separated paths; counts reads and writes. */
import type { Store, StoreEntry, StoreStat } from '../src/core/store';

export class MemoryStore implements Store {
  readonly files = new Map<string, { bytes: Uint8Array; mtime: number }>();
  reads = 0;
  writes = 0;
  clock = 1_000_000;

  set(uri: string, content: string | Uint8Array, mtime = ++this.clock): void {
    this.files.set(uri, { bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content, mtime });
  }

  private missing(uri: string): Error {
    return Object.assign(new Error(`no such file: ${uri}`), { code: 'ENOENT' });
  }

  private isDir(uri: string): boolean {
    const prefix = uri.endsWith('/') ? uri : uri + '/';
    return [...this.files.keys()].some((k) => k.startsWith(prefix));
  }

  stat(uri: string): Promise<StoreStat> {
    const f = this.files.get(uri);
    if (f) {
      return Promise.resolve({ type: 'file', size: f.bytes.length, mtime: f.mtime });
    }
    return this.isDir(uri) ? Promise.resolve({ type: 'directory', size: 0, mtime: 0 }) : Promise.reject(this.missing(uri));
  }

  read(uri: string): Promise<Uint8Array> {
    const f = this.files.get(uri);
    if (!f) {
      return Promise.reject(this.missing(uri));
    }
    this.reads++;
    return Promise.resolve(f.bytes.slice());
  }

  list(uri: string): Promise<StoreEntry[]> {
    const prefix = uri.endsWith('/') ? uri : uri + '/';
    const names = new Map<string, StoreEntry>();
    for (const k of this.files.keys()) {
      if (k.startsWith(prefix)) {
        const rest = k.slice(prefix.length);
        const name = rest.split('/')[0] ?? rest;
        names.set(name, { name, uri: prefix + name, type: rest.includes('/') ? 'directory' : 'file' });
      }
    }
    return names.size > 0 ? Promise.resolve([...names.values()]) : Promise.reject(this.missing(uri));
  }

  write(uri: string, bytes: Uint8Array): Promise<void> {
    this.writes++;
    this.set(uri, bytes.slice());
    return Promise.resolve();
  }

  delete(uri: string): Promise<void> {
    const prefix = uri + '/';
    for (const k of [...this.files.keys()]) {
      if (k === uri || k.startsWith(prefix)) {
        this.files.delete(k);
      }
    }
    return Promise.resolve();
  }

  join(uri: string, name: string): string {
    return `${uri.replace(/\/$/, '')}/${name}`;
  }

  reason(error: unknown): string {
    return (error as { code?: string }).code ?? String(error);
  }
}
