// Shared harness for running Lit Notes in a real VS Code: code-server (VS Code 1.99.3 server + web
// workbench, installed by scripts/setup-code-server.mjs into .code-server/) driven by Debian's
// Chromium through playwright-core. Used by demo.mjs, run-integration.mjs and run-e2e.mjs.
//
// Every run gets a free port and its own user-data and extensions folders; the server runs in its
// own process group, and every group started here is killed when the run ends, however it ends.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = '4.99.4';
export const VSCODE_VERSION = '1.99.3';
/** Where setup-code-server.mjs installs code-server (git-ignored). Override: LIT_NOTES_CODE_SERVER_DIR. */
export const CS_DIR = path.resolve(process.env.LIT_NOTES_CODE_SERVER_DIR || path.join(ROOT, '.code-server'));
export const CS_PKG = path.join(CS_DIR, 'node_modules', 'code-server');
export const CS_ENTRY = path.join(CS_PKG, 'out', 'node', 'entry.js');
export const CS_STAMP = path.join(CS_DIR, `installed-${CODE_SERVER_VERSION}.stamp`);
/** Debian's Chromium. Override: LIT_NOTES_CHROMIUM. */
export const CHROMIUM = process.env.LIT_NOTES_CHROMIUM || '/usr/bin/chromium';
export const RESULTS_DIR = path.join(ROOT, 'test-results');
export const SAMPLES_DIR = path.join(ROOT, 'samples');
/** LIT_NOTES_HEADED=1: show the browser window (needs a display, e.g. `xvfb-run -a`). */
export const HEADED = process.env.LIT_NOTES_HEADED === '1';
/** LIT_NOTES_KEEP=1: after a test run, keep the server up and print its URL until Ctrl-C. */
export const KEEP = process.env.LIT_NOTES_KEEP === '1';

/**
 * LIT_NOTES_RESTRICTED=1: workspace trust on and the folder untrusted (Restricted Mode), for
 * test/integration/restricted.test.ts (run it alone: `--grep 'Restricted Mode'`).
 */
export const RESTRICTED = process.env.LIT_NOTES_RESTRICTED === '1';

const SETTINGS = {
  'security.workspace.trust.enabled': RESTRICTED,
  ...(RESTRICTED ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never', 'security.workspace.trust.emptyWindow': false } : {}),
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
};

// ---------------------------------------------------------------------------------------------
// Logging and small helpers

export function log(...args) {
  console.log('[harness]', ...args);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `fn` (every `everyMs`) until it returns a truthy value, and returns that value; throws
 * naming `what` after `timeoutMs`. For conditions outside the page (log files, the cache folder).
 */
export async function until(what, fn, timeoutMs = 60_000, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    }
    await sleep(everyMs);
  }
}

export function seconds(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}

/** Runs a command to completion, inheriting stdio; throws with a clear message on failure. */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (r.error) {
    throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  }
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  }
  return r;
}

/** `node scripts/build.mjs [...args]`. */
export function build(args = []) {
  const t = Date.now();
  run(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), ...args]);
  log(`build ${args.join(' ')} done in ${seconds(t)} s`);
}

/** Empties and returns test-results/<name>/. */
export function resetArtifacts(name) {
  const dir = path.join(RESULTS_DIR, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function writeResults(layer, counts) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${layer}.json`);
  fs.writeFileSync(file, JSON.stringify(counts, null, 2) + '\n');
  return file;
}

/** Copies a file or folder into an artifacts folder, never throwing. */
export function saveArtifact(src, destDir, name = path.basename(src)) {
  try {
    if (fs.existsSync(src)) {
      fs.cpSync(src, path.join(destDir, name), { recursive: true });
    }
  } catch (error) {
    log(`could not save ${src}: ${error.message}`);
  }
}

/** Copies a folder to a fresh temp folder (tests may write into it). */
export function copyWorkspace(src, label = 'workspace') {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `lit-notes-${label}-`));
  const dest = path.join(base, path.basename(src) || 'workspace');
  fs.cpSync(src, dest, { recursive: true });
  return { dir: dest, dispose: () => fs.rmSync(base, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------------------------------------
// Prerequisites

export function codeServerInstalled() {
  return fs.existsSync(CS_STAMP) && fs.existsSync(CS_ENTRY);
}

/** Throws a clear, actionable error when code-server is not installed. */
export function requireCodeServer() {
  if (!codeServerInstalled()) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} is not installed in ${CS_DIR}.\n` +
        `  Install it (about 2 minutes, needs the npm registry): node scripts/setup-code-server.mjs`,
    );
  }
  return CS_ENTRY;
}

