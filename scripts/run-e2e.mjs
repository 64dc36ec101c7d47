// UI end-to-end tests: the extension INSTALLED FROM THE .vsix (npm run package) into a fresh
// code-server, driven through the workbench by headless Chromium (playwright-core).
//
//   node scripts/run-e2e.mjs [--no-package] [--grep REGEXP] [--workspace DIR] [test/e2e/x.e2e.mjs …]
//
// A test file is plain Node ESM, test/e2e/*.e2e.mjs, whose default export maps test names to
// async functions:
//
//   export default {
//     'shows the summary': async ({ workbench, page, workspace, root, step }) => { … },
//   };
//
// Each FILE gets its own code-server (fresh user-data and extensions folders, the .vsix installed,
// a temp copy of samples/ as workspace) and its own Chromium; each TEST gets a fresh page with the
// workbench already loaded on that workspace. `step(name)` saves a numbered screenshot.
//
// Writes test-results/e2e.json {"passed","failed"}; screenshots of key steps, and on failure a
// screenshot, the browser console and the server logs, under test-results/e2e/<file>/<test>/.
// LIT_NOTES_E2E_TIMEOUT (seconds, default 120) per test; LIT_NOTES_HEADED=1 shows the browser;
// LIT_NOTES_KEEP=1 keeps the last server up afterwards.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  KEEP, ROOT, SAMPLES_DIR, Workbench, copyWorkspace, installVsix, keepAlive, launchBrowser, log, makeRunDirs, newPage,
  onCleanup, requireChromium, requireCodeServer, resetArtifacts, run, runCleanups, saveServerArtifacts, screenshot,
  seconds, startCodeServer, strayProcesses, workbenchUrl, writeResults,
} from './code-server.mjs';

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const noPackage = argv.includes('--no-package');
const grep = opt('--grep') ?? process.env.LIT_NOTES_GREP;
const grepRe = grep ? new RegExp(grep) : undefined;
const sourceWorkspace = path.resolve(opt('--workspace') ?? SAMPLES_DIR);
const testTimeoutMs = Number(process.env.LIT_NOTES_E2E_TIMEOUT ?? 120) * 1000;
const VSIX = path.join(ROOT, 'lit-notes.vsix');
const E2E_DIR = path.join(ROOT, 'test', 'e2e');

const optionValues = new Set(['--grep', '--workspace'].map((o) => opt(o)).filter(Boolean));
const named = argv.filter((a) => !a.startsWith('--') && !optionValues.has(a)).map((f) => path.resolve(f));
const files = named.length > 0
  ? named
  : fs.existsSync(E2E_DIR)
    ? fs.readdirSync(E2E_DIR).filter((f) => f.endsWith('.e2e.mjs')).sort().map((f) => path.join(E2E_DIR, f))
    : [];

const t0 = Date.now();
const artifacts = resetArtifacts('e2e');
fs.rmSync(path.join(ROOT, 'test-results', 'e2e.json'), { force: true });
const results = []; // { file, name, ok, error, seconds }
/** @type {{server: Awaited<ReturnType<typeof startCodeServer>>, workspace: ReturnType<typeof copyWorkspace>} | undefined} */
let keptServer;

const safeName = (s) => s.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
    }),
  ]);
}

