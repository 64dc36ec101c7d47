/**
 * The extension in a real VS Code, in a copy of the samples/ workspace: it activates, registers
 * every command its manifest contributes, and its library summary agrees with the core's.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSources } from '../../src/cli/node-files';
import { buildLibrary, summarizeLibrary } from '../../src/core/library';
import type { LibrarySummary } from '../../src/core/library';
import { COMMANDS, EXTENSION_ID } from '../../src/ids';

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder;
}

function extension(): vscode.Extension<{ ready: Promise<void> }> {
  const ext = vscode.extensions.getExtension<{ ready: Promise<void> }>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed (is engines.vscode compatible with ${vscode.version}?)`);
  return ext;
}

suite('Activation', () => {
  suiteSetup(async function () {
    this.timeout(120_000);
    const api = await extension().activate();
    await api.ready;
  });

  test('activates in the sample workspace and exports { ready }', async () => {
    const ext = extension();
    assert.equal(ext.isActive, true);
    assert.ok(ext.exports.ready instanceof Promise, 'exports.ready is a promise');
    await ext.exports.ready;
    assert.equal(workspaceFolder().uri.scheme, 'file');
  });

  test('every command in package.json contributes.commands is registered', async () => {
    const contributed = ((extension().packageJSON as { contributes?: { commands?: ContributedCommand[] } }).contributes?.commands ?? []);
    assert.ok(contributed.length > 0, 'package.json contributes at least one command');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c.command)).map((c) => c.command);
    assert.deepEqual(missing, [], 'contributed but not registered');
    for (const c of contributed) {
      assert.match(c.command, /^litNotes\./, `${c.command} is namespaced`);
      assert.equal(c.category, 'Lit Notes', `${c.command} has category "Lit Notes"`);
    }
    const summary = contributed.find((c) => c.command === COMMANDS.showLibrarySummary);
    assert.equal(summary?.title, 'Show Library Summary');
  });

  test('Show Library Summary returns the counts the core computes for the same folder', async () => {
    const summary = await vscode.commands.executeCommand<LibrarySummary>(COMMANDS.showLibrarySummary);
    assert.ok(summary, 'the command returns a summary');
    assert.equal(typeof summary.papers, 'number');
    assert.equal(typeof summary.records, 'number');
    assert.equal(typeof summary.problems, 'number');
    assert.ok(Array.isArray(summary.sources), 'sources is an array');
    assert.ok(summary.papers > 0, `papers > 0 in the sample workspace (got ${summary.papers})`);
    assert.ok(summary.records >= summary.papers, 'records before merging >= papers');

    // The same folder through the core, over node fs (as the CLI reads it).
    const root = workspaceFolder().uri.fsPath;
    const expected = summarizeLibrary(buildLibrary(await readSources([root])));
    assert.deepEqual(
      { papers: summary.papers, records: summary.records, problems: summary.problems },
      { papers: expected.papers, records: expected.records, problems: expected.problems },
    );
    const norm = (s: LibrarySummary['sources'][number], rel: (p: string) => string) => ({ path: rel(s.path), format: s.format, records: s.records, problems: s.problems });
    const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    assert.deepEqual(
      summary.sources.map((s) => norm(s, (p) => p.split(path.sep).join('/'))).sort(byPath),
      expected.sources.map((s) => norm(s, (p) => path.relative(root, p).split(path.sep).join('/'))).sort(byPath),
      'per-source counts',
    );
  });
});