/** Throws a clear, actionable error when Chromium is missing. */
export function requireChromium() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}.\n` +
        `  Install it: apt-get install -y --no-install-recommends chromium\n` +
        `  (or point LIT_NOTES_CHROMIUM at a Chromium/Chrome executable).`,
    );
  }
  return CHROMIUM;
}

// ---------------------------------------------------------------------------------------------
// Ports

/** Whether nothing listens on 127.0.0.1:port (we can bind it). */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** A free port: `preferred` when it is free, otherwise one the OS picks. */
export async function freePort(preferred) {
  if (preferred && (await portIsFree(preferred))) {
    return preferred;
  }
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Cleanup of everything this process started

const liveGroups = new Set(); // pgids of running servers
const startedGroups = new Set(); // every pgid started by this process
const cleanups = new Set(); // async cleanups (browsers, temp dirs), run on signals
let handlersInstalled = false;
let stopping = false;

/** True once Ctrl-C/SIGTERM was received: the run is being torn down. */
export const isStopping = () => stopping;

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

function groupAlive(pgid) {
  return killGroup(pgid, 0);
}

function installHandlers() {
  if (handlersInstalled) {
    return;
  }
  handlersInstalled = true;
  // Last resort, synchronous: whatever is still running when node exits is killed.
  process.on('exit', () => {
    for (const pgid of liveGroups) {
      killGroup(pgid, 'SIGKILL');
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (stopping) {
        return;
      }
      stopping = true;
      log(`${signal}: stopping…`);
      void runCleanups().finally(() => process.exit({ SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }[signal]));
    });
  }
}

/** Registers an async cleanup to run on Ctrl-C/SIGTERM (and by `runCleanups`). Returns an unregister function. */
export function onCleanup(fn) {
  installHandlers();
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

let cleaning; // the one cleanup pass in progress (a signal and the normal end can race)

/** Runs every registered cleanup once (latest first), then kills any server group still alive. */
export function runCleanups() {
  cleaning ??= (async () => {
    const fns = [...cleanups].reverse();
    cleanups.clear();
    for (const fn of fns) {
      let timer;
      try {
        // A cleanup that hangs (a browser that does not close) must not keep the run alive.
        await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out after 15 s')), 15_000)))]);
      } catch (error) {
        log(`cleanup failed: ${error.message}`);
      } finally {
        clearTimeout(timer);
      }
    }
    for (const pgid of liveGroups) {
      killGroup(pgid, 'SIGKILL');
    }
    liveGroups.clear();
  })().finally(() => {
    cleaning = undefined;
  });
  return cleaning;
}

// ---------------------------------------------------------------------------------------------
// code-server

function serverEnv(extra = {}) {
  const env = { ...process.env };
  // PORT / CODE_SERVER_HOST override --bind-addr; VSCODE_IPC_HOOK_CLI (inside a VS Code terminal)
  // makes code-server hand the folder to another instance instead of starting.
  for (const key of Object.keys(env)) {
    if (key === 'PORT' || key === 'CODE_SERVER_HOST' || key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') {
      delete env[key];
    }
  }
  return { ...env, EXTENSIONS_GALLERY: '{}', ...extra };
}

/** Fresh, isolated user-data and extensions folders for one run. */
export function makeRunDirs(label = 'run') {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `lit-notes-${label}-`));
  const userData = path.join(base, 'user-data');
  const extensions = path.join(base, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  // --config keeps code-server from writing ~/.config/code-server/config.yaml.
  fs.writeFileSync(path.join(userData, 'config.yaml'), 'auth: none\ncert: false\n');
  return { base, userData, extensions, dispose: () => fs.rmSync(base, { recursive: true, force: true }) };
}

/** Installs a .vsix into an extensions folder with code-server's own CLI (about 1.5 s). */
export function installVsix(vsix, dirs) {
  requireCodeServer();
  const t = Date.now();
  const r = spawnSync(
    process.execPath,
    [CS_ENTRY, '--config', path.join(dirs.userData, 'config.yaml'), '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix, '--force'],
    { env: serverEnv(), encoding: 'utf8', timeout: 120_000 },
  );
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing ${vsix} failed (exit ${r.status ?? r.signal}):\n${out}`);
  }
  log(`installed ${path.relative(ROOT, vsix) || vsix} in ${seconds(t)} s`);
}

