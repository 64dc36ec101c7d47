import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { decodePayload } from '../core/parse-cache';
import type { ParsedSource } from '../core/sources';
import { parseSourceBytes } from '../core/sources';
import { FIXTURES, ROOT } from '../../test/paths';
import { SPREAD_BYTES, SourceParser } from './parse-off-thread';

/** A stand-in worker: answers every file, except that `crash*` files kill it and `throw*` files throw in the parser. */
const WORKER = `
const { parentPort, threadId } = require('node:worker_threads');
parentPort.postMessage({ ready: true });
parentPort.on('message', (m) => {
  if (m.path.startsWith('crash')) {
    setImmediate(() => { throw new Error('boom in ' + m.path); });
    return;
  }
  if (m.path.startsWith('sync-crash')) {
    throw new Error('boom at once in ' + m.path);
  }
  if (m.path.startsWith('throw')) {
    parentPort.postMessage({ id: m.id, error: 'RangeError: Invalid string length' });
    return;
  }
  if (m.path.startsWith('garbled')) {
    parentPort.postMessage({ id: m.id, line: JSON.stringify({ path: 'another.bib', format: 'bibtex', problems: [], chunks: 0 }) + '\\n' });
    parentPort.postMessage({ id: m.id, end: true });
    parentPort.postMessage({ id: m.id, payload: new Uint8Array(1) });
    return;
  }
  if (m.path.startsWith('early-bytes')) {
    parentPort.postMessage({ id: m.id, payload: new Uint8Array(1) }); // bytes before any line or the end
    return;
  }
  // the parse cache's payload (core/parse-cache.ts payloadTexts), as parse-worker.ts posts it:
  // each line, then the end, then the same lines as bytes
  const lines = [JSON.stringify({ path: m.path, format: 'bibtex', problems: [], chunks: 1 }) + '\\n', JSON.stringify([{ title: 'From the worker ' + m.path, authors: [], tags: [], sources: [], thread: threadId }]) + '\\n'];
  for (const line of lines) {
    parentPort.postMessage({ id: m.id, line });
  }
  parentPort.postMessage({ id: m.id, end: true });
  const payload = new TextEncoder().encode(lines.join(''));
  parentPort.postMessage({ id: m.id, payload }, [payload.buffer]);
});
`;

/** A parse once the worker has answered it completely: the bytes for the cache, which come last, too (the worker is idle again). */
async function answered(parser: SourceParser, file: string, bytes: Uint8Array): Promise<ParsedSource> {
  const made = await parser.parseWithPayload(file, bytes, false);
  assert.ok('payload' in made && (await made.payload) !== undefined, file);
  return made.parsed;
}

/** The thread id the stand-in worker wrote into a parse's first record. */
function threadOf(parsed: ParsedSource | undefined): number | undefined {
  return (parsed?.records[0] as { thread?: number } | undefined)?.thread;
}

