// Integration tests inside a real VS Code extension host: code-server + headless Chromium.
//
//   node scripts/run-integration.mjs [--no-build] [--workspace DIR] [--grep REGEXP] [--timeout SECONDS] [--multi-root]
//
// --multi-root opens a multi-root workspace instead (a .code-workspace with the copy of samples/
// and a second folder holding its own library.bib) and runs only test/integration/multi-root/;
// without it those tests are left out. Results then go to test-results/integration-multi-root.json.
//
// Builds, copies samples/ (or DIR) to a temp folder (tests may write files), starts code-server on a
// free port with fresh user-data/extensions folders, and opens the workbench in Chromium with the
// payload extensionDevelopmentPath=<repo> and extensionTestsPath=out/test/integration/index.js.
// The extension host's console (mocha's spec output) is streamed here through
// window.codeAutomationLog; window.codeAutomationExit(code, logs) ends the run.
//
// Writes test-results/integration.json {"passed","failed"}; on failure also a screenshot, the
// workbench logs, the server logs and the browser console under test-results/integration/
// (host.log, everything the extension host and the workbench printed, is always kept).
// LIT_NOTES_VERBOSE=1 prints all of it; by default only the tests' output, warnings and errors.
// LIT_NOTES_KEEP=1 keeps the server up afterwards; LIT_NOTES_HEADED=1 shows the browser.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import {
  KEEP, ROOT, SAMPLES_DIR, build, copyWorkspace, isStopping, keepAlive, launchBrowser, log, makeRunDirs, newPage, onCleanup,
  requireChromium, requireCodeServer, resetArtifacts, runCleanups, saveArtifact, saveServerArtifacts, screenshot, seconds,
  startCodeServer, strayProcesses, workbenchUrl, writeResults,
} from './code-server.mjs';

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const noBuild = argv.includes('--no-build');
const sourceWorkspace = path.resolve(opt('--workspace') ?? SAMPLES_DIR);
const grep = opt('--grep') ?? process.env.LIT_NOTES_GREP;
const timeoutMs = Number(opt('--timeout') ?? process.env.LIT_NOTES_INTEGRATION_TIMEOUT ?? 300) * 1000;
const TESTS_INDEX = path.join(ROOT, 'out', 'test', 'integration', 'index.js');
const INDEX_BANNER = 'Lit Notes integration tests:'; // first line test/integration/index.ts prints
const VERBOSE = process.env.LIT_NOTES_VERBOSE === '1';
const MULTI_ROOT = argv.includes('--multi-root');
const LAYER = MULTI_ROOT ? 'integration-multi-root' : 'integration';