/**
 * Links the extension folder into an extensions folder (no packaging). Only works while
 * extensions.json does not exist there yet, so call it before the server starts.
 */
export function linkExtension(extensionDir, dirs) {
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
  const link = path.join(dirs.extensions, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  if (fs.existsSync(path.join(dirs.extensions, 'extensions.json'))) {
    throw new Error(`${dirs.extensions}/extensions.json exists: a symlinked extension would be ignored; install the .vsix instead`);
  }
  fs.symlinkSync(extensionDir, link, 'dir');
  return link;
}

/**
 * Starts code-server on 127.0.0.1 in its own process group and waits until it is ready (its own
 * "HTTP server listening" log line and /healthz 200).
 *
 * @param {object} o
 * @param {string} [o.workspace] folder to open by default
 * @param {number} [o.port] port to use; a free one when omitted (retried if taken in between)
 * @param {{userData:string, extensions:string}} [o.dirs] from makeRunDirs (fresh ones when omitted)
 * @param {Record<string,string>} [o.env] extra environment (reaches the extension host)
 * @param {(line:string)=>void} [o.onLine] called with each server log line
 */
export async function startCodeServer(o = {}) {
  requireCodeServer();
  installHandlers();
  const ownDirs = o.dirs ? undefined : makeRunDirs('server');
  const dirs = o.dirs ?? /** @type {NonNullable<typeof ownDirs>} */ (ownDirs);
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = o.port ?? (await freePort());
    if (!(await portIsFree(port))) {
      throw new Error(`port ${port} is already in use on 127.0.0.1 (see: ss -ltnp | grep :${port})`);
    }
    try {
      const server = await startOnce({ ...o, port, dirs });
      if (ownDirs) {
        const stop = server.stop;
        server.stop = async () => {
          await stop();
          ownDirs.dispose();
        };
      }
      return server;
    } catch (error) {
      lastError = error;
      if (o.port || !/EADDRINUSE/.test(error.message)) {
        break;
      }
      log(`port ${port} was taken meanwhile; retrying on another`);
    }
  }
  if (ownDirs) {
    ownDirs.dispose();
  }
  throw lastError;
}

/**
 * @param {{workspace?: string, port: number, dirs: {userData: string, extensions: string}, env?: Record<string, string>, onLine?: (line: string) => void, readyTimeoutMs?: number}} o
 */
