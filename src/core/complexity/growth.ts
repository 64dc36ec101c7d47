/**
 * Growth checks for the complexity suite (issue #18): the CPU time of a task at two input sizes,
 * each the minimum of a few runs, compared as a ratio with a generous bound. CPU time (this
 * process's user + system time, not the wall clock) does not count the time other processes
 * take on a busy machine. A linear task
 * doubles its time when its input doubles; a quadratic one quadruples it. The bound allows 3×
 * per doubling, so a busy 2-core machine does not fail a linear task, while quadratic growth
 * over three doublings (64×) is far outside it (27×). Pure (no I/O); used only by tests.
 */
/** Minimum CPU time of `runs` calls of `fn` (ms). */
export function minTime(fn: () => unknown, runs = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** Rounds of measuring again, each with more runs, before a ratio over its bound counts. */
const RETRIES = 3;

export interface Growth {
  readonly small: number;
  readonly large: number;
  readonly ratio: number;
  readonly bound: number;
  readonly ok: boolean;
  readonly text: string;
}

/**
 * Times `task(input(n))` at `n` and `factor × n` (factor a power of 2) and checks the ratio is
 * at most 3 per doubling. The small time is floored at `floorMs` so timer noise on tiny inputs
 * cannot fake a large ratio. Inputs are built outside the timed part. A ratio over the bound is
 * measured again (up to {@link RETRIES} times, with more runs each time) before it counts.
 */
export function growth<T>(name: string, n: number, factor: number, input: (size: number) => T, task: (input: T) => unknown, options: { runs?: number; floorMs?: number } = {}): Growth {
  const runs = options.runs ?? 3;
  const floor = options.floorMs ?? 10;
  const a = input(n);
  const b = input(n * factor);
  task(a); // warm up (JIT)
  let small = minTime(() => task(a), runs);
  let large = minTime(() => task(b), runs);
  const bound = Math.pow(3, Math.log2(factor));
  for (let retry = 1; retry <= RETRIES && large / Math.max(small, floor) > bound; retry++) {
    // A pause (GC) in every one of a few runs: measure both sizes again, with more runs, and
    // keep the minimum. A task that really grows too fast stays over the bound.
    small = Math.min(small, minTime(() => task(a), runs * 2 * retry));
    large = Math.min(large, minTime(() => task(b), runs * 2 * retry));
  }
  const ratio = large / Math.max(small, floor);
  const text = `${name}: n=${n} ${small.toFixed(1)} ms, n=${n * factor} ${large.toFixed(1)} ms, ratio ${ratio.toFixed(1)} (bound ${bound.toFixed(0)})`;
  return { small, large, ratio, bound, ok: ratio <= bound, text };
}
