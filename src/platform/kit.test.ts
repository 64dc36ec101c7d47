import * as assert from 'node:assert/strict';
import type { Timers } from './debounce';
import { Debouncer, debounce } from './debounce';
import { Disposable, DisposableStore, disposeAll } from './disposable';

/** Timers driven by hand: `fire()` runs every pending timer (in order of scheduling). */
function fakeTimers(): Timers & { fire(): void; readonly count: number; readonly delays: number[] } {
  let next = 1;
  const pending = new Map<number, () => void>();
  const delays: number[] = [];
  return {
    set(run, ms) {
      delays.push(ms);
      pending.set(next, run);
      return next++;
    },
    clear(handle) {
      pending.delete(handle as number);
    },
    fire() {
      const runs = [...pending.values()];
      pending.clear();
      runs.forEach((r) => r());
    },
    get count() {
      return pending.size;
    },
    delays,
  };
}

suite('platform kit', () => {
  suite('disposables', () => {
    test('a store disposes each item once, in order; items added later are disposed at once', () => {
      const log: string[] = [];
      const store = new DisposableStore();
      store.add({ dispose: () => log.push('a') });
      store.add({ dispose: () => log.push('b') });
      store.dispose();
      store.dispose();
      assert.deepEqual(log, ['a', 'b']);
      store.add({ dispose: () => log.push('late') });
      assert.deepEqual(log, ['a', 'b', 'late']);
      assert.equal(store.isDisposed, true);
    });

    test('one throwing item does not keep the others alive; the first error is rethrown', () => {
      const log: string[] = [];
      assert.throws(
        () =>
          disposeAll([
            { dispose: () => log.push('a') },
            {
              dispose: () => {
                throw new Error('first');
              },
            },
            {
              dispose: () => {
                throw new Error('second');
              },
            },
            { dispose: () => log.push('d') },
          ]),
        /first/,
      );
      assert.deepEqual(log, ['a', 'd']);
    });

    test('the base class releases what it registered and what events pushed', () => {
      const log: string[] = [];
      class Owner extends Disposable {
        constructor() {
          super();
          this.register({ dispose: () => log.push('registered') });
          this.disposables.push({ dispose: () => log.push('pushed') });
        }
      }
      const owner = new Owner();
      owner.dispose();
      owner.dispose();
      assert.deepEqual(log, ['registered', 'pushed']);
    });
  });

  suite('debounce', () => {
    test('a burst of calls per key runs the last action once per key', () => {
      const timers = fakeTimers();
      const runs: string[] = [];
      const d = new Debouncer<string>(400, timers);
      for (let i = 0; i < 5; i++) {
        d.schedule('a', () => runs.push(`a${i}`));
      }
      d.schedule('b', () => runs.push('b'), 0);
      assert.equal(timers.count, 2);
      assert.equal(d.isPending('a'), true);
      timers.fire();
      assert.deepEqual(runs.sort(), ['a4', 'b']);
      assert.equal(d.isPending('a'), false);
      assert.deepEqual(timers.delays.slice(-1), [0]);
      assert.ok(timers.delays.slice(0, 5).every((ms) => ms === 400));
    });

    test('cancel and dispose drop pending runs', () => {
      const timers = fakeTimers();
      const runs: string[] = [];
      const d = new Debouncer<string>(10, timers);
      d.schedule('a', () => runs.push('a'));
      d.schedule('b', () => runs.push('b'));
      d.cancel('a');
      d.schedule('c', () => runs.push('c'));
      d.dispose();
      timers.fire();
      assert.deepEqual(runs, []);
      assert.equal(timers.count, 0);
    });

    test('debounce(): one run after a burst; dispose cancels', () => {
      const timers = fakeTimers();
      let runs = 0;
      const refresh = debounce(() => runs++, 500, timers);
      refresh();
      refresh();
      refresh();
      assert.equal(refresh.pending, true);
      timers.fire();
      assert.equal(runs, 1);
      assert.equal(refresh.pending, false);
      refresh();
      refresh.dispose();
      timers.fire();
      assert.equal(runs, 1);
    });
  });
});
