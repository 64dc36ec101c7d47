/** Filter Papers… and Clear Filter. */
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { PapersView } from './papers-view';

export function registerFilterCommands(v: PapersView): vscode.Disposable[] {
  const { provider } = v;
  return [
    vscode.commands.registerCommand(COMMANDS.filterPapers, async (value?: unknown) => {
      const text = typeof value === 'string' ? value : await vscode.window.showInputBox({ title: 'Filter Papers', prompt: 'Words in the title, authors, organisation, key, venue or year (all must match)', value: provider.filter });
      if (text !== undefined) {
        provider.setFilter(text);
        v.describe();
      }
    }),
    vscode.commands.registerCommand(COMMANDS.clearFilter, () => {
      provider.setFilter('');
      v.describe();
    }),
  ];
}
