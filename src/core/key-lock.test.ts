import * as assert from 'node:assert/strict';
import type { Paper } from './model';
import { EMPTY_LOCK, parseKeyLock, recordUsedKeys, renameLockEntry, serializeKeyLock } from './key-lock';

function paper(key: string, keyOrigin: Paper['keyOrigin'], fields: Partial<Paper> = {}): Paper {
  return { key, keyOrigin, aliases: [], title: `Title of ${key}`, authors: [], tags: [], sources: [], ...fields };
}

suite('core/key-lock', () => {
  test('serialize and parse round-trip: sorted by key, one entry per line', () => {
    const text = serializeKeyLock([{ key: 'b2024x', arxiv: '2401.00001' }, { key: 'a2023y', doi: '10.1000/a', title: 'A "quoted" title', year: 2023 }]);
    const lines = text.split('\n');
    assert.equal(lines.filter((l) => l.includes('"key"')).length, 2);
    assert.ok(lines.findIndex((l) => l.includes('a2023y')) < lines.findIndex((l) => l.includes('b2024x')));
    const lock = parseKeyLock(text, 'lock.json');
    assert.deepEqual(lock.problems, []);
    assert.equal(lock.damaged, false);
    assert.deepEqual(lock.entries.map((e) => e.key), ['a2023y', 'b2024x']);
    assert.equal(lock.entries[0]?.title, 'A "quoted" title');
    assert.equal((JSON.parse(text) as { keys: unknown[] }).keys.length, 2);
  });

  test('only keys that are not from a source are recorded, once; a damaged lock is never rewritten', () => {
    const used = [paper('gen2024', 'generated', { arxivId: '2401.1' }), paper('DBLP:x/y', 'source'), paper('pinned2020', 'pinned')];
    const first = recordUsedKeys(EMPTY_LOCK, used);
    assert.deepEqual(first?.added, ['gen2024', 'pinned2020']);
    const lock = parseKeyLock(first?.text ?? '', 'lock.json');
    assert.equal(recordUsedKeys(lock, used), undefined, 'nothing new');
    const truncated = parseKeyLock((first?.text ?? '').slice(0, -30), 'lock.json');
    assert.equal(truncated.damaged, true);
    assert.ok(truncated.problems.every((p) => p.path === 'lock.json' && p.line > 0));
    assert.equal(recordUsedKeys(truncated, [paper('new2025', 'generated')]), undefined);
  });

  test('a lock laid out differently but intact is read whole; other JSON is not a lock', () => {
    const pretty = JSON.stringify({ version: 1, keys: [{ key: 'x2020a', title: 'X' }, { key: 'y2021b' }] }, null, 4);
    const lock = parseKeyLock(pretty, 'lock.json');
    assert.equal(lock.damaged, false);
    assert.deepEqual(lock.entries.map((e) => e.key), ['x2020a', 'y2021b']);
    const other = parseKeyLock('{"name": "package"}', 'lock.json');
    assert.equal(other.damaged, true);
    assert.match(other.problems[0]?.message ?? '', /key lock/);
    assert.deepEqual(parseKeyLock('', 'lock.json').entries, []);
  });
});

suite('key lock: rename', () => {
  const paper: Paper = { key: 'cheng2024breaking', title: 'Breaking', authors: [], tags: [], sources: [], arxivId: '2410.17243', year: 2024, keyOrigin: 'pinned' };
  const text = serializeKeyLock([{ key: 'a2020x', title: 'A' }, { key: 'cheng2024breaking', arxiv: '2410.17243', title: 'Breaking', year: 2024 }]);

  test('the entry takes the new key; the others stay; sorted, one per line', () => {
    const r = renameLockEntry(parseKeyLock(text, 'lock.json'), paper, 'cheng2024breaking', 'chengBreaking');
    assert.ok('text' in r);
    const after = parseKeyLock(r.text, 'lock.json');
    assert.deepEqual(after.entries.map((e) => e.key), ['a2020x', 'chengBreaking']);
    assert.equal(after.entries[1]?.arxiv, '2410.17243');
  });

  test('a key not recorded yet is added under the new name', () => {
    const r = renameLockEntry(EMPTY_LOCK, { ...paper, keyOrigin: 'generated' }, 'cheng2024breaking', 'mine');
    assert.ok('text' in r);
    assert.deepEqual(parseKeyLock(r.text, 'l').entries.map((e) => e.key), ['mine']);
  });

  test('refused when the lock is damaged or the new key is taken', () => {
    const damaged = parseKeyLock(text.replace('"a2020x"', '<<<<<<< HEAD\n"a2020x"'), 'l');
    assert.ok(damaged.damaged);
    const refused = renameLockEntry(damaged, paper, 'cheng2024breaking', 'x');
    assert.ok('error' in refused && /damaged/.test(refused.error));
    const taken = renameLockEntry(parseKeyLock(text, 'l'), paper, 'cheng2024breaking', 'a2020x');
    assert.ok('error' in taken && /already holds/.test(taken.error));
  });
});
