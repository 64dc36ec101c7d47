import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SETTLE_MS, changeStampOf } from './change-stamp';

/** A real file's stamp, as if stat'ed `later` ms after now (a stat taken that much later sees the same times). */
function stampOf(file: string, later = SETTLE_MS + 1000): string | undefined {
  return changeStampOf(statSync(file, { bigint: true }), Date.now() + later);
}

suite('platform/change-stamp (a reopen knows unchanged sources without reading them, #17)', () => {
  test('a rewrite with the same size and modification time gets another stamp; an untouched file keeps its stamp', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'litnotes-stamp-'));
    try {
      const file = path.join(dir, 'library.bib');
      writeFileSync(file, '@article{a, title={Deep Residual Learning}}\n');
      const when = new Date('2026-01-02T03:04:05Z'); // whole seconds: restored exactly below
      utimesSync(file, when, when);
      const before = statSync(file);
      const first = stampOf(file);
      assert.ok(first, 'a settled file has a stamp');
      assert.equal(stampOf(file), first, 'the same file, not changed: the same stamp');
      // Same size, same modification time, other bytes: only the status-change time tells.
      writeFileSync(file, '@article{a, title={Deep Residual Yearning}}\n');
      utimesSync(file, when, when);
      const after = statSync(file);
      assert.equal(after.size, before.size);
      assert.equal(after.mtimeMs, before.mtimeMs);
      assert.notEqual(stampOf(file), first, 'the rewritten file has another stamp');
      // Even a rewrite that restores the old bytes gets another stamp (the stamp never claims more than it knows).
      writeFileSync(file, '@article{a, title={Deep Residual Learning}}\n');
      utimesSync(file, when, when);
      assert.notEqual(stampOf(file), first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file changed within the settle time of the stat, or not a regular file, has no stamp', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'litnotes-stamp-'));
    try {
      const file = path.join(dir, 'fresh.ris');
      writeFileSync(file, 'TY  - JOUR\nER  - \n');
      const s = statSync(file, { bigint: true });
      const changed = Number(s.ctimeMs);
      assert.equal(changeStampOf(s, changed), undefined, 'stat\'ed as it was written: racy, so read and hashed instead');
      assert.equal(changeStampOf(s, changed + SETTLE_MS - 1), undefined, 'still within the settle time');
      assert.ok(changeStampOf(s, changed + SETTLE_MS), 'settled');
      assert.equal(stampOf(dir), undefined, 'a folder');
      assert.equal(changeStampOf({ ...s, isFile: () => true, ctimeNs: 0n, ctimeMs: 0n }, Date.now()), undefined, 'a file system that keeps no status-change time');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
