/** What the tree's commands share: the provider, the view and the view's description. */
import * as vscode from 'vscode';
import { CONTEXT } from '../ids';
import type { Services } from '../services';
import type { PaperTreeProvider } from './paper-tree-provider';
import type { TreeNode } from './tree-model';

export interface PapersView {
  readonly services: Services;
  readonly state: vscode.Memento;
  readonly provider: PaperTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
  /** Updates the view's description (count, grouping or filter) and its context keys. */
  describe(): void;
}

export function describeView(services: Services, provider: PaperTreeProvider, view: vscode.TreeView<TreeNode>): void {
  const n = provider.paperCount;
  view.description = provider.filter ? `filter: "${provider.filter}" (${n})` : `${n} · by ${provider.grouped}`;
  void vscode.commands.executeCommand('setContext', CONTEXT.filtered, provider.filter !== '');
  void vscode.commands.executeCommand('setContext', CONTEXT.empty, services.library.library.papers.length === 0);
}
