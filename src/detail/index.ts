/** The paper detail view: `Lit Notes: Show Paper`, panel reuse and restore. */
import * as vscode from 'vscode';
import { COMMANDS, PAPER_ACTION_COMMANDS, VIEWS } from '../ids';
import type { Services } from '../services';
import { DetailPanel } from './detail-panel';

export { DetailPanel };

export function register(context: vscode.ExtensionContext, services: Services): DetailPanel {
  const { library: service, notes, citations } = services;
  const panel = new DetailPanel(context.extensionUri, {
    paper: (key) => service.library.byKey.get(key),
    hasNote: (p) => notes.hasNote(p),
    abstractsPending: () => !service.abstractsLoaded,
    citedIn: (p) => citations.citingDocuments([p.key, ...(p.aliases ?? [])]),
    run: async (action, key) => {
      await vscode.commands.executeCommand(PAPER_ACTION_COMMANDS[action], key);
    },
  });
  context.subscriptions.push(
    panel,
    vscode.commands.registerCommand(COMMANDS.showPaper, async (key?: unknown) => {
      await service.ready;
      if (typeof key === 'string' && service.library.byKey.has(key)) {
        panel.show(key, true);
        services.recent.opened(key);
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
    service.onDidLoadAbstracts(() => panel.refresh()),
    notes.onDidChange(() => panel.refresh()),
    citations.onDidChange(() => panel.refresh()),
  );
  return panel;
}
