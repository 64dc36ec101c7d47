/** The "Papers" tree: groups → (months →) papers, paged, with lazily resolved tooltips. */
import * as vscode from 'vscode';
import type { Library } from '../core/library';
import type { GroupBy, GroupingContext, ReadingStatus, SortBy } from '../core/grouping';
import { groupPapers } from '../core/grouping';
import { huggingFaceUrl } from '../core/links';
import type { Paper } from '../core/model';
import { COMMANDS, VIEW_ITEMS, VIEW_ITEM_STATUS_PREFIX } from '../ids';
import { paperTooltip } from './paper-tooltip';
import { dateLabel, pdfLink } from '../core/paper-info';
import type { GroupNode, TreeNode } from './tree-model';
import { PAGE_STEP, TreeModel } from './tree-model';

/** Lower-cased text a filter matches against: title, key, authors, organisation, venue, year. */
function haystack(p: Paper): string {
  return [p.title, p.key, p.authors.join(' '), p.organization ?? '', p.venue ?? '', p.year ?? ''].join('\n').toLowerCase();
}

export function contextValueOf(p: Paper, hasNote: boolean): string {
  const tokens: string[] = [VIEW_ITEMS.paper];
  if (hasNote) {
    tokens.push(VIEW_ITEMS.hasNote);
  }
  if (p.arxivId) {
    tokens.push(VIEW_ITEMS.hasArxiv);
  }
  if (p.doi) {
    tokens.push(VIEW_ITEMS.hasDoi);
  }
  if (p.url) {
    tokens.push(VIEW_ITEMS.hasUrl);
  }
  if (pdfLink(p)) {
    tokens.push(VIEW_ITEMS.hasPdf);
  }
  if (p.url?.startsWith(huggingFaceUrl(''))) {
    tokens.push(VIEW_ITEMS.hasHuggingFace);
  }
  return tokens.join(' ');
}

export interface NoteInfo {
  hasNote(paper: Paper): boolean;
  statusOf(paper: Paper): ReadingStatus;
}

const STATUS_ICONS: Record<ReadingStatus, [string, string]> = {
  unread: ['note', 'charts.blue'],
  reading: ['book', 'charts.yellow'],
  read: ['pass', 'charts.green'],
};

export class PaperTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private model = new TreeModel([]);
  private filterText = '';
  private haystacks = new WeakMap<Paper, string>();

  constructor(
    private library: Library,
    private groupBy: GroupBy,
    private sortBy: SortBy,
    private readonly grouping: GroupingContext,
    private readonly notes: NoteInfo,
    /** Told when the view asks for the top level of a library: it is about to be drawn. */
    private readonly onShown?: (library: Library) => void,
  ) {
    this.rebuild();
  }

  get filter(): string {
    return this.filterText;
  }
  get grouped(): GroupBy {
    return this.groupBy;
  }
  get sorted(): SortBy {
    return this.sortBy;
  }
  get paperCount(): number {
    return this.model.rootNodes.reduce((n, g) => n + g.group.count, 0);
  }

  setLibrary(library: Library): void {
    this.library = library;
    this.haystacks = new WeakMap();
    this.rebuild();
  }
  setGrouping(groupBy: GroupBy, sortBy: SortBy): void {
    this.groupBy = groupBy;
    this.sortBy = sortBy;
    this.rebuild();
  }
  setFilter(text: string): void {
    this.filterText = text.trim();
    this.rebuild();
  }
  /** Re-reads note state (icons, status groups) without reloading the library. */
  refreshNotes(): void {
    this.rebuild();
  }

  private visiblePapers(): readonly Paper[] {
    const words = this.filterText.toLowerCase().split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) {
      return this.library.papers;
    }
    return this.library.papers.filter((p) => {
      let h = this.haystacks.get(p);
      if (h === undefined) {
        h = haystack(p);
        this.haystacks.set(p, h);
      }
      return words.every((w) => h.includes(w));
    });
  }

  private rebuild(): void {
    const groups = groupPapers(this.visiblePapers(), this.groupBy, this.sortBy, this.grouping);
    this.model = new TreeModel(groups, this.model.pagingState);
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description = `${node.group.count}`;
        item.contextValue = VIEW_ITEMS.group;
        item.tooltip = `${node.group.label}: ${node.group.count} paper${node.group.count === 1 ? '' : 's'}`;
        return item;
      }
      case 'paper': {
        const p = node.paper;
        const item = new vscode.TreeItem(p.title, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        // The year, or `listed 2025-12-10` for a paper known only by its Daily Papers day.
        const when = p.year ?? dateLabel(p);
        item.description = [p.key, when, p.upvotes !== undefined ? `▲ ${p.upvotes}` : undefined].filter((x) => x !== undefined).join(' · ');
        const hasNote = this.notes.hasNote(p);
        const status = this.notes.statusOf(p);
        item.contextValue = contextValueOf(p, hasNote) + (hasNote ? ` ${VIEW_ITEM_STATUS_PREFIX}${status}` : '');
        const [icon, color] = hasNote ? STATUS_ICONS[status] : ['file', undefined];
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        item.command = { command: COMMANDS.showPaper, title: 'Show Paper', arguments: [p.key] };
        item.accessibilityInformation = { label: `${p.title}, ${p.key}${when !== undefined ? `, ${when}` : ''}${hasNote ? `, note ${status}` : ''}` };
        return item;
      }
      case 'more': {
        const step = Math.min(PAGE_STEP, node.remaining);
        const item = new vscode.TreeItem(`Show ${step} more…`, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = `${node.remaining} not shown`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.contextValue = VIEW_ITEMS.more;
        item.command = { command: COMMANDS.showMore, title: 'Show More', arguments: [node] };
        return item;
      }
    }
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.kind === 'paper') {
      item.tooltip = paperTooltip(node.paper, this.notes.hasNote(node.paper));
    }
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      this.onShown?.(this.library);
      return [...this.model.rootNodes];
    }
    return node.kind === 'group' ? this.model.children(node) : [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** Shows the next page of a group. */
  showMore(node: GroupNode): void {
    this.model.showMore(node);
    this.changed.fire(node);
  }

  /** The node showing a paper, paging it in if needed (for `reveal`). */
  nodeFor(key: string): TreeNode | undefined {
    return this.model.locate(key);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
