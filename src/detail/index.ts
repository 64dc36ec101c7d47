/** The paper detail view: `Lit Notes: Show Paper`, panel reuse and restore. */
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../ids';
import type { LibraryService } from '../library';
import type { DetailHost } from './detail-panel';
import { DetailPanel } from './detail-panel';

export { DetailPanel };

export function register(context: vscode.ExtensionContext, service: LibraryService, onNotesChanged: vscode.Event<void>, host: Omit<DetailHost, 'paper'>): DetailPanel {
  const panel = new DetailPanel(context.extensionUri, { ...host, paper: (key) => service.library.byKey.get(key) });
  context.subscriptions.push(
    panel,
    vscode.commands.registerCommand(COMMANDS.showPaper, async (key?: unknown) => {
      await service.ready;
      if (typeof key === 'string' && service.library.byKey.has(key)) {
        panel.show(key, true);
        service.noteOpened(key);
      }
    }),
    vscode.window.registerWebviewPanelSerializer(VIEWS.detail, {
      deserializeWebviewPanel: async (webviewPanel, state: unknown) => {
        await service.ready;
        const key = typeof state === 'object' && state !== null && typeof (state as { key?: unknown }).key === 'string' ? (state as { key: string }).key : undefined;
        panel.restore(webviewPanel, key);
      },
    }),
    service.onDidChange(() => panel.refresh()),
    onNotesChanged(() => panel.refresh()),
  );
  return panel;
}
