// A person's path through the sidebar, with the extension installed from the .vsix:
// open the Lit Notes view, expand a group, open a paper and read its abstract in the detail view,
// create its note from the tree (the editor opens with frontmatter, the row's icon changes), and
// edit a source file to see the tree follow.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROW, row, openView, expand } from './papers-view.mjs';

/** The detail webview's document (VS Code nests the content in two iframes). */
function detailFrame(page) {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

const SOUPS = 'Model soups: averaging weights of multiple fine-tuned models improves accuracy without increasing inference time';

export default {
  'open the view, expand a group, open a paper and read its abstract in the detail view': async ({ page, root, step }) => {
    await openView(page);
    await step('view-open');
    const years = await page.locator(`${ROW} .label-name`).allInnerTexts();
    assert.ok(years.includes('2026') && years.includes('2022') && years.includes('Undated'), `year groups: ${years.join(', ')}`);
    await expand(page, '2022');
    await expand(page, 'March 2022');
    await step('group-expanded');
    await row(page, SOUPS).click();
    const frame = detailFrame(page);
    await frame.locator('#title').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await frame.locator('#title').innerText(), SOUPS);
    assert.match(await frame.locator('#abstract').innerText(), /The conventional recipe for maximizing model accuracy/);
    await step('detail-open');
    if (process.env.LIT_NOTES_UPDATE_SCREENSHOTS === '1') {
      await expand(page, '2017'); // a year without months: its paper directly under it
      await row(page, 'Attention Is All You Need').waitFor({ state: 'visible', timeout: 10_000 });
      await page.screenshot({ path: path.join(root, 'docs', 'screenshot-tree.png') }); // the README's screenshot
    }
  },

  'create a note from the tree: the editor opens with frontmatter and the row icon changes': async ({ page, workspace, step }) => {
    await openView(page);
    await expand(page, '2016');
    await expand(page, 'June 2016');
    const paper = row(page, 'Deep Residual Learning for Image Recognition');
    // The rows of a freshly expanded group render a moment after aria-expanded flips: wait for the
    // row, then for its icon (a file icon: no note yet), instead of counting what is on screen now.
    await paper.waitFor({ state: 'visible', timeout: 15_000 });
    await paper.locator('.custom-view-tree-node-item-icon.codicon-file').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await paper.locator('.custom-view-tree-node-item-icon.codicon-note').count(), 0, 'no note yet: no note icon');
    await paper.hover();
    await paper.locator('.actions .action-label[aria-label="Open or Create Note"]').click();
    const editor = page.locator('.editor-instance .monaco-editor .view-lines');
    await editor.filter({ hasText: 'citekey: he2016deep' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await step('note-open');
    const file = path.join(workspace, 'papers', 'he2016deep.md');
    assert.match(fs.readFileSync(file, 'utf8'), /^---\ntitle: Deep Residual Learning for Image Recognition\n/);
    await paper.locator('.custom-view-tree-node-item-icon.codicon-note').waitFor({ state: 'visible', timeout: 15_000 });
    await step('icon-changed');
  },

  'edit a source file and see the tree change': async ({ page, workspace, step }) => {
    await openView(page);
    fs.appendFileSync(path.join(workspace, 'library.bib'), '\n@article{doe1999new,\n  title = {A Paper Added While Watching},\n  year = {1999},\n  month = feb\n}\n');
    await row(page, '1999').waitFor({ state: 'visible', timeout: 15_000 });
    await expand(page, '1999');
    await expand(page, 'February 1999');
    await row(page, 'A Paper Added While Watching').waitFor({ state: 'visible', timeout: 10_000 });
    await step('tree-updated');
  },
};
