/** Sync Document Bibliography: appends every cited paper the document's own .bib lacks; reports the rest. */
import * as vscode from 'vscode';
import { citeLanguage } from '../platform/cite-documents';
import { COMMANDS } from '../ids';
import type { LibraryService } from '../services/library-service';
import type { SyncReport } from './document-bibliography';
import { syncDocument } from './document-bibliography';

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

export function registerSyncBibliography(service: LibraryService): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.syncBibliography, async (arg?: unknown) => {
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
  });
}
