/**
 * The tree's elements and paging, without VS Code types: plain tagged unions over the core's
 * groups, so it can be unit-tested and the provider only maps to TreeItems.
 */
import type { Paper } from '../core/model';
import type { PaperGroup } from '../core/grouping';

export const FIRST_PAGE = 200;
export const PAGE_STEP = 500;

export interface GroupNode {
  readonly kind: 'group';
  readonly id: string;
  readonly group: PaperGroup;
  readonly parent: GroupNode | undefined;
}
export interface PaperNode {
  readonly kind: 'paper';
  readonly id: string;
  readonly paper: Paper;
  readonly parent: GroupNode;
}
export interface MoreNode {
  readonly kind: 'more';
  readonly id: string;
  readonly parent: GroupNode;
  readonly remaining: number;
}
export type TreeNode = GroupNode | PaperNode | MoreNode;

/**
 * Holds the nodes of one grouping of the library. Node objects are created once per library
 * (or grouping) change and reused, so `getParent` and `reveal` see the same elements.
 */
export class TreeModel {
  private readonly roots: GroupNode[];
  private readonly shown = new Map<string, number>();
  private readonly paperNodes = new Map<string, PaperNode>();

  constructor(groups: readonly PaperGroup[], shown?: ReadonlyMap<string, number>) {
    const make = (group: PaperGroup, parent: GroupNode | undefined): GroupNode => ({ kind: 'group', id: `group/${group.id}`, group, parent });
    this.roots = groups.map((g) => make(g, undefined));
    for (const [id, n] of shown ?? []) {
      this.shown.set(id, n);
    }
  }

  get rootNodes(): readonly GroupNode[] {
    return this.roots;
  }

  /** How many papers of a group are shown; paging state survives reloads by group id. */
  shownCount(group: GroupNode): number {
    return Math.min(group.group.papers.length, this.shown.get(group.group.id) ?? FIRST_PAGE);
  }

  get pagingState(): ReadonlyMap<string, number> {
    return this.shown;
  }

  showMore(group: GroupNode): void {
    this.shown.set(group.group.id, this.shownCount(group) + PAGE_STEP);
  }

  /** Ensures a paper at `index` in its group is within the shown page (for reveal). */
  showIndex(group: GroupNode, index: number): void {
    if (index >= this.shownCount(group)) {
      this.shown.set(group.group.id, Math.ceil((index + 1 - FIRST_PAGE) / PAGE_STEP) * PAGE_STEP + FIRST_PAGE);
    }
  }

  /** Subgroups first (a year's months), then the group's own papers, paged. */
  children(node: GroupNode): TreeNode[] {
    const g = node.group;
    const out: TreeNode[] = g.subgroups.map((s) => this.subgroupNode(node, s));
    const n = this.shownCount(node);
    for (const p of g.papers.slice(0, n)) {
      out.push(this.paperNode(node, p));
    }
    if (n < g.papers.length) {
      out.push({ kind: 'more', id: `more/${g.id}`, parent: node, remaining: g.papers.length - n });
    }
    return out;
  }

  private readonly subgroupNodes = new Map<string, GroupNode>();
  private subgroupNode(parent: GroupNode, group: PaperGroup): GroupNode {
    let node = this.subgroupNodes.get(group.id);
    if (!node) {
      node = { kind: 'group', id: `group/${group.id}`, group, parent };
      this.subgroupNodes.set(group.id, node);
    }
    return node;
  }

  paperNode(parent: GroupNode, paper: Paper): PaperNode {
    const id = `paper/${parent.group.id}/${paper.key}`;
    let node = this.paperNodes.get(id);
    if (!node) {
      node = { kind: 'paper', id, paper, parent };
      this.paperNodes.set(id, node);
    }
    return node;
  }

  /** The node showing a paper (in its first group), paging it into view if needed. */
  locate(key: string): PaperNode | undefined {
    const visit = (nodes: readonly GroupNode[]): PaperNode | undefined => {
      for (const node of nodes) {
        const g = node.group;
        if (g.subgroups.length > 0) {
          const found = visit(g.subgroups.map((s) => this.subgroupNode(node, s)));
          if (found) {
            return found;
          }
        }
        const index = g.papers.findIndex((p) => p.key === key);
        if (index >= 0) {
          this.showIndex(node, index);
          return this.paperNode(node, g.papers[index]!);
        }
      }
      return undefined;
    };
    return visit(this.roots);
  }
}
