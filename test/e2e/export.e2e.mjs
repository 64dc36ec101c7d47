// Export Papers… through the UI, as a researcher does it: the command palette, "Whole library",
// the format, then code-server's Save dialog (the simple file dialog, a quick input with the
// path) accepted as proposed. The export lands in the workspace, yet Group By → Source file does
// not gain it and the library summary says it was not loaded: an export never becomes a second
// copy of the library.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SIDEBAR = '#workbench\\.parts\\.sidebar';
const ROW = `${SIDEBAR} .customview-tree .monaco-list-row`;
const QUICK_INPUT = '.quick-input-widget';
const QUICK_BOX = `${QUICK_INPUT} .quick-input-box input`;

/** Picks a quick pick item by typing its label and pressing Enter once it is the focused row. */
async function pick(page, label) {
  const box = page.locator(QUICK_BOX);
  await box.waitFor({ state: 'visible', timeout: 15_000 });
  await box.fill(label);
  await page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row.focused`, { hasText: label }).waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** The top-level group labels of the Papers view. */
async function topGroups(page) {
  return (await page.locator(`${ROW}[aria-level="1"] .label-name`).allInnerTexts()).map((t) => t.trim());
}

/** Group By → Source file, by keyboard, confirmed by the `library.bib` group appearing. */
async function groupBySourceFile(workbench, page) {
  for (let attempt = 1; ; attempt++) {
    await workbench.runCommand('Lit Notes: Group By');
    await pick(page, 'Source file');
    try {
      await page.locator(`${ROW}[aria-level="1"]`).filter({ has: page.locator('.label-name', { hasText: /^library\.bib$/ }) }).first().waitFor({ state: 'visible', timeout: 20_000 });
      return;
    } catch (error) {
      if (attempt >= 3) {
        throw error;
      }
    }
  }
}

/** Export Papers… → Whole library → format → Save dialog accepted with its proposed path; returns that path. */
async function exportWholeLibrary(workbench, page, format, step) {
  await workbench.runCommand('Lit Notes: Export Papers…');
  await pick(page, 'Whole library');
  await pick(page, format);
  // code-server's Save dialog: a quick input holding the proposed path.
  const box = page.locator(QUICK_BOX);
  await page.waitForFunction((sel) => /lit-notes-export\.(bib|csl\.json)$/.test(document.querySelector(sel)?.value ?? ''), QUICK_BOX, { timeout: 15_000 });
  const proposed = await box.inputValue();
  await step(`save-dialog-${format}`);
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 15_000 });
  return proposed;
}

export default {
  'Export Papers through the Save dialog: the export is written but the library does not load it': async ({ workbench, page, workspace, step, log }) => {
    await page.locator('.activitybar .action-item .action-label[aria-label^="Lit Notes"]').first().click();
    await page.locator(ROW).first().waitFor({ state: 'visible', timeout: 60_000 });
    await groupBySourceFile(workbench, page);
    const before = await topGroups(page);
    log(`source groups before: ${before.join(', ')}`);
    await step('grouped-by-source');

    const bibPath = await exportWholeLibrary(workbench, page, 'BibTeX', step);
    const done = await workbench.toast(/exported \d+ papers/);
    log(`toast: ${done}`);
    assert.match(done, /does not load its own exports/);
    const bibFile = path.join(workspace, 'lit-notes-export.bib');
    assert.equal(path.basename(bibPath), 'lit-notes-export.bib', `proposed ${bibPath}`);
    assert.ok(fs.existsSync(bibFile), 'the export is where the dialog proposed, in the workspace');
    assert.match(fs.readFileSync(bibFile, 'utf8'), /^@comment\{Lit Notes export of \d+ papers/);

    const cslPath = await exportWholeLibrary(workbench, page, 'CSL-JSON', step);
    await workbench.toast(/exported \d+ papers .*lit-notes-export\.csl\.json/);
    assert.equal(path.basename(cslPath), 'lit-notes-export.csl.json');
    assert.ok(fs.existsSync(path.join(workspace, 'lit-notes-export.csl.json')));

    // The library saw both files (the summary names them) and loaded neither.
    // (The reload the new files cause may still run: ask again until the summary has seen them.)
    let summary;
    for (let attempt = 1; !summary; attempt++) {
      await workbench.runCommand('Lit Notes: Show Library Summary');
      try {
        summary = await workbench.toast(/Lit Notes: \d+ papers.*2 Lit Notes exports not loaded/, { timeout: 5_000 });
      } catch (error) {
        if (attempt >= 10) {
          throw new Error(`the summary never mentioned the two exports: ${(await workbench.toasts()).join(' | ')}`, { cause: error });
        }
      }
    }
    log(`summary: ${summary}`);
    assert.match(summary, /2 Lit Notes exports not loaded/);
    await step('summary');

    const after = await topGroups(page);
    log(`source groups after: ${after.join(', ')}`);
    assert.ok(!after.some((g) => g.includes('lit-notes-export')), `no group for an export: ${after.join(', ')}`);
    assert.deepEqual(after, before, 'the Source file groups are unchanged');
    await step('groups-unchanged');
  },
};
