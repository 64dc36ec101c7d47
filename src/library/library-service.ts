/**
 * Owns the loaded library: loads it in the background at activation, watches the sources and
 * reloads (debounced) when they change, and tells listeners when it changed. Parsed files are
 * cached by modification time and size, so a change re-reads only the files that changed.
 */
import * as vscode from 'vscode';
import type { Library } from '../core/library';
import { buildLibrary, formatProblem } from '../core/library';
import type { ParsedSource } from '../core/sources';
import { CANDIDATE_EXTENSIONS } from '../core/sources';
import { STATE, VIEWS } from '../ids';
import type { Logger } from '../platform/logger';
import type { SourceParser } from '../platform/parse-off-thread';
import { readSourceSettings } from '../platform/settings';
import { findSourceFiles, readSourceFile } from '../platform/workspace-sources';

const EMPTY: Library = buildLibrary([]);
/** Quiet time after the last file event before reloading: a burst of changes is one reload. */
export const RELOAD_DEBOUNCE_MS = 300;
const RECENT_LIMIT = 50;

interface CacheEntry {
  readonly mtime: number;
  readonly size: number;
  readonly parsed: ParsedSource;
}

export class LibraryService implements vscode.Disposable {
  private current: Library = EMPTY;
  private generation = 0;
  private running: Promise<Library> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<Library>();
  private readonly loadingChanged = new vscode.EventEmitter<boolean>();
  readonly onDidChange = this.changed.event;
  /** Fires true when a load starts and false when it ends. */
  readonly onDidChangeLoading = this.loadingChanged.event;
  /** Resolves when the first load has finished. */
  readonly ready: Promise<void>;
  /** How many loads have completed (for tests and logs). */
  loads = 0;

  constructor(
    private readonly log: Logger,
    private readonly state: vscode.Memento,
    private readonly onProblems: (library: Library) => void,
    readonly parser?: SourceParser,
  ) {
    this.disposables.push(this.changed, this.loadingChanged);
    const watcher = vscode.workspace.createFileSystemWatcher(`**/*{${CANDIDATE_EXTENSIONS.join(',')}}`);
    this.disposables.push(watcher);
    watcher.onDidChange((uri) => this.fileEvent(uri), undefined, this.disposables);
    watcher.onDidCreate((uri) => this.fileEvent(uri), undefined, this.disposables);
    watcher.onDidDelete((uri) => this.fileEvent(uri), undefined, this.disposables);
    this.ready = this.reload().then(() => undefined);
  }

  get library(): Library {
    return this.current;
  }

  /** Keys of recently opened papers, most recent first. */
  get recent(): readonly string[] {
    return this.state.get<string[]>(STATE.recentPapers, []);
  }

  noteOpened(key: string): void {
    void this.state.update(STATE.recentPapers, [key, ...this.recent.filter((k) => k !== key)].slice(0, RECENT_LIMIT));
  }

  private fileEvent(uri: vscode.Uri): void {
    if (uri.path.split('/').includes('node_modules')) {
      return;
    }
    this.cache.delete(uri.toString());
    this.scheduleReload();
  }

  /** Reloads after a quiet period; many calls in a burst cause one reload. */
  scheduleReload(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, RELOAD_DEBOUNCE_MS);
  }

  /** Reloads now. A reload requested while one runs starts when it ends (no overlapping loads). */
  reload(): Promise<Library> {
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
      return await vscode.window.withProgress({ location: { viewId: VIEWS.papers }, title: 'Loading papers' }, () => this.loadNow());
    } finally {
      this.loadingChanged.fire(false);
    }
  }

  private async loadNow(): Promise<Library> {
    const started = Date.now();
    const settings = readSourceSettings();
    const files = await findSourceFiles(settings);
    const parsed: ParsedSource[] = [];
    const seen = new Set<string>();
    let reread = 0;
    for (const file of files) {
      const id = file.uri.toString();
      seen.add(id);
      const stat = await Promise.resolve(vscode.workspace.fs.stat(file.uri)).catch(() => undefined);
      const cached = this.cache.get(id);
      if (stat && cached && cached.mtime === stat.mtime && cached.size === stat.size) {
        parsed.push(cached.parsed);
        continue;
      }
      const result = await readSourceFile(file, settings.maxFileBytes, this.parser);
      reread++;
      if (stat) {
        this.cache.set(id, { mtime: stat.mtime, size: stat.size, parsed: result });
      }
      parsed.push(result);
      await new Promise((resolve) => setTimeout(resolve, 0)); // let the extension host breathe between files
    }
    for (const id of [...this.cache.keys()]) {
      if (!seen.has(id)) {
        this.cache.delete(id);
      }
    }
    const library = buildLibrary(parsed);
    this.current = library;
    this.loads++;
    this.log.info(`Loaded ${library.papers.length} papers from ${library.recordCount} records in ${library.sources.length} files (${reread} read, ${files.length - reread} cached; ${library.problems.length} problems) in ${Date.now() - started} ms`);
    for (const p of library.problems) {
      if (p.severity === 'error') {
        this.log.error(formatProblem(p));
      } else {
        this.log.warn(formatProblem(p));
      }
    }
    this.changed.fire(library);
    if (library.problems.length > 0 && reread > 0) {
      this.onProblems(library);
    }
    return library;
  }

  dispose(): void {
    this.generation++;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}
