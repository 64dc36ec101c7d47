// Reopening a window on a large library, measured in the real VS Code (issue #17: warm reopen to
// tree ready and to search ready over every field, goal ≤ 1 s at 100,000 papers), with the cold
// load for comparison and the workbench's own start as the floor.
//
//   npm run bench:reopen                       (10,000 and 100,000 papers, 3 reopens each)
//   REOPEN_BENCH_N=10000 npm run bench:reopen  (one size)
//   REOPEN_BENCH_RUNS=5                        (reopens per size)
//   REOPEN_BENCH_PACKAGE=0                     (use the lit-notes.vsix already there)
//   REOPEN_BENCH_LOGS=DIR                      (keep the windows' VS Code logs in DIR/<size>/)
//   REOPEN_BENCH_SEARCH_TIMEOUT=MS             (how long a search may take to list the paper; 60 s)
//
// For each size: a generated library (bench/write-library.ts, BibTeX with abstracts) in a temp
// workspace, code-server with the packaged lit-notes.vsix and fresh user data (so no cache).
//   cold    open the workbench on the workspace, open the Lit Notes view: navigation → first tree
//           row (the page's own clock, performance.now()), the log's load and index lines; then
//           wait until the library snapshot and its search index are stored.
//   warm    navigate to about:blank, open the workbench URL again, open the view (VS Code usually
//           restores it): navigation → first tree row; from the log the snapshot load, the
//           search index read and the abstracts.
//   search  after the first tree row, `Lit Notes: Search Papers` (its key binding), then two words
//           found only in one paper's abstract (write-library.ts picks them; the CLI checks the
//           engine ranks that paper first): time until that paper's row is in the list.
//   floor   the same workspace in a code-server without Lit Notes: navigation → the Explorer's
//           first row, cold and reopened; navigation figures include this workbench start.
// It prints figures only and asserts nothing. The machine may be busy: read medians and ranges,
// and compare runs made on the same machine.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CODE_SERVER_VERSION, ROOT, VSCODE_VERSION, Workbench, installVsix, launchBrowser, log, makeRunDirs, newPage, onCleanup, requireChromium, requireCodeServer, run,
  runCleanups, saveArtifact, screenshot, sleep, startCodeServer, until, workbenchUrl,
} from '../scripts/code-server.mjs';

const SIZES = (process.env.REOPEN_BENCH_N ?? '10000,100000').split(',').map(Number);
const RUNS = Number(process.env.REOPEN_BENCH_RUNS ?? 3);
const VSIX = path.join(ROOT, 'lit-notes.vsix');
const TREE_ROW = '#workbench\\.parts\\.sidebar .customview-tree .monaco-list-row';
const EXPLORER_ROW = '#workbench\\.parts\\.sidebar .explorer-folders-view .monaco-list-row';
const STATUS_BAR = '#workbench\\.parts\\.statusbar';
const INPUT = '.quick-input-widget .quick-input-box input';
const LIST = '.quick-input-widget .quick-input-list';
const LIT_NOTES_ICON = '.activitybar .action-item .action-label[aria-label^="Lit Notes"]';
const LONG = 600_000;
/** How long a search may take to list the paper (the cold index of 100k papers takes ~20 s after the tree). */
const SEARCH_TIMEOUT = Number(process.env.REOPEN_BENCH_SEARCH_TIMEOUT ?? 60_000);

// ---------------------------------------------------------------------------------------------
// Small helpers

