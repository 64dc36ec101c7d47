import * as assert from 'node:assert/strict';
import type { Steps } from '../core/steps';
import { runInSlices } from './slices';

function* counting(n: number, log: string[]): Steps<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    log.push(`step ${i}`);
    sum += i;
    yield;
  }
  return sum;
}

suite('platform/slices runInSlices', () => {
  test('resolves with the result; other tasks run between slices', async () => {
    const log: string[] = [];
    const stats = { slices: 0, longest: 0 };
    // A budget of 0 ms: every slice is one step, so the order below does not depend on speed.
    const done = runInSlices(counting(3, log), { sliceMs: 0, stats });
    setTimeout(() => log.push('other task'), 0);
    log.push('caller goes on');
    assert.equal(await done, 0 + 1 + 2);
    assert.deepEqual(log, ['caller goes on', 'step 0', 'other task', 'step 1', 'step 2']);
    assert.equal(stats.slices, 4);
  });

  test('a step that throws rejects the promise', async () => {
    function* failing(): Steps<number> {
      yield;
      throw new Error('broken step');
    }
    await assert.rejects(runInSlices(failing(), { sliceMs: 0 }), /broken step/);
  });
});
