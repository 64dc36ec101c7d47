// Source problems where VS Code shows problems: a BibTeX file with a broken entry appears in the
// workspace; Lit Notes' warning offers "Show Problems", which opens the Problems panel listing the
// file with the message at the entry's line. "Lit Notes: Show Problems" from the palette opens the
// same panel. Fixing the entry clears it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const BIB = [
  '@article{fine2020, title = {A Fine Paper}, author = {Doe, Jane}, year = 2020}',
  '',
  '@article{fine2020, title = {Another Paper Under the Same Key}, author = {Roe, Rick}, year = 2021}',
  '',
].join('\n');
const PANEL = '.markers-panel';
const ROWS = `${PANEL} .monaco-list-row`;
const TOAST = '.notifications-toasts .notification-toast';

async function problemsPanelText(page) {
  await page.locator(PANEL).waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator(ROWS, { hasText: 'broken.bib' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator(ROWS, { hasText: /Duplicate key/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
  return (await page.locator(ROWS).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

export default {
  'a broken entry: the warning’s Show Problems opens the Problems panel at the file and line': async ({ page, workspace, root, step, log }) => {
    await page.locator('.activitybar .action-item .action-label[aria-label^="Lit Notes"]').first().click();
    await page.locator('#workbench\\.parts\\.sidebar .customview-tree .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
    fs.writeFileSync(path.join(workspace, 'broken.bib'), BIB);
    const warning = page.locator(TOAST).filter({ hasText: /Lit Notes: \d+ problems? in 1 source file;/ }).first();
    await warning.waitFor({ state: 'visible', timeout: 60_000 });
    await step('warning');
    const text = await warning.innerText();
    log(`warning: ${text.replace(/\s+/g, ' ')}`);
    assert.doesNotMatch(text, /\b1 problems|\b1 source files/, 'singular for one');
    await warning.getByRole('button', { name: 'Show Problems' }).click();
    const rows = await problemsPanelText(page);
    await step('problems-panel');
    log(`Problems panel: ${rows.join(' | ')}`);
    const marker = rows.find((r) => /Duplicate key/.test(r));
    assert.match(marker, /Duplicate key `fine2020` \(first at line 1\)/);
    assert.match(marker, /Lit Notes/, 'the source is named');
    assert.match(marker, /duplicate-key/, 'with its code');
    assert.match(marker, /\[Ln 3, Col 1\]/, 'at the line of the second entry');
    assert.ok(rows.some((r) => /broken\.bib/.test(r)), 'the file is listed');

    // A click on the problem opens the file at that line.
    await page.locator(ROWS, { hasText: /Duplicate key `fine2020` \(first at line 1\)/ }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'broken.bib' }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ state: 'visible', timeout: 30_000 });
    await step('file-open-at-problem');
    if (process.env.LIT_NOTES_UPDATE_SCREENSHOTS === '1') {
      await page.screenshot({ path: path.join(root, 'docs', 'screenshot-problems.png') }); // the README's screenshot
    }

    // Fixed in the file: the Problems panel empties.
    fs.writeFileSync(path.join(workspace, 'broken.bib'), BIB.replace('{fine2020, title = {Another', '{other2021, title = {Another'));
    await page.locator(ROWS, { hasText: /Duplicate key/ }).first().waitFor({ state: 'hidden', timeout: 60_000 });
    await step('fixed');
  },

  'Lit Notes: Show Problems from the palette opens the Problems panel': async ({ workbench, page, workspace, step, log }) => {
    fs.writeFileSync(path.join(workspace, 'broken.bib'), BIB);
    await workbench.toast(/Lit Notes: \d+ problems? in 1 source file;/, { timeout: 60_000 });
    await workbench.runCommand('Lit Notes: Show Problems');
    const rows = await problemsPanelText(page);
    await step('problems-panel');
    log(`Problems panel: ${rows.join(' | ')}`);
    assert.ok(rows.some((r) => /Duplicate key `fine2020`/.test(r)));
  },
};
