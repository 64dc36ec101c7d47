import * as assert from 'node:assert/strict';
import { Delimiters, closeOf } from './latex-citations';
import { bracedKeyEnds } from './markdown-citations';
import { mulberry32 } from '../../../test/fuzz/mutate';

/** The per-`@{` scan the table replaced (issue #18 M1). */
function oldBracedKeyEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\n' || c === '\r') {
      return -1;
    }
    if (c === '{') {
      depth++;
    } else if (c === '}' && --depth === 0) {
      return i + 1;
    }
  }
  return -1;
}

suite('core/cite: one-pass delimiter matching', () => {
  test('Delimiters.closeOf equals the direct scan on 5,000 random texts, for every opening delimiter', () => {
    const rand = mulberry32(7);
    const alphabet = ['{', '}', '[', ']', '(', ')', '\\', 'a', ',', ' ', '\n'];
    for (let n = 0; n < 5000; n++) {
      let s = '';
      const len = Math.floor(rand() * 30);
      for (let i = 0; i < len; i++) {
        s += alphabet[Math.floor(rand() * alphabet.length)];
      }
      const d = new Delimiters(s);
      for (let i = 0; i < s.length; i++) {
        const c = s.charAt(i);
        if ((c === '{' || c === '[' || c === '(') && s.charAt(i - 1) !== '\\') {
          const closer = c === '{' ? '}' : c === '[' ? ']' : ')';
          assert.equal(d.closeOf(i, closer), closeOf(s, i, closer), `${JSON.stringify(s)} at ${i}`);
        }
      }
      const ends = bracedKeyEnds(s);
      for (let i = 0; i < s.length; i++) {
        if (s.charAt(i) === '{') {
          assert.equal(ends(i), oldBracedKeyEnd(s, i), `braced ${JSON.stringify(s)} at ${i}`);
        }
      }
    }
  });
});
