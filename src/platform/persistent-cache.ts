/**
 * The extension's persistent parse cache (`core/parse-cache.ts`, issue #17): a folder in the
 * extension's storage for this workspace (`context.storageUri`, else `globalStorageUri`),
 * written in the background after each load, capped by `litNotes.cache.maxSizeMB`.
 */
import * as vscode from 'vscode';
import type { ParsedSource } from '../core/sources';
import type { PayloadBytes, SourceRef } from '../core/load';
import type { StoreStat } from '../core/store';
import { ParseCache } from '../core/parse-cache';
import { LibrarySnapshots } from '../core/library-snapshot';
import { sha256, sha256InSlices } from './digest';
import { pauseEvery } from './slices';
import type { Logger } from './logger';
import { readCacheMaxBytes } from './settings';
import { WorkspaceStore } from './workspace-store';

/** Work done between yields while reading or writing the cache. */
const SLICE_MS = 12;
const pause = pauseEvery(SLICE_MS);

/** The extension's one library snapshot slot (its storage is per workspace). */
export const SNAPSHOT_SLOT = 'workspace';

/** The parse cache the extension uses, or nothing when `litNotes.cache.maxSizeMB` is 0. */
export class ExtensionParseCache {
  readonly cache: ParseCache;
  /** The whole library of this workspace, kept as one snapshot (slot {@link SNAPSHOT_SLOT}). */
  readonly snapshots: LibrarySnapshots;
  readonly folder: vscode.Uri;
  /** Whether the folder belongs to this workspace alone (entries of sources gone are deleted). */
  private readonly perWorkspace: boolean;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Statistics at the last report, to log what each load took from the cache. */
  private reported = { hits: 0, misses: 0, written: 0 };

  constructor(
    context: Pick<vscode.ExtensionContext, 'storageUri' | 'globalStorageUri' | 'extension'>,
    private readonly log: Logger,
  ) {
    this.perWorkspace = context.storageUri !== undefined;
    this.folder = vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'parse-cache');
    const release = (context.extension.packageJSON as { version?: string }).version ?? '';
    const largeDigest = sha256InSlices(pause);
    this.cache = new ParseCache({ store: new WorkspaceStore(), folder: this.folder.toString(), digest: sha256, largeDigest, maxBytes: readCacheMaxBytes, release, pause, log: (m) => log.warn(m) });
    this.snapshots = new LibrarySnapshots({ store: new WorkspaceStore(), folder: vscode.Uri.joinPath(this.folder, 'library').toString(), digest: sha256, largeDigest, release, keep: 1, maxBytes: readCacheMaxBytes, pause, log: (m) => log.warn(m) });
  }

  /** The load's view of the cache: nothing when the cache is turned off. */
  get enabled(): boolean {
    return readCacheMaxBytes() > 0;
  }

  get(ref: SourceRef, stat: StoreStat, bytes: Uint8Array): Promise<ParsedSource | undefined> {
    return this.enabled ? this.cache.get(ref, stat, bytes) : Promise.resolve(undefined);
  }

  put(ref: SourceRef, stat: StoreStat, bytes: Uint8Array, parsed: ParsedSource, payload?: PayloadBytes): void {
    if (this.enabled) {
      this.cache.put(ref, stat, bytes, parsed, payload);
    }
  }

  /** Writes what the last load parsed, soon and in the background; `sources` are the URIs still loaded. */
  afterLoad(sources: readonly string[]): void {
    const s = this.cache.stats;
    this.log.info(`Parse cache: ${s.hits - this.reported.hits} sources from the cache, ${s.misses - this.reported.misses} parsed (cache: ${this.folder.fsPath})`);
    this.reported = { ...this.reported, hits: s.hits, misses: s.misses };
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.cache.flush(this.perWorkspace ? sources : undefined).then(() => {
        const after = this.cache.stats;
        if (after.written > this.reported.written) {
          this.log.info(`Parse cache: ${after.written - this.reported.written} entries written (${after.damaged} damaged found, ${after.evicted} evicted so far)`);
          this.reported = { ...this.reported, written: after.written };
        }
      });
    }, 500);
  }

  /** Deletes the whole cache; returns the bytes freed. */
  async clear(): Promise<number> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    return this.cache.clear();
  }

  /** Writes what is pending now (the window is closing: best effort). */
  dispose(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.cache.flush();
    }
  }
}
