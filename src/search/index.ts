/** `Lit Notes: Search Papers…`: the search quick pick, then the default action on the paper. */
import * as vscode from 'vscode';
import { COMMANDS, INTERNAL_COMMANDS } from '../ids';
import { readSearchSettings } from '../platform/settings';
import { runPaperAction } from '../services/paper-picker';
import type { Services } from '../services';

export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.searchPapers, async (value?: unknown) => {
      const action = readSearchSettings().defaultAction;
      const result = await services.picker.pick('Search Papers', false, action, typeof value === 'string' ? value : undefined);
      const paper = result?.papers[0];
      if (paper) {
        services.recent.opened(paper.key);
        void vscode.commands.executeCommand(INTERNAL_COMMANDS.revealInTree, paper.key).then(undefined, () => undefined);
        await runPaperAction(result.action, paper);
      }
      return paper?.key;
    }),
  );
}
