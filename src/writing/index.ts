/**
 * Writing with citations: the document's own bibliography (diagnostics, quick fix, sync).
 */
import * as vscode from 'vscode';
import { COMMANDS, INTERNAL_COMMANDS } from '../ids';
import type { LibraryService } from '../services/library-service';
import { CITE_SELECTOR } from '../platform/cite-documents';
import type { Services } from '../services';
import { CitationReferenceProvider } from './references';
import type { RenameDeps } from './rename';
import { CitationRenameProvider, renameCitationKeyCommand } from './rename';
import { registerSyncBibliography } from './sync-bibliography';
import type { NotesIndex } from '../services/notes-index';
import type MarkdownIt from 'markdown-it';
import { citationPlugin, resolvePaper } from '../core/writing/preview';
import { BibliographyDiagnostics, BibliographyQuickFixProvider, addToBibliography } from './document-bibliography';

export function register(context: vscode.ExtensionContext, services: Services): void {
  const { library: service, citations } = services;
  const deps: RenameDeps = { service, notes: services.notes, pins: services.pins, citations };
  context.subscriptions.push(
    vscode.languages.registerReferenceProvider(CITE_SELECTOR, new CitationReferenceProvider(service, citations)),
    // open previews show the new author–date text when papers change
    service.onDidChange(() => {
      void Promise.resolve(vscode.commands.executeCommand('markdown.preview.refresh')).catch(() => undefined);
    }),
    vscode.languages.registerRenameProvider(CITE_SELECTOR, new CitationRenameProvider(deps)),
    vscode.commands.registerCommand(COMMANDS.renameCitationKey, (key?: unknown, newKey?: unknown) => renameCitationKeyCommand(deps, key, newKey)),
    new BibliographyDiagnostics(service),
    vscode.languages.registerCodeActionsProvider(CITE_SELECTOR, new BibliographyQuickFixProvider(), { providedCodeActionKinds: BibliographyQuickFixProvider.kinds }),
    vscode.commands.registerCommand(INTERNAL_COMMANDS.addToBibliography, async (uri: vscode.Uri, key: string) => {
      await service.ready;
      return addToBibliography(await vscode.workspace.openTextDocument(uri), key, service);
    }),
    registerSyncBibliography(service),
  );
}

/** Adds author–date citations to the markdown preview (the instance VS Code passes in). */
export function extendMarkdownIt(md: MarkdownIt, service: LibraryService, notes: NotesIndex): MarkdownIt {
  return md.use(citationPlugin, (key: string) => {
    const paper = service.library.byKey.get(key);
    return paper ? resolvePaper(paper, notes.noteUri(paper)?.toString()) : undefined;
  });
}