async function startOnce({ workspace, port, dirs, env, onLine, readyTimeoutMs = 60_000 }) {
  const t = Date.now();
  const logFile = path.join(dirs.userData, 'code-server.log');
  const out = fs.openSync(logFile, 'w');
  const args = [
    CS_ENTRY,
    '--config', path.join(dirs.userData, 'config.yaml'),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    ...(RESTRICTED ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
  ];
  if (workspace) {
    args.push(workspace);
  }
  const child = spawn(process.execPath, args, {
    cwd: dirs.userData,
    env: serverEnv(env),
    detached: true, // own process group: setsid
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const pgid = child.pid;
  liveGroups.add(pgid);
  startedGroups.add(pgid);
  // A cast, not an annotation: TypeScript would otherwise narrow to `null` (the callback sets it).
  let exited = /** @type {{code: number | null, signal: NodeJS.Signals | null} | null} */ (null);
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  const readLog = () => {
    try {
      return fs.readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  // Follow the log for onLine.
  let offset = 0;
  let partial = '';
  const follow = () => {
    const text = readLog();
    if (text.length > offset) {
      const chunk = partial + text.slice(offset);
      offset = text.length;
      const lines = chunk.split('\n');
      partial = lines.pop() ?? '';
      if (onLine) {
        lines.forEach((l) => onLine(l));
      }
    }
  };
  const follower = setInterval(follow, 250);
  follower.unref();

  const url = `http://127.0.0.1:${port}/`;
  const server = {
    port,
    url,
    pid: child.pid,
    pgid,
    dirs,
    logFile,
    workspace,
    readLog,
    alive: () => exited === null,
    /** Stops the whole process group: TERM, up to 5 s, then KILL. */
    async stop() {
      clearInterval(follower);
      follow();
      if (!liveGroups.has(pgid)) {
        return;
      }
      killGroup(pgid, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (groupAlive(pgid) && Date.now() < deadline) {
        await sleep(100);
      }
      if (groupAlive(pgid)) {
        killGroup(pgid, 'SIGKILL');
        await sleep(200);
      }
      liveGroups.delete(pgid);
    },
  };

  const listening = `HTTP server listening on http://127.0.0.1:${port}/`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) {
      await server.stop();
      throw new Error(`code-server exited (${exited.code ?? exited.signal}) before it was ready:\n${readLog().trim()}`);
    }
    if (readLog().includes(listening) && (await healthy(port))) {
      break;
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server was not ready on port ${port} after ${readyTimeoutMs / 1000} s:\n${readLog().trim()}`);
    }
    await sleep(150);
  }
  log(`code-server ${CODE_SERVER_VERSION} (pid ${child.pid}) ready at ${url} in ${seconds(t)} s`);
  return server;
}

async function healthy(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** The workbench URL for a folder, with an optional payload (extensionDevelopmentPath, extensionTestsPath…). */
export function workbenchUrl(server, folder, payload = []) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const entries = payload.map(([k, v]) => [k, k.endsWith('Path') ? remote(v) : v]);
  // a .code-workspace file opens as a (multi-root) workspace, anything else as a folder
  let url = `${server.url}?${folder.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(folder)}`;
  if (entries.length > 0) {
    url += `&payload=${encodeURIComponent(JSON.stringify(entries))}`;
  }
  return url;
}

/**
 * Processes still alive in any process group this process started (should be none after a run).
 * Other people's code-server instances in the same tree are not counted.
 */
export function strayProcesses() {
  if (startedGroups.size === 0) {
    return [];
  }
  const r = spawnSync('pgrep', ['-a', '-g', [...startedGroups].join(',')], { encoding: 'utf8' });
  return (r.stdout ?? '').split('\n').filter((l) => l.trim());
}

// ---------------------------------------------------------------------------------------------
// Chromium

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches Chromium via playwright-core (never a downloaded browser). Closed by runCleanups too. */
export async function launchBrowser({ headed = HEADED } = {}) {
  requireChromium();
  const { chromium } = await import('playwright-core');
  // Our own signal handlers close it (in order, before the server stops); playwright's would exit at once.
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: !headed, args: CHROMIUM_ARGS, timeout: 60_000,
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
  });
  const unregister = onCleanup(() => browser.close().catch(() => {}));
  const close = browser.close.bind(browser);
  browser.close = async () => {
    unregister();
    await close().catch(() => {});
  };
  return browser;
}

/** A page of the right size that records its console into `consoleLines`. */
export async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.consoleLines = [];
  page.on('console', (m) => page.consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => page.consoleLines.push(`[pageerror] ${e.message}`));
  return page;
}

/** Screenshot that never throws (the page may be gone). */
export async function screenshot(page, file) {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, timeout: 10_000 });
    return file;
  } catch (error) {
    log(`screenshot ${file} failed: ${error.message.split('\n')[0]}`);
    return undefined;
  }
}

/** Saves server log, server-side VS Code logs and the browser console into an artifacts folder. */
export function saveServerArtifacts(server, destDir, page) {
  fs.mkdirSync(destDir, { recursive: true });
  if (server) {
    saveArtifact(server.logFile, destDir);
    saveArtifact(path.join(server.dirs.userData, 'logs'), destDir, 'server-logs');
  }
  if (page?.consoleLines) {
    fs.writeFileSync(path.join(destDir, 'browser-console.log'), page.consoleLines.join('\n') + '\n');
  }
}

/** For LIT_NOTES_KEEP=1: prints the URL and waits for Ctrl-C (cleanups run then). */
export async function keepAlive(url) {
  log(`LIT_NOTES_KEEP=1: server left running at ${url}`);
  log('press Ctrl-C to stop it');
  await new Promise(() => {});
}

// ---------------------------------------------------------------------------------------------
// Workbench: UI helpers for end-to-end tests (selectors checked against VS Code 1.99.3)

export const SELECTORS = {
  workbench: '.monaco-workbench',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  toast: '.notifications-toasts .notification-toast',
  activityBarItem: (title) => `.activitybar .action-item .action-label[aria-label="${title}"]`,
  sidebarTreeRow: '#workbench\\.parts\\.sidebar .customview-tree .monaco-list-row',
};

export class Workbench {
  /**
   * @param {import('playwright-core').Page} page
   * @param {{ shotsDir?: string }} [o] where `shot()` puts numbered screenshots
   */
  constructor(page, { shotsDir } = {}) {
    this.page = page;
    this.shotsDir = shotsDir;
    this.shots = 0;
  }

  /** Loads the workbench and waits until it is on screen. */
  async open(url, { timeout = 90_000 } = {}) {
    await this.page.goto(url, { waitUntil: 'domcontentloaded', timeout });
    await this.page.waitForSelector(SELECTORS.workbench, { timeout });
    // The status bar appears once the workbench has restored its parts.
    await this.page.waitForSelector('#workbench\\.parts\\.statusbar', { timeout }).catch(() => {});
  }

  /** A numbered screenshot in shotsDir (`01-name.png`, …); never throws. */
  async shot(name) {
    if (!this.shotsDir) {
      return undefined;
    }
    this.shots += 1;
    const safe = String(name).replace(/[^\w.-]+/g, '-').slice(0, 60);
    return screenshot(this.page, path.join(this.shotsDir, `${String(this.shots).padStart(2, '0')}-${safe}.png`));
  }

  /**
   * Runs a command through the palette (F1), by its full title as shown there, e.g.
   * "Lit Notes: Show Library Summary". Retries until the command is listed (contributions from
   * the extension can arrive a little after the workbench shows).
   */
  async runCommand(title, { timeout = 60_000 } = {}) {
    const deadline = Date.now() + timeout;
    const row = this.page.locator(`${SELECTORS.quickInputRow}[aria-label*="${title.replace(/"/g, '\\"')}"]`).first();
    for (;;) {
      await this.openPalette();
      await this.page.locator(SELECTORS.quickInputBox).fill(`>${title}`);
      try {
        await row.waitFor({ state: 'visible', timeout: Math.min(10_000, Math.max(1000, deadline - Date.now())) });
        await row.click();
        await this.page.locator(SELECTORS.quickInput).waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
        return;
      } catch (error) {
        await this.page.keyboard.press('Escape');
        if (Date.now() > deadline) {
          throw new Error(`command "${title}" not found in the command palette after ${timeout / 1000} s (${error.message.split('\n')[0]})`);
        }
        await sleep(1000);
      }
    }
  }

  async openPalette() {
    const box = this.page.locator(SELECTORS.quickInputBox);
    for (let i = 0; i < 5; i++) {
      await this.page.keyboard.press('F1');
      try {
        await box.waitFor({ state: 'visible', timeout: 3000 });
        return;
      } catch {
        // The workbench may not have focus yet: click an empty part of it and retry.
        await this.page.locator('#workbench\\.parts\\.statusbar').click({ position: { x: 700, y: 5 } }).catch(() => {});
      }
    }
    throw new Error('the command palette did not open (F1)');
  }

  /** Waits for a notification toast whose text matches and returns its text. */
  async toast(match, { timeout = 30_000 } = {}) {
    const toast = this.page.locator(SELECTORS.toast).filter({ hasText: match }).first();
    await toast.waitFor({ state: 'visible', timeout });
    return (await toast.innerText()).trim();
  }

  /** Texts of all visible notification toasts. */
  async toasts() {
    return (await this.page.locator(SELECTORS.toast).allInnerTexts()).map((t) => t.trim());
  }
}