async function runFile(file, tests) {
  const rel = path.relative(ROOT, file);
  const fileArtifacts = path.join(artifacts, safeName(path.basename(file, '.e2e.mjs')));
  log(`${rel}: ${tests.length} test(s)`);
  const dirs = makeRunDirs('e2e');
  const workspace = copyWorkspace(sourceWorkspace, 'e2e');
  let server;
  let browser;
  const cleanup = async () => {
    await browser?.close();
    await server?.stop();
    workspace.dispose();
    dirs.dispose();
  };
  const unregister = onCleanup(cleanup);
  try {
    installVsix(VSIX, dirs);
    server = await startCodeServer({ workspace: workspace.dir, dirs, env: { LIT_NOTES_TEST: '1' } });
    browser = await launchBrowser();
  } catch (error) {
    console.error(`[e2e] ERROR: could not start the workbench for ${rel}: ${error.message}`);
    saveServerArtifacts(server, fileArtifacts);
    for (const [name] of tests) {
      results.push({ file: rel, name, ok: false, error: error.message, seconds: 0 });
    }
    unregister();
    await cleanup();
    return;
  }

  for (const [name, fn] of tests) {
    const t = Date.now();
    const testArtifacts = path.join(fileArtifacts, safeName(name));
    fs.mkdirSync(testArtifacts, { recursive: true });
    const page = await newPage(browser);
    const workbench = new Workbench(page, { shotsDir: testArtifacts });
    const ctx = {
      page,
      workbench,
      server,
      workspace: workspace.dir,
      root: ROOT,
      artifacts: testArtifacts,
      step: (label) => workbench.shot(label),
      log: (...args) => console.log('      ', ...args),
    };
    let error;
    try {
      await withTimeout(
        (async () => {
          await workbench.open(workbenchUrl(server, workspace.dir));
          await workbench.shot('workbench-loaded');
          await fn(ctx);
        })(),
        testTimeoutMs,
        `test "${name}"`,
      );
    } catch (e) {
      error = e;
    }
    const secs = seconds(t);
    if (error) {
      console.log(`  ✗ ${name} (${secs} s)`);
      console.log(`      ${String(error.stack ?? error).split('\n').join('\n      ')}`);
      await screenshot(page, path.join(testArtifacts, 'failure.png'));
      saveServerArtifacts(server, testArtifacts, page);
      log(`failure artifacts in ${path.relative(process.cwd(), testArtifacts)}`);
    } else {
      console.log(`  ✓ ${name} (${secs} s)`);
      fs.writeFileSync(path.join(testArtifacts, 'browser-console.log'), page.consoleLines.join('\n') + '\n');
    }
    results.push({ file: rel, name, ok: !error, error: error?.message, seconds: Number(secs) });
    await page.context().close().catch(() => {});
  }

  if (KEEP && file === files[files.length - 1]) {
    keptServer = { server, workspace };
    await browser.close();
    return; // cleaned up by Ctrl-C
  }
  unregister();
  await cleanup();
}

let crashed;
try {
  requireCodeServer();
  requireChromium();
  if (files.length === 0) {
    throw new Error(`no e2e test files (test/e2e/*.e2e.mjs)`);
  }
  if (!fs.existsSync(sourceWorkspace)) {
    throw new Error(`workspace ${sourceWorkspace} does not exist`);
  }
  if (!noPackage) {
    const t = Date.now();
    run(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs')]);
    log(`packaged in ${seconds(t)} s`);
  }
  if (!fs.existsSync(VSIX)) {
    throw new Error(`${path.relative(ROOT, VSIX)} not found: run npm run package`);
  }
  for (const file of files) {
    const mod = await import(pathToFileURL(file).href);
    const all = Object.entries(mod.default ?? {}).filter(([, fn]) => typeof fn === 'function');
    if (all.length === 0) {
      throw new Error(`${path.relative(ROOT, file)} exports no tests (export default { 'name': async (t) => {…} })`);
    }
    const tests = all.filter(([name]) => !grepRe || grepRe.test(name));
    if (tests.length > 0) {
      await runFile(file, tests);
    }
  }
} catch (error) {
  crashed = error;
  console.error(`[e2e] ERROR: ${error.message}`);
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
writeResults('e2e', { passed, failed, ...(crashed ? { error: crashed.message } : {}) });
fs.writeFileSync(path.join(artifacts, 'results.json'), JSON.stringify(results, null, 2) + '\n');

if (keptServer) {
  await keepAlive(workbenchUrl(keptServer.server, keptServer.workspace.dir));
}
await runCleanups();
const stray = strayProcesses();
if (stray.length > 0) {
  console.error(`[e2e] ERROR: code-server processes left running:\n${stray.join('\n')}`);
}
log(`e2e: ${passed} passed, ${failed} failed in ${seconds(t0)} s`);
process.exit(crashed || failed > 0 || passed === 0 || stray.length > 0 ? 1 : 0);
