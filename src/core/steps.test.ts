import * as assert from 'node:assert/strict';
import { runSteps, sortSteps } from './steps';
import { mulberry32 } from '../../test/fuzz/mutate';

suite('core/steps sortSteps', () => {
  test('sorts exactly as Array.prototype.sort (stable: equal items keep their order), in steps', () => {
    const rand = mulberry32(5);
    for (const [n, run, spread] of [
      [0, 4, 3],
      [1, 4, 3],
      [7, 4, 3],
      [100, 4, 5],
      [1000, 16, 20],
      [5000, 64, 1000],
      [5000, 64, 100000],
      [4096, 2048, 7],
    ] as const) {
      const items = Array.from({ length: n }, (_, id) => ({ id, v: Math.floor(rand() * spread) }));
      const compare = (a: { v: number }, b: { v: number }): number => a.v - b.v;
      const expected = [...items].sort(compare).map((x) => x.id);
      const steps = sortSteps([...items], compare, run);
      let count = 0;
      let r = steps.next();
      while (!r.done) {
        count++;
        r = steps.next();
      }
      assert.deepEqual(r.value.map((x) => x.id), expected, `n=${n} run=${run}`);
      // A step per run sorted and per run of items merged: no step does more than a run's work.
      if (n > run) {
        assert.ok(count >= n / run, `${count} steps for ${n} items`);
      }
    }
  });

  test('sorted, reversed and all-equal input; the array is sorted in place', () => {
    const compare = (a: number, b: number): number => a - b;
    for (const input of [Array.from({ length: 300 }, (_, i) => i), Array.from({ length: 300 }, (_, i) => 300 - i), Array.from({ length: 300 }, () => 4)]) {
      const items = [...input];
      const sorted = runSteps(sortSteps(items, compare, 8));
      assert.equal(sorted, items);
      assert.deepEqual(sorted, [...input].sort(compare));
    }
  });
});
