/**
 * Parse workers benchmark (issue #17): a cold load of a generated library of 100,000 papers with
 * abstracts in five files (20,000 papers each, one per format), handed to `SourceParser` as the
 * extension's load does (up to one file per worker at once), with 1 worker and with more. Each
 * run parses and hands over every file (the worker's payload, decoded on this thread with the
 * extension's pauses). Figures: wall time to every file parsed, the ratio to 1 worker, and the
 * longest task on this thread (the extension host's responsiveness). The worker script is built
 * from `src/parse-worker.ts` into a temporary folder.
 *
 * Run: `npm run bench workers`. `WORKERS_BENCH_N` changes the number of papers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { forEachLimited } from '../src/platform/concurrency';
import { MAX_WORKERS, SourceParser, defaultWorkers } from '../src/platform/parse-off-thread';
import { SLICE_MS, pauseEvery } from '../src/platform/slices';
import { FIVE_FORMATS } from './formats';
import { generateLibrary } from './generate-library';

const N = Number(process.env.WORKERS_BENCH_N ?? 100_000);
const ROUNDS = 3;
const root = path.resolve(__dirname, '..');

const formats = FIVE_FORMATS;

/** The longest gap between ticks of a 1 ms timer on this thread while `work` runs: its longest task. */
async function longestTask<T>(work: () => Promise<T>): Promise<{ value: T; longest: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  try {
    const value = await work();
    return { value, longest };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const esbuild = await import('esbuild');
  const out = mkdtempSync(path.join(tmpdir(), 'lit-notes-workers-'));
  try {
    const script = path.join(out, 'parse-worker.js');
    await esbuild.build({ entryPoints: [path.join(root, 'src', 'parse-worker.ts')], outfile: script, bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, logLevel: 'warning' });
    const papers = generateLibrary(N);
    const per = Math.ceil(N / formats.length);
    const files = formats.map(([name, to], i) => ({ name, bytes: new TextEncoder().encode(to(papers.slice(i * per, (i + 1) * per))) }));
    const mb = files.reduce((n, f) => n + f.bytes.length, 0) / 1048576;
    const cores = availableParallelism();
    const counts = [...new Set([1, 2, defaultWorkers(), Math.min(MAX_WORKERS, cores + 1)])].sort((a, b) => a - b);
    console.log(`${N.toLocaleString('en-US')} papers in ${files.length} files (${mb.toFixed(0)} MB), ${cores} cores, default ${defaultWorkers()} worker(s); best of ${ROUNDS} rounds`);
    console.log(`${'workers'.padEnd(8)} ${'wall ms'.padStart(8)} ${'vs 1'.padStart(6)} ${'longest task ms'.padStart(16)} ${'records'.padStart(8)}`);
    let one = NaN;
    for (const workers of counts) {
      let best = Number.POSITIVE_INFINITY;
      let longest = 0;
      let records = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const parser = new SourceParser(script, pauseEvery(SLICE_MS), workers);
        try {
          const t0 = performance.now();
          const r = await longestTask(async () => {
            let n = 0;
            await forEachLimited(files, parser.workers, async (f) => {
              const parsed = await parser.parse(f.name, f.bytes, false);
              n += parsed.records.length;
            });
            return n;
          });
          const ms = performance.now() - t0;
          if (ms < best) {
            best = ms;
            longest = r.longest;
          }
          records = r.value;
        } finally {
          parser.dispose();
        }
      }
      if (workers === 1) {
        one = best;
      }
      console.log(`${String(workers).padEnd(8)} ${best.toFixed(0).padStart(8)} ${(one / best).toFixed(2).padStart(5)}× ${longest.toFixed(0).padStart(16)} ${String(records).padStart(8)}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

void main();
