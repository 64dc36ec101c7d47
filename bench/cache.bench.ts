/**
 * Persistent parse cache benchmark (issue #17): for a generated library of 10,000 and 100,000
 * papers with abstracts in each format, one file per format:
 * - cold load: read + digest + parse, with an empty cache (what the first window pays);
 * - cache write: encoding and writing the entry (done in the background after a load);
 * - warm reopen: read + digest + cache read + decode, no parse (what a reopened window pays);
 * - tree ready: warm reopen + merge + keys (`buildLibrary`), the library the tree shows;
 * - memory held by the warm-loaded library (heap after a full GC, over the baseline);
 * - the CLI's `search --cache` cold and warm at the largest size, as whole processes, and their
 *   ratio (goal: warm ≥ 8× faster).
 * The figures are printed; nothing is asserted. Sizes: CACHE_BENCH_SIZES=10000,100000.
 *
 * Run: `npm run bench cache`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeStore } from '../src/cli/node-store';
import { readInputs, readSources } from '../src/cli/node-files';
import type { Library } from '../src/core/library';
import { LibrarySnapshots, sourceIdentity } from '../src/core/library-snapshot';
import { SearchIndex } from '../src/core/search';
import { buildLibrary } from '../src/core/library';
import { ParseCache } from '../src/core/parse-cache';
import { sha256 } from '../src/platform/digest';
import { toBibtex, toCslJson, toDailyPapers, toHfJson, toRis } from './formats';
import { generateLibrary } from './generate-library';

const SIZES = (process.env.CACHE_BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const MB = 1048576;
const root = path.resolve(__dirname, '..');

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

const FORMATS: Array<[string, (p: ReturnType<typeof generateLibrary>) => string, string]> = [
  ['Daily Papers page', toDailyPapers, 'big.txt'],
  ['Hugging Face JSON', toHfJson, 'big.json'],
  ['BibTeX', toBibtex, 'big.bib'],
  ['CSL-JSON', toCslJson, 'big.csl.json'],
  ['RIS', toRis, 'big.ris'],
];

function cacheOf(dir: string): ParseCache {
  return new ParseCache({ store: new NodeStore(), folder: dir, digest: sha256, maxBytes: 8192 * MB });
}

/**
 * Memory held by a warm-loaded library (parses from the cache, merged, keyed), measured in a
 * fresh process: heap after a full GC with the library, minus the heap before loading it.
 */
function heldByWarmLoad(file: string, dir: string): string {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', __filename, '--held', file, dir], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '?';
}

async function measureHeld(file: string, dir: string): Promise<void> {
  gc();
  const before = process.memoryUsage().heapUsed;
  const library = buildLibrary(await readSources([file], 8192 * MB, { cache: cacheOf(dir) }));
  gc();
  const held = process.memoryUsage().heapUsed - before;
  process.stdout.write(`${(held / MB).toFixed(0)}${library.papers.length > 0 ? '' : '?'}\n`);
}

function snapshotsOf(dir: string): LibrarySnapshots {
  return new LibrarySnapshots({ store: new NodeStore(), folder: path.join(dir, 'library'), digest: sha256, release: 'bench' });
}

/** A reopen through the library snapshot, as the CLI and the extension do it: read + digest every source, then the snapshot. */
async function snapshotReopen(file: string, dir: string, withAbstracts: boolean): Promise<{ library: Library | undefined; treeMs: number; abstractsMs: number; indexMs: number }> {
  const t0 = performance.now();
  const cache = cacheOf(dir);
  const snapshots = snapshotsOf(dir);
  const reads = await readInputs([file], 8192 * MB);
  const id = snapshots.id({ sources: await Promise.all(reads.map((r) => sourceIdentity(r, (f) => cache.contentDigest(f.ref.uri, f.bytes)))), pins: [] });
  cache.forgetDigests();
  const found = await snapshots.read('bench', id);
  const treeMs = performance.now() - t0;
  let abstractsMs = NaN;
  if (found && withAbstracts) {
    const t1 = performance.now();
    await snapshots.abstracts('bench', id, found);
    abstractsMs = performance.now() - t1;
  }
  let indexMs = NaN;
  const restore = (SearchIndex as unknown as { fromSnapshot?: (papers: readonly unknown[], bytes: Uint8Array) => unknown }).fromSnapshot;
  if (found && restore) {
    const t2 = performance.now();
    const bytes = await snapshots.index('bench', id);
    if (bytes && restore(found.library.papers, bytes)) {
      indexMs = performance.now() - t2;
    }
  }
  return { library: found?.library, treeMs, abstractsMs, indexMs };
}

