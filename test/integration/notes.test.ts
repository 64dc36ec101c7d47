/** Notes in the real extension host: created through workspace.fs, never overwritten, updated safely. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { readFrontmatter } from '../../src/core/notes/frontmatter';
import type { BulkReport } from '../../src/notes';
import { COMMANDS, EXTENSION_ID } from '../../src/ids';
import { litNotes, waitFor, workspaceRoot } from './api';

async function read(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

suite('Notes', () => {
  test('Open or Create Note writes papers/<key>.md with frontmatter and opens it; a second call never rewrites it', async () => {
    const api = await litNotes();
    const uri = await vscode.commands.executeCommand<vscode.Uri>(COMMANDS.openNote, 'he2016deep');
    assert.ok(uri);
    assert.equal(uri.toString(), vscode.Uri.joinPath(workspaceRoot(), 'papers', 'he2016deep.md').toString());
    const text = await read(uri);
    const data = readFrontmatter(text).data;
    assert.equal(data.title, 'Deep Residual Learning for Image Recognition');
    assert.equal(data.citekey, 'he2016deep');
    assert.equal(data.doi, '10.1109/cvpr.2016.90');
    assert.equal(data.status, 'unread');
    // What the paper has, and nothing empty (#15): its BibTeX keywords, its venue, no bare
    // `date` beside `year` unless more precise, no empty Abstract section (it has no abstract).
    assert.deepEqual(data.tags, ['computer vision']);
    assert.equal(data.venue, 'Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)');
    assert.equal(data.date, '2016-06');
    assert.equal(data.year, 2016);
    assert.doesNotMatch(text, /## Abstract/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    await waitFor('the notes index', () => api.notes.hasNote(api.service.library.byKey.get('he2016deep')!));

    const mine = text + '\nMy own words.\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(mine));
    await vscode.commands.executeCommand(COMMANDS.openNote, 'he2016deep');
    assert.equal(await read(uri), mine, 'existing note untouched');
  });

  test('keys differing only in case get note files whose names differ when case is ignored (#18 L3)', async function () {
    this.timeout(60_000);
    const api = await litNotes();
    const bib = vscode.Uri.joinPath(workspaceRoot(), 'case-keys.bib');
    await vscode.workspace.fs.writeFile(bib, new TextEncoder().encode('@article{casekey2020, title = {Lower Case Key Paper}}\n@article{Casekey2020, title = {Upper Case Key Paper}}\n'));
    try {
      await waitFor('both papers', () => api.service.library.byKey.has('casekey2020') && api.service.library.byKey.has('Casekey2020'), 30_000);
      const lower = await vscode.commands.executeCommand<vscode.Uri>(COMMANDS.openNote, 'casekey2020');
      const upper = await vscode.commands.executeCommand<vscode.Uri>(COMMANDS.openNote, 'Casekey2020');
      assert.ok(lower && upper);
      assert.notEqual(lower.path.toLowerCase(), upper.path.toLowerCase());
      assert.equal(readFrontmatter(await read(lower)).data.citekey, 'casekey2020');
      assert.equal(readFrontmatter(await read(upper)).data.citekey, 'Casekey2020');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(lower);
      await vscode.workspace.fs.delete(upper);
    } finally {
      await vscode.workspace.fs.delete(bib);
    }
  });

  test('Set Reading Status edits only the status; the tree icon and status group follow', async () => {
    const api = await litNotes();
    const uri = await vscode.commands.executeCommand<vscode.Uri>(COMMANDS.openNote, 'vaswani2017attention');
    const before = await read(uri);
    await vscode.commands.executeCommand(COMMANDS.setReadingStatus, 'vaswani2017attention', 'read');
    const after = await read(uri);
    assert.equal(readFrontmatter(after).data.status, 'read');
    assert.equal(after.slice(after.indexOf('\n---\n', 4)), before.slice(before.indexOf('\n---\n', 4)), 'body unchanged');
    const paper = api.service.library.byKey.get('vaswani2017attention')!;
    await waitFor('status read', () => api.notes.statusOf(paper) === 'read');
    const node = api.tree.provider.nodeFor('vaswani2017attention');
    assert.ok(node);
    const item = api.tree.provider.getTreeItem(node);
    assert.match(item.contextValue ?? '', /\bhasNote\b.*\bstatus-read\b/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'pass');
    await vscode.commands.executeCommand(COMMANDS.groupBy, 'status');
    const groups = api.tree.provider.getChildren();
    const readGroup = groups.find((g) => g.kind === 'group' && g.group.label === 'Read');
    assert.ok(readGroup && readGroup.kind === 'group' && readGroup.group.papers.some((p) => p.key === 'vaswani2017attention'));
    await vscode.commands.executeCommand(COMMANDS.groupBy, 'date');
  });

  test('Update Note Metadata refreshes library fields, keeps user fields and the body byte for byte', async () => {
    await litNotes();
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'papers', 'wortsman2022soups.md');
    const note = '---\ntitle: An old title\ncitekey: wortsman2022soups\nproject: merging\nstatus: reading\n---\n\n# Soups\n\nMy notes, kept exactly.  \r\n';
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(note));
    const api = await litNotes();
    await api.notes.rescan();
    const result = await vscode.commands.executeCommand<{ updated: string[] }>(COMMANDS.updateNoteMetadata, 'wortsman2022soups', { confirm: false });
    assert.deepEqual(result.updated, ['wortsman2022soups']);
    const text = await read(uri);
    const data = readFrontmatter(text).data;
    assert.match(typeof data.title === 'string' ? data.title : '', /^Model soups/);
    assert.equal(data.project, 'merging');
    assert.equal(data.status, 'reading');
    assert.equal(data.arxiv, '2203.05482');
    assert.ok(text.endsWith('\n# Soups\n\nMy notes, kept exactly.  \r\n'));
  });

  test('Create Notes for Group creates the missing notes and reports the existing ones', async () => {
    const api = await litNotes();
    await vscode.commands.executeCommand(COMMANDS.groupBy, 'source');
    const group = (api.tree.provider.getChildren()).find((n) => n.kind === 'group' && n.group.label === 'library.bib');
    assert.ok(group && group.kind === 'group');
    const report = await vscode.commands.executeCommand<BulkReport>(COMMANDS.createNotesForGroup, group, { confirm: false });
    const keys = group.group.papers.map((p) => p.key).sort();
    assert.deepEqual([...report.created, ...report.existing].sort(), keys);
    assert.ok(report.existing.includes('he2016deep'), 'the note made earlier is reported as existing');
    for (const key of keys) {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(workspaceRoot(), 'papers', `${key}.md`));
    }
    await vscode.commands.executeCommand(COMMANDS.groupBy, 'date');
  });

  test('two notes with one citekey: the extension and the CLI choose the same note', async () => {
    const api = await litNotes();
    const key = 'wortsman2022soups';
    const root = workspaceRoot();
    const notes = ['papers/zz-dup-b.md', 'papers/zz-dup-a.md'].map((rel) => vscode.Uri.joinPath(root, ...rel.split('/')));
    for (const [i, uri] of notes.entries()) {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`---\ncitekey: ${key}\n---\n\nCopy ${i}.\n`));
    }
    await api.notes.rescan(notes);
    const paper = api.service.library.byKey.get(key);
    assert.ok(paper);
    const inExtension = await waitFor('the notes index to hold the notes', () => api.notes.get(paper)?.uri);
    const extensionPath = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'dist', 'cli.js').fsPath;
    const out = execFileSync(process.execPath, [extensionPath, 'notes', '--workspace', root.fsPath, '--dry-run', '--key', key, '--json', root.fsPath], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    const report = JSON.parse(out) as { created: string[]; existing: string[] };
    assert.deepEqual(report.created, []);
    assert.equal(report.existing.length, 1);
    assert.equal(vscode.workspace.asRelativePath(inExtension, false), report.existing[0]);
    // the rule both follow: of the notes carrying the key, the first by path
    const carrying: string[] = [];
    for (const [name] of await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(root, 'papers'))) {
      if (name.endsWith('.md') && readFrontmatter(await read(vscode.Uri.joinPath(root, 'papers', name))).data.citekey === key) {
        carrying.push(`papers/${name}`);
      }
    }
    assert.ok(carrying.length >= 2);
    assert.equal(report.existing[0], carrying.sort()[0]);
  });
});
