import * as assert from 'node:assert/strict';
import type { PaperRecord } from './model';
import { assignCitekeys, baseKey, isPandocSafeKey, sanitizeKey } from './citekey';

function rec(fields: Partial<PaperRecord> & { title: string }, path = 'p.txt', line = 1): PaperRecord {
  return { authors: [], tags: [], sources: [{ path, line, format: 'daily-papers' }], ...fields };
}

suite('core/citekey', () => {
  test('generated keys are readable: author + year + first significant title word, or title word + year', () => {
    assert.equal(baseKey({ title: 'Attention Is All You Need', authors: ['Ashish Vaswani'], year: 2017 }), 'vaswani2017attention');
    assert.equal(baseKey({ title: 'The Élan of Łódź', authors: ['Kaiser, Łukasz'], year: 2020 }), 'kaiser2020elan');
    assert.equal(baseKey({ title: 'TorchTitan: One-stop PyTorch native solution', authors: [], year: 2024 }), 'torchtitan2024');
    assert.equal(baseKey({ title: '3D Gaussians', authors: [], year: undefined }), 'gaussians');
    assert.equal(baseKey({ title: '1 2 3', authors: [] }), 'p1');
    assert.equal(baseKey({ title: '深度学习', authors: [], year: 2020 }), 'paper2020');
  });

  test('keys are pandoc-safe and unique; source keys are kept; collisions get deterministic suffixes', () => {
    const papers = assignCitekeys([
      rec({ title: 'Scaling laws for neural language models', year: 2020 }, 'b.txt', 4),
      rec({ title: 'Scaling data-constrained language models', year: 2020 }, 'a.txt', 9),
      rec({ title: 'From BibTeX', key: 'scaling2020' }, 'lib.bib', 1),
      rec({ title: 'Bad key', key: 'Müller & Co: 2020!' }),
    ]);
    const keys = papers.map((p) => p.key);
    assert.equal(new Set(keys).size, keys.length);
    assert.ok(keys.every(isPandocSafeKey), keys.join(' '));
    assert.equal(papers[2]?.key, 'scaling2020');
    assert.equal(papers[3]?.key, 'MullerCo:2020');
    assert.deepEqual(papers.slice(0, 2).map((p) => p.key).sort(), ['scaling2020a', 'scaling2020b']);
  });

  test('the same records in any order get the same keys', () => {
    const records = Array.from({ length: 30 }, (_, i) => rec({ title: `Scaling study number ${i % 3}`, year: 2024 + (i % 2) }, `f${i % 4}.txt`, i));
    const forward = new Map(assignCitekeys(records).map((p) => [`${p.sources[0]?.path}:${p.sources[0]?.line}`, p.key]));
    const backward = new Map(assignCitekeys([...records].reverse()).map((p) => [`${p.sources[0]?.path}:${p.sources[0]?.line}`, p.key]));
    assert.deepEqual(forward, backward);
  });

  test('sanitizeKey makes any string a pandoc-safe key', () => {
    for (const k of ['9lives', '---', '', 'a b', 'ok.', 'x:y']) {
      assert.ok(isPandocSafeKey(sanitizeKey(k)), `${k} -> ${sanitizeKey(k)}`);
    }
  });
});
