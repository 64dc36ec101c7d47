/**
 * Keeps a search index in step with the library: built once per load, then updated
 * incrementally with the papers that changed (added, removed or edited).
 */
import type * as vscode from 'vscode';
import type { Library } from '../core/library';
import type { Paper } from '../core/model';
import { SearchIndex } from '../core/search';
import type { SearchHit } from '../core/search';
import type { Logger } from '../platform/logger';
import type { LibraryService } from './library-service';

export class SearchService implements vscode.Disposable {
  private index: SearchIndex;
  private papers = new Map<string, Paper>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly service: LibraryService,
    private readonly log: Logger,
  ) {
    this.index = SearchIndex.build([]);
    this.sync(service.library);
    this.subscription = service.onDidChange((library) => this.sync(library));
  }

  private sync(library: Library): void {
    const started = Date.now();
    const next = new Map(library.papers.map((p) => [p.key, p]));
    const removed = [...this.papers.keys()].filter((k) => !next.has(k));
    const added = library.papers.filter((p) => this.papers.get(p.key) !== p && JSON.stringify(this.papers.get(p.key)) !== JSON.stringify(p));
    if (this.papers.size === 0 || added.length + removed.length > next.size / 10) {
      // Titles, authors, keys and venues are searchable at once; abstracts and the typo indexes
      // are built in short slices afterwards, so the extension host never stalls on a big library.
      this.index = SearchIndex.build(library.papers, { deferAbstracts: true });
      this.log.info(`Search index: short fields of ${library.papers.length} papers in ${Date.now() - started} ms; abstracts follow in the background`);
      this.finishInBackground(this.index, started);
    } else if (added.length + removed.length > 0) {
      this.index.update({ added, removed });
      this.log.info(`Search index updated (${added.length} added or changed, ${removed.length} removed) in ${Date.now() - started} ms`);
    }
    this.papers = next;
  }

  private finishInBackground(index: SearchIndex, started: number): void {
    const SLICE_MS = 15;
    const step = (): void => {
      if (index !== this.index || this.disposed) {
        return; // superseded by a newer build
      }
      const done = index.abstractsReady ? index.warm(SLICE_MS) : (index.buildAbstracts(SLICE_MS), false);
      if (done) {
        this.log.info(`Search index complete in ${Date.now() - started} ms`);
      } else {
        setTimeout(step, 0);
      }
    };
    setTimeout(step, 0);
  }

  search(query: string, options: { limit: number; abstracts: boolean }): SearchHit[] {
    return this.index.search(query, options);
  }
  byKey(key: string): Paper | undefined {
    return this.service.library.byKey.get(key);
  }
  recent(): readonly string[] {
    return this.service.recent;
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

  private disposed = false;

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
  }
}
