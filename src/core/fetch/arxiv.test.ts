import * as assert from 'node:assert/strict';
import { atomFeed } from '../../../test/support/fake-live';
import type { FakeArxivEntry } from '../../../test/support/fake-live';
import { parseHfJson } from '../sources/hf-json';
import { arxivToHfPaper, parseArxivFeed } from './arxiv';
import { LiveError } from './errors';

const QLORA: FakeArxivEntry = {
  id: '2305.14314',
  version: 1,
  title: 'QLoRA: Efficient Finetuning of\n  Quantized LLMs',
  summary: '  We present QLoRA, an efficient finetuning approach\nthat reduces memory usage. <b>&amp;</b>\n',
  published: '2023-05-23T17:50:33Z',
  updated: '2023-05-23T17:50:33Z',
  authors: [{ name: 'Tim Dettmers', affiliation: 'University of Washington' }, { name: 'Artidoro Pagnoni' }],
  categories: ['cs.LG', 'cs.CL'],
  comment: 'Extended NeurIPS submission',
  doi: '10.48550/arXiv.2305.14314',
  journalRef: 'NeurIPS 2023',
};
const OLD: FakeArxivEntry = { id: 'hep-th/9901001', version: 2, title: 'Old style paper', authors: [{ name: 'A. Physicist' }], categories: ['hep-th'], published: '1999-01-04T00:00:00Z' };

suite('live: arXiv Atom feeds', () => {
  for (const form of ['old', 'new'] as const) {
    test(`${form} form: every field, whitespace collapsed, entities decoded, old-style ids`, () => {
      const feed = parseArxivFeed(atomFeed(form, [QLORA, OLD]));
      assert.equal(feed.totalResults, 2);
      assert.equal(feed.error, undefined);
      const [q, o] = feed.entries;
      assert.ok(q && o);
      assert.equal(q.id, '2305.14314');
      assert.equal(q.version, 1);
      assert.equal(q.title, 'QLoRA: Efficient Finetuning of Quantized LLMs');
      assert.equal(q.summary, 'We present QLoRA, an efficient finetuning approach that reduces memory usage. <b>&amp;</b>', 'entities decoded once');
      assert.deepEqual(q.authors, [{ name: 'Tim Dettmers', affiliations: ['University of Washington'] }, { name: 'Artidoro Pagnoni', affiliations: [] }]);
      assert.deepEqual(q.categories, ['cs.LG', 'cs.CL']);
      assert.equal(q.primaryCategory, 'cs.LG');
      assert.equal(q.doi, '10.48550/arXiv.2305.14314');
      assert.equal(q.journalRef, 'NeurIPS 2023');
      assert.equal(q.comment, 'Extended NeurIPS submission');
      assert.match(q.pdfUrl ?? '', /arxiv\.org\/pdf\/2305\.14314v1$/);
      assert.match(q.absUrl ?? '', /arxiv\.org\/abs\/2305\.14314v1$/);
      assert.equal(q.published, '2023-05-23T17:50:33Z');
      assert.equal(o.id, 'hep-th/9901001');
      assert.equal(o.version, 2);
    });
  }

  test('unknown id: an error entry (old form) or no entry and totalResults 0 (new form)', () => {
    const old = parseArxivFeed(atomFeed('old', [], { errorFor: '1234.56789' }));
    assert.deepEqual(old.entries, []);
    assert.match(old.error ?? '', /incorrect id format for 1234\.56789/);
    const now = parseArxivFeed(atomFeed('new', []));
    assert.deepEqual(now.entries, []);
    assert.equal(now.totalResults, 0);
    assert.equal(now.error, undefined);
  });

  test('namespace-aware: other prefixes for the same namespaces work', () => {
    const xml = atomFeed('new', [QLORA]).replace(/xmlns:arxiv=/, 'xmlns:ax=').replace(/<(\/?)arxiv:/g, '<$1ax:').replace(/xmlns="http:\/\/www.w3.org\/2005\/Atom"/, 'xmlns:a="http://www.w3.org/2005/Atom"').replace(/<(\/?)(feed|entry|id|title|summary|author|name|link|category|published|updated)\b/g, '<$1a:$2');
    const feed = parseArxivFeed(xml);
    assert.equal(feed.entries[0]?.title, 'QLoRA: Efficient Finetuning of Quantized LLMs');
    assert.equal(feed.entries[0]?.primaryCategory, 'cs.LG');
    assert.equal(feed.entries[0]?.comment, 'Extended NeurIPS submission');
  });

  test('not XML, or XML but not a feed, or cut off: an invalid LiveError', () => {
    for (const bad of ['{"json": true}', '<html><body>Rate exceeded</body></html>', atomFeed('new', [QLORA]).slice(0, 400), '']) {
      assert.throws(() => parseArxivFeed(bad), (e: unknown) => e instanceof LiveError && e.kind === 'invalid', bad.slice(0, 40));
    }
  });

  test('an arXiv entry becomes a paper object the Hugging Face JSON loader reads', () => {
    const paper = arxivToHfPaper(parseArxivFeed(atomFeed('new', [QLORA])).entries[0]!);
    const text = JSON.stringify([{ source: 'arxiv', addedAt: '2026-12-03T08:00:00.000Z', paper }], null, 2);
    const { records, problems } = parseHfJson(text, 'added.json');
    assert.deepEqual(problems, []);
    assert.equal(records.length, 1);
    assert.equal(records[0]?.title, 'QLoRA: Efficient Finetuning of Quantized LLMs');
    assert.equal(records[0]?.arxivId, '2305.14314');
    assert.deepEqual(records[0]?.authors, ['Tim Dettmers', 'Artidoro Pagnoni']);
    assert.equal(records[0]?.date, '2023-05-23');
    assert.match(records[0]?.abstract ?? '', /^We present QLoRA/);
  });
});
