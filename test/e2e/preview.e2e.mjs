// Citations in the markdown preview: open a draft's preview and read the author–date text the
// Lit Notes markdown-it plugin renders (inside the preview's webview frames).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const EDITOR = '.editor-instance .monaco-editor';

async function openFile(workbench, page, name) {
  await workbench.openPalette();
  await page.locator('.quick-input-widget .quick-input-box input').fill(name);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.click();
  await page.locator(`${EDITOR} .view-lines`).first().waitFor({ state: 'visible' });
}

/** The text of the first frame whose body matches `re`, polling until `timeout`. */
async function frameText(page, re, timeout) {
  const until = Date.now() + timeout;
  let seen = [];
  while (Date.now() < until) {
    seen = [];
    for (const frame of page.frames()) {
      const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      seen.push(text.slice(0, 200));
      if (re.test(text)) {
        return text;
      }
    }
    await page.waitForTimeout(500);
  }
  assert.fail(`no frame shows ${re}; frames: ${JSON.stringify(seen)}`);
}

export default {
  'the markdown preview shows author–date citations, unknown keys as written': async ({ workbench, page, workspace, step }) => {
    fs.writeFileSync(path.join(workspace, 'preview-draft.md'), '# Draft\n\nResidual nets [see @he2016deep, p. 3] and model soups @wortsman2022soups; unknown [@nosuchkey2020]. Mail me at someone@example.org.\n');
    await page.locator('.activitybar .action-item .action-label[aria-label^="Lit Notes"]').first().click();
    await page.locator('#workbench\\.parts\\.sidebar .customview-tree .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
    await openFile(workbench, page, 'preview-draft.md');
    await workbench.runCommand('Markdown: Open Preview to the Side');
    const text = await frameText(page, /\(see He et al\., 2016, p\. 3\)/, 60_000);
    await step('preview');
    assert.match(text, /Residual nets \(see He et al\., 2016, p\. 3\)/);
    assert.match(text, /model soups Wortsman et al\. \(2022\)/);
    assert.match(text, /unknown \(@nosuchkey2020\)/);
    assert.match(text, /someone@example\.org/);
  },
};
