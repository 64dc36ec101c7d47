/**
 * Hardening in the real extension host: watcher storms, the size limit, and edits a person makes
 * while Update Note Metadata runs.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readFrontmatter } from '../../src/core/notes/frontmatter';
import { COMMANDS, SETTINGS } from '../../src/ids';
import { litNotes, waitFor, workspaceRoot } from './api';
import { RELOAD_DEBOUNCE_MS } from '../../src/services/library-service';
import { WorkspaceStore, readUri, statUri } from '../../src/platform/workspace-store';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function ris(title: string, year = 2021): string {
  return `TY  - JOUR\nTI  - ${title}\nPY  - ${year}\nER  - \n`;
}

suite('Hardening', () => {
  test('a burst of 1,000 file changes ends in one consistent library, with a reload per quiet period at most', async function () {
    this.timeout(60_000);
    const api = await litNotes();
    await api.service.reload();
    const folder = path.join(workspaceRoot().fsPath, 'storm');
    fs.mkdirSync(folder, { recursive: true });
    const before = api.service.library.papers.length;
    const loads = api.service.loads;
    // Like a `git checkout` or a sync client: 100 files appear and are each rewritten 10 times.
    const started = Date.now();
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 100; i++) {
        fs.writeFileSync(path.join(folder, `storm-${i}.ris`), ris(`Storm paper ${i} revision ${round}`));
      }
    }
    const elapsed = Date.now() - started;
    await waitFor('the 100 storm papers in their last revision', () => api.service.library.papers.filter((p) => /^Storm paper \d+ revision 9$/.test(p.title)).length === 100, 30_000);
    await sleep(1500);
    // A reload waits for RELOAD_DEBOUNCE_MS without events, so a burst causes at most one reload
    // per such quiet gap (a busy machine may pause the writes), never one per change.
    const reloads = api.service.loads - loads;
    assert.ok(reloads >= 1 && reloads <= 2 + Math.floor(elapsed / RELOAD_DEBOUNCE_MS), `${reloads} reloads for 1,000 changes written in ${elapsed} ms`);
    assert.equal(api.service.library.papers.length, before + 100);
    assert.equal(api.service.library.papers.filter((p) => p.title.startsWith('Storm paper')).length, 100, 'no stale revision left');

    fs.rmSync(folder, { recursive: true });
    await waitFor('the storm papers to go', () => api.service.library.papers.length === before, 30_000);
  });

  test('file: URIs read by Node give what workspace.fs gives: type, size, mtime, bytes, error code', async () => {
    const file = vscode.Uri.joinPath(workspaceRoot(), 'store-check', 'naïve – ünïcode.dat');
    fs.mkdirSync(path.dirname(file.fsPath), { recursive: true });
    fs.writeFileSync(file.fsPath, '@misc{a, title = {Ünïcode — ✓}}\n'.repeat(1000));
    try {
      const viaVscode = await vscode.workspace.fs.stat(file);
      assert.deepEqual(await statUri(file), { type: 'file', size: viaVscode.size, mtime: viaVscode.mtime });
      assert.equal((await statUri(vscode.Uri.joinPath(file, '..'))).type, 'directory');
      const bytes = await readUri(file);
      assert.deepEqual(Buffer.from(bytes), Buffer.from(await vscode.workspace.fs.readFile(file)));
      assert.equal(Object.getPrototypeOf(bytes), Uint8Array.prototype, 'a plain Uint8Array (slice copies)');
      const empty = vscode.Uri.joinPath(file, '..', 'empty.dat');
      fs.writeFileSync(empty.fsPath, '');
      assert.equal((await readUri(empty)).length, 0);
      const missing = vscode.Uri.joinPath(file, '..', 'missing.dat');
      const store = new WorkspaceStore();
      const codeOf = (p: Promise<unknown>): Promise<string> => p.then(() => 'no error', (e: unknown) => store.reason(e));
      assert.equal(await codeOf(store.read(missing.toString())), await codeOf(Promise.resolve(vscode.workspace.fs.readFile(missing))));
      assert.equal(await codeOf(store.stat(missing.toString())), 'FileNotFound');
    } finally {
      fs.rmSync(path.dirname(file.fsPath), { recursive: true, force: true });
    }
  });

  test('a file over litNotes.maxFileSizeMB is skipped with a message naming it; the rest loads', async function () {
    this.timeout(60_000);
    const api = await litNotes();
    const config = vscode.workspace.getConfiguration();
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'oversized.ris');
    const entries: string[] = [];
    for (let i = 0; entries.join('').length < 1.2 * 1024 * 1024; i++) {
      entries.push(ris(`Oversized library paper number ${i} ${'with a long title '.repeat(4)}`));
    }
    const papersBefore = api.service.library.papers.length;
    await config.update(SETTINGS.maxFileSizeMB, 1, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(entries.join('')));
      const skipped = await waitFor('the size problem', () => api.service.library.problems.find((p) => p.path === 'oversized.ris'), 30_000);
      assert.equal(skipped.line, 1);
      assert.match(skipped.message, /^Skipped: 1\.2 MB is over the litNotes\.maxFileSizeMB limit \(1 MB\)/);
      assert.equal(api.service.library.papers.length, papersBefore, 'no paper of the skipped file, every other paper still there');
      assert.ok(api.service.library.byKey.has('he2016deep'));
    } finally {
      await config.update(SETTINGS.maxFileSizeMB, undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the file to load under the default limit', () => api.service.library.papers.length === papersBefore + entries.length, 30_000);
    await vscode.workspace.fs.delete(uri);
    await waitFor('its papers to go', () => api.service.library.papers.length === papersBefore, 30_000);
  });

  test('typing in a note while Update Note Metadata runs: every keystroke and the update are kept', async function () {
    this.timeout(60_000);
    const api = await litNotes();
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'papers', 'liang2025torchtitan.md');
    const original = '---\ntitle: Old title\ncitekey: liang2025torchtitan\nmine: keep\n---\n\n# Reading\n';
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(original));
    await api.notes.rescan();
    const editor = await vscode.window.showTextDocument(uri);
    // editor.edit refuses an edit whose document moved on meanwhile (here: the update landing);
    // a person's keystroke is never refused like that, so the simulated keystroke is retried.
    const typeLine = async (line: string): Promise<void> => {
      for (let attempt = 0; attempt < 10; attempt++) {
        const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
        if (await editor.edit((e) => e.insert(end, `${line}\n`))) {
          return;
        }
      }
      assert.fail(`could not type ${line}`);
    };
    await typeLine('first thought'); // unsaved: the document is dirty when the update starts
    await waitFor('the dirty state to reach the extension host', () => editor.document.isDirty);

    const update = vscode.commands.executeCommand<{ updated: string[] }>(COMMANDS.updateNoteMetadata, 'liang2025torchtitan', { confirm: false });
    const typed = ['first thought'];
    for (let i = 0; i < 40; i++) {
      typed.push(`typed while updating ${i}`);
      await typeLine(typed[typed.length - 1]!);
      await sleep(i % 5); // keystrokes arrive between the update's steps
    }
    const result = await update;
    assert.deepEqual(result.updated, ['liang2025torchtitan']);
    const text = editor.document.getText();
    const data = readFrontmatter(text).data;
    assert.match(typeof data.title === 'string' ? data.title : '', /^TorchTitan/);
    assert.equal(data.mine, 'keep');
    assert.equal(text.slice(text.indexOf('\n---\n', 4) + 5), `\n# Reading\n${typed.map((t) => `${t}\n`).join('')}`, 'every typed line is there, in order');
    assert.ok(editor.document.isDirty, 'the person had unsaved changes: saving stays their choice');
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), original, 'nothing written behind the editor');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });
});
