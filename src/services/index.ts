/**
 * The shared stateful services, created once by {@link createServices} and handed to every
 * feature: the library loader, the notes index, the key pins, the search service, recently
 * opened papers, the paper picker and the citation index. Services import no feature.
 */
import * as vscode from 'vscode';
import type { Logger } from '../platform/logger';
import { createLogger } from '../platform/logger';
import { SourceParser } from '../platform/parse-off-thread';
import { ExtensionParseCache } from '../platform/persistent-cache';
import { KeptSourceFiles, KnownDigests } from '../platform/workspace-sources';
import { SLICE_MS, pauseEvery } from '../platform/slices';
import { CitationIndex } from './citation-index';
import { KeyPins } from './key-pins';
import { LibraryService } from './library-service';
import { NotesIndex } from './notes-index';
import { PaperPicker } from './paper-picker';
import { RecentPapers } from './recent-papers';
import { SearchService } from './search-service';

export { CitationIndex, KeyPins, LibraryService, NotesIndex, PaperPicker, RecentPapers, SearchService };

export interface Services {
  readonly log: Logger;
  /** The loaded library: loads in the background, reloads when sources change. */
  readonly library: LibraryService;
  readonly notes: NotesIndex;
  /** Keys pinned by notes and the key lock; records keys in use. */
  readonly pins: KeyPins;
  readonly search: SearchService;
  readonly recent: RecentPapers;
  readonly picker: PaperPicker;
  /** Where each key is cited in the workspace's markdown and LaTeX files. */
  readonly citations: CitationIndex;
}

/**
 * Creates every service; each is disposed with the extension. The search service (whose empty
 * index costs several ms of first-run code) and the picker that uses it are made in the task
 * after activation, or on first use if that comes first: activation stays light (issue #17).
 * The search service catches up with a library that loaded before it existed.
 */
export function createServices(context: vscode.ExtensionContext): Services {
  const log = createLogger(context);
  const notes = new NotesIndex(log);
  const pins = new KeyPins(notes, log);
  const parser = new SourceParser(vscode.Uri.joinPath(context.extensionUri, 'dist', 'parse-worker.js').fsPath, pauseEvery(SLICE_MS));
  const diskCache = new ExtensionParseCache(context, log);
  const library = new LibraryService(log, parser, pins, diskCache, new KeptSourceFiles(context.workspaceState), new KnownDigests(context.workspaceState));
  notes.usePapers(() => library.library.papers);
  const recent = new RecentPapers(context.workspaceState);
  const citations = new CitationIndex(log);
  context.subscriptions.push(notes, pins, parser, diskCache, library, citations);
  let search: SearchService | undefined;
  let picker: PaperPicker | undefined;
  const services: Services = {
    log,
    library,
    notes,
    pins,
    recent,
    citations,
    get search(): SearchService {
      if (!search) {
        search = new SearchService(library, recent, log);
        context.subscriptions.push(search);
      }
      return search;
    },
    get picker(): PaperPicker {
      return (picker ??= new PaperPicker(services.search));
    },
  };
  const soon = setTimeout(() => services.search, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(soon) });
  return services;
}
