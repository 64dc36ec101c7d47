import * as assert from 'node:assert/strict';
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

  test('an unterminated string ends the scan without throwing', () => {
    assert.deepEqual(recordElementOffsets('[{"a": 1}, {"b": "never closed'), [1, 11]);
  });
});
