import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT, SAMPLES } from '../../test/paths';
import { SETTLE_MS } from '../platform/change-stamp';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, LITNOTES_CACHE_STATS: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function stats(stderr: string): { hits: number; parsed: number; damaged: number; written: number; snapshot: number; snapshotWritten: number } {
  const m = /cache: (\d+) from cache, (\d+) parsed, (\d+) damaged, (\d+) written, \d+ evicted; library snapshot: (\d+) from cache, (\d+) written/.exec(stderr);
  assert.ok(m, `no cache statistics in: ${stderr}`);
  return { hits: Number(m[1]), parsed: Number(m[2]), damaged: Number(m[3]), written: Number(m[4]), snapshot: Number(m[5]), snapshotWritten: Number(m[6]) };
}

function sourcesRead(stderr: string): number {
  const m = /sources read (\d+)/.exec(stderr);
  assert.ok(m, `no count of sources read in: ${stderr}`);
  return Number(m[1]);
}

/** Waits until every file's last change is more than the settle time ago, so that its change stamp is trusted. */
function settle(files: readonly string[]): void {
  const last = Math.max(...files.map((f) => Number(statSync(f, { bigint: true }).ctimeMs)));
  const wait = last + SETTLE_MS + 100 - Date.now();
  if (wait > 0) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
  }
}

