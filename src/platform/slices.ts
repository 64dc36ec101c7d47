/**
 * Runs work in steps (`core/steps.ts`) on the extension host without blocking it: slices of
 * about {@link SLICE_MS}, each in its own task (`setTimeout(…, 0)` between them), so every other
 * task — other extensions, the tree, a keystroke — runs between two slices.
 */
import type { Pause } from '../core/parse-cache';
import type { Steps } from '../core/steps';

/** Work done per extension-host task before yielding to other tasks. */
export const SLICE_MS = 15;

/** What a sliced run measured (for logs). */
export interface SliceStats {
  /** Tasks the work took. */
  slices: number;
  /** The longest task, in ms. */
  longest: number;
}

/**
 * Drives `steps` to the end in slices of about `sliceMs`, the first in a later task, and
 * resolves with its result (rejects with what a step threw). `stats`, when given, is updated
 * as the slices run.
 */
export function runInSlices<T>(steps: Steps<T>, options: { sliceMs?: number; stats?: SliceStats } = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  const stats = options.stats;
  return new Promise<T>((resolve, reject) => {
    const slice = (): void => {
      const started = performance.now();
      const deadline = started + sliceMs;
      let r: IteratorResult<void, T>;
      try {
        do {
          r = steps.next();
        } while (!r.done && performance.now() < deadline);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (stats) {
        stats.slices++;
        stats.longest = Math.max(stats.longest, performance.now() - started);
      }
      if (r.done) {
        resolve(r.value);
      } else {
        setTimeout(slice, 0);
      }
    };
    setTimeout(slice, 0);
  });
}

/**
 * A {@link Pause} for async work in chunks (cache reading, decoding a worker's answer): yields
 * a task once about `sliceMs` of work has run since the last yield, so short work is not slowed
 * by a yield per chunk, and long work lets other tasks run between its slices.
 */
export function pauseEvery(sliceMs: number): Pause {
  let sliceStart = performance.now();
  return () => {
    if (performance.now() - sliceStart < sliceMs) {
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      setTimeout(() => {
        sliceStart = performance.now();
        resolve();
      }, 0),
    );
  };
}