const median = (v) => {
  const s = v.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)}` : '–');
/** "812 (790–850)" over several runs, "812" for one. */
const cell = (v) => {
  const ok = v.filter(Number.isFinite);
  if (ok.length === 0) {
    return '–';
  }
  return ok.length === 1 ? ms(ok[0]) : `${ms(median(ok))} (${ms(Math.min(...ok))}–${ms(Math.max(...ok))})`;
};


/**
 * Every `Lit Notes.log` (or other log `name`) under the user data's logs folder, one per
 * window's extension host.
 */
function logFiles(userData, name = 'Lit Notes.log') {
  const dir = path.join(userData, 'logs');
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => path.basename(f) === name).map((f) => path.join(dir, f));
}

/** Where each log file ends now. */
function logMark(userData, name = 'Lit Notes.log') {
  return new Map(logFiles(userData, name).map((f) => [f, fs.statSync(f).size]));
}

/** What the windows logged since `mark`. */
function logSince(userData, mark, name = 'Lit Notes.log') {
  return logFiles(userData, name)
    .map((f) => fs.readFileSync(f).subarray(mark.get(f) ?? 0).toString('utf8'))
    .join('\n');
}

/** When the extension host of the window opened since `mark` started, on the page's clock (VS Code's own log). */
function hostStartedAt(userData, mark, timeOrigin) {
  return loggedAt(/Extension host with pid \d+ started/, logSince(userData, mark, 'remoteexthost.log'), timeOrigin);
}

/**
 * When the extension host began to activate Lit Notes (its own log line). Lit Notes' "Activated
 * in" line is not used: a log output channel stamps the lines written before it is ready (about
 * 2 s into a window's start here) with the time it became ready.
 */
function activationAt(userData, mark, timeOrigin) {
  return loggedAt(/_doActivateExtension litnotes\.lit-notes/, logSince(userData, mark, 'remoteexthost.log'), timeOrigin);
}

/** The log lines since `mark`, without their timestamps, for the report. */
function linesSince(userData, mark) {
  return logSince(userData, mark)
    .split('\n')
    .map((l) => l.replace(/^\S+ \S+ \[(\w+)\]\s*/, '[$1] ').trim())
    .filter((l) => l !== '');
}

/**
 * When the line matching `re` was logged, on the page's clock: its timestamp (the server's local
 * time, whole milliseconds) minus the page's navigation start.
 */
function loggedAt(re, text, timeOrigin) {
  const line = text.split('\n').find((l) => re.test(l));
  const m = line && /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(line);
  return m ? new Date(`${m[1]}T${m[2]}`).getTime() - timeOrigin : NaN;
}

const number = (re, text) => {
  const m = re.exec(text);
  return m ? Number(m[m.length - 1]) : NaN;
};

/** The engine's keys for each query (the CLI runs the extension's search on the same files). */
function engineOrder(workspace, queries) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'search', '--queries', '-', '--limit', '20', workspace], { input: queries.join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    throw new Error(`litnotes search failed: ${r.stderr}`);
  }
  return Object.fromEntries(r.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((x) => [x.query, x.keys]));
}

/** The extension-host processes of a server (a window that did not let go of its host shows here). */
function extensionHosts(server) {
  const r = spawnSync('pgrep', ['-g', String(server.pgid), '-f', 'type=extensionHost'], { encoding: 'utf8' });
  return (r.stdout ?? '').split('\n').filter((l) => l.trim()).length;
}

// ---------------------------------------------------------------------------------------------
// The page's clock

/**
 * Installed before every document: records `performance.now()` (milliseconds since the
 * navigation began) when the status bar, a Lit Notes tree row and an Explorer row first exist.
 */
function probe({ marks }) {
  if (location.protocol === 'about:') {
    return;
  }
  const seen = {};
  window.__reopen = seen;
  const check = () => {
    for (const [name, selector] of Object.entries(marks)) {
      if (seen[name] === undefined && document.querySelector(selector)) {
        seen[name] = performance.now();
      }
    }
    if (Object.keys(marks).every((k) => seen[k] !== undefined)) {
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
}

const MARKS = { workbench: STATUS_BAR, tree: TREE_ROW, explorer: EXPLORER_ROW };

async function marks(page) {
  return page.evaluate(() => ({ ...(window.__reopen ?? {}), now: performance.now(), timeOrigin: performance.timeOrigin }));
}

/** Opens the workbench and waits for `mark` ('tree' opens the Lit Notes view if VS Code did not restore it). */
async function openWindow(page, workbench, url, mark) {
  await workbench.open(url, { timeout: LONG });
  if (mark === 'tree' && (await marks(page)).tree === undefined) {
    const shown = await page.locator('.activitybar .action-item.checked .action-label[aria-label^="Lit Notes"]').count();
    if (shown === 0) {
      await page.locator(LIT_NOTES_ICON).first().click();
    }
  }
  await page.waitForFunction((m) => window.__reopen?.[m] !== undefined, mark, { timeout: LONG, polling: 50 });
  return marks(page);
}

/**
 * Search ready from the user's side: opens Lit Notes: Search Papers (ctrl+alt+l), puts the query
 * in and waits until the row of the paper titled `title` is in the list. Returns the page's clock
 * when the command was given and when the row appeared.
 */
async function searchUntilFound(page, workbench, query, title) {
  const start = await page.evaluate(() => performance.now());
  // Our picker, not the command palette (both are the one quick input widget): its placeholder.
  const ours = page.locator(`${INPUT}[placeholder^="Search papers"]`);
  await page.keyboard.press('Control+Alt+l');
  try {
    // The extension host may be busy loading: the command runs when it gets to it.
    await ours.waitFor({ state: 'visible', timeout: 60_000 });
  } catch {
    log('Lit Notes: Search Papers did not open by its key binding within 60 s; through the command palette');
    await workbench.runCommand('Lit Notes: Search Papers', { timeout: LONG });
    await ours.waitFor({ state: 'visible', timeout: 60_000 });
  }
  await page.evaluate(({ list, title }) => {
    const found = { at: undefined };
    window.__found = found;
    const check = () => {
      if (found.at === undefined && [...document.querySelectorAll(`${list} .monaco-list-row`)].some((r) => (r.getAttribute('aria-label') ?? '').startsWith(title))) {
        found.at = performance.now();
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.querySelector(list), { childList: true, subtree: true, characterData: true, attributes: true });
    check();
  }, { list: LIST, title });
  await ours.fill(query);
  let at;
  try {
    at = await page.waitForFunction(() => window.__found?.at, undefined, { timeout: SEARCH_TIMEOUT, polling: 20 }).then((h) => h.jsonValue());
  } catch {
    const seen = await page.evaluate((list) => ({
      value: document.querySelector('.quick-input-widget .quick-input-box input')?.value,
      title: document.querySelector('.quick-input-widget .quick-input-title')?.textContent,
      rows: [...document.querySelectorAll(`${list} .monaco-list-row`)].slice(0, 3).map((r) => r.getAttribute('aria-label')),
    }), LIST);
    log(`search "${query}": the paper "${title}" did not show within ${SEARCH_TIMEOUT / 1000} s; the picker: ${JSON.stringify(seen)}`);
    if (process.env.REOPEN_BENCH_LOGS) {
      await screenshot(page, path.resolve(process.env.REOPEN_BENCH_LOGS, `search-not-listed-${Date.now()}.png`));
    }
  }
  await page.keyboard.press('Escape');
  await page.locator(INPUT).waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  let again;
  if (at === undefined) {
    // Stale rows in the open picker, or an index without the abstracts? A fresh search tells.
    await workbench.runCommand('Lit Notes: Search Papers', { timeout: LONG });
    await ours.waitFor({ state: 'visible', timeout: 60_000 });
    await ours.fill(query);
    again = await page
      .waitForFunction((title) => [...document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')].some((r) => (r.getAttribute('aria-label') ?? '').startsWith(title)), title, { timeout: 10_000 })
      .then(() => true, () => false);
    log(`search "${query}" in a newly opened picker: the paper ${again ? 'is listed' : 'is still not listed'}`);
    await page.keyboard.press('Escape');
    await page.locator(INPUT).waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  }
  return { start, at, again };
}

// ---------------------------------------------------------------------------------------------
// One size

function writeLibrary(workspace, n) {
  const t = Date.now();
  const gen = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'write-library.ts'), path.join(workspace, 'library.bib'), String(n)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (gen.status !== 0) {
    throw new Error(`write-library failed: ${gen.stderr}`);
  }
  const { abstractQueries } = JSON.parse(gen.stdout);
  const order = engineOrder(workspace, abstractQueries.map((q) => q.query));
  const target = abstractQueries.find((q) => order[q.query]?.[0] === q.key) ?? abstractQueries.find((q) => order[q.query]?.includes(q.key));
  if (!target) {
    throw new Error(`no abstract query finds its paper in the CLI: ${JSON.stringify(abstractQueries)}`);
  }
  const size = fs.statSync(path.join(workspace, 'library.bib')).size;
  log(`${n.toLocaleString('en')} papers written (${(size / 1048576).toFixed(1)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s; search "${target.query}" → ${target.key} (rank ${order[target.query].indexOf(target.key) + 1} in the CLI)`);
  return target;
}

/** A code-server for `workspace` (stopped at cleanup) and a page with the timing probe, not yet navigated. */
async function probedWindow(workspace, dirs, browser) {
  const server = await startCodeServer({ workspace, dirs });
  onCleanup(() => server.stop());
  const page = await newPage(browser);
  await page.addInitScript(probe, { marks: MARKS });
  return { server, page, workbench: new Workbench(page), url: workbenchUrl(server, workspace) };
}

async function floorRuns(workspace, browser) {
  const dirs = makeRunDirs('reopen-floor');
  onCleanup(() => dirs.dispose());
  const { server, page, workbench, url } = await probedWindow(workspace, dirs, browser);
  const runs = [];
  for (let i = 0; i <= RUNS; i++) {
    if (i > 0) {
      await page.goto('about:blank');
      await sleep(1000);
    }
    const hosts = logMark(dirs.userData, 'remoteexthost.log');
    const m = await openWindow(page, workbench, url, 'explorer');
    const host = await until('the extension host to start', () => {
      const at = hostStartedAt(dirs.userData, hosts, m.timeOrigin);
      return Number.isFinite(at) ? at : undefined;
    }, 60_000).catch(() => NaN);
    runs.push({ workbench: m.workbench, host, row: m.explorer });
    log(`floor ${i === 0 ? 'cold' : `reopen ${i}`}: navigation → workbench ${ms(m.workbench)} ms, → extension host started ${ms(host)} ms, → Explorer row ${ms(m.explorer)} ms`);
  }
  await page.context().close();
  await server.stop();
  dirs.dispose();
  return { cold: runs[0], warm: runs.slice(1) };
}

async function benchSize(n, browser) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'lit-notes-reopen-'));
  onCleanup(() => fs.rmSync(base, { recursive: true, force: true }));
  const workspace = path.join(base, 'library');
  fs.mkdirSync(workspace);
  const target = writeLibrary(workspace, n);

  const dirs = makeRunDirs('reopen');
  onCleanup(() => dirs.dispose());
  installVsix(VSIX, dirs);
  const { server, page, workbench, url } = await probedWindow(workspace, dirs, browser);
  const { userData } = dirs;
  const notes = [];

  // Cold: no cache in this user data.
  let mark = logMark(userData);
  let hosts = logMark(userData, 'remoteexthost.log');
  const c = await openWindow(page, workbench, url, 'tree');
  const cs = await searchUntilFound(page, workbench, target.query, target.title);
  const coldLog = await until('the cold load and its full index', () => {
    const text = logSince(userData, mark);
    return /Search index complete in \d+ ms/.test(text) ? text : undefined;
  }, LONG);
  const cold = {
    workbench: c.workbench, row: c.tree,
    load: number(/Loaded \d+ papers? from \d+ records? in .*? in (\d+) ms/, coldLog),
    shortIndex: number(/Search index: short fields of \d+ papers? in (\d+) ms/, coldLog),
    index: number(/Search index complete in (\d+) ms/, coldLog),
    abstracts: NaN,
    host: hostStartedAt(userData, hosts, c.timeOrigin),
    activated: activationAt(userData, hosts, c.timeOrigin),
    loaded: loggedAt(/\] Loaded \d+ papers? from/, coldLog, c.timeOrigin),
    searchAfterRow: cs.at === undefined ? NaN : cs.at - c.tree,
    searchFromNav: cs.at ?? NaN,
  };
  if (cs.at === undefined) {
    notes.push(`cold: the search did not list the paper within ${SEARCH_TIMEOUT / 1000} s; a newly opened picker ${cs.again ? 'did' : 'did not either'}`);
  }
  if (/from the library snapshot/.test(coldLog)) {
    notes.push('cold: the first window read a library snapshot (expected none in fresh user data)');
  }
  log(`cold: navigation → tree row ${ms(cold.row)} ms; search hit ${ms(cold.searchAfterRow)} ms after it; log: load ${ms(cold.load)} ms, index complete ${ms(cold.index)} ms`);
  const stored = await until('the library snapshot and its search index to be stored', () => {
    const text = logSince(userData, mark);
    return /Library snapshot written/.test(text) && /Search index stored with the library snapshot/.test(text) ? text : undefined;
  }, LONG);
  log(`cold: ${/Library snapshot written.*/.exec(stored)?.[0]}; ${/Search index stored with the library snapshot.*/.exec(stored)?.[0]}`);
  await sleep(1000);

  const warm = [];
  for (let i = 1; i <= RUNS; i++) {
    await page.goto('about:blank');
    await sleep(1000);
    mark = logMark(userData);
    hosts = logMark(userData, 'remoteexthost.log');
    const w = await openWindow(page, workbench, url, 'tree');
    const ws = await searchUntilFound(page, workbench, target.query, target.title);
    let text;
    try {
      text = await until('the reopened window to log its load and index', () => {
        const t = logSince(userData, mark);
        return /Search index of \d+ papers? read with the library snapshot|Search index complete in/.test(t) && /Abstracts of \d+ papers? read|Loaded \d+ papers? from \d+ records?/.test(t) ? t : undefined;
      }, 120_000);
    } catch (error) {
      text = logSince(userData, mark);
      notes.push(`reopen ${i}: ${error.message}`);
    }
    const run = {
      workbench: w.workbench, row: w.tree,
      load: number(/Loaded \d+ papers? from the library snapshot .*? in (\d+) ms/, text),
      index: number(/Search index of \d+ papers? read with the library snapshot in (\d+) ms/, text),
      abstracts: number(/Abstracts of \d+ papers? read from the library snapshot \((\d+) ms after/, text),
      host: hostStartedAt(userData, hosts, w.timeOrigin),
      activated: activationAt(userData, hosts, w.timeOrigin),
      loaded: loggedAt(/\] Loaded \d+ papers? from/, text, w.timeOrigin),
      searchAfterRow: ws.at === undefined ? NaN : ws.at - w.tree,
      searchFromNav: ws.at ?? NaN,
    };
    warm.push(run);
    if (ws.at === undefined) {
      notes.push(`reopen ${i}: the search did not list the paper within ${SEARCH_TIMEOUT / 1000} s; a newly opened picker ${ws.again ? 'did' : 'did not either'}`);
    }
    const unexpected = linesSince(userData, mark).filter((l) => /from \d+ records?|Search index: short fields|Search index complete|Parse cache:|snapshot written|stored with the library snapshot|\[(error|warning)\]/.test(l));
    if (!/Loaded \d+ papers? from the library snapshot/.test(text) || !Number.isFinite(run.index) || unexpected.length > 0) {
      notes.push(`reopen ${i}: not the snapshot path the log should show; its lines:\n      ${linesSince(userData, mark).join('\n      ')}`);
    }
    log(`reopen ${i}: navigation → extension host started ${ms(run.host)} ms, → activated ${ms(run.activated)} ms, → loaded ${ms(run.loaded)} ms, → tree row ${ms(run.row)} ms; search hit ${ms(run.searchAfterRow)} ms after it; log: snapshot load ${ms(run.load)} ms, index read ${ms(run.index)} ms, abstracts ${ms(run.abstracts)} ms after the load began; extension hosts alive: ${extensionHosts(server)}`);
  }
  await page.context().close();
  await server.stop();
  if (process.env.REOPEN_BENCH_LOGS) {
    saveArtifact(path.join(userData, 'logs'), path.resolve(process.env.REOPEN_BENCH_LOGS, String(n)), 'logs');
  }
  dirs.dispose();

  const floor = await floorRuns(workspace, browser);
  return { n, cold, warm, floor, notes, target };
}

function report({ n, cold, warm, floor, notes, target }) {
  const col = (s, w) => String(s).padEnd(w);
  const W = [36, 18, 18, 18, 18, 18, 18, 20, 18, 18];
  const line = (cells) => `  ${cells.map((c, i) => col(c, W[i])).join('')}`.trimEnd();
  const of = (k) => warm.map((r) => r[k]);
  console.log(`\n${n.toLocaleString('en')} papers with abstracts (BibTeX, one file), code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}); ms; warm: median (range) of ${warm.length} reopens`);
  console.log(line(['', 'nav → workbench', 'nav → ext. host', 'nav → activated', 'nav → loaded', 'nav → first row', 'load (log)', 'index (log)', 'abstracts (log)', 'row → search hit']));
  console.log(line(['floor: no Lit Notes, Explorer cold', ms(floor.cold.workbench), ms(floor.cold.host), '', '', ms(floor.cold.row)]));
  console.log(line(['floor: no Lit Notes, Explorer warm', cell(floor.warm.map((r) => r.workbench)), cell(floor.warm.map((r) => r.host)), '', '', cell(floor.warm.map((r) => r.row))]));
  console.log(line(['Lit Notes cold (no cache)', ms(cold.workbench), ms(cold.host), ms(cold.activated), ms(cold.loaded), ms(cold.row), ms(cold.load), `${ms(cold.index)} (short ${ms(cold.shortIndex)})`, '', ms(cold.searchAfterRow)]));
  console.log(line(['Lit Notes warm reopen (snapshot)', cell(of('workbench')), cell(of('host')), cell(of('activated')), cell(of('loaded')), cell(of('row')), cell(of('load')), cell(of('index')), cell(of('abstracts')), cell(of('searchAfterRow'))]));
  const floorRow = median(floor.warm.map((r) => r.row));
  console.log(`  warm, navigation → tree row minus the floor's navigation → Explorer row (what the extension adds): ${ms(median(of('row')) - floorRow)} ms (median of each)`);
  console.log(`  warm, navigation → search hit: ${cell(of('searchFromNav'))} ms; minus the floor: ${ms(median(of('searchFromNav')) - floorRow)} ms`);
  console.log(`  the search: "${target.query}" (two words only in the abstract of ${target.key}); "row → search hit" includes opening the picker by its key binding`);
  console.log(`  nav → ext. host / activated / loaded: when VS Code logged "Extension host with pid N started" and "_doActivateExtension litnotes.lit-notes" (activation begins) and Lit Notes logged "Loaded N papers", on the page's clock (log timestamps, whole ms)`);
  console.log(`  warm, activated → first tree row (the extension's part of the navigation figure): ${cell(warm.map((r) => r.row - r.activated))} ms`);
  console.log(`  load/index/abstracts: durations from the extension's own log; index cold = "Search index complete", warm = "read with the library snapshot"; abstracts = ms after the load began`);
  for (const note of notes) {
    console.log(`  NOTE ${note}`);
  }
}

try {
  requireCodeServer();
  requireChromium();
  if (!fs.existsSync(VSIX) || !fs.existsSync(path.join(ROOT, 'dist', 'cli.js')) || process.env.REOPEN_BENCH_PACKAGE !== '0') {
    run(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs')]);
  }
  const browser = await launchBrowser();
  const results = [];
  for (const n of SIZES) {
    results.push(await benchSize(n, browser));
  }
  await browser.close();
  console.log(`\nReopen benchmark (issue #17; goal: warm reopen to tree and to search ready ≤ 1 s at 100,000 papers). Wall-clock on a shared machine: compare ranges, not single figures.`);
  results.forEach(report);
} catch (error) {
  console.error(`reopen bench: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await runCleanups();
}
