/** `litnotes fetch daily|paper` against a loopback server, through the real CLI entry (tsx). */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../test/paths';
import type { Loopback } from '../../test/support/fake-live';
import { closedPort, fakeServices, minimalItem, sendJson, startLoopback } from '../../test/support/fake-live';

interface FetchJson {
  files: string[];
  papers: number;
  problems: Array<{ message: string; kind?: string; date?: string; id?: string }>;
}

/** Runs the CLI without blocking this process (the loopback server lives here). */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), ...args], { cwd: ROOT, env: { ...process.env, HF_TOKEN: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

const DAY_ITEMS = Array.from({ length: 12 }, (_, i) => minimalItem(`2410.${17240 + i}`, `Paper ${i}`));

suite('cli fetch', function () {
  this.timeout(60_000);
  let server: Loopback | undefined;
  let out = '';
  setup(() => {
    out = mkdtempSync(path.join(tmpdir(), 'litnotes-fetch-'));
  });
  teardown(async () => {
    await server?.close();
    server = undefined;
    rmSync(out, { recursive: true, force: true });
  });

  test('fetch daily: a range, paged with a capped limit; empty days are []; the token goes to the HF host', async () => {
    server = await startLoopback(fakeServices({ days: new Map([['2024-10-25', DAY_ITEMS]]), maxLimit: 5 }));
    const r = await cli(['fetch', 'daily', '--date', '2024-10-25', '--to', '2024-10-26', '--out', out, '--json', '--hf-url', server.url], { HF_TOKEN: 'hf_cli' });
    assert.equal(r.status, 0, r.stderr);
    const json = JSON.parse(r.stdout) as FetchJson;
    assert.deepEqual(json.files, [path.join(out, 'hf-daily-2024-10-25.json'), path.join(out, 'hf-daily-2024-10-26.json')]);
    assert.equal(json.papers, 12);
    assert.deepEqual(json.problems, []);
    assert.deepEqual(JSON.parse(readFileSync(json.files[0]!, 'utf8')), DAY_ITEMS);
    assert.equal(readFileSync(json.files[1]!, 'utf8'), '[]');
    assert.ok(server.requests.every((x) => x.headers.authorization === 'Bearer hf_cli'));
    assert.deepEqual(readdirSync(out).sort(), ['hf-daily-2024-10-25.json', 'hf-daily-2024-10-26.json'], 'no temporary files');

    // Human output, and a re-import replaces the day's file.
    const again = await cli(['fetch', 'daily', '--date', '2024-10-25', '--out', out, '--hf-url', server.url]);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /wrote {2}.*hf-daily-2024-10-25\.json/);
    assert.match(again.stdout, /12 papers in 1 file, 0 problems/);
  });

  test('fetch daily: usage errors exit 2 (impossible date, --to before --date, missing --out), nothing written', async () => {
    for (const args of [
      ['fetch', 'daily', '--date', '2024-13-40', '--out', out],
      ['fetch', 'daily', '--date', '2024-10-25', '--to', '2024-10-24', '--out', out],
      ['fetch', 'daily', '--date', '2024-10-25'],
      ['fetch', 'daily', '--out', out],
      ['fetch', 'daily', '--date', '2024-10-25', '--out', out, '--hf-url', 'ftp://x'],
      ['fetch', 'weekly', '--out', out],
      ['fetch', 'paper', 'not-an-id', '--out', out],
      ['fetch', 'paper', '--out', out],
    ]) {
      const r = await cli(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^litnotes: /);
    }
    assert.deepEqual(readdirSync(out), []);
  });

  test('fetch daily: 400 for a future day, a dead host, a truncated body: exit 1, clear problems, no file', async () => {
    server = await startLoopback((_req, res, url) => {
      if (url.searchParams.get('date') === '2024-10-25') {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('[{"paper"');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      sendJson(res, 400, { error: 'Invalid date' });
    });
    const future = await cli(['fetch', 'daily', '--date', '2999-01-01', '--out', out, '--json', '--hf-url', server.url]);
    assert.equal(future.status, 1);
    const fj = JSON.parse(future.stdout) as FetchJson;
    assert.deepEqual(fj.files, []);
    assert.equal(fj.problems[0]?.kind, 'not-yet');
    assert.match(fj.problems[0]?.message ?? '', /^2999-01-01: .*UTC/);

    const cut = await cli(['fetch', 'daily', '--date', '2024-10-25', '--out', out, '--json', '--hf-url', server.url]);
    assert.equal(cut.status, 1);
    assert.equal((JSON.parse(cut.stdout) as FetchJson).problems[0]?.kind, 'truncated');

    const dead = await cli(['fetch', 'daily', '--date', '2024-10-25', '--out', out, '--hf-url', await closedPort()]);
    assert.equal(dead.status, 1);
    assert.match(dead.stderr, /Could not reach 127\.0\.0\.1:\d+: connection refused/);
    assert.doesNotMatch(dead.stderr, /\n\s+at /, 'no stack');
    const deadRange = await cli(['fetch', 'daily', '--date', '2024-10-20', '--to', '2024-10-25', '--out', out, '--json', '--hf-url', await closedPort()]);
    const dj = JSON.parse(deadRange.stdout) as FetchJson;
    assert.deepEqual(dj.problems.map((p) => p.kind), ['network', 'skipped'], 'a dead host is not asked for every day');
    assert.match(dj.problems[1]?.message ?? '', /5 more days \(2024-10-21 … 2024-10-25\) not tried/);
    assert.deepEqual(readdirSync(out), [], 'no file, no temporary');
  });

  test('fetch daily never replaces a file of the same name that is not a Daily Papers list', async () => {
    server = await startLoopback(fakeServices({ days: new Map([['2024-10-25', DAY_ITEMS]]) }));
    writeFileSync(path.join(out, 'hf-daily-2024-10-25.json'), '{"mine": true}');
    const r = await cli(['fetch', 'daily', '--date', '2024-10-25', '--out', out, '--json', '--hf-url', server.url]);
    assert.equal(r.status, 1);
    assert.match((JSON.parse(r.stdout) as FetchJson).problems[0]?.message ?? '', /not a Daily Papers list; left as it is/);
    assert.equal(readFileSync(path.join(out, 'hf-daily-2024-10-25.json'), 'utf8'), '{"mine": true}');
  });

  test('fetch paper: HF, then arXiv for the 404s, appended to added.json; unknown ids are problems; the token never goes to arXiv', async () => {
    server = await startLoopback(fakeServices({
      days: new Map(),
      papers: new Map([['2410.17243', { id: '2410.17243', title: 'Breaking the Memory Barrier', authors: [{ name: 'Zesen Cheng' }], publishedAt: '2024-10-22T17:59:59.000Z', upvotes: 90 }]]),
      arxiv: new Map([['2305.14314', { id: '2305.14314', title: 'QLoRA', authors: [{ name: 'Tim Dettmers' }] }], ['hep-th/9901001', { id: 'hep-th/9901001', title: 'An old one', authors: [{ name: 'P' }] }]]),
      atom: 'old',
    }));
    const r = await cli(['fetch', 'paper', 'https://huggingface.co/papers/2410.17243', 'arXiv:2305.14314v1,hep-th/9901001', '2401.99999', '--out', out, '--json', '--hf-url', server.url, '--arxiv-url', server.url], { HF_TOKEN: 'hf_cli' });
    assert.equal(r.status, 0, r.stderr);
    const json = JSON.parse(r.stdout) as FetchJson;
    assert.deepEqual(json.files, [path.join(out, 'added.json')]);
    assert.equal(json.papers, 3);
    assert.deepEqual(json.problems.map((p) => [p.id, p.kind]), [['2401.99999', 'not-found']]);
    const added = JSON.parse(readFileSync(path.join(out, 'added.json'), 'utf8')) as Array<{ source: string; paper: { id: string } }>;
    assert.deepEqual(added.map((a) => [a.source, a.paper.id]), [['huggingface', '2410.17243'], ['arxiv', '2305.14314'], ['arxiv', 'hep-th/9901001']]);
    const arxivRequests = server.requests.filter((x) => x.url.startsWith('/api/query'));
    assert.equal(arxivRequests.length, 1, 'one batched arXiv request');
    assert.ok(arxivRequests.every((x) => x.headers.authorization === undefined));

    // A second run appends; records the file already has are refreshed, not doubled.
    const second = await cli(['fetch', 'paper', '2410.17243', '--out', out, '--json', '--hf-url', server.url, '--arxiv-url', server.url]);
    assert.equal(second.status, 0);
    assert.equal((JSON.parse(readFileSync(path.join(out, 'added.json'), 'utf8')) as unknown[]).length, 3);

    // Nothing found at all: exit 1, the file as it was.
    const before = readFileSync(path.join(out, 'added.json'), 'utf8');
    const none = await cli(['fetch', 'paper', '2401.99999', '--out', out, '--json', '--hf-url', server.url, '--arxiv-url', server.url]);
    assert.equal(none.status, 1);
    assert.match((JSON.parse(none.stdout) as FetchJson).problems[0]?.message ?? '', /unknown paper: neither on Hugging Face \(404\) nor on arXiv/);
    assert.equal(readFileSync(path.join(out, 'added.json'), 'utf8'), before);
  });
});
