// `npm run fuzz`: seeded, reproducible fuzzing of every loader and of note frontmatter.
//
//   npm run fuzz                                   10,000 inputs per format + 10,000 notes, seed 1
//   npm run fuzz -- --count 20000 --seed 42        more, another seed (or FUZZ_SEED=42)
//   npm run fuzz -- --formats bibtex,ris --frontmatter 0
//   npm run fuzz -- --replay bibtex:1:1234 --dump /tmp/input.bib    regenerate one input and re-check it
//
// Runs scripts/fuzz-run.ts (the harness over test/fuzz/mutate.ts) in a child process with
// tsx. The child reports each input it starts on fd 3, synchronously; if one input runs longer
// than the watchdog (--hang-ms, default 60 s: a hang, far past the 2 s per-input bound the
// harness checks), it is killed and the input is reported with its (format, seed, index).
// Exits non-zero on any failure.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const hangAt = args.indexOf('--hang-ms');
const hangMs = hangAt >= 0 ? Number(args.splice(hangAt, 2)[1]) : 60_000;

const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'fuzz-run.ts'), ...args], {
  cwd: ROOT,
  stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
  env: { ...process.env, FUZZ_PROGRESS_FD: '3' },
});

let current = '';
let since = Date.now();
let pending = '';
const progress = /** @type {import('node:stream').Readable} */ (child.stdio[3]);
progress.setEncoding('utf8');
progress.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  const last = lines.at(-1);
  if (last) {
    current = last;
    since = Date.now();
  }
});

let hung = false;
const watchdog = setInterval(() => {
  if (current && Date.now() - since > hangMs) {
    hung = true;
    console.error(`\nHANG: input ${current} has run for more than ${hangMs / 1000} s; replay with: npm run fuzz -- --replay ${current} --dump /tmp/input`);
    child.kill('SIGKILL');
  }
}, 1000);

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => child.kill(signal));
}

child.on('exit', (code, signal) => {
  clearInterval(watchdog);
  if (hung) {
    process.exit(1);
  }
  if (signal) {
    console.error(`fuzz runner stopped by ${signal} during ${current}`);
    process.exit(1);
  }
  process.exit(code ?? 1);
});
