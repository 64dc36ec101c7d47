import * as assert from 'node:assert/strict';
import { findMarkdownCitations } from './find-keys';
import { insertedKey } from './inserted-key';

suite('core/cite/inserted-key (#18: hostile keys)', () => {
  test('a key pandoc cannot read bare is inserted braced, and reads back as the same key', () => {
    for (const key of ['smith2020', 'a]b', 'a)b', 'a b', 'a;b', "o'brien", 'a<b', 'x.']) {
      const inserted = insertedKey(key, 'markdown', false);
      const refs = findMarkdownCitations(`See [@${inserted}] here.`);
      assert.deepEqual(
        refs.map((r) => [r.key, r.kind]),
        [[key, 'pandoc']],
        `${key} -> @${inserted}`,
      );
    }
    assert.equal(insertedKey('a b', 'markdown', true), 'a b');
    assert.equal(insertedKey('a b', 'latex', false), 'a b');
  });
});
