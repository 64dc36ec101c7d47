import * as assert from 'node:assert/strict';
import { TrigramIndex, editDistance, prefixDistance } from './typo';

suite('core/search typo', () => {
  test('editDistance: optimal string alignment, bounded', () => {
    assert.equal(editDistance('attention', 'attention', 2), 0);
    assert.equal(editDistance('atention', 'attention', 2), 1); // insertion
    assert.equal(editDistance('attentoin', 'attention', 2), 1); // transposition
    assert.equal(editDistance('attemtion', 'attention', 2), 1); // substitution
    assert.equal(editDistance('attentionn', 'attention', 2), 1); // deletion
    assert.equal(editDistance('badcfe', 'abcdef', 2), 3); // three transpositions: beyond the bound → max + 1
    assert.equal(editDistance('badcfe', 'abcdef', 3), 3);
    assert.equal(editDistance('kitten', 'sitting', 3), 3);
    assert.equal(editDistance('abc', 'abcdef', 2), 3);
  });

  test('prefixDistance: distance to the closest prefix', () => {
    assert.equal(prefixDistance('transf', 'transformer', 1), 0);
    assert.equal(prefixDistance('trasnf', 'transformer', 1), 1);
    assert.equal(prefixDistance('tranf', 'transformer', 1), 1);
    assert.equal(prefixDistance('transfp', 'transformer', 1), 1);
    assert.equal(prefixDistance('xyzabc', 'transformer', 1), 2);
    assert.equal(prefixDistance('solutions', 'solution', 1), 1);
  });

  test('TrigramIndex finds neighbours within the distance, not the word itself', () => {
    const terms = ['attention', 'attentional', 'attentive', 'detention', 'retention', 'tension', 'transformer', 'transformers', 'translation'].sort();
    const index = new TrigramIndex(terms);
    const near = (w: string, d: number, prefix: boolean): string[] =>
      index
        .lookup(w, d, prefix)
        .map((m) => `${terms[m.rank] ?? ''}:${m.distance}`)
        .sort();
    assert.deepEqual(near('atention', 1, false), ['attention:1']);
    assert.deepEqual(near('attention', 1, false), []);
    assert.deepEqual(near('atention', 2, false), ['attention:1', 'detention:2', 'retention:2', 'tension:2']);
    assert.deepEqual(near('transfomer', 1, false), ['transformer:1']);
    assert.deepEqual(near('trnsfo', 1, true), ['transformer:1', 'transformers:1']);
    assert.deepEqual(near('transl', 1, true), ['transformer:1', 'transformers:1']);
    assert.deepEqual(near('tpansf', 1, true), ['transformer:1', 'transformers:1']);
  });

  test('editDistance: unbounded by default, any length (citation keys)', () => {
    assert.equal(editDistance('abcd', 'abdc'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('abc', 'abc'), 0);
    assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3);
    const long = 'k'.repeat(300);
    assert.equal(editDistance(long, `${long}ab`), 2);
    assert.equal(editDistance(`x${long}`, `${long}y`, 5), 2);
  });
});
