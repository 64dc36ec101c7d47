/**
 * Writing with citations: the document's own bibliography (diagnostics, quick fix, sync).
 */
import * as vscode from 'vscode';
import { COMMANDS, INTERNAL_COMMANDS } from '../ids';
import type { LibraryService } from '../library';
import { CITE_SELECTOR, citeLanguage } from '../citations/cite-documents';
import type { Logger } from '../platform/logger';
import { CitationIndex } from './citation-index';
import { CitationReferenceProvider } from './references';
import { CitationRenameProvider, renameCitationKeyCommand } from './rename';
import type { NotesIndex } from '../library/notes-index';
import type { KeyPins } from '../library/key-pins';
import type MarkdownIt from 'markdown-it';
import { citationPlugin, resolvePaper } from '../core/writing/preview';
import type { SyncReport } from './document-bibliography';
import { BibliographyDiagnostics, BibliographyQuickFixProvider, addToBibliography, syncDocument } from './document-bibliography';

export interface WritingDeps {
  readonly service: LibraryService;
  readonly notes: NotesIndex;
  readonly pins: KeyPins;
  readonly log?: Logger;
}

export interface WritingFeature {
  readonly citations: CitationIndex;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summary(report: SyncReport): string {
  const file = report.bibliography[0] ?? 'the bibliography';
  const parts = [report.added.length > 0 ? `added ${plural(report.added.length, 'paper')} to ${file}` : `${file} already holds every cited paper Lit Notes knows`];
  if (report.unused.length > 0) {
    parts.push(`${plural(report.unused.length, 'entry', 'entries')} not cited (kept): ${report.unused.slice(0, 5).join(', ')}${report.unused.length > 5 ? ', …' : ''}`);
  }
  if (report.unknown.length > 0) {
    parts.push(`${plural(report.unknown.length, 'key')} neither the bibliography nor the library has: ${report.unknown.slice(0, 5).join(', ')}${report.unknown.length > 5 ? ', …' : ''}`);
  }
  return `Lit Notes: ${parts.join('; ')}.`;
}

export function register(context: vscode.ExtensionContext, deps: WritingDeps): WritingFeature {
  const { service } = deps;
  const citations = new CitationIndex(deps.log);
  context.subscriptions.push(
    citations,
    vscode.languages.registerReferenceProvider(CITE_SELECTOR, new CitationReferenceProvider(service, citations)),
    // open previews show the new author–date text when papers change
    service.onDidChange(() => {
      void Promise.resolve(vscode.commands.executeCommand('markdown.preview.refresh')).catch(() => undefined);
    }),
    vscode.languages.registerRenameProvider(CITE_SELECTOR, new CitationRenameProvider({ ...deps, citations })),
    vscode.commands.registerCommand(COMMANDS.renameCitationKey, (key?: unknown, newKey?: unknown) => renameCitationKeyCommand({ ...deps, citations }, key, newKey)),
    new BibliographyDiagnostics(service),
    vscode.languages.registerCodeActionsProvider(CITE_SELECTOR, new BibliographyQuickFixProvider(), { providedCodeActionKinds: BibliographyQuickFixProvider.kinds }),
    vscode.commands.registerCommand(INTERNAL_COMMANDS.addToBibliography, async (uri: vscode.Uri, key: string) => {
      await service.ready;
      return addToBibliography(await vscode.workspace.openTextDocument(uri), key, service);
    }),
    vscode.commands.registerCommand(COMMANDS.syncBibliography, async (arg?: unknown) => {
      await service.ready;
      const doc = arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : vscode.window.activeTextEditor?.document;
      if (!doc || !citeLanguage(doc)) {
        void vscode.window.showInformationMessage('Lit Notes: open a markdown or LaTeX document to sync its bibliography.');
        return undefined;
      }
      const report = await syncDocument(doc, service);
      if (!report) {
        void vscode.window.showWarningMessage(
          `Lit Notes: ${vscode.workspace.asRelativePath(doc.uri)} names no bibliography. Add ${citeLanguage(doc) === 'markdown' ? '`bibliography: refs.bib` to its frontmatter' : '`\\bibliography{refs}` or `\\addbibresource{refs.bib}`'}.`,
        );
        return undefined;
      }
      void vscode.window.showInformationMessage(summary(report));
      return report;
    }),
  );
  return { citations };
}

/** Adds author–date citations to the markdown preview (the instance VS Code passes in). */
export function extendMarkdownIt(md: MarkdownIt, service: LibraryService, notes: NotesIndex): MarkdownIt {
  return md.use(citationPlugin, (key: string) => {
    const paper = service.library.byKey.get(key);
    return paper ? resolvePaper(paper, notes.noteUri(paper)?.toString()) : undefined;
  });
}
