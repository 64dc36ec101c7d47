/**
 * Composition root: creates the shared services, then registers every feature with them. No logic here.
 */
import type * as vscode from 'vscode';
import * as citations from './citations';
import * as detail from './detail';
import * as library from './library';
import * as live from './live';
import * as notes from './notes';
import * as search from './search';
import type { CitationIndex, KeyPins, LibraryService, NotesIndex } from './services';
import { createServices } from './services';
import * as tree from './tree';
import * as writing from './writing';
import type MarkdownIt from 'markdown-it';

/** What the extension exports to other extensions and to the integration tests. */
export interface LitNotesApi {
  /** Resolves when the first library load and notes scan have finished and the library is searchable. */
  readonly ready: Promise<void>;
  readonly service: LibraryService;
  readonly notes: NotesIndex;
  readonly pins: KeyPins;
  readonly tree: tree.TreeFeature;
  readonly detail: detail.DetailPanel;
  readonly writing: { readonly citations: CitationIndex };
  /** The markdown preview's hook (`markdown.markdownItPlugins`): author–date citations. */
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
}

export function activate(context: vscode.ExtensionContext): LitNotesApi {
  const started = performance.now();
  const services = createServices(context);
  // Every feature, once, in one shape: register(context, services).
  library.register(context, services);
  search.register(context, services);
  const treeFeature = tree.register(context, services);
  notes.register(context, services);
  live.register(context, services);
  citations.register(context, services);
  writing.register(context, services);
  const detailPanel = detail.register(context, services);
  // The library loads after activation returns (LibraryService starts it in a later task).
  services.log.info(`Activated in ${(performance.now() - started).toFixed(1)} ms (the library loads in the background)`);
  return {
    get ready() {
      return Promise.all([services.library.ready, services.notes.ready, services.search.ready]).then(() => undefined);
    },
    service: services.library,
    notes: services.notes,
    pins: services.pins,
    tree: treeFeature,
    detail: detailPanel,
    writing: { citations: services.citations },
    extendMarkdownIt: (md) => writing.extendMarkdownIt(md, services.library, services.notes),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
