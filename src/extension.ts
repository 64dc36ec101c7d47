/**
 * Composition root: creates the shared services and hands them to each feature. No logic here.
 */
import * as vscode from 'vscode';
import * as citations from './citations';
import * as detail from './detail';
import { COMMANDS } from './ids';
import * as library from './library';
import { KeyPins } from './library/key-pins';
import * as live from './live';
import { NotesIndex } from './library/notes-index';
import * as notesFeature from './notes';
import { createLogger } from './platform/logger';
import { SearchService } from './library/search-service';
import * as search from './search';
import * as tree from './tree';
import * as writing from './writing';
import type MarkdownIt from 'markdown-it';

/** What the extension exports to other extensions and to the integration tests. */
export interface LitNotesApi {
  /** Resolves when the first library load and notes scan have finished and the library is searchable. */
  readonly ready: Promise<void>;
  readonly service: library.LibraryService;
  readonly notes: NotesIndex;
  readonly pins: KeyPins;
  readonly tree: tree.TreeFeature;
  readonly detail: detail.DetailPanel;
  readonly writing: writing.WritingFeature;
  /** The markdown preview's hook (`markdown.markdownItPlugins`): author–date citations. */
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
}

export function activate(context: vscode.ExtensionContext): LitNotesApi {
  const started = performance.now();
  const log = createLogger(context);
  const notes = new NotesIndex(log);
  const pins = new KeyPins(notes, log);
  context.subscriptions.push(notes, pins);
  const service = library.register(context, log, pins);
  notes.usePapers(() => service.library.papers);
  const searchService = new SearchService(service, log);
  context.subscriptions.push(searchService);
  const pickers = search.register(context, service, searchService);
  const pick = (title: string): ReturnType<typeof pickers.pickPaper> => pickers.pickPaper(title);
  const grouping = { statusOf: notes.statusOf.bind(notes), tagsOf: notes.tagsOf.bind(notes) };
  const treeFeature = tree.register(context, service, grouping, notes, notes.onDidChange, () => pick('Reveal Paper'));
  notesFeature.register(context, { service, notes, log, pickPaper: pick });
  live.register(context, { service, log });
  citations.register(context, { service, notes, search: searchService, pickPapers: (t) => pickers.pickPapers(t), pickPaper: (t, v) => pickers.pickPaper(t, v) });
  const writingFeature = writing.register(context, { service, notes, pins, log });
  const detailPanel = detail.register(context, service, notes.onDidChange, {
    hasNote: (p) => notes.hasNote(p),
    citedIn: (p) => writingFeature.citations.citingDocuments([p.key, ...(p.aliases ?? [])]),
    run: async (action, key) => {
      const command = { openNote: COMMANDS.openNote, copyKey: COMMANDS.copyKey, insertCitation: COMMANDS.insertCitation }[action];
      await vscode.commands.executeCommand(command, key);
    },
  });
  // The library loads after activation returns (LibraryService starts it in a later task).
  log.info(`Activated in ${(performance.now() - started).toFixed(1)} ms (the library loads in the background)`);
  context.subscriptions.push(writingFeature.citations.onDidChange(() => detailPanel.refresh()));
  return { ready: Promise.all([service.ready, notes.ready, searchService.ready]).then(() => undefined), service, notes, pins, tree: treeFeature, detail: detailPanel, writing: writingFeature, extendMarkdownIt: (md) => writing.extendMarkdownIt(md, service, notes) };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
