/** Insert Citation…: the picked papers' citation at every cursor of the active editor. */
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { papersFromArg } from '../platform/command-args';
import type { Services } from '../services';
import { citationText } from './citation-text';

export function registerInsertCitation(services: Services): vscode.Disposable {
  const { library: service, notes } = services;
  return vscode.commands.registerCommand(COMMANDS.insertCitation, async (arg?: unknown) => {
    await service.ready;
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    if (!editor) {
      void vscode.window.showInformationMessage('Lit Notes: open a document to insert a citation into.');
      return undefined;
    }
    const papers = arg === undefined ? await services.picker.pickPapers('Insert Citation') : papersFromArg(service.library, arg);
    if (papers.length === 0) {
      return undefined;
    }
    const text = citationText(papers, notes, editor.document.languageId, editor.document.uri);
    await editor.edit((b) => editor.selections.forEach((s) => b.replace(s, text)));
    papers.forEach((p) => services.recent.opened(p.key));
    await service.keysUsed(papers);
    return text;
  });
}
