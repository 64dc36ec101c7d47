/**
 * Work in steps: a generator that yields every fraction of a millisecond of work and returns its
 * result. The extension drives it in slices of a few milliseconds, with other tasks between
 * slices; the CLI and tests drive it to the end at once ({@link runSteps}). One implementation
 * either way. Pure.
 */

/** A job in steps: yields between steps, returns its result. */
export type Steps<T> = Generator<void, T, void>;

/** Drives a job to the end at once and returns its result. */
export function runSteps<T>(steps: Steps<T>): T {
  let r = steps.next();
  while (!r.done) {
    r = steps.next();
  }
  return r.value;
}

/** Items compared between two steps of {@link sortSteps}: well under a millisecond of work. */
export const SORT_RUN = 2048;

/**
 * Sorts `items` in place, in steps, and returns it: runs of {@link SORT_RUN} items are sorted
 * (`Array.prototype.sort`, stable), then merged pairwise, a step every run of items merged
 * (a bottom-up merge sort; two runs already in order are joined without comparing). Stable,
 * so with a consistent `compare` the result is exactly that of `items.sort(compare)`.
 */
export function* sortSteps<T>(items: T[], compare: (a: T, b: T) => number, run = SORT_RUN): Steps<T[]> {
  const count = items.length;
  if (count <= run) {
    items.sort(compare);
    return items;
  }
  let from: T[] = items;
  for (let lo = 0; lo < count; lo += run) {
    const hi = Math.min(count, lo + run);
    const part = from.slice(lo, hi).sort(compare);
    for (let k = lo; k < hi; k++) {
      from[k] = part[k - lo] as T;
    }
    yield;
  }
  let to: T[] = new Array<T>(count);
  let budget = run;
  for (let width = run; width < count; width *= 2) {
    for (let lo = 0; lo < count; lo += 2 * width) {
      const mid = Math.min(count, lo + width);
      const hi = Math.min(count, lo + 2 * width);
      if (mid >= hi || compare(from[mid - 1] as T, from[mid] as T) <= 0) {
        for (let k = lo; k < hi; k++) {
          to[k] = from[k] as T;
        }
        continue;
      }
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; k++) {
        // The left run wins ties: stable.
        if (j >= hi || (i < mid && compare(from[j] as T, from[i] as T) >= 0)) {
          to[k] = from[i++] as T;
        } else {
          to[k] = from[j++] as T;
        }
        if (--budget === 0) {
          budget = run;
          yield;
        }
      }
    }
    [from, to] = [to, from];
  }
  if (from !== items) {
    for (let k = 0; k < count; k++) {
      items[k] = from[k] as T;
    }
  }
  return items;
}
