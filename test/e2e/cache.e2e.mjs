// The persistent parse cache (issue #17) in the real VS Code, with the extension installed from
// the .vsix: a window loads the sample workspace and writes the cache; the window is closed; a
// source is edited behind the same size and modification time; a new window shows the edited
// paper (never the stale one), takes the unchanged sources from the cache; a third window, with
// nothing changed, shows the whole library from its snapshot; a fourth, after a source was added
// while the window was closed, loads it after showing the snapshot; a fifth, after that source
// was deleted, never shows its paper; a sixth, with nothing changed, reads no source (their
// change stamps are known); a seventh, after a source was rewritten behind the same size and
// modification time and left past the settle time, shows the new content; and Clear Cache
// empties it all.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { until, workbenchUrl } from '../../scripts/code-server.mjs';

const INPUT = '.quick-input-widget .quick-input-box input';
const ROW = '.quick-input-widget .quick-input-list .monaco-list-row';
const TREE_ROW = '#workbench\\.parts\\.sidebar .customview-tree .monaco-list-row';

/** Every file under `dir` whose name passes `keep`. */
function filesUnder(dir, keep) {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => keep(path.basename(f))).map((f) => path.join(dir, f));
}


/** The Lit Notes log lines of every window so far. */
function litNotesLog(userData) {
  return filesUnder(path.join(userData, 'logs'), (n) => n === 'Lit Notes.log').map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

async function openView(page) {
  await page.locator('.activitybar .action-item .action-label[aria-label^="Lit Notes"]').first().click();
  await page.locator(TREE_ROW).first().waitFor({ state: 'visible', timeout: 60_000 });
}

async function searchFirst(workbench, page, query) {
  await workbench.runCommand('Lit Notes: Search Papers');
  await page.locator(INPUT).waitFor({ state: 'visible' });
  await page.locator(INPUT).pressSequentially(query, { delay: 30 });
  await page.waitForFunction((sel) => (document.querySelector(sel)?.getAttribute('aria-label') ?? '').length > 0, ROW, { timeout: 20_000 });
  await page.waitForTimeout(500); // let the list settle on this query's results
  const label = (await page.locator(ROW).first().getAttribute('aria-label')) ?? '';
  await page.keyboard.press('Escape');
  return label;
}

export default {
  'a reopened window takes unchanged sources from the cache and shows a source edited while it was closed': async ({ page, workbench, server, workspace, step, log }) => {
    const userData = server.dirs.userData;
    await openView(page);
    await step('first-window');
    const written = await until('the parse cache to be written', () => /Parse cache: (\d+) entries written/.exec(litNotesLog(userData)) ?? undefined);
    const entries = filesUnder(path.join(userData, 'User'), (n) => n.endsWith('.lnc'));
    log(`${written[0]}; ${entries.length} entries in ${path.dirname(entries[0])}`);
    assert.equal(entries.length, Number(written[1]));

    // Close the window, then edit a source behind the same size and modification time.
    await page.goto('about:blank');
    const bib = path.join(workspace, 'library.bib');
    const before = fs.statSync(bib);
    const text = fs.readFileSync(bib, 'utf8');
    const edited = text.replace('Deep Residual Learning for Image Recognition', 'Deep Residual Yearning for Image Recognition');
    assert.notEqual(edited, text);
    fs.writeFileSync(bib, edited);
    fs.utimesSync(bib, before.atime, before.mtime);
    const logBefore = litNotesLog(userData).length;

    await workbench.open(workbenchUrl(server, workspace));
    await openView(page);
    await step('second-window');
    const second = await until('the second window to log its load', () => {
      const lines = litNotesLog(userData).slice(logBefore);
      return /Parse cache: (\d+) sources from the cache, (\d+) parsed/.exec(lines) ?? undefined;
    });
    log(`second window: ${second[0]}`);
    assert.ok(Number(second[1]) >= 2, `the unchanged sources come from the cache: ${second[0]}`);
    assert.ok(Number(second[2]) >= 1, `the edited source is parsed again: ${second[0]}`);
    const found = await searchFirst(workbench, page, 'residual yearning image');
    assert.match(found, /^Deep Residual Yearning for Image Recognition/);
    const stale = await searchFirst(workbench, page, 'deep residual learning image recognition');
    assert.doesNotMatch(stale, /^Deep Residual Learning for Image Recognition/, 'the stale title is gone');
    await step('edited-paper-found');

    // A third window, nothing changed since: the whole library comes from its snapshot, abstracts too.
    await until('the library snapshot to be written', () => /Library snapshot written/.test(litNotesLog(userData).slice(logBefore)));
    await until('the search index to be stored with it', () => /Search index stored with the library snapshot/.test(litNotesLog(userData).slice(logBefore)));
    await page.goto('about:blank');
    const logThird = litNotesLog(userData).length;
    await workbench.open(workbenchUrl(server, workspace));
    await openView(page);
    await step('third-window');
    const third = await until('the third window to log its load', () => /Loaded (\d+) papers? from the library snapshot/.exec(litNotesLog(userData).slice(logThird)) ?? undefined);
    log(`third window: ${third[0]}`);
    assert.doesNotMatch(litNotesLog(userData).slice(logThird), /Parse cache: \d+ sources from the cache/, 'no source was parsed or read from the parse cache');
    await until('the abstracts to be read', () => /Abstracts of \d+ papers? read from the library snapshot/.test(litNotesLog(userData).slice(logThird)));
    await until('the search index to be read, not built', () => /Search index of \d+ papers read with the library snapshot/.test(litNotesLog(userData).slice(logThird)));
    assert.doesNotMatch(litNotesLog(userData).slice(logThird), /Search index: short fields/, 'the index is not built again');
    assert.match(await searchFirst(workbench, page, 'residual yearning image'), /^Deep Residual Yearning for Image Recognition/);
    await step('snapshot-paper-found');

    // A source added while the window was closed: the reopened window starts from the last
    // window's file list (the library snapshot), then a search finds the new file and loads it.
    await page.goto('about:blank');
    const late = path.join(workspace, 'late-addition.bib');
    fs.writeFileSync(late, '@article{quokka2026gardens,\n  title = {Quokka Tensor Gardens},\n  author = {Wombat, Ada},\n  year = {2026}\n}\n');
    const logFourth = litNotesLog(userData).length;
    await workbench.open(workbenchUrl(server, workspace));
    await openView(page);
    const fourth = await until('the fourth window to notice the new file', () => /Source files changed while the window was closed[^\n]*/.exec(litNotesLog(userData).slice(logFourth)) ?? undefined);
    log(`fourth window: ${fourth[0]}`);
    assert.match(litNotesLog(userData).slice(logFourth), /from the library snapshot[^\n]*kept from the last load/, 'the first load used the kept file list');
    await until('the library to load again with the new file', () => /Loaded \d+ papers? from \d+ records? in \d+ files?/.test(litNotesLog(userData).slice(logFourth)));
    assert.match(await searchFirst(workbench, page, 'quokka tensor gardens'), /^Quokka Tensor Gardens/);
    await step('added-file-loaded');

    // A kept file deleted while the window was closed: the window searches before loading.
    await page.goto('about:blank');
    fs.rmSync(late);
    const logFifth = litNotesLog(userData).length;
    await workbench.open(workbenchUrl(server, workspace));
    await openView(page);
    const fifth = await until('the fifth window to load', () => /Loaded \d+ papers?[^\n]*/.exec(litNotesLog(userData).slice(logFifth)) ?? undefined);
    log(`fifth window: ${fifth[0]}`);
    assert.match(fifth[0], /\(found \d+, stat'd/, 'a kept file is gone: the files are searched first');
    assert.doesNotMatch(await searchFirst(workbench, page, 'quokka tensor gardens'), /^Quokka Tensor Gardens/, 'the deleted paper is gone');
    await step('deleted-file-gone');

    // Nothing changed since: the sixth window knows its sources by their change stamps (device,
    // inode, size, modification and status-change times) and reads none of them.
    await until('the fifth library\'s snapshot and index to be stored', () => /Library snapshot written[\s\S]*Search index stored with the library snapshot|Search index stored with the library snapshot[\s\S]*Library snapshot written/.test(litNotesLog(userData).slice(logFifth)));
    await page.goto('about:blank');
    const logSixth = litNotesLog(userData).length;
    await workbench.open(workbenchUrl(server, workspace));
    await openView(page);
    const sixth = await until('the sixth window to load', () => /Loaded \d+ papers?[^\n]*/.exec(litNotesLog(userData).slice(logSixth)) ?? undefined);
    log(`sixth window: ${sixth[0]}`);
    const unread = /from the library snapshot[^\n]*?(\d+) files? unchanged by (?:its|their) change stamps/.exec(sixth[0]);
    assert.ok(unread && Number(unread[1]) >= 2, `the sources are known by their stamps, not read: ${sixth[0]}`);
    assert.match(await searchFirst(workbench, page, 'residual yearning image'), /^Deep Residual Yearning for Image Recognition/);
    await step('sources-known-by-stamp');

    // A source rewritten behind the same size and modification time, and left alone past the
    // settle time (so its new stamp is trusted): only the stamp can tell, and it does.
    await page.goto('about:blank');
    const rewrittenAt = fs.statSync(bib);
    const yearning = fs.readFileSync(bib, 'utf8');
    const earnings = yearning.replace('Deep Residual Yearning for Image Recognition', 'Deep Residual Earnings for Image Recognition');
    assert.equal(Buffer.byteLength(earnings), Buffer.byteLength(yearning));
    fs.writeFileSync(bib, earnings);
    fs.utimesSync(bib, rewrittenAt.atime, rewrittenAt.mtime);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // > SETTLE_MS (src/platform/change-stamp.ts)
    const logSeventh = litNotesLog(userData).length;
    await workbench.open(workbenchUrl(server, workspace));
    await openView(page);
    const seventh = await until('the seventh window to load', () => /Loaded \d+ papers?[^\n]*/.exec(litNotesLog(userData).slice(logSeventh)) ?? undefined);
    log(`seventh window: ${seventh[0]}`);
    assert.doesNotMatch(seventh[0], /from the library snapshot/, 'the old snapshot is not the library of the rewritten source');
    assert.match(await searchFirst(workbench, page, 'residual earnings image'), /^Deep Residual Earnings for Image Recognition/);
    assert.doesNotMatch(await searchFirst(workbench, page, 'residual yearning image'), /^Deep Residual Yearning for Image Recognition/, 'the stale title is gone');
    await step('stamped-rewrite-shown');

    await workbench.runCommand('Lit Notes: Clear Cache');
    const toast = await workbench.toast(/cache cleared/);
    log(`toast: ${toast}`);
    await until('the cache folder to be empty', () => filesUnder(path.join(userData, 'User'), (n) => /\.(lnc|lnl|lna|lni)$/.test(n)).length === 0, 20_000);
  },
};
