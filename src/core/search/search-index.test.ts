import * as assert from 'node:assert/strict';
import type { Paper } from '../model';
import { SearchIndex, parseQuery } from './search-index';

function paper(key: string, title: string, extra: Partial<Paper> = {}): Paper {
  return { key, title, authors: [], tags: [], sources: [], ...extra };
}

const PAPERS: Paper[] = [
  paper('vaswani2017attention', 'Attention Is All You Need', {
    authors: ['Ashish Vaswani', 'Noam Shazeer'],
    year: 2017,
    venue: 'NeurIPS',
    abstract: 'The dominant sequence transduction models are based on complex recurrent or convolutional neural networks.',
  }),
  paper('smith2020attention', 'Attention Is All You Need for Speech Separation', { authors: ['Jane Smith'], year: 2020 }),
  paper('liang2024torchtitan', 'TorchTitan: One-stop PyTorch native solution for production ready LLM pre-training', {
    authors: ['Wanchao Liang'],
    organization: 'Meta AI',
    year: 2024,
    abstract: 'Distributed training across thousands of accelerators with elastic scaling and Float8.',
  }),
  paper('devlin2019bert', 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding', {
    authors: ['Jacob Devlin', 'Ming-Wei Chang'],
    year: 2019,
    abstract: 'We introduce a new language representation model which stands for Bidirectional Encoder Representations.',
  }),
  paper('he2016deep', 'Deep Residual Learning for Image Recognition', { authors: ['Kaiming He'], year: 2016, abstract: 'Deeper neural networks are more difficult to train; we present a residual framework.' }),
  paper('muller2021resume', 'Résumé Generation with Transformers', { authors: ['Jürgen Müller'], year: 2021 }),
  paper('ho2020denoising', 'Denoising Diffusion Probabilistic Models', { authors: ['Jonathan Ho'], year: 2020, abstract: 'High quality image synthesis using diffusion probabilistic models, a class of latent variable models.' }),
  paper('radford2021clip', 'Learning Transferable Visual Models From Natural Language Supervision', { authors: ['Alec Radford'], year: 2021 }),
  paper('attention', 'A Survey of Efficient Transformers', { year: 2022 }),
];

function keys(index: SearchIndex, query: string, options?: Parameters<SearchIndex['search']>[1]): string[] {
  return index.search(query, options).map((h) => h.paper.key);
}

