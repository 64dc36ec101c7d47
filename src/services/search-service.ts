/**
 * Keeps a search index in step with the library: built once per load, then updated
 * incrementally with the papers that changed (added, removed or edited).
 *
 * Nothing here blocks the extension host: a library change only schedules the work, which then
 * runs in tasks of about {@link SLICE_MS} (comparing papers, building the short fields in
 * `SearchIndex.buildSteps`, then the abstracts and the warm-up). Other listeners of the
 * library (the tree) run first; the previous index answers searches until the new one is
 * ready, and {@link onDidChange} tells an open picker to search again.
 */
import * as vscode from 'vscode';
import type { Library } from '../core/library';
import type { Paper } from '../core/model';
import { SearchIndex } from '../core/search';
import type { SearchHit } from '../core/search';
import type { Logger } from '../platform/logger';
import type { LibraryService } from './library-service';
import type { RecentPapers } from './recent-papers';

/** Work done per extension-host task before yielding to other tasks. */
export const SLICE_MS = 15;
/** Papers compared per step when diffing two libraries. */
const DIFF_STEP = 500;
/**
 * Largest delta kept by incremental updates: beyond it a full rebuild runs in steps, so an
 * update (whose cost grows with the delta) stays short and never triggers the index's own
 * synchronous compaction.
 */
const MAX_DELTA = 1500;

/** Same paper content (papers are plain data; a reload makes new objects for unchanged papers). */
function samePaper(a: Paper, b: Paper): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

export class SearchService implements vscode.Disposable {
  private index: SearchIndex;
  private papers = new Map<string, Paper>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the searchable papers changed (an open picker searches again). */
  readonly onDidChange = this.changed.event;
  /** Bumped by every library change: a running job that sees a newer one stops. */
  private generation = 0;
  private working = false;
  private libraryLoading = true;
  private disposed = false;
  /** Longest task of the last build (ms), for logs and tests. */
  longestTask = 0;
  private idleWaiters: (() => void)[] = [];
  /** Resolves when the first library load is searchable (its short fields indexed). */
  readonly ready: Promise<void>;

  constructor(
    private readonly service: LibraryService,
    private readonly recentlyOpened: RecentPapers,
    private readonly log: Logger,
  ) {
    this.index = SearchIndex.build([]);
    this.subscriptions.push(
      this.changed,
      service.onDidChange((library) => this.schedule(library)),
      service.onDidChangeLoading((loading) => this.setLibraryLoading(loading)),
    );
    void service.ready.then(() => this.setLibraryLoading(false));
    this.ready = service.ready.then(() => this.idle());
    if (service.library.papers.length > 0) {
      this.schedule(service.library);
    }
  }

  /** True while the library loads or the index of its short fields is being built. */
  get loading(): boolean {
    return this.libraryLoading || this.working;
  }

