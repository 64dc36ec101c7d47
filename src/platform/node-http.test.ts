/**
 * The node HTTP port and the live client against a loopback server (127.0.0.1, port 0, closed
 * after each test): the real Daily Papers responses replayed, and every way a fetch can fail.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { LiveClient } from '../core/fetch/client';
import { LiveError } from '../core/fetch/errors';
import { parsePaperRefs } from '../core/fetch/ids';
import { parseHfJson } from '../core/sources/hf-json';
import type { Loopback } from '../../test/support/fake-live';
import { closedPort, fakeServices, minimalItem, sendJson, startLoopback } from '../../test/support/fake-live';
import { requireSharedData } from '../../test/paths';
import { nodeHttp } from './node-http';

const noWait = { sleep: (): Promise<void> => Promise.resolve() };

suite('live over loopback: node-http port and client', function () {
  this.timeout(30_000);
  let server: Loopback | undefined;
  teardown(async () => {
    await server?.close();
    server = undefined;
  });

  test('replays every real Daily Papers response with limit capped at 7: same items, loader reads them all', async function () {
    const dir = path.join(requireSharedData(this), 'hf');
    const files = readdirSync(dir).filter((f) => /^daily_papers_\d{4}-\d{2}-\d{2}\.json$/.test(f));
    assert.ok(files.length >= 5);
    const days = new Map<string, unknown[]>();
    for (const f of files) {
      days.set(f.slice('daily_papers_'.length, -'.json'.length), JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as unknown[]);
    }
    server = await startLoopback(fakeServices({ days, maxLimit: 7 }));
    const client = new LiveClient({ http: nodeHttp, hfUrl: server.url, ...noWait });
    for (const [day, items] of days) {
      const r = await client.daily(day);
      assert.deepEqual(r.items, items, day);
      assert.equal(r.pages, Math.floor(items.length / 7) + 1, `${day}: pages until the short one`);
      const loaded = parseHfJson(r.text, `hf-daily-${day}.json`);
      assert.deepEqual(loaded.problems, [], day);
      assert.equal(loaded.records.length, items.length, day);
    }
    assert.ok(server.requests.every((r) => /limit=50/.test(r.url) && r.headers.authorization === undefined));
  });

  test('unknown extra fields and missing optional ones (organization, projectPage, ai_summary…) load', async () => {
    const bare = minimalItem('2410.17243', 'Bare');
    const extra = { ...minimalItem('2410.17244', 'With future keys'), someFutureKey: { nested: [1, 2] }, paper: { ...(minimalItem('2410.17244', 'With future keys').paper as object), ai_summary_v9: 'x', organization: { _id: '1', name: 'org', fullname: 'The Org' } } };
    server = await startLoopback(fakeServices({ days: new Map([['2024-10-25', [bare, extra]]]) }));
    const r = await new LiveClient({ http: nodeHttp, hfUrl: server.url }).daily('2024-10-25');
    const loaded = parseHfJson(r.text, 'x.json');
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.records.map((x) => [x.title, x.organization]), [['Bare', undefined], ['With future keys', 'The Org']]);
  });

  test('429 with Retry-After: 1 is retried after the wait; the token goes along', async () => {
    let n = 0;
    server = await startLoopback((_req, res) => {
      if (++n === 1) {
        sendJson(res, 429, { error: 'Too many requests' }, { 'retry-after': '1' });
      } else {
        sendJson(res, 200, []);
      }
    });
    const r = await new LiveClient({ http: nodeHttp, hfUrl: server.url, token: 'hf_test' }).daily('2024-10-25');
    assert.deepEqual(r.items, []);
    assert.equal(n, 2);
    assert.ok(server.requests.every((x) => x.headers.authorization === 'Bearer hf_test'));
  });

  test('400 for a day not reached yet explains that Hugging Face settles today in UTC', async () => {
    server = await startLoopback(fakeServices({ days: new Map(), today: '2026-12-03' }));
    const client = new LiveClient({ http: nodeHttp, hfUrl: server.url, now: () => Date.parse('2026-12-03T12:00:00Z') });
    await assert.rejects(client.daily('2026-12-04'), (e: unknown) => e instanceof LiveError && e.kind === 'not-yet' && /UTC/.test(e.message));
  });

  test('404 on Hugging Face → arXiv (both Atom forms); unknown everywhere is a problem', async () => {
    for (const atom of ['old', 'new'] as const) {
      server = await startLoopback(fakeServices({
        days: new Map(),
        papers: new Map([['2410.17243', { id: '2410.17243', title: 'Breaking the Memory Barrier', authors: [{ name: 'Zesen Cheng' }], publishedAt: '2024-10-22T17:59:59.000Z', upvotes: 90 }]]),
        arxiv: new Map([['2305.14314', { id: '2305.14314', title: 'QLoRA: Efficient Finetuning of Quantized LLMs', authors: [{ name: 'Tim Dettmers' }], published: '2023-05-23T17:50:33Z' }]]),
        atom,
      }));
      const client = new LiveClient({ http: nodeHttp, hfUrl: server.url, arxivUrl: server.url, arxivIntervalMs: 0 });
      const r = await client.papers(parsePaperRefs('https://huggingface.co/papers/2410.17243 https://arxiv.org/pdf/2305.14314v1.pdf 2401.99999').refs);
      assert.deepEqual(r.items.map((i) => [i.source, i.paper.title]), [['huggingface', 'Breaking the Memory Barrier'], ['arxiv', 'QLoRA: Efficient Finetuning of Quantized LLMs']], atom);
      assert.deepEqual(r.problems.map((p) => [p.id, p.kind]), [['2401.99999', 'not-found']], atom);
      await server.close();
      server = undefined;
    }
  });

  test('a truncated body is a clear error (declared length not reached)', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      res.write('[{"paper": {"id": "2410.17243", "title": "cut');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await assert.rejects(new LiveClient({ http: nodeHttp, hfUrl: server.url }).daily('2024-10-25'), (e: unknown) => e instanceof LiveError && e.kind === 'truncated' && /closed the connection/.test(e.message));
  });

  test('a chunked body cut mid-way, and a complete body of invalid JSON, are errors too', async () => {
    server = await startLoopback((req, res) => {
      if (req.url?.includes('chunked')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[{"paper": ');
        setTimeout(() => res.socket?.destroy(), 20);
      } else {
        sendJson(res, 200, '[{"paper": {"id": "2410.17243"');
      }
    });
    await assert.rejects(nodeHttp({ url: `${server.url}/chunked`, headers: {}, timeoutMs: 5000, maxBytes: 1e6 }), (e: unknown) => e instanceof LiveError && e.kind === 'truncated');
    await assert.rejects(new LiveClient({ http: nodeHttp, hfUrl: server.url }).daily('2024-10-25'), (e: unknown) => e instanceof LiveError && e.kind === 'invalid');
  });

  test('a slow server trips the timeout, before the headers and in the middle of the body', async () => {
    const held: Array<() => void> = [];
    server = await startLoopback((req, res) => {
      if (req.url?.includes('midway')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('[');
      }
      held.push(() => res.end());
    });
    await assert.rejects(new LiveClient({ http: nodeHttp, hfUrl: server.url, timeoutMs: 300 }).daily('2024-10-25'), (e: unknown) => e instanceof LiveError && e.kind === 'timeout' && /did not answer within 0\.3 s/.test(e.message));
    await assert.rejects(nodeHttp({ url: `${server.url}/midway`, headers: {}, timeoutMs: 300, maxBytes: 1e6 }), (e: unknown) => e instanceof LiveError && e.kind === 'timeout' && /finish its answer/.test(e.message));
    held.forEach((f) => f());
  });

  test('a closed port is a network error naming the host', async () => {
    const url = await closedPort();
    await assert.rejects(new LiveClient({ http: nodeHttp, hfUrl: url }).daily('2024-10-25'), (e: unknown) => e instanceof LiveError && e.kind === 'network' && e.message.includes(new URL(url).host) && /refused/.test(e.message));
  });

  test('an answer over the size cap is refused, declared or not', async () => {
    server = await startLoopback((req, res) => {
      const big = JSON.stringify([minimalItem('2410.17243', 'x'.repeat(5000))]);
      if (req.url?.includes('chunked')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(big);
      } else {
        sendJson(res, 200, big);
      }
    });
    await assert.rejects(new LiveClient({ http: nodeHttp, hfUrl: server.url, maxBytes: 1000 }).daily('2024-10-25'), (e: unknown) => e instanceof LiveError && e.kind === 'too-large');
    await assert.rejects(nodeHttp({ url: `${server.url}/chunked`, headers: {}, timeoutMs: 5000, maxBytes: 1000 }), (e: unknown) => e instanceof LiveError && e.kind === 'too-large');
  });

  test('cancelling aborts a request in flight', async () => {
    server = await startLoopback(() => {
      /* never answers */
    });
    const ac = new AbortController();
    const p = nodeHttp({ url: server.url, headers: {}, timeoutMs: 10_000, maxBytes: 1e6, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(p, (e: unknown) => e instanceof LiveError && e.kind === 'cancelled');
  });
});
