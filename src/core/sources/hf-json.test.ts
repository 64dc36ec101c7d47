import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SAMPLES, requireSharedData } from '../../../test/paths';
import { looksLikeHfJson, parseHfJson } from './hf-json';

suite('core/sources/hf-json', () => {
  test('reads the sample daily-papers list with arXiv ids, links, organisation and upvotes', () => {
    const text = readFileSync(path.join(SAMPLES, 'hf-daily-papers.json'), 'utf8');
    assert.ok(looksLikeHfJson(text));
    const { records, problems } = parseHfJson(text, 'hf-daily-papers.json');
    assert.deepEqual(problems, []);
    assert.equal(records.length, 2);
    const nv = records[0]!;
    assert.equal(nv.title, 'Pretraining Large Language Models with NVFP4');
    assert.equal(nv.arxivId, '2509.25149');
    assert.equal(nv.url, 'https://huggingface.co/papers/2509.25149');
    assert.equal(nv.pdfUrl, 'https://arxiv.org/pdf/2509.25149');
    assert.equal(nv.organization, 'NVIDIA');
    assert.equal(nv.date, '2025-09-29');
    assert.equal(nv.year, 2025);
    assert.equal(nv.upvotes, 2);
    assert.equal(nv.sources[0]?.line, 2);
    assert.equal(records[1]!.authors.length, 5);
    assert.equal(records[1]!.sources[0]?.line, text.split('\n').findIndex((l, i) => i > 2 && l === '  {') + 1);
  });

  test('reads a single paper object (/api/papers/<id>)', () => {
    const one = JSON.stringify({ id: '2410.06511', title: 'TorchTitan:\n  One-stop', summary: 'Line one\nwrapped.\n\nSecond paragraph.', authors: [{ name: 'Wanchao Liang' }], publishedAt: '2024-10-08T17:00:00.000Z', upvotes: 13 });
    const { records, problems } = parseHfJson(one, 'one.json');
    assert.deepEqual(problems, []);
    assert.equal(records[0]?.title, 'TorchTitan: One-stop');
    assert.equal(records[0]?.abstract, 'Line one wrapped.\n\nSecond paragraph.');
    assert.deepEqual(records[0]?.authors, ['Wanchao Liang']);
  });

  test('an id with a lone surrogate half still loads, with a well-formed URL (fuzz hf-json:1:451)', () => {
    const text = JSON.stringify([{ paper: { id: 'weird\ud800id', title: 'A paper with a broken id' } }]);
    const r = parseHfJson(text, 'x.json');
    assert.deepEqual(r.problems, []);
    assert.equal(r.records.length, 1);
    assert.equal(r.records[0]?.url, 'https://huggingface.co/papers/weird%EF%BF%BDid');
  });

  test('invalid JSON is one problem with a line; non-objects and untitled items are skipped with their line', () => {
    const bad = parseHfJson('[\n  {"paper": {"id": "1"}},\n  {"paper": ', 'bad.json');
    assert.equal(bad.records.length, 0);
    assert.equal(bad.problems.length, 1);
    assert.equal(bad.problems[0]?.line, 3);
    const mixed = parseHfJson('[\n  1,\n  {"paper": {"id": "2401.00001"}},\n  {"paper": {"id": "2401.00002", "title": "Ok", "summary": "s"}}\n]', 'mixed.json');
    assert.equal(mixed.records.length, 1);
    assert.deepEqual(mixed.problems.map((p) => p.line), [2, 3]);
  });

  test('every real Hugging Face file in ../shared/data/hf loads completely', function () {
    const dir = path.join(requireSharedData(this), 'hf');
    const expected: Record<string, number> = {
      'daily_papers_2024-05-27.json': 13,
      'daily_papers_2024-10-25.json': 25,
      'daily_papers_2025-03-12.json': 23,
      'daily_papers_2025-09-30.json': 50,
      'daily_papers_2025-12-10.json': 10,
      'daily_papers_2026-02-05.json': 35,
      'daily_papers_2026-08-21.json': 17,
    };
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      assert.ok(looksLikeHfJson(text), file);
      const { records, problems } = parseHfJson(text, file);
      assert.deepEqual(problems, [], file);
      assert.equal(records.length, expected[file], file);
      assert.ok(records.every((r) => r.arxivId && /^\d{4}\.\d{5}$/.test(r.arxivId) && r.date && r.abstract && r.authors.length > 0), file);
    }
    const sept = parseHfJson(readFileSync(path.join(dir, 'daily_papers_2025-09-30.json'), 'utf8'), 'x').records;
    assert.equal(sept[0]?.arxivId, '2509.24006');
    assert.equal(sept.at(-1)?.arxivId, '2509.23115');
    assert.equal(sept.reduce((n, r) => n + (r.upvotes ?? 0), 0), 613);
    assert.equal(sept.reduce((n, r) => n + r.authors.length, 0), 599);
    assert.ok(sept.every((r) => !r.title.includes('\n')));
    const aug = parseHfJson(readFileSync(path.join(dir, 'daily_papers_2026-08-21.json'), 'utf8'), 'x').records;
    assert.equal(aug[0]?.title, 'EnvHarness: Awakening Static Worlds for Agent Learning');
    assert.equal(aug[0]?.organization, 'Google');
    assert.equal(aug[0]?.upvotes, 163);
    assert.equal(aug[0]?.date, '2026-08-20');
  });
  test('a string element in the array is reported on its line, and the papers after it keep their lines', () => {
    const { records, problems } = parseHfJson('[\n  "not a paper",\n  {"title": "After the string"}\n]\n', 'mixed.json');
    assert.deepEqual(
      problems.map((p) => [p.line, p.message]),
      [[2, 'Expected a paper object, found string']],
    );
    assert.equal(records[0]?.sources[0]?.line, 3);
  });
});
