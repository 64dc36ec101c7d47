/** The "Papers" tree view and its commands: grouping, sorting, filter, reveal, paging, links. */
import * as vscode from 'vscode';
import type { GroupBy, SortBy } from '../core/grouping';
import { GROUP_BY, SORT_BY } from '../core/grouping';
import { CONTEXT, STATE, VIEWS } from '../ids';
import type { Services } from '../services';
import { registerArrangeCommands } from './arrange-commands';
import { registerFilterCommands } from './filter-commands';
import { registerPaperCommands } from './paper-commands';
import { PaperTreeProvider } from './paper-tree-provider';
import type { PapersView } from './papers-view';
import { describeView } from './papers-view';
import { registerRevealCommands } from './reveal-commands';
import type { TreeNode } from './tree-model';

export interface TreeFeature {
  readonly provider: PaperTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
}

export function register(context: vscode.ExtensionContext, services: Services): TreeFeature {
  const { library: service, notes } = services;
  const state = context.workspaceState;
  const groupBy = state.get<GroupBy>(STATE.groupBy, 'date');
  const sortBy = state.get<SortBy>(STATE.sortBy, 'date');
  const grouping = { statusOf: notes.statusOf.bind(notes), tagsOf: notes.tagsOf.bind(notes) };
  const provider = new PaperTreeProvider(service.library, GROUP_BY.includes(groupBy) ? groupBy : 'date', SORT_BY.includes(sortBy) ? sortBy : 'date', grouping, notes, (library) => service.markShown(library));
  const view = vscode.window.createTreeView(VIEWS.papers, { treeDataProvider: provider, showCollapseAll: true });
  const papersView: PapersView = { services, state, provider, view, describe: () => describeView(services, provider, view) };
  const onLibrary = (): void => {
    provider.setLibrary(service.library);
    papersView.describe();
  };
  context.subscriptions.push(
    provider,
    view,
    service.onDidChange(onLibrary),
    notes.onDidChange(() => provider.refreshNotes()),
    service.onDidChangeLoading((loading) => {
      view.message = loading && service.library.papers.length === 0 ? 'Loading papers…' : undefined;
      if (!loading) {
        void vscode.commands.executeCommand('setContext', CONTEXT.loaded, true);
      }
    }),
    ...registerArrangeCommands(papersView),
    ...registerFilterCommands(papersView),
    ...registerRevealCommands(papersView),
    ...registerPaperCommands(services),
  );
  onLibrary();
  return { provider, view };
}
