import * as assert from 'node:assert/strict';
import { looksLikeHfJson, parseHfJson } from '../sources/hf-json';
import { LiveError } from './errors';
import type { AddedItem } from './files';
import { dailyFileName, dayOfDailyFile, isDailyFileContent, mergeAdded } from './files';

const item = (id: string, title: string): AddedItem => ({ source: 'huggingface', addedAt: '2026-12-03T08:00:00.000Z', paper: { id, title, authors: [{ name: 'A' }], publishedAt: '2024-10-22T00:00:00.000Z' } });

suite('live: file names and added.json', () => {
  test('file names only from a valid day', () => {
    assert.equal(dailyFileName('2024-10-25'), 'hf-daily-2024-10-25.json');
    for (const bad of ['2024-13-40', '../../x', '2024-10-25/../../etc', '2024-10-25\u0000', '']) {
      assert.throws(() => dailyFileName(bad), (e: unknown) => e instanceof LiveError && e.kind === 'bad-date');
    }
    assert.equal(dayOfDailyFile('hf-daily-2024-10-25.json'), '2024-10-25');
    assert.equal(dayOfDailyFile('hf-daily-2024-13-40.json'), undefined);
    assert.equal(dayOfDailyFile('notes.json'), undefined);
  });

  test('only a Daily Papers list may be replaced by a re-import', () => {
    assert.equal(isDailyFileContent('[]'), true);
    assert.equal(isDailyFileContent('[{"paper": {"id": "1"}, "title": "x"}]'), true);
    assert.equal(isDailyFileContent('{"my": "notes"}'), false);
    assert.equal(isDailyFileContent('[1, 2]'), false);
    assert.equal(isDailyFileContent('not json'), false);
  });

  test('merge: appends new, refreshes known in place, keeps the rest, loads back', () => {
    const first = mergeAdded(undefined, [item('2410.17243', 'One'), item('2305.14314', 'Two')]);
    assert.deepEqual(first.added, ['2410.17243', '2305.14314']);
    const withForeign = first.text.replace(/^\[/, '[\n  {"note": "kept as is"},');
    const second = mergeAdded(withForeign, [item('2305.14314', 'Two, revised'), item('2106.09685', 'Three')]);
    assert.deepEqual(second.added, ['2106.09685']);
    assert.deepEqual(second.updated, ['2305.14314']);
    const list = JSON.parse(second.text) as Array<{ paper?: { title: string }; note?: string }>;
    assert.deepEqual(list.map((x) => x.paper?.title ?? x.note), ['kept as is', 'One', 'Two, revised', 'Three']);
    assert.equal(looksLikeHfJson(second.text), true, 'the loader recognises the file');
    const parsed = parseHfJson(first.text, 'added.json');
    assert.deepEqual(parsed.records.map((r) => r.title), ['One', 'Two']);
  });

  test('merge refuses a file that is not a JSON list, so nothing is lost', () => {
    for (const current of ['{"a": 1}', '[1, 2', 'hello']) {
      assert.throws(() => mergeAdded(current, [item('2410.17243', 'One')]), (e: unknown) => e instanceof LiveError && e.kind === 'invalid' && /left as it is/.test(e.message));
    }
    assert.equal((JSON.parse(mergeAdded('  \n', [item('2410.17243', 'One')]).text) as unknown[]).length, 1, 'an empty file starts a new list');
  });
});
