import * as assert from 'node:assert/strict';
import { mulberry32 } from '../../test/fuzz/mutate';
import { ForwardLines, LineIndex, encodeUriComponentSafe, isoDate, normalizeArxivId, normalizeDoi, normalizeTitle, splitLines, stripBom, wellFormed } from './text';

suite('core/text', () => {
  test('wellFormed and encodeUriComponentSafe replace lone surrogate halves and keep pairs', () => {
    assert.equal(wellFormed('a\ud800b\udc00c\ud83d\ude00'), 'a\ufffdb\ufffdc\ud83d\ude00');
    assert.equal(encodeUriComponentSafe('x\udfff'), 'x%EF%BF%BD');
    assert.equal(encodeUriComponentSafe('a b/😀'), encodeURIComponent('a b/😀'));
  });


  test('LineIndex maps offsets to 1-based lines for LF, CRLF and CR', () => {
    const text = 'a\r\nb\nc\rd';
    const idx = new LineIndex(text);
    assert.equal(idx.lineOf(0), 1);
    assert.equal(idx.lineOf(text.indexOf('b')), 2);
    assert.equal(idx.lineOf(text.indexOf('c')), 3);
    assert.equal(idx.lineOf(text.indexOf('d')), 4);
    assert.deepEqual(splitLines(text), ['a', 'b', 'c', 'd']);
  });
  test('ForwardLines gives what LineIndex gives, in order and out of order, for LF, CRLF and CR', () => {
    const rand = mulberry32(20261206);
    const pieces = ['a', 'bc', ' ', '\n', '\r', '\r\n', '\n\n', '\u2028'];
    for (let round = 0; round < 300; round++) {
      let text = '';
      for (let n = Math.floor(rand() * 40); n > 0; n--) {
        text += pieces[Math.floor(rand() * pieces.length)];
      }
      const index = new LineIndex(text);
      const forward = new ForwardLines(text);
      const offsets = Array.from({ length: 12 }, () => Math.floor(rand() * (text.length + 3)) - 1);
      offsets.sort((a, b) => a - b);
      if (round % 3 === 0) {
        offsets.push(Math.floor(rand() * (text.length + 1))); // one out of order
      }
      for (const o of offsets) {
        assert.equal(forward.lineOf(o), index.lineOf(Math.max(0, Math.min(o, text.length))), `${JSON.stringify(text)} at ${o}`);
      }
    }
  });

  test('LineIndex on LF-only text (the indexOf path) agrees with counting newlines', () => {
    const text = '\nfirst\n\nsecond line\nthird\n';
    const idx = new LineIndex(text);
    for (let i = 0; i < text.length; i++) {
      assert.equal(idx.lineOf(i), text.slice(0, i).split('\n').length, `offset ${i}`);
    }
  });
  test('stripBom removes only a leading BOM', () => {
    assert.equal(stripBom('\ufeffx\ufeff'), 'x\ufeff');
  });
  test('normalizeTitle ignores case, punctuation, whitespace and accents', () => {
    assert.equal(normalizeTitle('Deep  Résidual-Learning: for\n Image Recognition!'), normalizeTitle('deep residual learning for image recognition'));
  });
  test('normalizeDoi strips resolvers and rejects non-DOIs', () => {
    assert.equal(normalizeDoi('https://doi.org/10.1000/ABC.1'), '10.1000/abc.1');
    assert.equal(normalizeDoi('doi: 10.1000/x'), '10.1000/x');
    assert.equal(normalizeDoi('not a doi'), undefined);
  });
  test('normalizeArxivId reads ids, prefixes and URLs without versions', () => {
    assert.equal(normalizeArxivId('2410.17243'), '2410.17243');
    assert.equal(normalizeArxivId('arXiv:2410.17243v2'), '2410.17243');
    assert.equal(normalizeArxivId('https://arxiv.org/abs/2401.00001v3'), '2401.00001');
    assert.equal(normalizeArxivId('https://arxiv.org/pdf/2401.00001.pdf'), '2401.00001');
    assert.equal(normalizeArxivId('hep-th/9901001'), 'hep-th/9901001');
    assert.equal(normalizeArxivId('hello'), undefined);
  });
  test('isoDate keeps the precision it is given and rejects impossible days', () => {
    assert.equal(isoDate(2024, 2, 29), '2024-02-29');
    assert.equal(isoDate(2023, 2, 29), '2023-02');
    assert.equal(isoDate(2024, 13), '2024');
    assert.equal(isoDate(undefined), undefined);
  });

  suite('offsets ↔ line and character', () => {
    test('\\n, \\r\\n and \\r end lines, as in VS Code', () => {
      const text = 'ab\ncd\r\nef\rgh';
      const lines = new LineIndex(text);
      assert.equal(lines.lineCount, 4);
      const at = (o: number): string => {
        const p = lines.position(o);
        return `${p.line}:${p.character}`;
      };
      assert.deepEqual([0, 2, 3, 5, 6, 7, 9, 10, 11, 12].map(at), ['0:0', '0:2', '1:0', '1:2', '1:3', '2:0', '2:2', '3:0', '3:1', '3:2']);
      assert.equal(at(-5), '0:0');
      assert.equal(at(99), '3:2');
    });

    test('offset() inverts position() for every offset outside a \\r\\n pair; clamps past line ends', () => {
      const text = 'x\r\n\r\ny\n\nzz\r';
      const lines = new LineIndex(text);
      for (let o = 0; o <= text.length; o++) {
        if (text.charCodeAt(o - 1) === 13 && text.charCodeAt(o) === 10) {
          continue; // between \r and \n: not a position VS Code can express
        }
        const p = lines.position(o);
        assert.equal(lines.offset(p.line, p.character), o, `offset ${o}`);
      }
      assert.equal(lines.offset(0, 99), 1); // end of "x", before \r\n
      assert.equal(lines.offset(99, 0), text.length);
      assert.equal(new LineIndex('').position(0).line, 0);
    });
  });
});
