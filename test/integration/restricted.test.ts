/**
 * Restricted Mode in the real VS Code (issue #18): run with workspace trust on and the folder
 * untrusted (`LIT_NOTES_RESTRICTED=1 node scripts/run-integration.mjs --grep 'Restricted Mode'`).
 * In the usual, trusted runs these tests skip themselves.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/ids';
import { litNotes, waitFor, workspaceRoot } from './api';

suite('Restricted Mode', () => {
  test('symbolic links out of the workspace: no source read, no note written; crafted files load; the host stays responsive', async function () {
    if (vscode.workspace.isTrusted) {
      this.skip(); // the usual run: workspace trust is off
    }
    this.timeout(120_000);
    const api = await litNotes();
    const root = workspaceRoot().fsPath;
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'litnotes-outside-'));
    const outsideNotes = fs.mkdtempSync(path.join(os.tmpdir(), 'litnotes-outside-notes-'));
    // The host's event loop is this test's too: its longest stall is how long the host was blocked.
    let worst = 0;
    let last = Date.now();
    const probe = setInterval(() => {
      const now = Date.now();
      worst = Math.max(worst, now - last - 20);
      last = now;
    }, 20);
    try {
      fs.writeFileSync(path.join(outside, 'theirs.bib'), '@article{outsidepaper, title = {A Paper From Outside The Workspace}}\n');
      fs.symlinkSync(outside, path.join(root, 'linked-src'));
      fs.rmSync(path.join(root, 'papers'), { recursive: true, force: true });
      fs.symlinkSync(outsideNotes, path.join(root, 'papers'));
      // crafted inputs next to the person's own files
      let bomb = '@string{a0 = "xy"}\n';
      for (let i = 1; i <= 28; i++) {
        bomb += `@string{a${i} = a${i - 1} # a${i - 1}}\n`;
      }
      fs.writeFileSync(path.join(root, 'bomb.bib'), `${bomb}@article{bombentry, title = a28}\n@article{afterbomb, title = {The Entry After The Bomb}}\n`);
      fs.writeFileSync(path.join(root, 'spaces.csl.json'), JSON.stringify([{ id: 'spacey', type: 'article', title: 'Spacey Note', note: `arxiv${' '.repeat(150_000)}x` }]));
      await vscode.commands.executeCommand(COMMANDS.refresh);
      await waitFor('the crafted files to load', () => api.service.library.byKey.has('afterbomb') && api.service.library.byKey.has('spacey'), 60_000);
      assert.ok(api.service.library.byKey.has('he2016deep'), "the person's own papers load");
      assert.ok(!api.service.library.byKey.has('outsidepaper'), 'nothing read through the link');
      assert.ok(api.service.library.problems.some((p) => p.path.startsWith('linked-src') && /symbolic link/.test(p.message)));
      const result = await vscode.commands.executeCommand(COMMANDS.openNote, 'he2016deep');
      assert.equal(result, undefined);
      assert.deepEqual(fs.readdirSync(outsideNotes), [], 'nothing written outside');
      assert.ok(worst < 1000, `the extension host was blocked for ${worst} ms`);
      console.log(`      longest stall of the extension host while loading: ${worst} ms`);
    } finally {
      clearInterval(probe);
      for (const f of ['linked-src', 'papers', 'bomb.bib', 'spaces.csl.json']) {
        fs.rmSync(path.join(root, f), { force: true, recursive: f !== 'papers' && f !== 'linked-src' });
      }
      fs.rmSync(outside, { recursive: true, force: true });
      fs.rmSync(outsideNotes, { recursive: true, force: true });
    }
  });
});
