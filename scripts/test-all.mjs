// `npm test`: the three test layers in order, each in its own process.
//
//   node scripts/test-all.mjs [unit] [integration] [e2e]      (default: all three)
//
//   unit         mocha on src/**/*.test.ts and test/fuzz/ (.mocharc.json), pure Node, seconds
//   integration  mocha inside a real VS Code extension host (code-server + Chromium), scripts/run-integration.mjs
//   e2e          the packaged .vsix driven through the workbench UI, scripts/run-e2e.mjs
//
// Each layer writes test-results/<layer>.json {"passed","failed"}. A summary line per layer follows,
// and the very last line is the total: "N passed, N failed". Exits 1 when a layer failed, crashed,
// or ran no test.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'test-results');
const node = process.execPath;

const LAYERS = {
  unit: [node, [path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--reporter', path.join(ROOT, 'scripts', 'mocha-counting-reporter.cjs'), '--reporter-option', `output=${path.join(RESULTS, 'unit.json')}`]],
  integration: [node, [path.join(ROOT, 'scripts', 'run-integration.mjs')]],
  'integration-multi-root': [node, [path.join(ROOT, 'scripts', 'run-integration.mjs'), '--multi-root']],
  e2e: [node, [path.join(ROOT, 'scripts', 'run-e2e.mjs')]],
};

const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(a in LAYERS));
if (unknown.length > 0) {
  console.error(`unknown layer(s): ${unknown.join(', ')}; choose from ${Object.keys(LAYERS).join(', ')}`);
  process.exit(2);
}
const layers = asked.length > 0 ? Object.keys(LAYERS).filter((l) => asked.includes(l)) : Object.keys(LAYERS);

/** @type {import('node:child_process').ChildProcess | undefined} */
let child;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    // The child cleans up its own servers and browsers on the signal; wait for it to go.
    if (child && child.exitCode === null) {
      child.kill(signal);
      child.once('exit', () => process.exit(130));
    } else {
      process.exit(130);
    }
  });
}

function runLayer(layer) {
  const [cmd, args] = LAYERS[layer];
  return new Promise((resolve) => {
    child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit' });
    child.on('error', (error) => resolve({ code: 1, error: error.message }));
    child.on('exit', (code, signal) => resolve({ code: code ?? 1, error: signal ? `killed by ${signal}` : undefined }));
  });
}

// Static checks first (strict typecheck, ESLint with the pure-core rules): a failure fails the run.
let staticOk = true;
if (!process.env.LIT_NOTES_SKIP_STATIC) {
  console.log('\n===== static checks: tsc --noEmit, tsc -p scripts, eslint =====');
  for (const [name, args] of /** @type {Array<[string, string[]]>} */ ([
    ['tsc', [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', ROOT]],
    ['tsc scripts', [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'scripts')]],
    ['eslint', [path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings', '0', 'src', 'test', 'scripts']],
  ])) {
    const code = await new Promise((resolve) => {
      child = spawn(node, args, { cwd: ROOT, stdio: 'inherit' });
      child.on('error', () => resolve(1));
      child.on('exit', (c) => resolve(c ?? 1));
    });
    console.log(`${name}: ${code === 0 ? 'ok' : 'FAILED'}`);
    staticOk &&= code === 0;
  }
}

// On a fresh machine the real-VS-Code layers need code-server (and, as root, the Debian packages):
// install them first; a no-op once installed (stamp file).
if (layers.some((l) => l !== 'unit')) {
  console.log('\n===== setup: code-server + Chromium =====');
  const setup = await new Promise((resolve) => {
    child = spawn(node, [path.join(ROOT, 'scripts', 'setup-code-server.mjs')], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
  if (setup !== 0) {
    console.error('setup-code-server failed: the integration and e2e layers cannot run (see above).');
  }
}

const rows = [];
for (const layer of layers) {
  const file = path.join(RESULTS, `${layer}.json`);
  fs.rmSync(file, { force: true }); // never count a previous run's results
  console.log(`\n===== ${layer} =====`);
  const t = Date.now();
  const { code, error } = await runLayer(layer);
  const secs = (Date.now() - t) / 1000;
  let counts;
  try {
    counts = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    counts = undefined;
  }
  const passed = Number(counts?.passed ?? 0);
  const failed = Number(counts?.failed ?? 0);
  const problems = [];
  if (error) {
    problems.push(error);
  }
  if (!counts) {
    problems.push(`no ${path.relative(ROOT, file)}`);
  }
  if (counts?.error) {
    problems.push(counts.error);
  }
  if (code !== 0) {
    problems.push(`exit ${code}`);
  }
  if (counts && passed + failed === 0) {
    problems.push('ran no test');
  }
  rows.push({ layer, passed, failed, secs, ok: problems.length === 0 && failed === 0, problems });
}

console.log('\n===== summary =====');
for (const r of rows) {
  const status = r.ok ? 'ok' : `FAILED${r.problems.length ? ` (${r.problems.join('; ')})` : ''}`;
  console.log(`${r.layer.padEnd(22)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(4)} failed ${r.secs.toFixed(1).padStart(7)} s  ${status}`);
}
const passed = rows.reduce((n, r) => n + r.passed, 0);
// A crashed layer that reported no failure still counts as one failure in the total.
const failed = rows.reduce((n, r) => n + (r.ok ? r.failed : Math.max(r.failed, 1)), 0);
if (!staticOk) {
  console.log('static checks FAILED (see above)');
}
console.log(`${passed} passed, ${failed + (staticOk ? 0 : 1)} failed`);
process.exit(staticOk && rows.every((r) => r.ok) ? 0 : 1);