suite('core/search SearchIndex', () => {
  const index = SearchIndex.build(PAPERS);

  test('size and empty query', () => {
    assert.equal(index.size, PAPERS.length);
    assert.deepEqual(index.search(''), []);
    assert.deepEqual(index.search('   '), []);
    assert.deepEqual(index.search('attention', { limit: 0 }), []);
  });

  test('parseQuery: folded words, last word a prefix unless followed by a space, stop words light', () => {
    const q = parseQuery('Attention is Résu');
    assert.deepEqual(
      q.words.map((w) => [w.text, w.prefix, w.weight]),
      [
        ['attention', false, 1],
        ['is', false, 0.15],
        ['resu', true, 1],
      ],
    );
    assert.equal(parseQuery('deep learning ').words.at(-1)?.prefix, false);
    assert.equal(parseQuery('@Vas').keyPrefix, 'vas');
  });

  test('multi-word queries match in any order', () => {
    assert.equal(keys(index, 'residual deep learning')[0], 'he2016deep');
    assert.equal(keys(index, 'learning residual deep')[0], 'he2016deep');
    assert.equal(keys(index, 'image residual')[0], 'he2016deep');
  });

  test('the last word is a prefix while typing', () => {
    assert.equal(keys(index, 'denoising diff')[0], 'ho2020denoising');
    assert.equal(keys(index, 'bidirec')[0], 'devlin2019bert');
    assert.ok(keys(index, 'trans').includes('muller2021resume'));
  });

  test('typos are tolerated (substitution, deletion, insertion, transposition)', () => {
    assert.equal(keys(index, 'denoisng difusion')[0], 'ho2020denoising');
    assert.equal(keys(index, 'residaul learning')[0], 'he2016deep');
    assert.equal(keys(index, 'probabilistik models')[0], 'ho2020denoising');
    assert.equal(keys(index, 'transferrable visual')[0], 'radford2021clip');
  });

  test('an exact title beats titles that merely contain its words', () => {
    assert.deepEqual(keys(index, 'Attention Is All You Need').slice(0, 2), ['vaswani2017attention', 'smith2020attention']);
    assert.equal(keys(index, 'attention is all you need for speech separation')[0], 'smith2020attention');
  });

  test('@key: keys starting with it (so the key itself first), else keys containing it', () => {
    assert.deepEqual(keys(index, '@attention'), ['attention']);
    assert.deepEqual(keys(index, '@ttention'), ['attention', 'smith2020attention', 'vaswani2017attention']);
    assert.deepEqual(keys(index, '@'), PAPERS.map((p) => p.key).sort());
    assert.deepEqual(keys(index, '@vaswani2017attention'), ['vaswani2017attention']);
    assert.equal(keys(index, '@VAS')[0], 'vaswani2017attention');
    assert.equal(keys(index, '@2016')[0], 'he2016deep');
  });

  test('a query equal to a key puts that paper first', () => {
    assert.equal(keys(index, 'attention')[0], 'attention');
    assert.equal(keys(index, 'He2016Deep')[0], 'he2016deep');
  });

  test('authors, organisation, venue and year are searchable; accents are folded', () => {
    assert.equal(keys(index, 'vaswani')[0], 'vaswani2017attention');
    assert.equal(keys(index, 'muller resume')[0], 'muller2021resume');
    assert.equal(keys(index, 'Müller Résumé')[0], 'muller2021resume');
    assert.equal(keys(index, 'meta ai pytorch')[0], 'liang2024torchtitan');
    assert.equal(keys(index, 'neurips attention')[0], 'vaswani2017attention');
    assert.equal(keys(index, 'bert 2019')[0], 'devlin2019bert');
  });

  test('abstract words count, below title words, and only when abstracts is on', () => {
    assert.equal(keys(index, 'accelerators')[0], 'liang2024torchtitan');
    assert.deepEqual(keys(index, 'accelerators', { abstracts: false }), []);
    // "networks" is in two abstracts; "transformers" in titles: title matches first.
    const r = keys(index, 'networks');
    assert.ok(r.includes('vaswani2017attention') && r.includes('he2016deep'));
  });

  test('hyphenated words match joined or split, and split words match a joined title word', () => {
    assert.equal(keys(index, 'pretraining bidirectional')[0], 'devlin2019bert');
    assert.equal(keys(index, 'pre-training bidirectional')[0], 'devlin2019bert');
    assert.equal(keys(index, 'torch titan')[0], 'liang2024torchtitan');
    assert.equal(keys(index, 'torchtitan')[0], 'liang2024torchtitan');
  });

  test('a word of letters and digits that matches nothing is split: llama3, vaswani2017', () => {
    const idx = SearchIndex.build([...PAPERS, paper('touvron2024llama', 'The Llama 3 Herd of Models', { authors: ['Hugo Touvron'], year: 2024 })]);
    assert.equal(keys(idx, 'llama3 herd')[0], 'touvron2024llama');
    assert.equal(keys(idx, 'vaswani2017')[0], 'vaswani2017attention');
    assert.equal(keys(idx, 'vaswani2017att')[0], 'vaswani2017attention');
  });

  test('a word that matches nothing does not hide the papers matching the others', () => {
    assert.equal(keys(index, 'residual xqzvbnm learning')[0], 'he2016deep');
  });

  test('limit caps the number of hits', () => {
    assert.equal(index.search('a', { limit: 2 }).length, 2);
    assert.ok(index.search('e').length <= 200);
  });

  test('titleMatches: ranges of the matched words in the title, typed part only for prefixes', () => {
    const hit = index.search('deep resid')[0];
    assert.ok(hit);
    assert.equal(hit.paper.key, 'he2016deep');
    const spans = hit.titleMatches.map(([s, e]) => hit.paper.title.slice(s, e));
    assert.deepEqual(spans, ['Deep', 'Resid']);
    const typo = index.search('difusion')[0];
    assert.ok(typo);
    assert.deepEqual(
      typo.titleMatches.map(([s, e]) => typo.paper.title.slice(s, e)),
      ['Diffusion'],
    );
    const accents = index.search('resume')[0];
    assert.ok(accents);
    assert.deepEqual(
      accents.titleMatches.map(([s, e]) => accents.paper.title.slice(s, e)),
      ['Résumé'],
    );
  });

  test('newest lists live papers by date, newest first', () => {
    assert.deepEqual(
      index.newest(3).map((p) => p.key),
      ['liang2024torchtitan', 'attention', 'muller2021resume'],
    );
  });
});

suite('core/search deferred abstracts', () => {
  test('short fields are searchable at once, abstracts after buildAbstracts finishes', () => {
    const index = SearchIndex.build(PAPERS, { deferAbstracts: true });
    assert.equal(index.abstractsReady, false);
    assert.equal(keys(index, 'residual learning')[0], 'he2016deep');
    assert.deepEqual(keys(index, 'accelerators'), []);
    let steps = 0;
    while (!index.buildAbstracts(0)) {
      steps++;
    }
    assert.ok(steps >= 1, 'a zero budget still makes progress, one step at a time');
    assert.equal(index.abstractsReady, true);
    assert.equal(keys(index, 'accelerators')[0], 'liang2024torchtitan');
    assert.equal(index.stats().abstractTerms > 0, true);
  });

  test('a big library is indexed in bounded slices', () => {
    const papers = Array.from({ length: 5000 }, (_, i) => paper(`p${i}`, `Title ${i}`, { abstract: `word${i % 97} common text about topic${i % 13} and more words here ${i}` }));
    const index = SearchIndex.build(papers, { deferAbstracts: true });
    let slices = 0;
    while (!index.buildAbstracts(1)) {
      slices++;
    }
    assert.ok(slices > 1);
    assert.equal(keys(index, 'word42 topic3').length > 0, true);
    let warmSteps = 0;
    while (!index.warm(0)) {
      warmSteps++;
    }
    assert.ok(warmSteps > 1, 'warm-up also works in slices');
    assert.equal(keys(index, 'wrod42 topic3')[0]?.startsWith('p'), true);
  });
});