/** Writes the snapshot (and the search index, when the index can be stored) of the library built from `file`. */
async function writeSnapshot(file: string, dir: string, library: Library): Promise<{ ms: number; mb: number }> {
  const cache = cacheOf(dir);
  const snapshots = snapshotsOf(dir);
  const reads = await readInputs([file], 8192 * MB);
  const id = snapshots.id({ sources: await Promise.all(reads.map((r) => sourceIdentity(r, (f) => cache.contentDigest(f.ref.uri, f.bytes)))), pins: [] });
  const t0 = performance.now();
  await snapshots.write('bench', id, library);
  const ms = performance.now() - t0;
  const index = SearchIndex.build(library.papers) as unknown as { toSnapshot?: () => Uint8Array };
  if (index.toSnapshot) {
    await snapshots.writeIndex('bench', id, index.toSnapshot());
  }
  const size = (name: string): number => (existsSync(path.join(dir, 'library', name)) ? statSync(path.join(dir, 'library', name)).size : 0);
  return { ms, mb: (size('bench.lnl') + size('bench.lna')) / MB };
}

/** Memory held by a library reopened from its snapshot, without and with abstracts (fresh processes). */
function heldBySnapshot(file: string, dir: string, withAbstracts: boolean): string {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', __filename, '--held-snapshot', file, dir, String(withAbstracts)], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '?';
}

