import * as assert from 'node:assert/strict';
import { editDistance } from '../search/typo';
import { closestKeys } from './closest-keys';

suite('core/cite/closest-keys', () => {
  const keys = ['vaswani2017attention', 'he2016deep', 'wortsman2022soups', 'Vaswani2017Attention', 'liang2025torchtitan', 'he2016deeper', 'ho2016deep'];

  test('typos, transpositions and case', () => {
    assert.deepEqual(closestKeys('vaswani2017atention', keys), ['vaswani2017attention', 'Vaswani2017Attention']);
    assert.deepEqual(closestKeys('he2016dep', keys), ['he2016deep', 'ho2016deep']); // he2016deeper: 3 edits
    assert.deepEqual(closestKeys('eh2016deep', keys, 1), ['he2016deep']);
    assert.deepEqual(closestKeys('VASWANI2017ATTENTION', keys, 2), ['Vaswani2017Attention', 'vaswani2017attention']);
  });

  test('the exact key is never suggested; nothing far away is', () => {
    assert.deepEqual(closestKeys('he2016deep', ['he2016deep']), []);
    assert.deepEqual(closestKeys('smith1999', keys), []);
    assert.deepEqual(closestKeys('', keys), []);
    assert.deepEqual(closestKeys('he2016deep', keys, 0), []);
  });

  test('threshold grows with the key length (max(2, len/4))', () => {
    assert.deepEqual(closestKeys('abc', ['xyz', 'abz', 'xbz']), ['abz', 'xbz']);
    assert.deepEqual(closestKeys('abcdefghijklmnop', ['abcdefghijklWXYZ', 'abcdefghijklmVWXYZ']), ['abcdefghijklWXYZ']);
  });

  test('finds the closest key among 100k keys (speed: npm run bench)', () => {
    const many: string[] = [];
    for (let i = 0; i < 100000; i++) {
      many.push(`author${i % 977}${1900 + (i % 125)}word${i}`);
    }
    many.push('vaswani2017attention');
    assert.deepEqual(closestKeys('vaswani2017atention', many), ['vaswani2017attention']);
    const near = closestKeys('author12001950word5', many);
    assert.ok(near.length <= 3 && near.every((k) => editDistance('author12001950word5', k) <= 4), near.join(' '));
  });
});