suite('core/search SearchIndex.buildSteps', () => {
  test('builds the same index as build, in many small steps (dictionary sorted by runs, then merged)', () => {
    // 20,000 papers with ~30,000 distinct short-field terms: more than one sort run (8,192 terms).
    const syllables = ['ka', 'lo', 'mi', 'nu', 're', 'sa', 'to', 'vi', 'ze', 'qu', 'fo', 'br'];
    const wordOf = (i: number): string => `${syllables[i % 12]}${syllables[Math.floor(i / 12) % 12]}${syllables[Math.floor(i / 144) % 12]}${Math.floor(i / 1728)}`;
    const papers = Array.from({ length: 20_000 }, (_, i) =>
      paper(`k${i}`, `${wordOf(i)} ${wordOf(i * 7 + 3)} study ${i % 5 === 0 ? 'Résumé' : 'model'}`, { authors: [`Ann ${wordOf(i * 3 + 1)}`], year: 1990 + (i % 30), abstract: `about ${wordOf(i + 11)}` }),
    );
    const direct = SearchIndex.build(papers, { deferAbstracts: true });
    const steps = SearchIndex.buildSteps(papers, { deferAbstracts: true });
    let count = 0;
    let r = steps.next();
    while (!r.done) {
      count++;
      r = steps.next();
    }
    const sliced = r.value;
    // At least one step per 256 papers scanned: no step scans the whole library.
    assert.ok(count >= papers.length / 256, `${count} steps`);
    assert.ok(direct.stats().shortTerms > 8192 * 2, `${direct.stats().shortTerms} terms`);
    assert.deepEqual(sliced.stats(), direct.stats());
    sliced.buildAbstracts();
    direct.buildAbstracts();
    for (const q of ['kalo', 'study resume', 'ann mimi', '2005', 'sakalo0 model', 'bvrkalo', '@k12', 'about zeka']) {
      assert.deepEqual(keys(sliced, q), keys(direct, q), q);
    }
  });
});

suite('core/search SearchIndex.update', () => {
  test('added papers are found, removed ones are not, replaced ones change', () => {
    const index = SearchIndex.build(PAPERS);
    index.update({
      added: [paper('new2025graph', 'Graph Neural Networks for Molecule Generation', { authors: ['Ada Lovelace'], year: 2025 })],
      removed: ['he2016deep'],
    });
    assert.equal(index.size, PAPERS.length);
    assert.equal(keys(index, 'molecule graph')[0], 'new2025graph');
    assert.equal(keys(index, 'lovelace')[0], 'new2025graph');
    assert.ok(!keys(index, 'residual learning').includes('he2016deep'));
    assert.equal(keys(index, '@he2016').length, 0);
    assert.equal(keys(index, 'new2025graph')[0], 'new2025graph');
    // Replace: same key, new title.
    index.update({ added: [paper('ho2020denoising', 'Score-Based Generative Modeling', { year: 2020 })] });
    assert.equal(index.size, PAPERS.length);
    assert.ok(!keys(index, 'diffusion probabilistic').includes('ho2020denoising'));
    assert.equal(keys(index, 'score based generative')[0], 'ho2020denoising');
    // Remove an added paper.
    index.update({ removed: ['new2025graph'] });
    assert.equal(index.size, PAPERS.length - 1);
    assert.deepEqual(keys(index, 'molecule'), []);
    assert.ok(!index.newest().some((p) => p.key === 'new2025graph' || p.key === 'he2016deep'));
  });

  test('short-prefix answers skip removed papers', () => {
    const index = SearchIndex.build(PAPERS);
    assert.ok(keys(index, 'r').includes('he2016deep'));
    index.update({ removed: ['he2016deep'] });
    assert.ok(!keys(index, 'r').includes('he2016deep'));
    assert.ok(!keys(index, 're').includes('he2016deep'));
  });

  test('many small updates compact into one index and keep answers right', () => {
    const base = Array.from({ length: 3000 }, (_, i) => paper(`p${i}`, `Paper number ${i} about topic${i % 50}`, { year: 2000 + (i % 20) }));
    const index = SearchIndex.build(base);
    for (let batch = 0; batch < 25; batch++) {
      const ids = Array.from({ length: 100 }, (_, j) => batch * 100 + j);
      index.update({ added: ids.map((i) => paper(`q${i}`, `Added work ${i} on subject${i % 40}`)), removed: ids.map((i) => `p${i}`) });
    }
    assert.equal(index.size, 3000);
    assert.equal(index.stats().delta < 2000, true, 'the delta was merged into the base');
    assert.equal(keys(index, 'added work 2499')[0], 'q2499');
    assert.equal(keys(index, 'paper number 2999')[0], 'p2999');
    assert.ok(!keys(index, 'paper number 10', { limit: 1000 }).includes('p10'));
    assert.deepEqual(keys(index, '@q249').slice(0, 1), ['q249']);
  });
});
