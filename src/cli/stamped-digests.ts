/**
 * The content digests of the sources `--cache` has read, by their change stamps
 * (`platform/change-stamp.ts`), kept in the cache folder as `digests.json`: a later run knows an
 * unchanged source's identity, and so its library snapshot, without reading the source. The
 * extension keeps the same pairs in its workspace state (`KnownDigests`).
 *
 * A digest is only given for the stamp it was made with, so a rewritten file (a new stamp) is
 * read again. A missing or damaged file is an empty memo, and it is rewritten whole (atomically).
 */
import type { NodeStore } from './node-store';

const FORMAT = 1;
/** Files remembered at most; the ones stamped longest ago are dropped first. */
export const MAX_STAMPED_FILES = 10_000;

export class StampedDigests {
  private changed = false;

  private constructor(
    private readonly store: NodeStore,
    private readonly file: string,
    private readonly files: Map<string, readonly [string, string]>,
  ) {}

  static async open(store: NodeStore, file: string): Promise<StampedDigests> {
    const files = new Map<string, readonly [string, string]>();
    try {
      const data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await store.read(file))) as unknown;
      const d = data as { format?: unknown; files?: unknown } | null;
      if (typeof d === 'object' && d !== null && d.format === FORMAT && typeof d.files === 'object' && d.files !== null) {
        for (const [uri, pair] of Object.entries(d.files as Record<string, unknown>)) {
          if (Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string') {
            files.set(uri, [pair[0], pair[1]]);
          }
        }
      }
    } catch {
      // none yet, or damaged: nothing is known
    }
    return new StampedDigests(store, file, files);
  }

  /** The digest of the file's content when it had this stamp; undefined when not known. */
  get(uri: string, change: string): string | undefined {
    const pair = this.files.get(uri);
    return pair?.[0] === change ? pair[1] : undefined;
  }

  set(uri: string, change: string, digest: string): void {
    const pair = this.files.get(uri);
    if (pair?.[0] === change && pair[1] === digest) {
      return;
    }
    this.files.delete(uri);
    this.files.set(uri, [change, digest]);
    for (const oldest of this.files.keys()) {
      if (this.files.size <= MAX_STAMPED_FILES) {
        break;
      }
      this.files.delete(oldest);
    }
    this.changed = true;
  }

  /** Writes the memo when this run changed it. */
  async save(): Promise<void> {
    if (!this.changed) {
      return;
    }
    await this.store.write(this.file, new TextEncoder().encode(JSON.stringify({ format: FORMAT, files: Object.fromEntries(this.files) })));
    this.changed = false;
  }
}
