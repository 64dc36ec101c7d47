import * as assert from 'node:assert/strict';
import type { Paper } from '../core/model';
import { groupPapers } from '../core/grouping';
import type { TreeNode } from './tree-model';
import { FIRST_PAGE, PAGE_STEP, TreeModel } from './tree-model';

function papers(n: number): Paper[] {
  return Array.from({ length: n }, (_, i) => ({ key: `k${i}`, title: `Paper ${String(i).padStart(5, '0')}`, authors: [], tags: [], sources: [{ path: 'big.bib', line: i + 1, format: 'bibtex' as const }] }));
}
const ctx = { statusOf: () => 'unread' as const, tagsOf: () => [] };

suite('tree/tree-model', () => {
  test('a big group shows the first page and a "more" node; each step shows 500 more', () => {
    const model = new TreeModel(groupPapers(papers(1234), 'source', 'title', ctx));
    const [root] = model.rootNodes;
    let children = model.children(root!);
    assert.equal(children.length, FIRST_PAGE + 1);
    assert.deepEqual(children.at(-1), { kind: 'more', id: 'more/source:big.bib', parent: root, remaining: 1234 - FIRST_PAGE });
    model.showMore(root!);
    children = model.children(root!);
    assert.equal(children.length, FIRST_PAGE + PAGE_STEP + 1);
    model.showMore(root!);
    children = model.children(root!);
    assert.equal(children.length, FIRST_PAGE + 2 * PAGE_STEP + 1);
    const last = children.at(-1);
    assert.equal(last?.kind === 'more' ? last.remaining : -1, 34);
    model.showMore(root!);
    children = model.children(root!);
    assert.equal(children.length, 1234);
    assert.ok(children.every((c) => c.kind === 'paper'));
  });

  test('ids are stable across rebuilds, and paging state survives them', () => {
    const groups = groupPapers(papers(700), 'source', 'title', ctx);
    const a = new TreeModel(groups);
    a.showMore(a.rootNodes[0]!);
    const b = new TreeModel(groupPapers(papers(700), 'source', 'title', ctx), a.pagingState);
    const idsA = a.children(a.rootNodes[0]!).map((n: TreeNode) => n.id);
    const idsB = b.children(b.rootNodes[0]!).map((n: TreeNode) => n.id);
    assert.deepEqual(idsA, idsB);
    assert.equal(idsA.length, 700);
    assert.equal(new Set(idsA).size, 700);
  });

  test('locate pages a paper into view and returns the same node object the tree shows', () => {
    const model = new TreeModel(groupPapers(papers(3000), 'source', 'title', ctx));
    const node = model.locate('k2500');
    assert.equal(node?.kind, 'paper');
    const shown = model.children(model.rootNodes[0]!);
    assert.ok(shown.includes(node));
    assert.equal(node?.parent, model.rootNodes[0]);
    assert.equal(model.locate('missing'), undefined);
  });

  test('a year shows its months, then its papers without a month; locate finds both', () => {
    const dated = papers(3).map((p, i) => (i === 2 ? { ...p, date: '2024', year: 2024 } : { ...p, date: `2024-0${i + 1}-01`, year: 2024 }));
    const model = new TreeModel(groupPapers(dated, 'date', 'date', ctx));
    const year = model.rootNodes[0]!;
    const children = model.children(year);
    assert.deepEqual(children.map((c) => c.kind), ['group', 'group', 'paper']);
    assert.deepEqual(children.map((c) => (c.kind === 'group' ? c.group.label : c.kind === 'paper' ? c.paper.key : '')), ['February 2024', 'January 2024', 'k2']);
    assert.equal(model.locate('k2'), children[2]);
    assert.equal(model.locate('k0')?.parent.parent, year);
  });

  test('month subgroups have their year group as parent', () => {
    const dated = papers(3).map((p, i) => ({ ...p, date: `2024-0${i + 1}-01`, year: 2024 }));
    const model = new TreeModel(groupPapers(dated, 'date', 'date', ctx));
    const months = model.children(model.rootNodes[0]!);
    assert.equal(months.length, 3);
    const node = model.locate('k0');
    assert.equal(node?.parent.parent, model.rootNodes[0]);
    assert.ok(months.includes(node!.parent));
  });
});
