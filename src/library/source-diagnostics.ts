/**
 * Source problems in the Problems panel: every problem of the loaded library (a broken BibTeX
 * entry, an unreadable file, a duplicate key, a key-lock conflict) becomes a diagnostic on its
 * file at its line, source `Lit Notes`, with a code per kind (`core/problem-codes.ts`), as LaTeX
 * Workshop does for `.bib` files. Published again whenever the library is rebuilt, so a fixed
 * entry or a deleted file loses its diagnostics. The output channel stays the log.
 */
import * as vscode from 'vscode';
import type { Library } from '../core/library';
import type { Problem } from '../core/model';
import { problemCode, relatedLocations } from '../core/problem-codes';
import { COMMANDS } from '../ids';

/** VS Code's command that opens and focuses the Problems panel. */
export const PROBLEMS_PANEL_COMMAND = 'workbench.actions.view.problems';

export function showProblemsPanel(): Thenable<unknown> {
  return vscode.commands.executeCommand(PROBLEMS_PANEL_COMMAND);
}

/** End column for "the whole line" when the file is not open (VS Code clamps it to the line). */
const LINE_END = 65_535;

/**
 * The file a problem's path names. Paths are as the log shows them (`displayPath`): relative to
 * the workspace folder (prefixed by the folder's name when several are open), or absolute for a
 * file outside the workspace.
 */
export function problemUri(path: string): vscode.Uri | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) {
    return vscode.Uri.file(path);
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length > 1) {
    const slash = path.indexOf('/');
    const folder = slash > 0 ? folders.find((f) => f.name === path.slice(0, slash)) : undefined;
    if (folder) {
      return vscode.Uri.joinPath(folder.uri, path.slice(slash + 1));
    }
  }
  return folders[0] ? vscode.Uri.joinPath(folders[0].uri, path) : undefined;
}

function lineRange(line: number): vscode.Range {
  const l = Math.max(0, line - 1);
  return new vscode.Range(l, 0, l, LINE_END);
}

export function toDiagnostic(p: Problem, uri: vscode.Uri): vscode.Diagnostic {
  const d = new vscode.Diagnostic(lineRange(p.line), p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = 'Lit Notes';
  d.code = problemCode(p);
  const related = relatedLocations(p)
    .map(({ path, line }) => {
      const at = path === undefined ? uri : problemUri(path);
      return at ? new vscode.DiagnosticRelatedInformation(new vscode.Location(at, lineRange(line)), path === undefined ? `first at line ${line}` : `${path}:${line}`) : undefined;
    })
    .filter((r): r is vscode.DiagnosticRelatedInformation => r !== undefined);
  if (related.length > 0) {
    d.relatedInformation = related;
  }
  return d;
}

/** Publishes the library's problems as diagnostics, replacing the previous set each time. */
export class SourceDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('Lit Notes');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(service: { readonly library: Library; readonly onDidChange: vscode.Event<Library> }) {
    service.onDidChange((library) => this.publish(library), undefined, this.disposables);
    this.publish(service.library);
    this.disposables.push(
      vscode.languages.registerCodeActionsProvider('*', new SourceQuickFixes(), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    );
  }

  publish(library: Library): void {
    const byFile = new Map<string, [vscode.Uri, vscode.Diagnostic[]]>();
    for (const p of library.problems) {
      const uri = problemUri(p.path);
      if (!uri) {
        continue;
      }
      const entry = byFile.get(uri.toString()) ?? [uri, []];
      entry[1].push(toDiagnostic(p, uri));
      byFile.set(uri.toString(), entry);
    }
    this.collection.clear();
    this.collection.set([...byFile.values()]);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}

/**
 * Quick fixes only where the fix is plain: a file over the size limit opens that setting, a file
 * whose loading was cancelled is loaded again. Broken entries are the user's to repair.
 */
class SourceQuickFixes implements vscode.CodeActionProvider {
  provideCodeActions(_document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics.filter((x) => x.source === 'Lit Notes')) {
      if (d.code === 'file-too-large') {
        const a = new vscode.CodeAction('Raise the size limit (litNotes.maxFileSizeMB)…', vscode.CodeActionKind.QuickFix);
        a.command = { command: 'workbench.action.openSettings', title: a.title, arguments: ['litNotes.maxFileSizeMB'] };
        a.diagnostics = [d];
        actions.push(a);
      } else if (d.code === 'not-loaded' && /loading was cancelled/.test(d.message)) {
        const a = new vscode.CodeAction('Load it now (Lit Notes: Refresh)', vscode.CodeActionKind.QuickFix);
        a.command = { command: COMMANDS.refresh, title: a.title };
        a.diagnostics = [d];
        a.isPreferred = true;
        actions.push(a);
      }
    }
    return actions;
  }
}