  /** Resolves when no index job is pending for the current library (short fields built). */
  private idle(): Promise<void> {
    return this.working ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  private settle(): void {
    this.working = false;
    for (const resolve of this.idleWaiters.splice(0)) {
      resolve();
    }
    this.changed.fire();
  }

  private setLibraryLoading(loading: boolean): void {
    if (this.libraryLoading !== loading) {
      this.libraryLoading = loading;
      this.changed.fire();
    }
  }

  /** Starts a job for `library` in a later task (listeners after this one run first). */
  private schedule(library: Library): void {
    const generation = ++this.generation;
    this.working = true;
    const job = this.sync(library, generation);
    this.longestTask = 0;
    const step = (): void => {
      if (this.disposed || generation !== this.generation) {
        return; // superseded by a newer library
      }
      const started = performance.now();
      const deadline = started + SLICE_MS;
      let done = false;
      let wait: Promise<void> | undefined;
      do {
        const next = job.next();
        done = next.done === true;
        wait = next.value ?? undefined;
      } while (!done && !wait && performance.now() < deadline);
      this.longestTask = Math.max(this.longestTask, performance.now() - started);
      if (wait) {
        void wait.then(() => setTimeout(step, 0));
      } else if (!done) {
        setTimeout(step, 0);
      }
    };
    // After the library is on screen: building or reading the index would hold up the view's first rows.
    void this.service.whenShown(library).then(() => setTimeout(step, 0));
  }

  /** The job for one library change, as steps: diff, then update or rebuild, then finish in the background. */
  private *sync(library: Library, generation: number): Generator<Promise<void> | void, void, void> {
    const started = Date.now();
    const next = new Map<string, Paper>();
    const added: Paper[] = [];
    for (let i = 0; i < library.papers.length; i++) {
      const p = library.papers[i];
      if (p) {
        next.set(p.key, p);
      }
      if (i % (DIFF_STEP * 10) === 0) {
        yield;
      }
    }
    const first = this.papers.size === 0;
    if (!first) {
      let n = 0;
      for (const p of library.papers) {
        const old = this.papers.get(p.key);
        if (!old || !samePaper(old, p)) {
          added.push(p);
        }
        if (++n % DIFF_STEP === 0) {
          yield;
        }
      }
    }
    const removed = first ? [] : [...this.papers.keys()].filter((k) => !next.has(k));
    const stats = this.index.stats();
    const rebuild = first || added.length + removed.length > next.size / 10 || stats.delta + added.length > MAX_DELTA || stats.removed + added.length + removed.length > MAX_DELTA;
    const snapshotId = this.service.currentSnapshot;
    if (rebuild && snapshotId !== undefined && library === this.service.library && this.service.fromSnapshot) {
      // The library came from (or was stored as) its snapshot: its index may be stored with it.
      let bytes: Uint8Array | undefined;
      yield this.service.readIndexSnapshot(snapshotId).then((b) => {
        bytes = b;
      });
      if (generation !== this.generation) {
        return;
      }
      // The snapshot's sha256 checked the bytes: no second checksum.
      const restored = bytes && (yield* SearchIndex.restoreSteps(library.papers, bytes, { verify: false }));
      if (restored && generation === this.generation) {
        this.index = restored;
        this.papers = next;
        this.log.info(`Search index of ${library.papers.length} papers read with the library snapshot in ${Date.now() - started} ms (every field; tasks of at most ${this.longestTask.toFixed(0)} ms)`);
        this.settle();
        return;
      }
    }
    if (rebuild) {
      // Titles, authors, keys and venues first (in steps), then abstracts and the typo indexes.
      const index = yield* SearchIndex.buildSteps(library.papers, { deferAbstracts: true });
      if (generation !== this.generation) {
        return;
      }
      this.index = index;
      this.papers = next;
      this.log.info(`Search index: short fields of ${library.papers.length} papers in ${Date.now() - started} ms (in tasks of at most ${this.longestTask.toFixed(0)} ms); abstracts follow in the background`);
      this.settle();
      if (!this.service.abstractsLoaded) {
        // Shown from the library snapshot: its abstracts are being read into the papers.
        yield this.service.whenAbstracts();
        if (generation !== this.generation) {
          return;
        }
      }
      while (!index.buildAbstracts(SLICE_MS)) {
        yield;
      }
      this.changed.fire();
      while (!index.warm(SLICE_MS)) {
        yield;
      }
      this.log.info(`Search index complete in ${Date.now() - started} ms (longest task ${this.longestTask.toFixed(0)} ms)`);
      if (snapshotId !== undefined && this.service.currentSnapshot === snapshotId && this.service.library === library) {
        // Stored with the library snapshot, so the next window reads it instead of building it.
        const bytes = yield* index.snapshotSteps();
        if (bytes && generation === this.generation) {
          void this.service.writeIndexSnapshot(snapshotId, bytes);
        }
      }
      return;
    }
    if (added.length + removed.length > 0) {
      this.index.update({ added, removed });
      this.log.info(`Search index updated (${added.length} added or changed, ${removed.length} removed) in ${Date.now() - started} ms`);
    }
    this.papers = next;
    this.settle();
  }

  search(query: string, options: { limit: number; abstracts: boolean }): SearchHit[] {
    return this.index.search(query, options);
  }
  byKey(key: string): Paper | undefined {
    return this.service.library.byKey.get(key);
  }
  recent(): readonly string[] {
    return this.recentlyOpened.keys;
  }
  /** Recently opened papers that are still in the library, most recent first. */
  recentPapers(): Paper[] {
    return this.recent()
      .map((k) => this.byKey(k))
      .filter((p): p is Paper => p !== undefined);
  }
  newest(limit: number): readonly Paper[] {
    return this.index.newest(limit);
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.subscriptions.splice(0)) {
      d.dispose();
    }
  }
}
