/** The "Papers" tree view and its commands: grouping, sorting, filter, reveal, paging, links. */
import * as vscode from 'vscode';
import type { GroupBy, GroupingContext, SortBy } from '../core/grouping';
import { GROUP_BY, SORT_BY } from '../core/grouping';
import type { Paper } from '../core/model';
import { COMMANDS, CONTEXT, STATE, VIEWS } from '../ids';
import type { LibraryService } from '../library';
import type { NoteInfo } from './paper-tree-provider';
import { PaperTreeProvider } from './paper-tree-provider';
import type { GroupNode, TreeNode } from './tree-model';
import { registerPaperCommands } from './paper-commands';

const GROUP_LABELS: Record<GroupBy, string> = { date: 'Date (year, month)', source: 'Source file', organization: 'Organisation', status: 'Reading status', tag: 'Tag' };
const SORT_LABELS: Record<SortBy, string> = { date: 'Date (newest first)', title: 'Title', upvotes: 'Upvotes (most first)' };

export interface TreeFeature {
  readonly provider: PaperTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
}

export function register(
  context: vscode.ExtensionContext,
  service: LibraryService,
  grouping: GroupingContext,
  notes: NoteInfo,
  onNotesChanged: vscode.Event<void>,
  pickPaper: () => Promise<Paper | undefined>,
): TreeFeature {
  const state = context.workspaceState;
  const groupBy = state.get<GroupBy>(STATE.groupBy, 'date');
  const sortBy = state.get<SortBy>(STATE.sortBy, 'date');
  const provider = new PaperTreeProvider(service.library, GROUP_BY.includes(groupBy) ? groupBy : 'date', SORT_BY.includes(sortBy) ? sortBy : 'date', grouping, notes);
  const view = vscode.window.createTreeView(VIEWS.papers, { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(provider, view);

  const describe = (): void => {
    const n = provider.paperCount;
    view.description = provider.filter ? `filter: "${provider.filter}" (${n})` : `${n} · by ${provider.grouped}`;
    void vscode.commands.executeCommand('setContext', CONTEXT.filtered, provider.filter !== '');
    void vscode.commands.executeCommand('setContext', CONTEXT.empty, service.library.papers.length === 0);
  };
  const onLibrary = (): void => {
    provider.setLibrary(service.library);
    describe();
  };
  context.subscriptions.push(
    service.onDidChange(onLibrary),
    onNotesChanged(() => provider.refreshNotes()),
    service.onDidChangeLoading((loading) => {
      view.message = loading && service.library.papers.length === 0 ? 'Loading papers…' : undefined;
      if (!loading) {
        void vscode.commands.executeCommand('setContext', CONTEXT.loaded, true);
      }
    }),
  );
  onLibrary();

  const choose = async <T extends string>(title: string, values: readonly T[], labels: Record<T, string>, current: T): Promise<T | undefined> => {
    const items = values.map((v) => ({ label: labels[v], description: v === current ? 'current' : undefined, value: v }));
    return (await vscode.window.showQuickPick(items, { title, placeHolder: labels[current] }))?.value;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.groupBy, async (value?: unknown) => {
      const next = typeof value === 'string' && (GROUP_BY as readonly string[]).includes(value) ? (value as GroupBy) : await choose('Group Papers By', GROUP_BY, GROUP_LABELS, provider.grouped);
      if (next) {
        provider.setGrouping(next, provider.sorted);
        await state.update(STATE.groupBy, next);
        describe();
      }
    }),
    vscode.commands.registerCommand(COMMANDS.sortBy, async (value?: unknown) => {
      const next = typeof value === 'string' && (SORT_BY as readonly string[]).includes(value) ? (value as SortBy) : await choose('Sort Papers By', SORT_BY, SORT_LABELS, provider.sorted);
      if (next) {
        provider.setGrouping(provider.grouped, next);
        await state.update(STATE.sortBy, next);
      }
    }),
    vscode.commands.registerCommand(COMMANDS.filterPapers, async (value?: unknown) => {
      const text = typeof value === 'string' ? value : await vscode.window.showInputBox({ title: 'Filter Papers', prompt: 'Words in the title, authors, organisation, key, venue or year (all must match)', value: provider.filter });
      if (text !== undefined) {
        provider.setFilter(text);
        describe();
      }
    }),
    vscode.commands.registerCommand(COMMANDS.clearFilter, () => {
      provider.setFilter('');
      describe();
    }),
    vscode.commands.registerCommand(COMMANDS.showMore, (node?: GroupNode | { parent: GroupNode }) => {
      const group = node && 'kind' in node && node.kind === 'group' ? node : node?.parent;
      if (group) {
        provider.showMore(group);
      }
    }),
    vscode.commands.registerCommand(COMMANDS.revealPaper, async (key?: unknown) => {
      await service.ready;
      const target = typeof key === 'string' ? key : (await pickPaper())?.key;
      if (!target) {
        return;
      }
      if (provider.filter && !provider.nodeFor(target)) {
        provider.setFilter('');
        describe();
      }
      const node = provider.nodeFor(target);
      if (node) {
        await view.reveal(node, { select: true, focus: true, expand: true });
      }
    }),
  );
  registerPaperCommands(context, service);
  return { provider, view };
}
