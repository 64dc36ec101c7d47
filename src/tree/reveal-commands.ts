/** Reveal Paper (a key, or a paper picked by search) and Show More in a paged group. */
import * as vscode from 'vscode';
import { COMMANDS, INTERNAL_COMMANDS } from '../ids';
import type { PapersView } from './papers-view';
import type { GroupNode } from './tree-model';

export function registerRevealCommands(v: PapersView): vscode.Disposable[] {
  const { provider, view, services } = v;
  return [
    vscode.commands.registerCommand(COMMANDS.showMore, (node?: GroupNode | { parent: GroupNode }) => {
      const group = node && 'kind' in node && node.kind === 'group' ? node : node?.parent;
      if (group) {
        provider.showMore(group);
      }
    }),
    vscode.commands.registerCommand(COMMANDS.revealPaper, async (key?: unknown) => {
      await services.library.ready;
      const target = typeof key === 'string' ? key : (await services.picker.pickPaper('Reveal Paper'))?.key;
      if (!target) {
        return;
      }
      if (provider.filter && !provider.nodeFor(target)) {
        provider.setFilter('');
        v.describe();
      }
      const node = provider.nodeFor(target);
      if (node) {
        await view.reveal(node, { select: true, focus: true, expand: true });
      }
    }),
    // A paper picked in Search is shown in the tree too, when the view is open: selected, its
    // groups expanded, the focus left where the pick put it (the detail view or an editor).
    vscode.commands.registerCommand(INTERNAL_COMMANDS.revealInTree, async (key?: unknown) => {
      if (typeof key !== 'string' || !view.visible) {
        return;
      }
      const node = provider.nodeFor(key);
      if (node) {
        await view.reveal(node, { select: true, focus: false, expand: true });
      }
    }),
  ];
}
