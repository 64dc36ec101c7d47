/**
 * Retries for 429 and 5xx answers: honours `Retry-After` (seconds or an HTTP date) and the
 * `RateLimit` header's `t=` (seconds to the window reset), else backs off exponentially. Bounded
 * in tries and in total time: a wait that would not fit in the time left is not waited for.
 */
import type { HttpResponse, Sleep } from './http';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxTries: number;
  /** Total time the retries may add, in ms. */
  readonly maxTotalMs: number;
  /** First back-off when the server names no wait; doubles per try. */
  readonly baseDelayMs: number;
  /** Longest single wait. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxTries: 4, maxTotalMs: 60_000, baseDelayMs: 1_000, maxDelayMs: 30_000 };

export function isRetryable(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** The wait the server asks for, in ms, from `Retry-After` or `RateLimit: …;t=N`; undefined when none. */
export function serverDelayMs(headers: Readonly<Record<string, string>>, now: number = Date.now()): number | undefined {
  const retryAfter = headers['retry-after']?.trim();
  if (retryAfter) {
    if (/^\d+(?:\.\d+)?$/.test(retryAfter)) {
      return Math.round(Number(retryAfter) * 1000);
    }
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) {
      return Math.max(0, at - now);
    }
  }
  const rateLimit = headers['ratelimit'];
  if (rateLimit) {
    const t = /(?:^|[;,\s])t\s*=\s*(\d+(?:\.\d+)?)/.exec(rateLimit);
    if (t) {
      return Math.round(Number(t[1]) * 1000);
    }
  }
  return undefined;
}

export interface RetryOutcome {
  readonly response: HttpResponse;
  /** Attempts made. */
  readonly tries: number;
  /** When the last answer is still retryable: the wait it asked for (ms), for the message. */
  readonly waitMs?: number;
}

/**
 * Calls `attempt` until its answer is not retryable, the tries are used up, or the next wait would
 * not fit in the time budget. Returns the last answer; throws what `attempt` throws.
 */
export async function withRetries(attempt: () => Promise<HttpResponse>, policy: RetryPolicy, sleep: Sleep, signal?: AbortSignal, now: () => number = Date.now): Promise<RetryOutcome> {
  const started = now();
  for (let tries = 1; ; tries++) {
    const response = await attempt();
    if (!isRetryable(response.status)) {
      return { response, tries };
    }
    const asked = serverDelayMs(response.headers, now());
    const wait = asked ?? policy.baseDelayMs * 2 ** (tries - 1);
    const spent = now() - started;
    if (tries >= policy.maxTries || wait > policy.maxDelayMs || spent + wait > policy.maxTotalMs) {
      return { response, tries, waitMs: wait };
    }
    await sleep(wait, signal);
  }
}
