/**
 * Owns the loaded library: loads it in the background at activation, watches the sources and
 * reloads (debounced) when they change, and tells listeners when it changed. Parsed files are
 * cached by modification time and size, so a change re-reads only the files that changed.
 */
import * as vscode from 'vscode';
import type { Library, MergedSources } from '../core/library';
import { buildLibrary, keyLibrarySteps, mergeSourcesSteps, sameKeysSteps } from '../core/library';
import { plural } from '../core/text';
import type { PinSource } from './key-pins';
import type { Paper } from '../core/model';
import type { ParsedSource } from '../core/sources';
import { CANDIDATE_EXTENSIONS } from '../core/sources';
import { VIEWS } from '../ids';
import type { Logger } from '../platform/logger';
import { debounce } from '../platform/debounce';
import type { ParseTimes, SourceParser } from '../platform/parse-off-thread';
import type { ExtensionParseCache } from '../platform/persistent-cache';
import { SNAPSHOT_SLOT } from '../platform/persistent-cache';
import type { ReadSource } from '../core/load';
import type { SnapshotLibrary } from '../core/library-snapshot';
import { sourceIdentity } from '../core/library-snapshot';
import { forEachLimited } from '../platform/concurrency';
import type { StoreStat } from '../core/store';
import { statUri } from '../platform/workspace-store';
import { ParseCancelled } from '../platform/parse-off-thread';
import type { SourceSettings } from '../platform/settings';
import { readSourceSettings } from '../platform/settings';
import type { SliceStats } from '../platform/slices';
import { runInSlices } from '../platform/slices';
import type { KeptSourceFiles, KnownDigests, SourceFile } from '../platform/workspace-sources';
import { displayPath, findSourceFiles, identityWithoutReading, parseWorkspaceSource, readWorkspaceSource, sameSourceFiles } from '../platform/workspace-sources';
import { problem } from '../core/model';

const EMPTY: Library = buildLibrary([]);
/** Quiet time after the last file event before reloading: a burst of changes is one reload. */
export const RELOAD_DEBOUNCE_MS = 300;
/** Source files stat'ed at the same time while planning a load. */
const STAT_CONCURRENCY = 16;
/**
 * A load that has to read at least this much shows a notification with progress and Cancel
 * (a 100,000-paper library is tens of MB); smaller loads show only the view's progress bar.
 */
export const NOTIFY_LOAD_BYTES = 8 * 1024 * 1024;
/** A library built from its sources is written as the snapshot this long after it is shown. */
const SNAPSHOT_WRITE_DELAY_MS = 1000;
/**
 * Work after a load (the search index, a snapshot's abstracts) waits until the library is on
 * screen ({@link LibraryService.markShown}), or this long when no view shows it. Measured at
 * 100,000 papers: started at once, that work delayed the tree's first rows by 0.8–2.4 s (each of
 * the view's round trips waits behind its tasks); started after, the rows came 0.2–0.5 s after it.
 */
export const SHOWN_WAIT_MS = 1000;

/** One source file of a load: what memory holds of it when still valid, else its size to read. */
interface PlannedFile {
  readonly file: SourceFile;
  readonly id: string;
  readonly stat: StoreStat | undefined;
  readonly cached: CacheEntry | undefined;
}

type LoadProgress = vscode.Progress<{ message?: string; increment?: number }>;

interface CacheEntry {
  readonly mtime: number;
  readonly size: number;
  /** The size limit the file was read under: a changed limit re-reads it. */
  readonly maxBytes: number;
  /** How the file was found (named in litNotes.sources, recorded as an export): a change re-reads it. */
  readonly how: string;
  /** The file's identity in the library snapshot's id (its content digest included). */
  readonly identity: string;
  /** Its parse; absent when the library came from its snapshot (then read again when needed). */
  readonly parsed?: ParsedSource;
}

const foundHow = (file: SourceFile): string => `${file.explicit}/${file.exported === true}`;

