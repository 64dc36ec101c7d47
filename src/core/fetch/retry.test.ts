import * as assert from 'node:assert/strict';
import type { HttpResponse } from './http';
import { isRetryable, serverDelayMs, withRetries } from './retry';

const answer = (status: number, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, body: '' });

suite('live: retry policy', () => {
  test('429 and 5xx are retried; 4xx and 2xx are answers', () => {
    assert.deepEqual([200, 304, 400, 404, 429, 500, 502, 503, 599].map(isRetryable), [false, false, false, false, true, true, true, true, true]);
  });

  test('Retry-After in seconds or as an HTTP date; RateLimit t=; none', () => {
    const now = Date.parse('2026-12-03T08:00:00Z');
    assert.equal(serverDelayMs({ 'retry-after': '2' }, now), 2000);
    assert.equal(serverDelayMs({ 'retry-after': ' 0.5 ' }, now), 500);
    assert.equal(serverDelayMs({ 'retry-after': 'Thu, 03 Dec 2026 08:00:07 GMT' }, now), 7000);
    assert.equal(serverDelayMs({ 'retry-after': 'Thu, 03 Dec 2026 07:00:00 GMT' }, now), 0, 'a past date means now');
    assert.equal(serverDelayMs({ ratelimit: '"api";r=0;t=42' }, now), 42_000);
    assert.equal(serverDelayMs({ ratelimit: 'limit=500, remaining=0, reset=30' }, now), undefined, 'no t=');
    assert.equal(serverDelayMs({ 'retry-after': 'soon', ratelimit: '"api";r=0;t=3' }, now), 3000, 'unreadable Retry-After falls back to t=');
    assert.equal(serverDelayMs({}, now), undefined);
  });

  test('waits as asked, then succeeds; counts tries', async () => {
    const waits: number[] = [];
    const answers = [answer(429, { 'retry-after': '1' }), answer(503), answer(200)];
    const r = await withRetries(() => Promise.resolve(answers.shift()!), { maxTries: 4, maxTotalMs: 60_000, baseDelayMs: 250, maxDelayMs: 30_000 }, (ms) => {
      waits.push(ms);
      return Promise.resolve();
    });
    assert.equal(r.response.status, 200);
    assert.equal(r.tries, 3);
    assert.deepEqual(waits, [1000, 500], 'Retry-After, then the back-off of the second retry');
  });

  test('bounded: by tries, by a wait longer than allowed, by the total time', async () => {
    let calls = 0;
    const always429 = (): Promise<HttpResponse> => {
      calls++;
      return Promise.resolve(answer(429, { 'retry-after': '1' }));
    };
    const noSleep = (): Promise<void> => Promise.resolve();
    const byTries = await withRetries(always429, { maxTries: 3, maxTotalMs: 1e9, baseDelayMs: 1, maxDelayMs: 1e9 }, noSleep);
    assert.equal(byTries.tries, 3);
    assert.equal(calls, 3);
    assert.equal(byTries.waitMs, 1000);

    calls = 0;
    const tooLong = await withRetries(() => (calls++, Promise.resolve(answer(429, { ratelimit: '"api";r=0;t=300' }))), { maxTries: 5, maxTotalMs: 1e9, baseDelayMs: 1, maxDelayMs: 30_000 }, noSleep);
    assert.equal(tooLong.tries, 1, 'a 5-minute wait is not waited for');
    assert.equal(tooLong.waitMs, 300_000);

    let clock = 0;
    calls = 0;
    const byTime = await withRetries(always429, { maxTries: 100, maxTotalMs: 2500, baseDelayMs: 1, maxDelayMs: 30_000 }, (ms) => {
      clock += ms;
      return Promise.resolve();
    }, undefined, () => clock);
    assert.equal(byTime.tries, 3, 'two 1 s waits fit in 2.5 s, a third does not');
  });
});