suite('platform/parse-off-thread (#18: a failure costs its source only)', () => {
  let dir = '';
  setup(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'litnotes-worker-'));
    writeFileSync(path.join(dir, 'worker.js'), WORKER);
  });
  teardown(() => rmSync(dir, { recursive: true, force: true }));

  test('every file, small ones too, is parsed in the worker; a file that kills or breaks it is reported, the others load', async () => {
    const parser = new SourceParser(path.join(dir, 'worker.js'));
    try {
      const bytes = new TextEncoder().encode('@article{a, title = {Tiny}}');
      const results = await Promise.all(['a.bib', 'crash.bib', 'c.bib', 'throw.bib', 'garbled.bib', 'e.bib', 'early-bytes.bib'].map((p) => parser.parse(p, bytes, false)));
      const lost = 'Could not be read: the parser stopped on this file (…); the other sources are loaded';
      assert.deepEqual(
        results.map((r) => r.records[0]?.title ?? r.problems[0]?.message.replace(/\(.*\)/, '(…)')),
        ['From the worker a.bib', lost, 'From the worker c.bib', lost, lost, 'From the worker e.bib', lost],
      );
      assert.match(results[4]?.problems[0]?.message ?? '', /answer for garbled\.bib was damaged/);
      assert.match(results[6]?.problems[0]?.message ?? '', /answer for early-bytes\.bib was damaged \(its bytes came before its end\)/);
      assert.deepEqual(results[0], { path: 'a.bib', format: 'bibtex', records: [{ title: 'From the worker a.bib', authors: [], tags: [], sources: [], thread: threadOf(results[0]) }], problems: [] });
      assert.equal(parser.offThread, 3);
      // and the next file still goes to a (restarted) worker, never to the host thread
      assert.equal((await parser.parse('f.bib', bytes, false)).records[0]?.title, 'From the worker f.bib');
      const made = await parser.parseWithPayload('g.bib', bytes, false);
      assert.ok('payload' in made && made.parsed.records[0]?.title === 'From the worker g.bib');
      const payload = await made.payload;
      assert.ok(payload !== undefined && payload.length > 0);
      assert.deepEqual(await decodePayload(payload, 'g.bib', undefined), made.parsed);
    } finally {
      parser.dispose();
    }
  });

  test('a crash never costs a file whose answer was posted before it: 40 answers, then a crash, 20 rounds', async function () {
    // The worker's uncaught error and its answers travel on different ports, so the error can
    // arrive first; the answers must still count (the crash is handled once all have arrived).
    const parser = new SourceParser(path.join(dir, 'worker.js'));
    try {
      const bytes = new TextEncoder().encode('@article{a, title = {Tiny}}');
      for (let round = 0; round < 20; round++) {
        const files = [...Array.from({ length: 40 }, (_, i) => `ok${i}.bib`), 'sync-crash.bib', 'after.bib'];
        const results = await Promise.all(files.map((p) => parser.parse(p, bytes, false)));
        const lost = files.filter((p, i) => p !== 'sync-crash.bib' && results[i]?.records[0]?.title !== `From the worker ${p}`);
        assert.deepEqual(lost, [], `round ${round}`);
        assert.match(results[40]?.problems[0]?.message ?? '', /boom at once in sync-crash\.bib/);
      }
    } finally {
      parser.dispose();
    }
  });

  test('files handed over together parse in two workers at once; one at a time uses one; a crash costs only its file', async () => {
    // spread at once (0 bytes waiting), so small files show how files are handed out
    const parser = new SourceParser(path.join(dir, 'worker.js'), undefined, 2, 0);
    try {
      const bytes = new TextEncoder().encode('@article{a, title = {Tiny}}');
      assert.equal(parser.workers, 2);
      // the least busy worker takes the next file: a and c to one, b and d to the other
      const four = await Promise.all(['a.bib', 'b.bib', 'c.bib', 'd.bib'].map((p) => answered(parser, p, bytes)));
      const threads = four.map(threadOf);
      assert.ok(threads.every((t) => typeof t === 'number'), JSON.stringify(threads));
      assert.deepEqual([threads[2], threads[3]], [threads[0], threads[1]]);
      assert.notEqual(threads[0], threads[1]);
      // one file at a time: always the first worker
      for (const p of ['e.bib', 'f.bib']) {
        assert.equal(threadOf(await answered(parser, p, bytes)), threads[0]);
      }
      // a crash in the second worker: the files of both still load, the crashing one is reported
      const files = ['ok0.bib', 'crash.bib', 'ok2.bib', 'ok3.bib', 'ok4.bib', 'ok5.bib'];
      const mixed = await Promise.all(files.map((p) => parser.parse(p, bytes, false)));
      assert.deepEqual(
        mixed.map((r) => r.records[0]?.title ?? 'problem'),
        ['From the worker ok0.bib', 'problem', 'From the worker ok2.bib', 'From the worker ok3.bib', 'From the worker ok4.bib', 'From the worker ok5.bib'],
      );
      assert.equal(threadOf(mixed[0]), threads[0], 'the first worker was not restarted');
    } finally {
      parser.dispose();
    }
  });

  test('small files go to one worker: another starts only when the started ones have 4 MB or more waiting', async () => {
    const parser = new SourceParser(path.join(dir, 'worker.js'), undefined, 2);
    try {
      const tiny = new TextEncoder().encode('@article{a, title = {Tiny}}');
      const small = await Promise.all(['a.bib', 'b.bib', 'c.bib', 'd.bib'].map((p) => parser.parse(p, tiny, false)));
      assert.equal(new Set(small.map(threadOf)).size, 1, JSON.stringify(small.map(threadOf)));
      const big = new Uint8Array(SPREAD_BYTES); // the stand-in worker does not read the bytes
      const two = await Promise.all(['big1.bib', 'big2.bib'].map((p) => parser.parse(p, big, false)));
      assert.equal(threadOf(two[0]), threadOf(small[0]));
      assert.notEqual(threadOf(two[1]), threadOf(two[0]));
    } finally {
      parser.dispose();
    }
  });

  test('the real worker (src/parse-worker.ts): each format parses as on the host thread, and its bytes for the cache decode to the same parse', async function () {
    this.timeout(60_000);
    const esbuild = await import('esbuild');
    const script = path.join(dir, 'parse-worker.js');
    await esbuild.build({ entryPoints: [path.join(ROOT, 'src', 'parse-worker.ts')], outfile: script, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
    const parser = new SourceParser(script);
    try {
      // a big file too: several chunks of records, each its own line
      const many = Array.from({ length: 2500 }, (_, i) => `@article{k${i}, title = {Paper {${i}} with caf\\'e}, author = {Ann Ng and Bo Li}, year = {2024}}`).join('\n');
      const files: Array<[string, Uint8Array]> = [
        ...['bibtex/basic.bib', 'bibtex/broken-middle.bib', 'csl-json/basic.csl.json', 'csl-json/bad-items.json', 'ris/dialects.ris', 'seeds/000_642832e2e0a7286f.txt'].map((f): [string, Uint8Array] => [f, new Uint8Array(readFileSync(path.join(FIXTURES, f)))]),
        ['many.bib', new TextEncoder().encode(many)],
      ];
      for (const [name, bytes] of files) {
        const made = await parser.parseWithPayload(name, bytes, false);
        assert.ok('payload' in made, `${name} was parsed in the worker`);
        const inline = parseSourceBytes(name, bytes);
        assert.ok(inline.records.length > 0 || inline.problems.length > 0, name);
        assert.deepEqual(made.parsed, inline, name);
        const payload = await made.payload;
        assert.ok(payload !== undefined, `${name}: bytes for the cache`);
        assert.deepEqual(await decodePayload(payload, name, undefined), inline, name);
      }
      assert.equal(parser.offThread, files.length);
    } finally {
      parser.dispose();
    }
  });

  test('without a usable worker, files are parsed on the host thread instead of being lost', async () => {
    const parser = new SourceParser(path.join(dir, 'missing-worker.js'));
    try {
      const r = await parser.parse('a.bib', new TextEncoder().encode('@article{a, title = {Inline Title}}'), false);
      assert.equal(r.records[0]?.title, 'Inline Title');
    } finally {
      parser.dispose();
    }
  });
});