suite('cli --cache', function () {
  this.timeout(120_000);
  let dir: string;
  let lib: string;
  let cacheDir: string;

  setup(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'litnotes-cache-'));
    lib = path.join(dir, 'lib');
    mkdirSync(lib);
    for (const f of ['library.bib', 'reading-list.ris', 'zotero-export.csl.json', 'hf-daily-papers.json']) {
      copyFileSync(path.join(SAMPLES, f), path.join(lib, f));
    }
    cacheDir = path.join(dir, 'cache');
  });
  teardown(() => rmSync(dir, { recursive: true, force: true }));

  test('records, search, export and cite answer the same with and without the cache; the warm run parses nothing', () => {
    for (const args of [['records', '--json', lib], ['search', 'residual learning', '--json', lib], ['export', '--format', 'bibtex', lib], ['cite', '--format', 'latex', lib]]) {
      const plain = cli(...args);
      assert.equal(plain.status, 0, plain.stderr);
      rmSync(cacheDir, { recursive: true, force: true });
      const cold = cli(...args, '--cache', cacheDir);
      const warm = cli(...args, '--cache', cacheDir);
      assert.equal(cold.stdout, plain.stdout, `${args[0]} cold`);
      assert.equal(warm.stdout, plain.stdout, `${args[0]} warm`);
      assert.deepEqual(stats(cold.stderr), { hits: 0, parsed: 4, damaged: 0, written: 4, snapshot: 0, snapshotWritten: 1 });
      // The whole library comes from its snapshot: no parse is even read.
      assert.deepEqual(stats(warm.stderr), { hits: 0, parsed: 0, damaged: 0, written: 0, snapshot: 1, snapshotWritten: 0 });
      if (args[0] === 'search') {
        assert.match(cold.stderr, /search index built/);
        assert.match(warm.stderr, /search index snapshot/, 'the warm search reads the index stored with the snapshot');
        // A damaged stored index is never used: built again, the same answer.
        const snapshotDir = path.join(cacheDir, 'library');
        for (const f of readdirSync(snapshotDir).filter((e) => e.endsWith('.lni'))) {
          const bytes = readFileSync(path.join(snapshotDir, f));
          bytes.writeUInt8(bytes.readUInt8(bytes.length - 7) ^ 0x10, bytes.length - 7);
          writeFileSync(path.join(snapshotDir, f), bytes);
        }
        const damaged = cli(...args, '--cache', cacheDir);
        assert.equal(damaged.stdout, plain.stdout, 'search with a damaged stored index');
        assert.match(damaged.stderr, /search index built/);
      }
    }
  });

  test('a source edited behind the same size and mtime, and a damaged entry, are parsed again', () => {
    const bib = path.join(lib, 'library.bib');
    utimesSync(bib, 1_700_000_000, 1_700_000_000);
    cli('records', '--json', lib, '--cache', cacheDir);
    const before = statSync(bib);
    const text = readFileSync(bib, 'utf8');
    const edited = text.replace('Deep Residual Learning', 'Deep Residual Yearning');
    assert.notEqual(edited, text);
    writeFileSync(bib, edited);
    utimesSync(bib, 1_700_000_000, 1_700_000_000);
    assert.deepEqual([statSync(bib).mtimeMs, statSync(bib).size], [before.mtimeMs, before.size]);
    const entries = readdirSync(cacheDir).filter((e) => e.endsWith('.lnc'));
    const victim = path.join(cacheDir, entries.find((e) => readFileSync(path.join(cacheDir, e), 'utf8').includes('reading-list.ris'))!);
    const bytes = readFileSync(victim);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 100) ^ 0x20, bytes.length - 100);
    writeFileSync(victim, bytes);

    const run = cli('records', '--json', lib, '--cache', cacheDir);
    const titles = (JSON.parse(run.stdout) as { records: Array<{ title: string }> }).records.map((r) => r.title);
    assert.ok(titles.some((t) => t.includes('Yearning')));
    assert.ok(!titles.some((t) => t.includes('Deep Residual Learning')));
    assert.deepEqual(stats(run.stderr), { hits: 2, parsed: 2, damaged: 1, written: 2, snapshot: 0, snapshotWritten: 1 });
    assert.equal(run.stdout, cli('records', '--json', lib).stdout, 'the same answer as without a cache');
  });

  test('the library snapshot: another source set, changed pins or a damaged snapshot are never read', () => {
    const plain = cli('records', '--json', lib).stdout;
    cli('records', '--json', lib, '--cache', cacheDir);
    const snapshotDir = path.join(cacheDir, 'library');
    const [papersFile] = readdirSync(snapshotDir).filter((e) => e.endsWith('.lnl'));
    assert.ok(papersFile, 'a snapshot was written');
    // Damaged: one byte flipped inside the papers → parsed again (from the parse cache), same answer, rewritten.
    const file = path.join(snapshotDir, papersFile);
    const bytes = readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 50) ^ 0x01, bytes.length - 50);
    writeFileSync(file, bytes);
    const damaged = cli('records', '--json', lib, '--cache', cacheDir);
    assert.equal(damaged.stdout, plain);
    assert.deepEqual(stats(damaged.stderr), { hits: 4, parsed: 0, damaged: 0, written: 0, snapshot: 0, snapshotWritten: 1 });
    // Abstracts file truncated → not used either.
    const abstracts = path.join(snapshotDir, papersFile.replace(/\.lnl$/, '.lna'));
    writeFileSync(abstracts, readFileSync(abstracts).subarray(0, 100));
    const truncated = cli('records', '--json', lib, '--cache', cacheDir);
    assert.equal(truncated.stdout, plain);
    assert.equal(stats(truncated.stderr).snapshot, 0);
    // One source fewer: another library, never the snapshot of four.
    const three = path.join(dir, 'three');
    mkdirSync(three);
    for (const f of ['library.bib', 'reading-list.ris', 'zotero-export.csl.json']) {
      copyFileSync(path.join(lib, f), path.join(three, f));
    }
    const threePlain = cli('records', '--json', three).stdout;
    cli('records', '--json', three, '--cache', cacheDir);
    const threeWarm = cli('records', '--json', three, '--cache', cacheDir);
    assert.equal(threeWarm.stdout, threePlain);
    assert.equal(stats(threeWarm.stderr).snapshot, 1);
    assert.equal(cli('records', '--json', lib, '--cache', cacheDir).stdout, plain, 'both libraries keep their own snapshot');
    // A note pins another key: the keys change, so the snapshot (made without the pin) is not used.
    const workspace = path.join(dir, 'ws');
    mkdirSync(path.join(workspace, 'papers'), { recursive: true });
    const first = (JSON.parse(plain) as { records: Array<{ key: string; title: string; arxivId?: string; doi?: string }> }).records.find((r) => r.doi !== undefined);
    assert.ok(first);
    writeFileSync(path.join(workspace, 'papers', 'pinned.md'), `---\ncitekey: pinnedKey2020\ndoi: ${first.doi}\ntitle: ${JSON.stringify(first.title)}\n---\n`);
    const pinnedPlain = cli('records', '--json', lib, '--workspace', workspace).stdout;
    const pinnedWarm = cli('records', '--json', lib, '--workspace', workspace, '--cache', cacheDir);
    assert.equal(pinnedWarm.stdout, pinnedPlain);
    assert.equal(stats(pinnedWarm.stderr).snapshot, 0);
    assert.ok(pinnedPlain.includes('pinnedKey2020'), 'the pin changes the answer');
  });

  test('a warm run reads no source its change stamp knows; a rewrite behind the same size and mtime is read', () => {
    const files = readdirSync(lib).map((f) => path.join(lib, f));
    const bib = path.join(lib, 'library.bib');
    utimesSync(bib, 1_700_000_000, 1_700_000_000);
    const plain = cli('records', '--json', lib).stdout;
    settle(files);
    const cold = cli('records', '--json', lib, '--cache', cacheDir);
    assert.equal(cold.stdout, plain);
    assert.equal(sourcesRead(cold.stderr), 4);
    const warm = cli('records', '--json', lib, '--cache', cacheDir);
    assert.equal(warm.stdout, plain);
    assert.equal(sourcesRead(warm.stderr), 0, 'every source known by its change stamp');
    assert.equal(stats(warm.stderr).snapshot, 1);

    // The same size and modification time, other bytes: the status-change time moved, so it is read.
    const before = statSync(bib);
    writeFileSync(bib, readFileSync(bib, 'utf8').replace('Deep Residual Learning', 'Deep Residual Yearning'));
    utimesSync(bib, 1_700_000_000, 1_700_000_000);
    assert.deepEqual([statSync(bib).mtimeMs, statSync(bib).size], [before.mtimeMs, before.size]);
    settle([bib]);
    const edited = cli('records', '--json', lib, '--cache', cacheDir);
    const titles = (JSON.parse(edited.stdout) as { records: Array<{ title: string }> }).records.map((r) => r.title);
    assert.ok(titles.some((t) => t.includes('Yearning')));
    assert.ok(!titles.some((t) => t.includes('Deep Residual Learning')));
    assert.equal(stats(edited.stderr).snapshot, 0);
    assert.equal(edited.stdout, cli('records', '--json', lib).stdout, 'the same answer as without a cache');
    assert.equal(sourcesRead(cli('records', '--json', lib, '--cache', cacheDir).stderr), 0, 'the new stamp is known from then on');

    // A damaged memo of digests knows nothing: every source is read, the answer is the same.
    writeFileSync(path.join(cacheDir, 'digests.json'), '{"format":1,"files":{"x"');
    const damaged = cli('records', '--json', lib, '--cache', cacheDir);
    assert.equal(damaged.stdout, edited.stdout);
    assert.equal(sourcesRead(damaged.stderr), 4);
    assert.equal(sourcesRead(cli('records', '--json', lib, '--cache', cacheDir).stderr), 0, 'rewritten whole');
  });
});
