/**
 * Ranking on the sample library (samples/), as a person meets it in Search Papers…: the
 * queries of issue #15 item 7.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { SAMPLES } from '../../../test/paths';
import { buildLibrary } from '../library';
import { parseSource } from '../sources';
import { SearchIndex } from './search-index';

function sampleIndex(): SearchIndex {
  const files = ['hf-daily-papers.json', 'library.bib', 'zotero-export.csl.json', 'reading-list.ris', ...readdirSync(path.join(SAMPLES, 'daily-papers')).sort().map((f) => `daily-papers/${f}`)];
  const library = buildLibrary(files.map((f) => parseSource(f, readFileSync(path.join(SAMPLES, f), 'utf8'))));
  return SearchIndex.build(library.papers);
}

suite('core/search ranking on the sample library', () => {
  let index: SearchIndex;
  suiteSetup(() => {
    index = sampleIndex();
  });
  const titles = (query: string, n = 3): string[] => index.search(query, { limit: n }).map((h) => h.paper.title);

  test('`atention is al you ned`: Attention Is All You Need first, as with `need` spelt right', () => {
    assert.equal(titles('atention is al you ned')[0], 'Attention Is All You Need');
    assert.equal(titles('atention is al you need')[0], 'Attention Is All You Need');
    // "al" of "et al." in an abstract no longer lifts an unrelated paper above it.
    assert.ok(!titles('atention is al you ned', 2).some((t) => t.startsWith('How to Enhance Downstream Adversarial Robustness')), titles('atention is al you ned', 5).join(' | '));
  });

  test('a two-letter word still counts fully in titles (RL), only lightly in abstracts (al)', () => {
    const rl = index.search('deep rl', { limit: 5 });
    assert.ok(rl.length > 0 && rl.every((h) => /\bRL\b/.test(h.paper.title)), rl.map((h) => h.paper.title).join(' | '));
  });

  test('the empty query\'s newest papers count a Daily Papers listing day as a date', () => {
    const newest = index.newest(300);
    const listedOnly = newest.findIndex((p) => p.date === undefined && p.year === undefined && p.listed !== undefined);
    const undated = newest.findIndex((p) => p.date === undefined && p.year === undefined && p.listed === undefined);
    assert.ok(listedOnly >= 0 && undated > listedOnly, `listed-only at ${listedOnly}, undated from ${undated}`);
  });
});
