/** The unknown-key quick fix "Choose a paper…": replaces the key with the picked paper's. */
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { Services } from '../services';

export function registerReplaceCitationKey(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.replaceCitationKey, async (uri: vscode.Uri, range: vscode.Range, key: string) => {
    const paper = await services.picker.pickPaper(`Replace "${key}" with…`, key);
    if (paper) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, range, paper.key);
      await vscode.workspace.applyEdit(edit);
      await services.library.keysUsed([paper]);
    }
  });
}