/** A second workspace folder beside the first, with a source file of the same name, and the .code-workspace of both. */
function multiRootWorkspace(firstDir) {
  const second = path.join(path.dirname(firstDir), 'second-root');
  fs.mkdirSync(second, { recursive: true });
  fs.writeFileSync(
    path.join(second, 'library.bib'),
    '% the second root: same file name as the first root\'s library.bib\n\n@article{otherroot2023,\n  title = {A Paper Only the Second Root Has},\n  author = {Root, Second},\n  year = {2023}\n}\n',
  );
  const file = path.join(path.dirname(firstDir), 'lit-notes.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: [{ path: firstDir }, { path: second }] }, null, 2));
  return file;
}

const t0 = Date.now();
const artifacts = resetArtifacts(LAYER);
fs.rmSync(path.join(ROOT, 'test-results', `${LAYER}.json`), { force: true });

let result = { passed: 0, failed: 0 };
let ok = false;
/** @type {Awaited<ReturnType<typeof startCodeServer>> | undefined} */
let server;
/** @type {Awaited<ReturnType<typeof launchBrowser>> | undefined} */
let browser;
/** @type {Awaited<ReturnType<typeof newPage>> | undefined} */
let page;
/** @type {ReturnType<typeof copyWorkspace> | undefined} */
let workspace;
/** @type {ReturnType<typeof makeRunDirs> | undefined} */
let dirs;

async function main() {
  requireCodeServer();
  requireChromium();
  if (!noBuild) {
    build();
  }
  if (!fs.existsSync(TESTS_INDEX)) {
    throw new Error(`${path.relative(ROOT, TESTS_INDEX)} not found: run node scripts/build.mjs`);
  }
  if (!fs.existsSync(sourceWorkspace)) {
    throw new Error(`workspace ${sourceWorkspace} does not exist`);
  }

  workspace = copyWorkspace(sourceWorkspace, LAYER);
  onCleanup(() => workspace?.dispose());
  dirs = makeRunDirs('integration');
  onCleanup(() => dirs?.dispose());
  log(`workspace: copy of ${path.relative(ROOT, sourceWorkspace) || sourceWorkspace} at ${workspace.dir}`);

  /** @type {Record<string, string>} */
  const env = { LIT_NOTES_TEST: '1', ...(MULTI_ROOT ? { LIT_NOTES_SUITE: 'multi-root' } : {}) };
  if (grep) {
    env.LIT_NOTES_GREP = grep;
  }
  server = await startCodeServer({ workspace: workspace.dir, dirs, env });
  onCleanup(() => server?.stop());
  browser = await launchBrowser();
  page = await newPage(browser);

  const lines = [];
  let settle;
  const exited = new Promise((resolve) => (settle = resolve));
  // Both must exist before the workbench loads.
  // Everything goes to host.log; the terminal gets the tests' own output (after the index's
  // first line) plus warnings and errors, or everything with LIT_NOTES_VERBOSE=1.
  const hostLog = fs.createWriteStream(path.join(artifacts, 'host.log'));
  onCleanup(() => new Promise((r) => hostLog.end(r)));
  let testsStarted = false;
  await page.exposeFunction('codeAutomationLog', (level, msg) => {
    const text = Array.isArray(msg) ? util.format(...msg) : String(msg);
    for (const line of text.split('\n')) {
      lines.push(line);
      hostLog.write(`[${level}] ${line}\n`);
      testsStarted ||= line.startsWith(INDEX_BANNER);
      if (testsStarted || VERBOSE || /error|warn/i.test(String(level))) {
        console.log(line);
      }
    }
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => settle({ code, logs }));

  const url = workbenchUrl(server, MULTI_ROOT ? multiRootWorkspace(workspace.dir) : workspace.dir, [
    ['extensionDevelopmentPath', ROOT],
    ['extensionTestsPath', TESTS_INDEX],
  ]);
  log(`opening ${url}`);
  const tLoad = Date.now();
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  page
    .waitForSelector('.monaco-workbench', { timeout: 60_000 })
    .then(() => log(`workbench visible after ${seconds(tLoad)} s`))
    .catch(() => {});

  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const serverDied = new Promise((resolve) => {
    const poll = setInterval(() => {
      if (!server?.alive()) {
        clearInterval(poll);
        resolve('died');
      }
    }, 500);
    onCleanup(() => clearInterval(poll));
  });
  const outcome = await Promise.race([exited, timedOut, serverDied]);
  clearTimeout(timer);

  // Counts from the closing "N passed, N failed" line printed by test/integration/index.ts.
  const closing = [...lines].reverse().map((l) => /^(\d+) passed, (\d+) failed/.exec(l.trim())).find(Boolean);
  if (closing) {
    result = { passed: Number(closing[1]), failed: Number(closing[2]) };
  }

  if (outcome === null) {
    result.error = `timed out after ${timeoutMs / 1000} s waiting for the extension host to finish the tests`;
  } else if (outcome === 'died') {
    result.error = 'code-server exited during the tests';
  } else {
    for (const { relativePath, contents } of outcome.logs ?? []) {
      const file = path.join(artifacts, 'workbench-logs', relativePath);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, contents);
    }
    if (outcome.code !== 0 && result.failed === 0) {
      result.error = !closing
        ? `test run failed (code ${outcome.code}) before reporting counts; see the log above`
        : result.passed === 0
          ? 'no integration test ran'
          : `test run failed (code ${outcome.code}); see the log above`;
    }
    ok = outcome.code === 0 && result.failed === 0 && result.passed > 0;
  }
  if (result.error) {
    console.error(`[harness] ERROR: ${result.error}`);
  }
}

let exitCode = 1;
try {
  await main();
  exitCode = ok ? 0 : 1;
} catch (error) {
  result.error = error.message;
  console.error(`[harness] ERROR: ${error.message}`);
}

if (!ok && !isStopping()) {
  if (page) {
    await screenshot(page, path.join(artifacts, 'failure.png'));
  }
  saveServerArtifacts(server, artifacts, page);
  if (workspace) {
    saveArtifact(workspace.dir, artifacts, 'workspace');
  }
  if (server || page) {
    log(`failure artifacts in ${path.relative(process.cwd(), artifacts) || artifacts}`);
  }
}
writeResults(LAYER, result);

if (KEEP && server && workspace) {
  await browser?.close();
  log(`the workspace copy is ${workspace.dir}`);
  onCleanup(() => {}); // make sure the Ctrl-C handler is installed
  await keepAlive(workbenchUrl(server, workspace.dir));
}

await runCleanups();
const stray = strayProcesses();
if (stray.length > 0) {
  console.error(`[harness] ERROR: code-server processes left running:\n${stray.join('\n')}`);
  exitCode = 1;
}
log(`${LAYER}: ${result.passed} passed, ${result.failed} failed in ${seconds(t0)} s${result.error ? ` (${result.error})` : ''}`);
process.exit(exitCode);
