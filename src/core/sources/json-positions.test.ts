import * as assert from 'node:assert/strict';
import { mulberry32 } from '../../../test/fuzz/mutate';
import { recordElementOffsets } from './json-positions';

suite('core/sources/json-positions', () => {
  test('finds every element of the record array, whatever its strings hold', () => {
    const elements = [
      '{"title": "plain"}',
      '{"title": "quote \\" inside, and ] } [ {"}',
      '{"title": "ends in a backslash \\\\"}',
      '{"title": "three \\\\\\" then quote"}',
      '"a scalar"',
      '42',
      '{"nested": [{"a": 1}, {"b": "\\\\\\\\"}]}',
    ];
    const text = '[\n  ' + elements.join(',\n  ') + '\n]\n';
    const offsets = recordElementOffsets(text);
    assert.equal(offsets.length, elements.length);
    offsets.forEach((o, i) => assert.ok(text.startsWith(elements[i] ?? '', o), `element ${i} at ${o}`));
    assert.deepEqual(JSON.parse(text), elements.map((e) => JSON.parse(e) as unknown));
  });

  test('the first array property of a top-level object is the record array', () => {
    const text = '{"note": "x \\" [", "items": [{"id": 1}, {"id": "\\"\\\\"}]}';
    assert.deepEqual(recordElementOffsets(text), [text.indexOf('{"id": 1}'), text.indexOf('{"id": "')]);
  });

  test('property: each offset starts its element, whatever the values and the layout', () => {
    const rand = mulberry32(20261207);
    const strings = ['', 'a', '"', '\\', '[{', ']}', ', ', '\n', 'é', '\\"'];
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 2 || r < 0.3) {
        const pick = Math.floor(rand() * 6);
        return [() => strings[Math.floor(rand() * strings.length)], () => Math.round(rand() * 1e6) / 100 - 5000, () => true, () => false, () => null, () => -0.5e-7][pick]?.();
      }
      if (r < 0.6) {
        return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      }
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, (_, i) => [strings[i] ?? 'k', value(depth + 1)]));
    };
    for (let round = 0; round < 400; round++) {
      const records = Array.from({ length: Math.floor(rand() * 6) }, () => value(0));
      const indent = [0, 1, 2, '\t'][round % 4];
      const top = round % 5 === 0 ? { note: '[', items: records } : records;
      const text = JSON.stringify(top, null, indent) + (round % 2 === 0 ? '\n' : '');
      const offsets = recordElementOffsets(text);
      assert.equal(offsets.length, records.length, text);
      offsets.forEach((o, i) => {
        // From this offset to the next (or to the array's end), less the separator, is element i.
        const end = offsets[i + 1] ?? text.lastIndexOf(']', round % 5 === 0 ? text.lastIndexOf('}') : text.length);
        const piece = text.slice(o, end).replace(/[\s,]+$/, '');
        assert.deepEqual(JSON.parse(piece), records[i], `element ${i} of ${text}`);
      });
    }
  });

  test('an unterminated string ends the scan without throwing', () => {
    assert.deepEqual(recordElementOffsets('[{"a": 1}, {"b": "never closed'), [1, 11]);
  });
});
