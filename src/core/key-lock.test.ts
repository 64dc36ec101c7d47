import * as assert from 'node:assert/strict';
import type { Paper } from './model';
import { EMPTY_LOCK, parseKeyLock, recordUsedKeys, serializeKeyLock } from './key-lock';

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
