/**
 * Unknown citation keys in markdown and LaTeX: warnings updated as the user types (debounced)
 * and when the library changes, with quick fixes (a close match, search papers).
 */
import * as vscode from 'vscode';
import { closestKeys } from '../core/cite/closest-keys';
import type { CiteKeyRef } from '../core/cite/key-ref';
import { COMMANDS, DIAGNOSTIC_COLLECTIONS } from '../ids';
import type { LibraryService } from '../services/library-service';
import { Debouncer } from '../platform/debounce';
import { Disposable } from '../platform/disposable';
import { documentRange } from '../platform/ranges';
import { citationsIn, citeLanguage } from '../platform/cite-documents';

export const DIAGNOSTIC_SOURCE = 'Lit Notes';
export const UNKNOWN_KEY_CODE = 'unknown-citation-key';
const DEBOUNCE_MS = 400;

/** Bare `@word` in markdown is often a handle, not a citation: only keys with a digit count there. */
function worthChecking(ref: CiteKeyRef): boolean {
  return ref.kind !== 'pandoc-bare' || /\d/.test(ref.key);
}

export class CiteDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_COLLECTIONS.citations));
  private readonly debouncer = this.register(new Debouncer<string>(DEBOUNCE_MS));

  constructor(private readonly service: LibraryService) {
    super();
    vscode.workspace.onDidOpenTextDocument((d) => this.check(d), undefined, this.disposables);
    vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document), undefined, this.disposables);
    vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri), undefined, this.disposables);
    service.onDidChange(() => vscode.workspace.textDocuments.forEach((d) => this.check(d)), undefined, this.disposables);
    void service.ready.then(() => vscode.workspace.textDocuments.forEach((d) => this.check(d)));
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!citeLanguage(doc)) {
      return;
    }
    this.debouncer.schedule(doc.uri.toString(), () => this.check(doc));
  }

  check(doc: vscode.TextDocument): void {
    if (!citeLanguage(doc) || doc.isClosed) {
      return;
    }
    const library = this.service.library;
    if (library.papers.length === 0) {
      this.collection.delete(doc.uri); // nothing loaded (yet): every key would look unknown
      return;
    }
    const diagnostics = citationsIn(doc)
      .filter((ref) => worthChecking(ref) && !library.byKey.has(ref.key))
      .map((ref) => {
        const d = new vscode.Diagnostic(documentRange(doc, ref), `Unknown citation key "${ref.key}": no paper in the Lit Notes library has it.`, vscode.DiagnosticSeverity.Warning);
        d.source = DIAGNOSTIC_SOURCE;
        d.code = UNKNOWN_KEY_CODE;
        return d;
      });
    this.collection.set(doc.uri, diagnostics);
  }
}

export class CiteQuickFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly service: LibraryService) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics.filter((x) => x.source === DIAGNOSTIC_SOURCE && x.code === UNKNOWN_KEY_CODE)) {
      const key = doc.getText(d.range);
      for (const [i, candidate] of closestKeys(key, this.service.library.byKey.keys(), 3).entries()) {
        const title = this.service.library.byKey.get(candidate)?.title ?? '';
        const fix = new vscode.CodeAction(`Replace with "${candidate}" (${title.length > 50 ? title.slice(0, 49) + '…' : title})`, vscode.CodeActionKind.QuickFix);
        fix.edit = new vscode.WorkspaceEdit();
        fix.edit.replace(doc.uri, d.range, candidate);
        fix.diagnostics = [d];
        fix.isPreferred = i === 0;
        actions.push(fix);
      }
      const search = new vscode.CodeAction(`Search papers for "${key}"…`, vscode.CodeActionKind.QuickFix);
      search.command = { command: COMMANDS.replaceCitationKey, title: 'Search papers', arguments: [doc.uri, d.range, key] };
      search.diagnostics = [d];
      actions.push(search);
    }
    return actions;
  }
}
