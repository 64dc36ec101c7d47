import * as assert from 'node:assert/strict';
import { validNumber } from './setting-values';

suite('core/setting-values', () => {
  test('anything but a finite number falls back; numbers are clamped', () => {
    for (const bad of ['abc', '50', null, undefined, NaN, Infinity, -Infinity, {}, [], true]) {
      assert.equal(validNumber(bad, 200, 1, 100_000), 200, JSON.stringify(bad) ?? typeof bad);
    }
    assert.equal(validNumber(-5, 200, 1, 100_000), 1);
    assert.equal(validNumber(0, 200, 1, 100_000), 1);
    assert.equal(validNumber(1e400, 200, 1, 100_000), 200);
    assert.equal(validNumber(1e9, 200, 1, 100_000), 100_000);
    assert.equal(validNumber(0.5, 200, 0.001, 100_000), 0.5);
  });
});
