/**
 * Debouncing: a keyed debouncer (one pending run per key, e.g. per document) and `debounce` for
 * a single action. Timers are injectable so the behaviour is unit-tested without waiting.
 */
import type { IDisposable } from './disposable';

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Runs the action of `schedule(key, …)` once, `delayMs` after the last call for that key. */
export class Debouncer<K = string> implements IDisposable {
  private readonly pending = new Map<K, unknown>();

  constructor(
    private readonly delayMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  /** (Re)starts the key's timer; `run` replaces the action scheduled before for that key. */
  schedule(key: K, run: () => void, delayMs = this.delayMs): void {
    this.cancel(key);
    this.pending.set(
      key,
      this.timers.set(() => {
        this.pending.delete(key);
        run();
      }, delayMs),
    );
  }

  cancel(key: K): void {
    const handle = this.pending.get(key);
    if (handle !== undefined) {
      this.timers.clear(handle);
      this.pending.delete(key);
    }
  }

  isPending(key: K): boolean {
    return this.pending.has(key);
  }

  /** Cancels every pending run. */
  dispose(): void {
    this.pending.forEach((handle) => this.timers.clear(handle));
    this.pending.clear();
  }
}

/** A debounced action: `run()` (re)starts the timer, `dispose()` cancels a pending run. */
export interface Debounced extends IDisposable {
  (): void;
  readonly pending: boolean;
}

/** `action`, run once `delayMs` after the last call of the returned function. */
export function debounce(action: () => void, delayMs: number, timers: Timers = realTimers): Debounced {
  const debouncer = new Debouncer<0>(delayMs, timers);
  const run = (): void => debouncer.schedule(0, action);
  return Object.defineProperties(run, {
    dispose: { value: (): void => debouncer.dispose() },
    pending: { get: (): boolean => debouncer.isPending(0) },
  }) as Debounced;
}
