/**
 * Activation cost of the production bundle in Node alone (issue #17: activating takes at most
 * 50 ms of the extension host's time). Builds dist/extension.js as `npm run package` does, into a
 * temporary folder, then in fresh Node processes (bench/activation-probe.cjs) times each phase of
 * what VS Code counts: reading, compiling and running the bundle's top level (its
 * codeLoadingTime) and the call of activate() (activateCallTime), against a stand-in `vscode`
 * module whose calls cost nothing. Wall-clock and CPU milliseconds, median and range over RUNS.
 * The figures in the real VS Code, where the API calls cost more: `npm run bench:activation`.
 */
import { spawnSync } from 'node:child_process';
import type { BuildOptions } from 'esbuild';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const RUNS = Number(process.env.ACTIVATION_BENCH_RUNS ?? 9);
const root = path.resolve(__dirname, '..');

type Phase = 'read' | 'compile' | 'topLevel' | 'activate';
type Sample = Record<Phase, { wall: number; cpu: number }>;

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};
const ms = (n: number): string => `${n.toFixed(1).padStart(5)} ms`;
const stats = (v: number[]): string => `median ${ms(median(v))}  range ${ms(Math.min(...v))} – ${ms(Math.max(...v))}`;

async function main(): Promise<void> {
  const esbuild = await import('esbuild');
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- a checked JavaScript module
  const { extensionBuilds } = await import(path.join(root, 'scripts', 'esbuild-plugins.mjs'));
  const out = mkdtempSync(path.join(tmpdir(), 'lit-notes-activation-'));
  try {
    const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, logLevel: 'warning', absWorkingDir: root } as const;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment
    const builds: BuildOptions[] = extensionBuilds(common, root, out);
    await Promise.all(builds.map((b) => esbuild.build(b)));
    const bundle = path.join(out, 'extension.js');
    console.log(`dist/extension.js ${(statSync(bundle).size / 1024).toFixed(0)} KB (production build), ${RUNS} fresh Node processes, stand-in vscode API:`);
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = spawnSync(process.execPath, [path.join(root, 'bench', 'activation-probe.cjs'), bundle], { cwd: root, encoding: 'utf8' });
      if (r.status !== 0) {
        throw new Error(`activation probe failed: ${r.stderr}`);
      }
      samples.push(JSON.parse(r.stdout) as Sample);
    }
    const rows: [string, (s: Sample) => { wall: number; cpu: number }][] = [
      ['read the file', (s) => s.read],
      ['compile', (s) => s.compile],
      ['run the top level', (s) => s.topLevel],
      ['code loading (read + compile + top level)', (s) => ({ wall: s.read.wall + s.compile.wall + s.topLevel.wall, cpu: s.read.cpu + s.compile.cpu + s.topLevel.cpu })],
      ['activate() call', (s) => s.activate],
      ['total', (s) => ({ wall: s.read.wall + s.compile.wall + s.topLevel.wall + s.activate.wall, cpu: s.read.cpu + s.compile.cpu + s.topLevel.cpu + s.activate.cpu })],
    ];
    for (const [label, pick] of rows) {
      console.log(`  ${label.padEnd(44)} wall ${stats(samples.map((s) => pick(s).wall))}   CPU ${stats(samples.map((s) => pick(s).cpu))}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
