import * as assert from 'node:assert/strict';
import type { Paper } from '../model';
import { Segment } from './segment';
import { MAX_TOKEN_LENGTH, foldedHash, foldedLetters, tokenize } from './tokenize';

const terms = (text: string): string[] => tokenize(text).map((t) => t.term);

suite('core/search tokenize', () => {
  test('letters and digits, lower case, punctuation splits', () => {
    assert.deepEqual(terms('TorchTitan: One-stop PyTorch (LLMs), GPT-4o & 3D!'), ['torchtitan', 'one', 'stop', 'onestop', 'pytorch', 'llms', 'gpt', '4o', 'gpt4o', '3d']);
  });

  test('accents and case are folded; offsets point into the original text', () => {
    const text = 'Über Résumé ß';
    const tokens = tokenize(text);
    assert.deepEqual(tokens.map((t) => t.term), ['uber', 'resume', 'ß']);
    assert.deepEqual(tokens.map((t) => text.slice(t.start, t.end)), ['Über', 'Résumé', 'ß']);
  });

  test('combining marks (NFD text) stay inside the word', () => {
    const text = 'Re\u0301sume\u0301 x';
    const tokens = tokenize(text);
    assert.deepEqual(tokens.map((t) => t.term), ['resume', 'x']);
    assert.deepEqual([tokens[0]?.start, tokens[0]?.end], [0, 8]);
  });

  test('hyphenated words also give their joined form, spanning the whole word', () => {
    const tokens = tokenize('state-of-the-art pre - training');
    assert.deepEqual(tokens.map((t) => t.term), ['state', 'of', 'the', 'art', 'stateoftheart', 'pre', 'training']);
    const joined = tokens[4];
    assert.ok(joined?.compound);
    assert.deepEqual([joined.start, joined.end], [0, 16]);
  });

  test('other scripts are words; emoji and symbols are separators', () => {
    assert.deepEqual(terms('Трансформер 注意力 🤗 α-β'), ['трансформер', '注意力', 'α', 'β', 'αβ']);
  });

  test('very long runs are truncated', () => {
    const [t] = tokenize('x'.repeat(100));
    assert.equal(t?.term.length, MAX_TOKEN_LENGTH);
    assert.equal(t?.end, 100);
  });

  test('foldedLetters / foldedHash ignore case, accents, punctuation and spaces', () => {
    assert.equal(foldedLetters('Deep  Résidual-Learning!'), 'deepresiduallearning');
    assert.equal(foldedHash('Deep Résidual Learning'), foldedHash('deep residual-learning'));
    assert.notEqual(foldedHash('deep residual learning'), foldedHash('deep residual learnings'));
  });

  test('the index builder tokenises titles exactly like tokenize()', () => {
    const titles = [
      'TorchTitan: One-stop PyTorch native solution for production-ready LLM pre-training',
      'Über Résumé — ﬁne-tuning “quotes” α-β 3.1 8B x-',
      'Re\u0301sume\u0301 -lead trail- a--b',
    ];
    const papers: Paper[] = titles.map((title, i) => ({ key: `k${i}`, title, authors: [], tags: [], sources: [] }));
    const seg = Segment.build(papers);
    titles.forEach((title, d) => {
      const fromIndex: [string, number, number][] = [];
      for (let t = seg.titleOffsets[d] ?? 0; t < (seg.titleOffsets[d + 1] ?? 0); t++) {
        fromIndex.push([seg.short.terms[seg.titleRanks[t] ?? 0] ?? '', seg.titleStarts[t] ?? 0, seg.titleEnds[t] ?? 0]);
      }
      assert.deepEqual(fromIndex, tokenize(title).map((t) => [t.term, t.start, t.end]), title);
    });
  });
});