/** The same parse results (by identity: a re-read file is a new object) in the same order. */
function sameSources(a: readonly ParsedSource[], b: readonly ParsedSource[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export class LibraryService implements vscode.Disposable {
  private current: Library = EMPTY;
  private generation = 0;
  private running: Promise<Library> | undefined;
  /** A burst of calls is one run, after a quiet period. */
  private readonly debounced = debounce(() => {
    void this.reload();
  }, RELOAD_DEBOUNCE_MS);
  private readonly cache = new Map<string, CacheEntry>();
  /** Display path → URI of every source file of the last load. */
  private uriOfPath = new Map<string, vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<Library>();
  private readonly loadingChanged = new vscode.EventEmitter<boolean>();
  private readonly problemsFound = new vscode.EventEmitter<Library>();
  /** Fires after a load that reported problems (new or not), with the library it built. */
  readonly onDidFindProblems = this.problemsFound.event;
  readonly onDidChange = this.changed.event;
  /** Fires true when a load starts and false when it ends. */
  readonly onDidChangeLoading = this.loadingChanged.event;
  /** Resolves when the first load has finished. */
  readonly ready: Promise<void>;
  /** How many times the library was rebuilt (for tests and logs). */
  loads = 0;
  /** The parsed files the current library was built from, in order (to skip rebuilding an identical library). */
  private builtFrom: readonly ParsedSource[] = [];
  /** The merged papers of the current library, before keys: re-keyed when the pins change. */
  private merged: MergedSources | undefined;
  /** The snapshot id of the current library (`core/library-snapshot.ts`), when the snapshot is on. */
  private snapshotId: string | undefined;
  /** Whether no load has started yet (the first may start from the last window's file list). */
  private firstLoad = true;
  /** Whether the next load reads the library snapshot while its sources are read (a window's first load). */
  private readSnapshotAhead = true;
  /** A snapshot id found unusable (its abstracts damaged): not read again. */
  private brokenSnapshot: string | undefined;
  /** The identities of the sources the current library was built from (none after a cancelled load). */
  private builtIdentities: readonly string[] | undefined;
  private abstractsPending: Promise<void> = Promise.resolve();
  private shownFromSnapshot = false;
  private abstractsMissing = false;
  private readonly abstractsArrived = new vscode.EventEmitter<void>();
  /** Fires when the abstracts of a library shown from its snapshot have been read into its papers. */
  readonly onDidLoadAbstracts = this.abstractsArrived.event;
  /** A rekey waiting for the work before it: pin changes meanwhile join it. */
  private rekeyQueued: Promise<Library> | undefined;
  /** When the current library is on screen ({@link whenShown}). */
  private shown: { readonly library: Library; readonly done: Promise<void>; resolve(): void } | undefined;

  constructor(
    private readonly log: Logger,
    readonly parser?: SourceParser,
    private readonly pins?: PinSource,
    /** Parses kept across windows (issue #17): read before parsing, written after a load. */
    readonly diskCache?: ExtensionParseCache,
    /** The source files the last window found (issue #17): a reopen reads them before searching. */
    private readonly keptFiles?: KeptSourceFiles,
    /** The sources' content digests by change stamp (issue #17): a reopen need not read unchanged sources. */
    private readonly knownDigests?: KnownDigests,
  ) {
    this.disposables.push(this.changed, this.loadingChanged, this.problemsFound, this.abstractsArrived);
    pins?.onDidChange(() => void this.rekey(), undefined, this.disposables);
    const watcher = vscode.workspace.createFileSystemWatcher(`**/*{${CANDIDATE_EXTENSIONS.join(',')}}`);
    this.disposables.push(watcher);
    watcher.onDidChange((uri) => this.fileEvent(uri), undefined, this.disposables);
    watcher.onDidCreate((uri) => this.fileEvent(uri), undefined, this.disposables);
    watcher.onDidDelete((uri) => this.fileEvent(uri), undefined, this.disposables);
    // Deleting a folder reports the folder, not each file in it: any delete above a loaded source counts.
    const deletes = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
    this.disposables.push(deletes);
    deletes.onDidDelete((uri) => this.folderDeleted(uri), undefined, this.disposables);
    // The first load starts in a task after activation (activation stays light).
    this.ready = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => this.reload()).then(() => undefined);
  }

  get library(): Library {
    return this.current;
  }

  /**
   * Resolves once `library` (the current one) is on screen: a view drew it ({@link markShown}),
   * or {@link SHOWN_WAIT_MS} passed. Heavy work after a load waits for it, so it does not hold up
   * the view. At once for a library that is no longer the current one.
   */
  whenShown(library: Library): Promise<void> {
    return library === this.current ? this.shownOf(library).done : Promise.resolve();
  }

  /** A view has drawn `library` (the tree answered for it). */
  markShown(library: Library): void {
    if (library === this.current) {
      this.shownOf(library).resolve();
    }
  }

  private shownOf(library: Library): { readonly done: Promise<void>; resolve(): void } {
    if (this.shown?.library !== library) {
      let resolve: () => void = () => undefined;
      const done = new Promise<void>((r) => (resolve = r));
      const timer = setTimeout(() => resolve(), SHOWN_WAIT_MS);
      void done.then(() => clearTimeout(timer));
      this.shown = { library, done, resolve };
    }
    return this.shown;
  }

  /**
   * False while the library was shown from its snapshot and its abstracts are still being read
   * (a second or so at 100,000 papers): until then every paper's `abstract` is `''` or absent.
   */
  get abstractsLoaded(): boolean {
    return !this.abstractsMissing;
  }

  /** Resolves when the current library's papers hold their abstracts (at once, unless just shown from the snapshot). */
  whenAbstracts(): Promise<void> {
    return this.abstractsPending;
  }

  /** The snapshot id of the current library, when it has one (its search index is stored under it). */
  get currentSnapshot(): string | undefined {
    return this.snapshotId;
  }

  /** Whether the current library was read from its snapshot (not built from the sources). */
  get fromSnapshot(): boolean {
    return this.shownFromSnapshot;
  }

  /** The search index stored with the library snapshot `id`, or undefined. */
  async readIndexSnapshot(id: string): Promise<Uint8Array | undefined> {
    const disk = this.diskCache?.enabled ? this.diskCache : undefined;
    return disk ? disk.snapshots.index(SNAPSHOT_SLOT, id) : undefined;
  }

  /** Stores the search index of the library snapshot `id` (in the background; never throws). */
  async writeIndexSnapshot(id: string, bytes: Uint8Array): Promise<void> {
    const disk = this.diskCache?.enabled ? this.diskCache : undefined;
    if (disk && id === this.snapshotId) {
      const started = Date.now();
      await disk.snapshots.writeIndex(SNAPSHOT_SLOT, id, bytes);
      this.log.info(`Search index stored with the library snapshot (${(bytes.length / 1048576).toFixed(1)} MB) in ${Date.now() - started} ms`);
    }
  }

  /**
   * The URI of a loaded source file from its display path (`Paper.sources[].path`, a problem's
   * path): exact in a multi-root workspace, where display paths start with the folder's name.
   */
  sourceUri(path: string): vscode.Uri | undefined {
    return this.uriOfPath.get(path);
  }

  /**
   * Papers whose keys are being used (cited, copied, exported, given a note): their generated
   * keys are recorded in the key lock so they never move to another paper.
   */
  keysUsed(papers: readonly Paper[]): Promise<void> {
    return this.pins?.use(papers) ?? Promise.resolve();
  }

  private fileEvent(uri: vscode.Uri): void {
    if (uri.path.split('/').includes('node_modules')) {
      return;
    }
    this.cache.delete(uri.toString());
    this.scheduleReload();
  }

  private folderDeleted(uri: vscode.Uri): void {
    const prefix = uri.toString() + '/';
    let hit = false;
    for (const id of [...this.cache.keys()]) {
      if (id.startsWith(prefix)) {
        this.cache.delete(id);
        hit = true;
      }
    }
    if (hit) {
      this.scheduleReload();
    }
  }

  /** Reloads after a quiet period; many calls in a burst cause one reload. */
  scheduleReload(): void {
    this.debounced();
  }

  /**
   * Reloads now. A reload requested while one runs starts when it ends (no overlapping loads).
   * Files whose modification time and size did not change are not read again, and when nothing
   * changed at all the library is not rebuilt (late events of a burst cost only a stat per file);
   * `force` (the Refresh command) re-reads every file.
   */
  reload(options?: { force?: boolean }): Promise<Library> {
    if (options?.force) {
      this.cache.clear();
    }
    const generation = ++this.generation;
    const previous = this.running ?? Promise.resolve(this.current);
    const next = previous.then(
      () => (generation === this.generation ? this.load() : this.current),
      () => (generation === this.generation ? this.load() : this.current),
    );
    this.running = next;
    return next;
  }

  private async load(): Promise<Library> {
    this.loadingChanged.fire(true);
    try {
      return await vscode.window.withProgress({ location: { viewId: VIEWS.papers }, title: 'Loading papers' }, async () => {
        const started = Date.now();
        const settings = readSourceSettings();
        // A reopened window starts with the files the last one found; a search checks them after.
        let toCheck = this.firstLoad ? this.keptFiles?.get(settings) : undefined;
        this.firstLoad = false;
        let foundAt = Date.now();
        let plan = toCheck && (await this.plan(toCheck, settings.maxFileBytes));
        if (!plan || plan.some((p) => !p.stat)) {
          toCheck = undefined; // none kept, or one is gone: search first
          const files = await this.findFiles(settings);
          foundAt = Date.now();
          plan = await this.plan(files, settings.maxFileBytes);
        }
        const planTimes = `${toCheck ? 'kept from the last load' : `found ${foundAt - started}`}, stat'd ${Date.now() - foundAt}`;
        const toRead = plan.reduce((sum, f) => sum + (f.cached ? 0 : (f.stat?.size ?? 0)), 0);
        const run = (progress?: LoadProgress, token?: vscode.CancellationToken): Promise<Library> => this.loadNow(plan, settings.maxFileBytes, started, planTimes, toRead, progress, token);
        const library = await (toRead < NOTIFY_LOAD_BYTES ? run() : vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Lit Notes: Loading papers', cancellable: true }, run));
        if (toCheck) {
          void this.checkKeptFiles(settings, toCheck);
        }
        return library;
      });
    } finally {
      this.loadingChanged.fire(false);
    }
  }

  /** The source files the settings name, remembered for the next window. */
  private async findFiles(settings: SourceSettings): Promise<SourceFile[]> {
    const files = await findSourceFiles(settings);
    this.keptFiles?.set(settings, files);
    return files;
  }

  /** Loads again when a search finds other files than the last window's list the library was loaded from. */
  private async checkKeptFiles(settings: SourceSettings, kept: readonly SourceFile[]): Promise<void> {
    try {
      const found = await this.findFiles(settings);
      if (!sameSourceFiles(found, kept)) {
        this.log.info(`Source files changed while the window was closed (${plural(found.length, 'file')}, were ${kept.length}): loading again`);
        await this.reload();
      }
    } catch (error) {
      this.log.warn(`Could not check the source files: ${String(error)}`);
    }
  }

  /** Which files to read and which parses in the cache are still valid (same mtime and size). */
  private async plan(files: readonly SourceFile[], maxBytes: number): Promise<PlannedFile[]> {
    const seen = new Set(files.map((f) => f.uri.toString()));
    const plan = new Array<PlannedFile>(files.length);
    // A few stats in flight at once (each is a round trip in a remote window); the plan keeps the files' order.
    await forEachLimited(files, STAT_CONCURRENCY, async (file, i) => {
      const id = file.uri.toString();
      const stat = await statUri(file.uri).catch(() => undefined);
      const entry = this.cache.get(id);
      const cached = stat && entry && entry.mtime === stat.mtime && entry.size === stat.size && entry.maxBytes === maxBytes && entry.how === foundHow(file) ? entry : undefined;
      plan[i] = { file, id, stat, cached };
    });
    for (const id of [...this.cache.keys()]) {
      if (!seen.has(id)) {
        this.cache.delete(id);
      }
    }
    return plan;
  }

  private async loadNow(plan: readonly PlannedFile[], maxBytes: number, started: number, planTimes: string, toRead: number, progress?: LoadProgress, token?: vscode.CancellationToken): Promise<Library> {
    const disk = this.diskCache?.enabled ? this.diskCache : undefined;
    // The content digest of each file read (or known by its change stamp), to know it in the next window.
    const digests = new Map<string, string>();
    const identify = (read: ReadSource): Promise<string> =>
      disk
        ? sourceIdentity(read, async (f) => {
            const digest = await disk.cache.contentDigest(f.ref.uri, f.bytes);
            digests.set(f.ref.uri, digest);
            return digest;
          })
        : Promise.resolve('');
    this.uriOfPath = new Map(plan.map(({ file }) => [displayPath(file.uri), file.uri]));
    // 1. Read what memory does not hold, without parsing: with the pins, that is the library's identity.
    const steps: Array<{ readonly planned: PlannedFile; identity: string; parsed?: ParsedSource; read?: ReadSource }> = [];
    let readMs = 0;
    let checkMs = 0;
    let unread = 0;
    // A window's first load reads the library snapshot meanwhile (its id needs the sources' digests).
    let wantSnapshot: (id: string | undefined) => void = () => undefined;
    const ahead = disk && this.readSnapshotAhead ? disk.snapshots.readAhead(SNAPSHOT_SLOT, new Promise((resolve) => (wantSnapshot = resolve))) : undefined;
    this.readSnapshotAhead = false;
    let id: string | undefined;
    try {
      for (const planned of plan) {
        const known = planned.cached || !disk ? undefined : await this.knownIdentity(planned, maxBytes);
        if (planned.cached && (planned.cached.parsed || disk)) {
          steps.push({ planned, identity: planned.cached.identity, parsed: planned.cached.parsed });
        } else if (known) {
          // Unchanged since a load that read it (its change stamp says so): read only if it must be parsed.
          digests.set(planned.id, known.digest);
          steps.push({ planned, identity: known.identity });
          unread++;
        } else {
          const readStarted = Date.now();
          const read = await readWorkspaceSource(planned.file, maxBytes, planned.stat);
          const checkStarted = Date.now();
          readMs += checkStarted - readStarted;
          steps.push({ planned, identity: await identify(read), read });
          checkMs += Date.now() - checkStarted;
        }
      }
      await this.pins?.ready;
      id = disk ? this.snapshotIdOf(steps.map((s) => s.identity)) : undefined;
    } finally {
      wantSnapshot(id !== this.snapshotId && id !== this.brokenSnapshot ? id : undefined);
    }
    const identifiedAt = Date.now();
    if (disk && id !== undefined) {
      if (id === this.snapshotId) {
        this.rememberDigests(plan, digests); // stamps settled since the last load are known from now on
        disk.cache.forgetDigests();
        this.log.info(`Sources unchanged (${plural(plan.length, 'file')} checked in ${Date.now() - started} ms): library kept`);
        return this.current;
      }
      const found = id === this.brokenSnapshot ? undefined : await (ahead ?? disk.snapshots.read(SNAPSHOT_SLOT, id));
      if (found) {
        // where a reopen's time goes, for the log: the sources read and hashed (and the notes' pins), then the snapshot's rest
        const times = `sources ${planTimes}, ${unread > 0 ? `${plural(unread, 'file')} unchanged by ${unread === 1 ? 'its' : 'their'} change stamps, ` : ''}read ${readMs}, content digests ${checkMs} (${identifiedAt - started} in all, with the notes' pins), ${ahead ? 'snapshot read meanwhile, its rest' : 'snapshot read'} ${Date.now() - identifiedAt} ms`;
        this.rememberDigests(plan, digests);
        disk.cache.forgetDigests();
        for (const { planned, identity } of steps) {
          if (planned.stat) {
            this.cache.set(planned.id, { mtime: planned.stat.mtime, size: planned.stat.size, maxBytes, how: foundHow(planned.file), identity, ...(planned.cached?.parsed ? { parsed: planned.cached.parsed } : {}) });
          }
        }
        this.builtIdentities = steps.map((s) => s.identity);
        return this.showSnapshot(found, id, started, plan.length, times);
      }
    }
    // 2. Parse (or take from the parse cache) what memory does not hold, a file per parse
    // worker at once (several files load in about the time of the biggest).
    const results: Array<ParsedSource | undefined> = steps.map((step) => step.parsed);
    const cancelled: boolean[] = [];
    let reread = 0;
    await forEachLimited(steps, this.parser?.workers ?? 1, async (step, i) => {
      const { planned } = step;
      const { file, id, stat } = planned;
      if (step.parsed) {
        return;
      }
      // After Cancel a file still comes from the parse cache when it is there (cheap); only
      // parsing is refused (the worker throws `ParseCancelled` for a cancelled token).
      progress?.report({ message: `${displayPath(file.uri)} (${i + 1} of ${plan.length})` });
      try {
        if (!step.read) {
          step.read = await readWorkspaceSource(file, maxBytes, stat);
          step.identity = await identify(step.read); // as read now (the snapshot's id is computed again below)
        }
        const result = await parseWorkspaceSource(step.read, this.parser, token, this.diskCache);
        step.read = undefined;
        reread++;
        if (stat) {
          this.cache.set(id, { mtime: stat.mtime, size: stat.size, maxBytes, how: foundHow(file), identity: step.identity, parsed: result });
        }
        results[i] = result;
      } catch (error) {
        if (!(error instanceof ParseCancelled)) {
          throw error;
        }
        cancelled[i] = true;
      }
      progress?.report({ increment: toRead > 0 ? ((stat?.size ?? 0) / toRead) * 100 : 0 });
      await new Promise((resolve) => setTimeout(resolve, 0)); // let the extension host breathe between files
    });
    const parsed = results.filter((r): r is ParsedSource => r !== undefined);
    const skipped = steps.filter((_, i) => cancelled[i] === true).map((step) => displayPath(step.planned.file.uri));
    if (reread > 0) {
      this.diskCache?.afterLoad(plan.map((f) => f.id));
    }
    if (disk) {
      this.rememberDigests(plan, digests);
    }
    // A cancelled file is not cached, so the next reload (Refresh, or any change) reads it again.
    for (const path of skipped) {
      parsed.push({ path, format: undefined, records: [], problems: [problem(path, 1, 'Not loaded: loading was cancelled (run Lit Notes: Refresh to load it)', 'warning')] });
    }
    if (skipped.length === 0 && sameSources(parsed, this.builtFrom) && !this.abstractsMissing) {
      this.log.info(`Sources unchanged (${plural(plan.length, 'file')} checked in ${Date.now() - started} ms): library kept`);
      return this.current;
    }
    // Merged and keyed in slices of a few ms: the extension host stays responsive (#17).
    const parsedAt = Date.now();
    const slices: SliceStats = { slices: 0, longest: 0 };
    const merged = await runInSlices(mergeSourcesSteps(parsed), { stats: slices });
    const mergedAt = Date.now();
    const library = await this.keyed(merged, slices);
    const phases = `found and read ${identifiedAt - started} (${planTimes}), parsed ${parsedAt - identifiedAt}${inWorkers(this.parser?.takeTimes())}, merged ${mergedAt - parsedAt}, keyed ${Date.now() - mergedAt} ms`;
    this.merged = merged;
    this.current = library;
    this.builtFrom = parsed;
    this.setAbstracts(Promise.resolve(), false);
    this.shownFromSnapshot = false;
    this.loads++;
    // A library with a cancelled file is not kept as a snapshot (the next load reads that file).
    this.builtIdentities = skipped.length === 0 ? steps.map((s) => s.identity) : undefined;
    this.snapshotId = disk && this.builtIdentities ? this.snapshotIdOf(this.builtIdentities) : undefined;
    if (disk && this.snapshotId !== undefined) {
      this.writeSnapshot(disk, this.snapshotId, library);
    }
    this.log.info(`Loaded ${plural(library.papers.length, 'paper')} from ${plural(library.recordCount, 'record')} in ${plural(library.sources.length, 'file')} (${reread} read, ${plan.length - reread - skipped.length} cached, ${skipped.length} cancelled; ${plural(library.problems.length, 'problem')}) in ${Date.now() - started} ms (${phases}; merged and keyed in ${slices.slices} tasks of at most ${slices.longest.toFixed(0)} ms)`);
    this.logProblems(library);
    this.changed.fire(library);
    if (skipped.length > 0) {
      void this.onCancelled(skipped, library);
    } else if (library.problems.length > 0 && reread > 0) {
      this.problemsFound.fire(library);
    }
    return library;
  }

  /** The identity of a planned file and its content digest, known by its change stamp without reading it. */
  private async knownIdentity(planned: PlannedFile, maxBytes: number): Promise<{ readonly identity: string; readonly digest: string } | undefined> {
    const { stat } = planned;
    const digest = stat?.change !== undefined ? this.knownDigests?.get(planned.id, stat.change) : undefined;
    const identity = stat && digest !== undefined ? await identityWithoutReading(planned.file, maxBytes, stat, digest) : undefined;
    return identity !== undefined && digest !== undefined ? { identity, digest } : undefined;
  }

  /**
   * Keeps the content digests of this load's files by their change stamps, for the next window.
   * A file this load did not read or know by its stamp (memory held its parse) keeps the digest
   * known for its stamp, if any.
   */
  private rememberDigests(plan: readonly PlannedFile[], digests: ReadonlyMap<string, string>): void {
    const entries: Array<{ uri: string; change: string; digest: string }> = [];
    for (const { id, stat } of plan) {
      const digest = stat?.change !== undefined ? (digests.get(id) ?? this.knownDigests?.get(id, stat.change)) : undefined;
      if (stat?.change !== undefined && digest !== undefined) {
        entries.push({ uri: id, change: stat.change, digest });
      }
    }
    this.knownDigests?.set(entries);
  }

  /** The library snapshot id of these source identities with the current pins. */
  private snapshotIdOf(identities: readonly string[]): string {
    const snapshots = this.diskCache?.snapshots;
    if (!snapshots) {
      return '';
    }
    return snapshots.id({ sources: identities, pins: this.pins?.pins() ?? [], extraProblems: this.pins?.problems() ?? [] });
  }

  /** Shows a library read from its snapshot at once; its abstracts follow in the background. */
  private showSnapshot(found: SnapshotLibrary, id: string, started: number, files: number, times: string): Library {
    const library = found.library;
    this.current = library;
    this.merged = undefined; // re-keying reads the sources again (from the parse cache)
    this.builtFrom = [];
    this.snapshotId = id;
    this.shownFromSnapshot = true;
    this.loads++;
    this.log.info(`Loaded ${plural(library.papers.length, 'paper')} from the library snapshot (${plural(files, 'file')} unchanged; ${plural(library.problems.length, 'problem')}) in ${Date.now() - started} ms (${times})`);
    this.logProblems(library);
    // Read once the papers are on screen (they are not needed to draw them).
    const abstracts = this.whenShown(library).then(() => this.diskCache?.snapshots.abstracts(SNAPSHOT_SLOT, id, found) ?? false);
    this.setAbstracts(
      abstracts.then(async (ok) => {
        if (ok) {
          this.log.info(`Abstracts of ${plural(found.abstracts, 'paper')} read from the library snapshot (${Date.now() - started} ms after the load began)`);
          this.abstractsMissing = false;
          this.abstractsArrived.fire();
          return;
        }
        // Unusable: load from the sources (and their parse cache) instead; the snapshot is rewritten.
        this.brokenSnapshot = id;
        this.snapshotId = undefined;
        await this.reload();
      }),
      true,
    );
    this.changed.fire(library);
    return library;
  }

  private setAbstracts(pending: Promise<void>, missing: boolean): void {
    this.abstractsMissing = missing;
    this.abstractsPending = pending.catch(() => undefined);
  }

  /** Writes the snapshot of a library just built, soon and in the background (if it is still the current one). */
  private writeSnapshot(disk: ExtensionParseCache, id: string, library: Library): void {
    setTimeout(() => {
      if (this.current === library && this.snapshotId === id) {
        const started = Date.now();
        const written = disk.snapshots.stats.written;
        void disk.snapshots.write(SNAPSHOT_SLOT, id, library).then(() => {
          if (disk.snapshots.stats.written > written) {
            this.log.info(`Library snapshot written (${plural(library.papers.length, 'paper')}) in ${Date.now() - started} ms`);
            if (id === this.brokenSnapshot) {
              this.brokenSnapshot = undefined;
            }
          }
        });
      }
    }, SNAPSHOT_WRITE_DELAY_MS);
  }

  private logProblems(library: Library): void {
    library.sources.forEach((s) => s.skipped !== undefined && this.log.info(`${s.path}: ${s.skipped}`));
    for (const p of library.problems) {
      // The log line carries the level ([error]/[warning]) already: the text says where and what.
      if (p.severity === 'error') {
        this.log.error(`${p.path}:${p.line}: ${p.message}`);
      } else {
        this.log.warn(`${p.path}:${p.line}: ${p.message}`);
      }
    }
  }

  /** Keys for merged papers: the one rule (`core/citekey.ts`) with the workspace's pins, in slices. */
  private keyed(merged: MergedSources, stats?: SliceStats): Promise<Library> {
    if (!this.pins) {
      return runInSlices(keyLibrarySteps(merged), { stats });
    }
    const lockProblems = this.pins.problems();
    return runInSlices(keyLibrarySteps(lockProblems.length > 0 ? { ...merged, problems: [...merged.problems, ...lockProblems] } : merged, this.pins.pins()), { stats });
  }

  /** The pins changed (a note's citekey, the key lock): give the same papers their keys again. */
  private rekey(): Promise<Library> {
    if (this.rekeyQueued) {
      return this.rekeyQueued; // not started yet: it reads the pins when it starts
    }
    // Chained on `running` like a reload: a reload asked for meanwhile waits for the sliced rekey.
    const run = async (): Promise<Library> => {
      this.rekeyQueued = undefined;
      if (!this.merged) {
        // Shown from its snapshot: the pins are part of its id. Built again only when they changed
        // (the notes' first scan reports the same pins the snapshot was made with).
        if (this.snapshotId !== undefined && (!this.builtIdentities || this.snapshotIdOf(this.builtIdentities) !== this.snapshotId)) {
          void this.reload();
        }
        return this.current;
      }
      const library = await this.keyed(this.merged);
      const changed = !(await runInSlices(sameKeysSteps(library, this.current)));
      if (changed) {
        this.current = library;
      }
      // The pins are part of the snapshot's id: the same library under the new pins is stored again.
      const disk = this.diskCache?.enabled ? this.diskCache : undefined;
      const id = disk && this.builtIdentities ? this.snapshotIdOf(this.builtIdentities) : undefined;
      if (disk && id !== undefined && id !== this.snapshotId) {
        this.snapshotId = id;
        this.writeSnapshot(disk, id, this.current);
      }
      if (changed) {
        this.log.info(`Keys updated from notes and the key lock (${library.papers.length} papers)`);
        this.changed.fire(library);
      }
      return this.current;
    };
    const next = (this.running ?? Promise.resolve(this.current)).then(run, run);
    this.running = next;
    this.rekeyQueued = next;
    return next;
  }

  private async onCancelled(skipped: readonly string[], library: Library): Promise<void> {
    const names = skipped.length <= 3 ? skipped.join(', ') : `${skipped.slice(0, 3).join(', ')} and ${skipped.length - 3} more`;
    const choice = await vscode.window.showWarningMessage(`Lit Notes: loading cancelled. ${plural(library.papers.length, 'paper')} loaded; not loaded: ${names}.`, 'Refresh');
    if (choice === 'Refresh') {
      void this.reload();
    }
  }

  dispose(): void {
    this.generation++;
    this.debounced.dispose();
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}

/** The parse workers' share of a load's parse time, for its log line: ` (N files in workers: parse P, answer lines L)`. */
function inWorkers(times: ParseTimes | undefined): string {
  if (!times || times.files === 0) {
    return '';
  }
  return ` (${plural(times.files, 'file')} in workers: parsing ${times.parseMs.toFixed(0)}, writing the answer ${times.linesMs.toFixed(0)}, waited ${times.waitMs.toFixed(0)})`;
}
