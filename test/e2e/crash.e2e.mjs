// No half-written notes: the extension host is killed (SIGKILL, as in a crash or an OOM kill)
// in the middle of "Create Notes for Group…" on 1,000 papers. Every note on disk is then either
// absent or complete; after VS Code restarts the extension host, running the command again
// creates exactly the missing ones.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SIDEBAR = '#workbench\\.parts\\.sidebar';
const ROW = `${SIDEBAR} .customview-tree .monaco-list-row`;
const TOAST = '.notifications-toasts .notification-toast';
const COUNT = 1000;

function manyBib() {
  const out = [];
  for (let i = 0; i < COUNT; i++) {
    out.push(`@article{crash${i},\n  title = {Crash safety study number ${i}},\n  author = {Tester, Tina},\n  year = {2020},\n  abstract = {Paper ${i} of a group whose notes are created in bulk.}\n}\n`);
  }
  return out.join('');
}

function groupRow(page, label) {
  return page.locator(ROW).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/\./g, '\\.')}$`) }) }).first();
}

/** Pids of the extension host processes in code-server's process group. */
function extensionHostPids(pgid) {
  return execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m) => m && Number(m[2]) === pgid && /extensionHost/.test(m[3]))
    .map((m) => Number(m[1]));
}

/** Notes in the folder, and for each whether it is complete (frontmatter with its key, the whole template body). */
function noteFiles(folder) {
  const names = fs.existsSync(folder) ? fs.readdirSync(folder) : [];
  const notes = names.filter((n) => n.endsWith('.md'));
  const incomplete = notes.filter((n) => {
    const text = fs.readFileSync(path.join(folder, n), 'utf8');
    const key = n.slice(0, -3);
    return !(text.startsWith(`---\ntitle: Crash safety study number ${key.slice(5)}\ncitekey: ${key}\n`) && /\n---\n\n# Crash safety study number \d+\n[\s\S]*\n## Abstract\n\nPaper \d+ of a group whose notes are created in bulk\.\n\n## Notes\n\n$/.test(text));
  });
  return { notes, incomplete, temps: names.filter((n) => n.startsWith('.') && n.endsWith('.tmp')), others: names.filter((n) => !n.endsWith('.md') && !(n.startsWith('.') && n.endsWith('.tmp'))) };
}

async function createNotesForGroup(workbench, page, label) {
  const group = groupRow(page, label);
  await group.waitFor({ state: 'visible', timeout: 60_000 });
  await group.click({ button: 'right' });
  const item = page.locator('.context-view .action-menu-item:visible', { hasText: 'Create Notes for Group…' }).first();
  await item.waitFor({ state: 'visible', timeout: 15_000 });
  // Menus act on mouse-up after a real hover: move onto the item first, then click it.
  await item.hover();
  await item.click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 15_000 });
  const text = await dialog.innerText();
  await dialog.locator('.monaco-button', { hasText: /^Create \d+ Notes$/ }).click();
  return text;
}

/**
 * Group By → Source file, by keyboard: type the choice and press Enter once it is the focused row
 * (a click could land on another row while the quick pick re-renders). Confirmed by the
 * `library.bib` group appearing; tried again if another grouping was taken.
 */
async function groupBySourceFile(workbench, page) {
  for (let attempt = 1; ; attempt++) {
    await workbench.runCommand('Lit Notes: Group By');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('Source file');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: 'Source file' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
    const grouped = page.locator(ROW).filter({ has: page.locator('.label-name', { hasText: /^library\.bib$/ }) }).first();
    try {
      await grouped.waitFor({ state: 'visible', timeout: 20_000 });
      return;
    } catch (error) {
      if (attempt >= 3) {
        throw error;
      }
    }
  }
}

export default {
  'the extension host dies in the middle of Create Notes for Group: every note is absent or complete; a rerun finishes the job': async ({ workbench, page, workspace, server, step, log }) => {
    fs.writeFileSync(path.join(workspace, 'many.bib'), manyBib());
    const folder = path.join(workspace, 'papers');
    await page.locator('.activitybar .action-item .action-label[aria-label^="Lit Notes"]').first().click();
    await page.locator(ROW).first().waitFor({ state: 'visible', timeout: 60_000 });
    await groupBySourceFile(workbench, page);

    const question = await createNotesForGroup(workbench, page, 'many.bib');
    assert.match(question, new RegExp(`Create notes for ${COUNT} papers in "many\\.bib"`));
    // Let it get going, then kill the extension host outright.
    const until = Date.now() + 120_000;
    while (noteFiles(folder).notes.length < 100) {
      assert.ok(Date.now() < until, 'bulk creation did not start');
      await new Promise((r) => setTimeout(r, 20));
    }
    const pids = extensionHostPids(server.pgid);
    assert.ok(pids.length > 0, 'found the extension host process');
    for (const pid of pids) {
      process.kill(pid, 'SIGKILL');
    }
    await new Promise((r) => setTimeout(r, 1000));
    await step('after-crash');
    const after = noteFiles(folder);
    log?.(`killed the extension host (${pids.join(', ')}) with ${after.notes.length} of ${COUNT} notes written; ${after.temps.length} temporary file(s)`);
    assert.ok(after.notes.length >= 100 && after.notes.length < COUNT, `${after.notes.length} notes: the kill landed mid-way`);
    assert.deepEqual(after.incomplete, [], 'no note is half written');
    assert.deepEqual(after.others, [], 'nothing else was left in the notes folder');
    // Bulk creation writes BULK_CONCURRENCY (8, src/notes/index.ts) notes at a time: at most that
    // many were in flight when the host died, so at most that many temporary files are left.
    assert.ok(after.temps.length <= 8, `temporary files: ${after.temps.join(', ')}`);

    // VS Code restarts a crashed extension host (or offers to): take the offer if it is made.
    const restart = page.locator(TOAST).getByRole('button', { name: /Restart/ }).first();
    await restart.click({ timeout: 10_000 }).catch(() => {});
    await page.locator(ROW).filter({ hasText: 'many.bib' }).first().waitFor({ state: 'visible', timeout: 90_000 });
    await step('restarted');

    const rerun = await createNotesForGroup(workbench, page, 'many.bib');
    assert.match(rerun, new RegExp(`Create notes for ${COUNT - after.notes.length} papers in "many\\.bib"\\? ${after.notes.length} already have notes`));
    const report = await workbench.toast(/notes created, \d+ already existed/, { timeout: 300_000 });
    assert.match(report, new RegExp(`${COUNT - after.notes.length} notes created, ${after.notes.length} already existed`));
    const final = noteFiles(folder);
    assert.equal(final.notes.length, COUNT);
    assert.deepEqual(final.incomplete, []);
    await step('rerun-done');
  },
};
