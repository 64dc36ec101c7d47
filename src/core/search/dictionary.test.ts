import * as assert from 'node:assert/strict';
import { TermTable, lowerBound, prefixRange, rankOf } from './dictionary';

function intern(table: TermTable, term: string): number {
  const buf = new Uint16Array(term.length);
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < term.length; i++) {
    buf[i] = term.charCodeAt(i);
    hash = Math.imul(hash ^ term.charCodeAt(i), 16777619);
  }
  return table.intern(buf, term.length, hash);
}

suite('core/search dictionary', () => {
  test('TermTable interns each distinct term once, across rehashes', () => {
    const table = new TermTable();
    const ids = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const term = `t${i % 40_000}`;
      const id = intern(table, term);
      const before = ids.get(term);
      if (before === undefined) {
        ids.set(term, id);
      } else {
        assert.equal(id, before);
      }
    }
    assert.equal(table.count, 40_000);
    assert.equal(table.term(ids.get('t12345') ?? -1), 't12345');
    assert.equal(table.terms().length, 40_000);
  });

  test('hash collisions are told apart by the characters', () => {
    const table = new TermTable();
    const buf = Uint16Array.from([97, 98]);
    const a = table.intern(buf, 2, 7);
    const b = table.intern(Uint16Array.from([98, 97]), 2, 7);
    const c = table.intern(buf, 1, 7);
    assert.notEqual(a, b);
    assert.notEqual(a, c);
    assert.equal(table.intern(buf, 2, 7), a);
    assert.deepEqual(table.terms(), ['ab', 'ba', 'a']);
  });

  test('prefix ranges by binary search over the sorted dictionary', () => {
    const terms = ['a', 'atten', 'attention', 'attentive', 'attic', 'b', 'train', 'training', 'transformer'];
    assert.deepEqual(prefixRange(terms, 'atten'), [1, 4]);
    assert.deepEqual(prefixRange(terms, 'att'), [1, 5]);
    assert.deepEqual(prefixRange(terms, 'tra'), [6, 9]);
    assert.deepEqual(prefixRange(terms, 'trainings'), [8, 8]);
    assert.deepEqual(prefixRange(terms, ''), [0, 9]);
    assert.deepEqual(prefixRange(terms, 'zzz'), [9, 9]);
    assert.equal(lowerBound(terms, 'attention'), 2);
    assert.equal(rankOf(terms, 'attention'), 2);
    assert.equal(rankOf(terms, 'attent'), -1);
  });
});
