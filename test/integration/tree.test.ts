/** The Papers tree on the sample workspace: groups equal the core's, paging, stable ids, live updates. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSources } from '../../src/cli/node-files';
import { groupPapers } from '../../src/core/grouping';
import type { GroupBy } from '../../src/core/grouping';
import { buildLibrary } from '../../src/core/library';
import { COMMANDS } from '../../src/ids';
import type { TreeNode } from '../../src/tree/tree-model';
import { litNotes, waitFor, workspaceRoot } from './api';

const labelOf = (provider: vscode.TreeDataProvider<TreeNode>, n: TreeNode): string => {
  const item = provider.getTreeItem(n) as vscode.TreeItem;
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
};

suite('Papers tree', () => {
  test('every grouping shows the groups and counts the core computes, and every sample paper', async () => {
    const api = await litNotes();
    const provider = api.tree.provider;
    const core = buildLibrary(await readSources([workspaceRoot().fsPath]));
    assert.equal(api.service.library.papers.length, core.papers.length);
    for (const by of ['date', 'source', 'organization', 'status', 'tag'] as GroupBy[]) {
      await vscode.commands.executeCommand(COMMANDS.groupBy, by);
      const roots = provider.getChildren();
      const expected = groupPapers(core.papers, by, 'date', { statusOf: (p) => api.notes.statusOf(p), tagsOf: (p) => api.notes.tagsOf(p) });
      assert.deepEqual(
        roots.map((r) => (r.kind === 'group' ? [r.group.label, r.group.count] : [])),
        // The core read absolute paths; the extension shows workspace-relative ones.
        expected.map((g) => [by === 'source' ? path.relative(workspaceRoot().fsPath, g.label).split(path.sep).join('/') : g.label, g.count]),
        `grouping by ${by}`,
      );
      // Every paper is reachable in this grouping.
      const seen = new Set<string>();
      const walk = (nodes: TreeNode[]): void => {
        for (const n of nodes) {
          if (n.kind === 'paper') {
            seen.add(n.paper.key);
          } else if (n.kind === 'group') {
            let children = provider.getChildren(n);
            while (children.at(-1)?.kind === 'more') {
              api.tree.provider.showMore(n);
              children = provider.getChildren(n);
            }
            walk(children);
          }
        }
      };
      walk(roots);
      assert.equal(seen.size, core.papers.length, `all papers shown when grouped by ${by}`);
    }
    await vscode.commands.executeCommand(COMMANDS.groupBy, 'date');
  });

  test('paper rows: title label, key · year description, context tokens, lazily resolved tooltip', async () => {
    const api = await litNotes();
    const provider = api.tree.provider;
    const node = provider.nodeFor('wortsman2022soups');
    assert.ok(node && node.kind === 'paper');
    const item = provider.getTreeItem(node);
    assert.match(labelOf(provider, node), /^Model soups/);
    const paper = api.service.library.byKey.get('wortsman2022soups');
    assert.ok(paper);
    assert.equal(item.description, ['wortsman2022soups', '2022', ...(paper.upvotes !== undefined ? [`▲ ${paper.upvotes}`] : [])].join(' · '));
    assert.match(item.contextValue ?? '', /\bpaper\b.*\bhasArxiv\b/);
    assert.equal(item.tooltip, undefined, 'tooltip is resolved lazily');
    const resolved = api.tree.provider.resolveTreeItem(item, node);
    const md = resolved.tooltip as vscode.MarkdownString;
    assert.match(md.value, /Mitchell Wortsman/);
    assert.match(md.value, /arxiv\.org\/abs\/2203\.05482/);
    assert.equal(provider.getParent?.(node), node.parent);
  });

  test('a big group pages (200, then 500 more); ids are stable across reloads', async () => {
    const api = await litNotes();
    const provider = api.tree.provider;
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'generated-big.bib');
    const entries = Array.from({ length: 450 }, (_, i) => `@article{gen${i},\n  title = {Generated paper number ${i} about paging},\n  year = {2001}\n}\n`).join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(entries));
    try {
      await vscode.commands.executeCommand(COMMANDS.groupBy, 'source');
      const group = await waitFor('the generated file in the tree', () => (provider.getChildren()).find((n) => n.kind === 'group' && n.group.label === 'generated-big.bib'));
      assert.ok(group.kind === 'group');
      let children = provider.getChildren(group);
      assert.equal(children.length, 201);
      const more = children[200];
      assert.ok(more?.kind === 'more' && more.remaining === 250);
      await vscode.commands.executeCommand(COMMANDS.showMore, more);
      children = provider.getChildren(group);
      assert.equal(children.length, 450);
      const ids = children.map((c) => (provider.getTreeItem(c)).id);
      await api.service.reload();
      const again = (provider.getChildren()).find((n) => n.kind === 'group' && n.group.label === 'generated-big.bib');
      assert.ok(again);
      assert.deepEqual((provider.getChildren(again)).map((c) => (provider.getTreeItem(c)).id), ids);
    } finally {
      await vscode.workspace.fs.delete(uri);
      await waitFor('the generated papers to go', () => !api.service.library.byKey.has('gen0'));
      await vscode.commands.executeCommand(COMMANDS.groupBy, 'date');
    }
  });

  test('a new, changed or deleted source file updates the tree by itself', async () => {
    const api = await litNotes();
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'live.ris');
    const before = api.service.library.papers.length;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('TY  - JOUR\nTI  - A live update test paper about watchers\nPY  - 2020\nER  - \n'));
    await waitFor('the new paper', () => api.service.library.papers.length === before + 1);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('TY  - JOUR\nTI  - A renamed live update test paper\nPY  - 2020\nER  - \n'));
    await waitFor('the renamed paper', () => api.service.library.papers.some((p) => p.title === 'A renamed live update test paper'));
    await vscode.workspace.fs.delete(uri);
    await waitFor('the paper to go', () => api.service.library.papers.length === before);
  });

  test('filter narrows the tree and shows in the view description; clear restores it', async () => {
    const api = await litNotes();
    await vscode.commands.executeCommand(COMMANDS.filterPapers, 'soups');
    assert.equal(api.tree.provider.paperCount, 1);
    assert.match(api.tree.view.description ?? '', /filter: "soups"/);
    await vscode.commands.executeCommand(COMMANDS.clearFilter);
    assert.equal(api.tree.provider.paperCount, api.service.library.papers.length);
  });

  test('Reveal Paper selects the paper in the view', async () => {
    const api = await litNotes();
    await vscode.commands.executeCommand('workbench.view.extension.litNotes');
    await vscode.commands.executeCommand(COMMANDS.revealPaper, 'he2016deep');
    await waitFor('the selection', () => api.tree.view.selection[0]?.kind === 'paper' && (api.tree.view.selection[0] as { paper: { key: string } }).paper.key === 'he2016deep');
  });

  test('Show Paper opens one reused detail panel', async () => {
    const api = await litNotes();
    await vscode.commands.executeCommand(COMMANDS.showPaper, 'he2016deep');
    assert.equal(api.detail.shownKey, 'he2016deep');
    await vscode.commands.executeCommand(COMMANDS.showPaper, 'wortsman2022soups');
    assert.equal(api.detail.shownKey, 'wortsman2022soups');
    const webviewTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
    await waitFor('the detail tab', () => webviewTabs().some((t) => t.label.startsWith('Model soups')));
    assert.equal(webviewTabs().length, 1, `one detail panel: ${webviewTabs().map((t) => t.label).join(', ')}`);
  });
});

suite('Big sources', () => {
  test('a file over 2 MB is parsed in the worker thread and its papers appear', async () => {
    const api = await litNotes();
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'big-library.bib');
    const abstract = 'word '.repeat(400);
    const text = Array.from({ length: 1500 }, (_, i) => `@article{big${i},\n  title = {Big library paper ${i}},\n  year = {2010},\n  abstract = {${abstract}}\n}\n`).join('\n');
    assert.ok(text.length > 2 * 1024 * 1024);
    const before = api.service.parser?.offThread ?? 0;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      await waitFor('the big file\'s papers', () => api.service.library.byKey.has('big1499'), 30_000);
      assert.equal(api.service.library.byKey.get('big0')?.title, 'Big library paper 0');
      assert.ok((api.service.parser?.offThread ?? 0) > before, 'parsed off the main thread');
    } finally {
      await vscode.workspace.fs.delete(uri);
      await waitFor('the big file\'s papers to go', () => !api.service.library.byKey.has('big0'), 30_000);
    }
  });
});