async function measureHeldSnapshot(file: string, dir: string, withAbstracts: boolean): Promise<void> {
  gc();
  const before = process.memoryUsage().heapUsed;
  const { library } = await snapshotReopen(file, dir, withAbstracts);
  gc();
  const held = process.memoryUsage().heapUsed - before;
  process.stdout.write(`${(held / MB).toFixed(0)}${(library?.papers.length ?? 0) > 0 ? '' : '?'}\n`);
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'litnotes-cache-bench-'));
  try {
    console.log(`${'format'.padEnd(18)} ${'papers'.padStart(7)} ${'file MB'.padStart(8)} ${'cold ms'.padStart(8)} ${'write ms'.padStart(9)} ${'entry MB'.padStart(9)} ${'warm ms'.padStart(8)} ${'ratio'.padStart(6)} ${'tree ms'.padStart(8)} ${'held MB'.padStart(8)}`);
    let cliFile: string | undefined;
    const snapshots: Array<{ label: string; n: number; write: { ms: number; mb: number } | undefined; tree: number; abstracts: number; index: number; ok: boolean; held: string; heldAll: string; parseTree: number }> = [];
    for (const n of SIZES) {
      let papers: ReturnType<typeof generateLibrary> | undefined = generateLibrary(n, 42);
      const files = FORMATS.map(([label, write, name]) => {
        const file = path.join(tmp, `${n}-${name}`);
        writeFileSync(file, write(papers!));
        return { label, file };
      });
      papers = undefined;
      for (const { label, file } of files) {
        const dir = path.join(tmp, `cache-${n}-${path.basename(file)}`);
        gc();
        const cold = cacheOf(dir);
        const first = await timed(async () => (await readSources([file], 8192 * MB, { cache: cold }))[0]?.records.length ?? 0);
        const write = await timed(() => cold.flush());
        const entryBytes = statSync(path.join(dir, cold.entryName(path.resolve(file)))).size;
        const records = first.value;
        const warmCache = cacheOf(dir);
        let warm: { value: Awaited<ReturnType<typeof readSources>> | undefined; ms: number } = await timed(() => readSources([file], 8192 * MB, { cache: warmCache }));
        if (warmCache.stats.hits !== 1) {
          console.log(`  ${label}: the warm load did not use the cache (${JSON.stringify(warmCache.stats)})`);
        }
        let tree: { value: ReturnType<typeof buildLibrary> | undefined; ms: number } = await timed(() => Promise.resolve(buildLibrary(warm.value ?? [])));
        const papersLoaded = tree.value?.papers.length ?? 0;
        const snapshotWrite = tree.value ? await writeSnapshot(file, dir, tree.value) : undefined;
        const warmMs = warm.ms;
        const treeMs = warm.ms + tree.ms;
        warm = { ...warm, value: undefined };
        tree = { ...tree, value: undefined };
        const held = heldByWarmLoad(file, dir);
        gc();
        const reopen = await snapshotReopen(file, dir, true);
        snapshots.push({ label, n, write: snapshotWrite, tree: reopen.treeMs, abstracts: reopen.abstractsMs, index: reopen.indexMs, ok: reopen.library?.papers.length === papersLoaded, held: heldBySnapshot(file, dir, false), heldAll: heldBySnapshot(file, dir, true), parseTree: treeMs });
        console.log(
          `${label.padEnd(18)} ${String(records).padStart(7)} ${(statSync(file).size / MB).toFixed(1).padStart(8)} ${first.ms.toFixed(0).padStart(8)} ${write.ms.toFixed(0).padStart(9)} ${(entryBytes / MB).toFixed(1).padStart(9)} ${warmMs.toFixed(0).padStart(8)} ${(first.ms / warmMs).toFixed(1).padStart(5)}× ${treeMs.toFixed(0).padStart(8)} ${held.padStart(8)}`,
        );
        if (papersLoaded === 0) {
          console.log('  (no papers?)');
        }
        if (label === 'CSL-JSON' && n === Math.max(...SIZES)) {
          cliFile = file;
        }
      }
    }
    console.log('\nReopen through the library snapshot (read + digest the source, read the snapshot):');
    console.log(`${'format'.padEnd(18)} ${'papers'.padStart(7)} ${'write ms'.padStart(9)} ${'snap MB'.padStart(8)} ${'tree ms'.padStart(8)} ${'vs parse cache'.padStart(15)} ${'+abstracts ms'.padStart(14)} ${'index ms'.padStart(9)} ${'search ready ms'.padStart(16)} ${'held MB'.padStart(8)} ${'+abstracts'.padStart(11)}`);
    for (const s of snapshots) {
      const searchReady = s.tree + s.index;
      console.log(
        `${s.label.padEnd(18)} ${String(s.n).padStart(7)} ${(s.write?.ms ?? NaN).toFixed(0).padStart(9)} ${(s.write?.mb ?? NaN).toFixed(1).padStart(8)} ${s.tree.toFixed(0).padStart(8)} ${(s.parseTree / s.tree).toFixed(1).padStart(14)}× ${s.abstracts.toFixed(0).padStart(14)} ${s.index.toFixed(0).padStart(9)} ${searchReady.toFixed(0).padStart(16)} ${s.held.padStart(8)} ${s.heldAll.padStart(11)}${s.ok ? '' : '  (snapshot not used?)'}`,
      );
    }
    if (cliFile) {
      const cli = path.join(root, 'dist', 'cli.js');
      if (!existsSync(cli)) {
        spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
      }
      const cacheDir = path.join(tmp, 'cli-cache');
      const run = (): number => {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, [cli, 'search', 'residual learning', '--limit', '5', '--cache', cacheDir, cliFile], { encoding: 'utf8' });
        if (r.status !== 0) {
          console.log(`  litnotes search exited with ${r.status}: ${r.stderr.slice(0, 300)}`);
        }
        return performance.now() - t0;
      };
      const plain = (): number => {
        const t0 = performance.now();
        spawnSync(process.execPath, [cli, 'search', 'residual learning', '--limit', '5', cliFile], { encoding: 'utf8' });
        return performance.now() - t0;
      };
      const none = plain();
      const cold = run();
      const warm = run();
      const warm2 = run();
      const best = Math.min(warm, warm2);
      console.log(`\nCLI \`litnotes search --cache\` over ${path.basename(cliFile)} (${(statSync(cliFile).size / MB).toFixed(0)} MB), whole processes:`);
      console.log(`  without --cache ${none.toFixed(0)} ms; cold (empty cache, writes it) ${cold.toFixed(0)} ms; warm ${warm.toFixed(0)} ms / ${warm2.toFixed(0)} ms`);
      console.log(`  warm is ${(none / best).toFixed(1)}× faster than without a cache, ${(cold / best).toFixed(1)}× faster than cold (goal ≥ 8×: ${cold / best >= 8 ? 'met' : 'MISSED'})`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const heldAt = process.argv.indexOf('--held');
const heldSnapshotAt = process.argv.indexOf('--held-snapshot');
void (heldAt >= 0
  ? measureHeld(process.argv[heldAt + 1] ?? '', process.argv[heldAt + 2] ?? '')
  : heldSnapshotAt >= 0
    ? measureHeldSnapshot(process.argv[heldSnapshotAt + 1] ?? '', process.argv[heldSnapshotAt + 2] ?? '', process.argv[heldSnapshotAt + 3] === 'true')
    : main());
