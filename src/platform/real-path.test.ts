import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathInside, staysInside } from './real-path';

suite('platform/real-path (Restricted Mode decisions, #18 M4)', () => {
  test('links out of the workspace are seen through; links inside and plain paths are fine', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'litnotes-ws-'));
    const outside = mkdtempSync(path.join(tmpdir(), 'litnotes-outside-'));
    try {
      writeFileSync(path.join(outside, 'theirs.bib'), '');
      mkdirSync(path.join(ws, 'real'));
      symlinkSync(outside, path.join(ws, 'linked-src'));
      symlinkSync(outside, path.join(ws, 'papers'));
      symlinkSync(path.join(ws, 'real'), path.join(ws, 'inner-link'));
      symlinkSync(path.join(outside, 'theirs.bib'), path.join(ws, 'note.md'));
      assert.equal((await staysInside(path.join(ws, 'linked-src', 'theirs.bib'), ws)).inside, false);
      assert.equal((await staysInside(path.join(ws, 'papers', 'new-note.md'), ws)).inside, false, 'a note not created yet, under a linked folder');
      assert.equal((await staysInside(path.join(ws, 'papers', 'a', 'b', 'c.md'), ws)).inside, false, 'missing folders under a linked one');
      assert.equal((await staysInside(path.join(ws, 'note.md'), ws)).inside, false, 'a note that is a link out');
      assert.equal((await staysInside(path.join(ws, 'inner-link', 'x.md'), ws)).inside, true);
      assert.equal((await staysInside(path.join(ws, 'real', 'new', 'x.md'), ws)).inside, true);
      assert.equal(pathInside('/a/b', '/a'), true);
      assert.equal(pathInside('/a', '/a'), true);
      assert.equal(pathInside('/ab', '/a'), false);
      assert.equal(pathInside('/a/../b', '/a'), false);
    } finally {
      rmSync(ws, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
