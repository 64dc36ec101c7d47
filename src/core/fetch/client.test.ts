/** The live client over an in-memory HTTP port: paging, retries, token scope, arXiv pacing. */
import * as assert from 'node:assert/strict';
import { atomFeed, minimalItem } from '../../../test/support/fake-live';
import { LiveClient } from './client';
import { LiveError } from './errors';
import type { HttpPort, HttpRequest, HttpResponse } from './http';
import { parsePaperRefs } from './ids';

const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, body: JSON.stringify(body) });

function port(route: (url: URL, req: HttpRequest) => HttpResponse): { http: HttpPort; calls: HttpRequest[] } {
  const calls: HttpRequest[] = [];
  return {
    calls,
    http: (req) => {
      calls.push(req);
      return Promise.resolve(route(new URL(req.url), req));
    },
  };
}

function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let t = Date.parse('2026-12-03T08:00:00Z');
  const slept: number[] = [];
  return { now: () => t, sleep: (ms) => {
      slept.push(ms);
      t += ms;
      return Promise.resolve();
    }, slept };
}

const items = (n: number): Array<Record<string, unknown>> => Array.from({ length: n }, (_, i) => minimalItem(`2410.${String(10000 + i)}`, `Paper ${i}`));

suite('live: client (in-memory HTTP)', () => {
  test('pages with p and limit; the server caps limit at 7 and the client still gets all 23', async () => {
    const all = items(23);
    const { http, calls } = port((u) => {
      const p = Number(u.searchParams.get('p'));
      const limit = Math.min(Number(u.searchParams.get('limit')), 7);
      return json(200, all.slice(p * limit, (p + 1) * limit));
    });
    const c = new LiveClient({ http, hfUrl: 'https://hf.test' });
    const r = await c.daily('2024-10-25');
    assert.equal(r.items.length, 23);
    assert.deepEqual(calls.map((x) => new URL(x.url).searchParams.get('p')), ['0', '1', '2', '3'], 'stops at the short page (2 of 7)');
    assert.ok(calls.every((x) => new URL(x.url).searchParams.get('date') === '2024-10-25' && x.url.startsWith('https://hf.test/api/daily_papers?')));
    assert.deepEqual(JSON.parse(r.text), all, 'the joined pages, items as returned');
  });

  test('one short page: one more request finds it empty; the saved text is the body as returned', async () => {
    const body = JSON.stringify(items(3), null, 4);
    const { http, calls } = port((u) => ({ status: 200, headers: {}, body: u.searchParams.get('p') === '0' ? body : '[]' }));
    const r = await new LiveClient({ http }).daily('2024-10-25');
    assert.equal(r.text, body);
    assert.equal(calls.length, 2);
    assert.equal(r.items.length, 3);
  });

  test('a server that ignores p (same page again) does not loop', async () => {
    const page = items(50);
    const { http, calls } = port(() => json(200, page));
    const r = await new LiveClient({ http }).daily('2024-10-25');
    assert.equal(r.items.length, 50);
    assert.equal(calls.length, 2);
  });

  test('an empty day is [] and no error', async () => {
    const { http } = port(() => json(200, []));
    const r = await new LiveClient({ http }).daily('2024-10-26');
    assert.deepEqual(r.items, []);
    assert.equal(r.text, '[]');
  });

  test('400: a future day (UTC) is "not yet" and says so; a past one is a bad date; no request for an impossible one', async () => {
    const clock = fakeClock();
    const { http, calls } = port(() => json(400, { error: 'Invalid date' }));
    const c = new LiveClient({ http, now: clock.now, sleep: clock.sleep });
    await assert.rejects(c.daily('2026-12-04'), (e: unknown) => e instanceof LiveError && e.kind === 'not-yet' && /UTC/.test(e.message) && /yesterday/.test(e.message));
    await assert.rejects(c.daily('2026-12-03'), (e: unknown) => e instanceof LiveError && e.kind === 'not-yet' && /2026-12-03 08:00/.test(e.message), 'UTC today, not opened yet');
    await assert.rejects(c.daily('1999-01-01'), (e: unknown) => e instanceof LiveError && e.kind === 'bad-date' && /Invalid date/.test(e.message));
    const before = calls.length;
    await assert.rejects(c.daily('2024-13-40'), (e: unknown) => e instanceof LiveError && e.kind === 'bad-date');
    assert.equal(calls.length, before, 'an impossible date never reaches the server');
  });

  test('429 with Retry-After is waited out, then the answer is used; 429 for good gives a clear message', async () => {
    const clock = fakeClock();
    let n = 0;
    const { http } = port(() => (++n === 1 ? json(429, { error: 'slow down' }, { 'retry-after': '1' }) : json(200, [])));
    await new LiveClient({ http, now: clock.now, sleep: clock.sleep }).daily('2024-10-25');
    assert.deepEqual(clock.slept, [1000]);
    const { http: never } = port(() => json(429, {}, { ratelimit: '"api";r=0;t=2' }));
    const c = new LiveClient({ http: never, now: clock.now, sleep: clock.sleep, retry: { maxTries: 3 } });
    await assert.rejects(c.daily('2024-10-25'), (e: unknown) => e instanceof LiveError && e.kind === 'rate-limited' && /429/.test(e.message) && /3 tries/.test(e.message) && /token/.test(e.message));
  });

  test('invalid JSON and a non-list are invalid-body errors', async () => {
    for (const body of ['[{"paper": {"id": "1"', '{"error": "oops"}', '<html>']) {
      const { http } = port(() => ({ status: 200, headers: {}, body }));
      await assert.rejects(new LiveClient({ http }).daily('2024-10-25'), (e: unknown) => e instanceof LiveError && e.kind === 'invalid' && /nothing was saved/.test(e.message));
    }
  });

  test('the token goes to the configured Hugging Face origin only, not across a redirect, never to arXiv', async () => {
    const { http, calls } = port((u) => {
      if (u.host === 'hf.test' && u.pathname === '/api/papers/2410.17243') {
        return { status: 302, headers: { location: 'https://cdn.elsewhere.test/p.json' }, body: '' };
      }
      if (u.host === 'cdn.elsewhere.test') {
        return json(200, { id: '2410.17243', title: 'T', authors: [] });
      }
      if (u.host === 'hf.test') {
        return json(404, {});
      }
      return { status: 200, headers: {}, body: atomFeed('new', []) };
    });
    const c = new LiveClient({ http, hfUrl: 'https://hf.test/', token: 'hf_secret', arxivUrl: 'https://arxiv.test' });
    const r = await c.papers(parsePaperRefs('2410.17243 2305.14314').refs);
    assert.equal(r.items.length, 1);
    const auth = calls.map((x) => [new URL(x.url).host, x.headers.authorization]);
    assert.deepEqual(auth, [['hf.test', 'Bearer hf_secret'], ['cdn.elsewhere.test', undefined], ['hf.test', 'Bearer hf_secret'], ['arxiv.test', undefined]]);
  });

  test('HF 404 falls back to arXiv in one batched request; unknown everywhere is a clear problem', async () => {
    const clock = fakeClock();
    const { http, calls } = port((u) => {
      if (u.pathname.startsWith('/api/papers/')) {
        return u.pathname.endsWith('2410.17243') ? json(200, { id: '2410.17243', title: 'Known to HF', authors: [{ name: 'A' }], extraFutureKey: { x: 1 } }) : json(404, { error: 'Paper not found' });
      }
      assert.equal(u.searchParams.get('max_results'), '3');
      assert.equal(u.searchParams.get('id_list'), '2305.14314v2,hep-th/9901001,2401.99999');
      return {
        status: 200,
        headers: {},
        body: atomFeed('old', [
          { id: '2305.14314', version: 2, title: 'QLoRA', authors: [{ name: 'Tim Dettmers' }] },
          { id: 'hep-th/9901001', title: 'Old', authors: [{ name: 'P' }] },
        ]),
      };
    });
    const c = new LiveClient({ http, now: clock.now, sleep: clock.sleep });
    const r = await c.papers(parsePaperRefs('2410.17243, 2305.14314v2, hep-th/9901001, 2401.99999').refs);
    assert.deepEqual(r.items.map((i) => [i.source, i.paper.id]), [['huggingface', '2410.17243'], ['arxiv', '2305.14314'], ['arxiv', 'hep-th/9901001']]);
    assert.deepEqual((r.items[0]?.paper as { extraFutureKey?: unknown }).extraFutureKey, { x: 1 }, 'unknown keys are kept as returned');
    assert.deepEqual(r.problems.map((p) => [p.id, p.kind]), [['2401.99999', 'not-found']]);
    assert.match(r.problems[0]?.message ?? '', /neither on Hugging Face \(404\) nor on arXiv/);
    assert.equal(calls.filter((x) => x.url.includes('/api/query')).length, 1, 'one arXiv request for all');
    assert.ok(!calls.some((x) => x.url.includes('hep-th')) || calls.filter((x) => x.url.includes('/api/papers/hep-th')).length === 0, 'old-style ids skip Hugging Face');
  });

  test('arXiv: at most one request every 3 s, many ids per request', async () => {
    const clock = fakeClock();
    const times: number[] = [];
    const { http } = port((u) => {
      if (u.pathname.startsWith('/api/papers/')) {
        return json(404, {});
      }
      times.push(clock.now());
      return { status: 200, headers: {}, body: atomFeed('new', []) };
    });
    const refs = parsePaperRefs(Array.from({ length: 7 }, (_, i) => `2401.0000${i + 1}`)).refs;
    await new LiveClient({ http, now: clock.now, sleep: clock.sleep, arxivBatch: 3 }).papers(refs);
    assert.equal(times.length, 3, '7 ids in batches of 3');
    for (let i = 1; i < times.length; i++) {
      assert.ok(times[i]! - times[i - 1]! >= 3000, `gap ${i} is at least 3 s`);
    }
  });

  test('the 3 s arXiv spacing holds across clients that share a clock object (one per extension session)', async () => {
    const clock = fakeClock();
    const times: number[] = [];
    const { http } = port(() => {
      times.push(clock.now());
      return { status: 200, headers: {}, body: atomFeed('new', []) };
    });
    const arxivClock = {};
    for (let i = 0; i < 2; i++) {
      await new LiveClient({ http, now: clock.now, sleep: clock.sleep, arxivClock }).papers(parsePaperRefs('hep-th/9901001').refs);
    }
    assert.equal(times.length, 2);
    assert.ok(times[1]! - times[0]! >= 3000);
  });

  test('a dead Hugging Face host is reported once per paper without trying each again', async () => {
    let hf = 0;
    const http: HttpPort = (req) => {
      if (req.url.includes('/api/papers/')) {
        hf++;
        return Promise.reject(new LiveError('network', 'Could not reach hf.test: connection refused (ECONNREFUSED).'));
      }
      return Promise.resolve({ status: 200, headers: {}, body: atomFeed('new', []) });
    };
    const r = await new LiveClient({ http }).papers(parsePaperRefs('2401.00001 2401.00002 2401.00003').refs);
    assert.equal(hf, 1);
    assert.deepEqual(r.problems.map((p) => p.kind), ['network', 'network', 'network']);
    assert.ok(r.problems.every((p) => /ECONNREFUSED/.test(p.message)));
  });

  test('bad base URLs are refused up front', () => {
    const { http } = port(() => json(200, []));
    assert.throws(() => new LiveClient({ http, hfUrl: 'file:///etc' }), LiveError);
    assert.throws(() => new LiveClient({ http, arxivUrl: 'not a url' }), LiveError);
    assert.equal(new LiveClient({ http, hfUrl: 'http://127.0.0.1:9/mirror/' }).hfUrl, 'http://127.0.0.1:9/mirror');
  });
});
