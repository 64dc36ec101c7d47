// Searching from the palette, as a person would: run "Lit Notes: Search Papers…", type a title
// with typos, see the paper in the list, pick it, and the default action (the detail view) happens.
import * as assert from 'node:assert/strict';

const INPUT = '.quick-input-widget .quick-input-box input';
const ROW = '.quick-input-widget .quick-input-list .monaco-list-row';

export default {
  'type a misspelled title in the search quick pick, pick the paper, see it in the detail view': async ({ workbench, page, step }) => {
    await workbench.runCommand('Lit Notes: Search Papers');
    await page.locator(INPUT).waitFor({ state: 'visible' });
    await page.locator(INPUT).pressSequentially('deep residul lerning imge', { delay: 40 });
    const first = page.locator(ROW).first();
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('aria-label')?.startsWith('Deep Residual Learning for Image Recognition'),
      `${ROW}`,
      { timeout: 20_000 },
    );
    assert.match((await first.getAttribute('aria-label')) ?? '', /he2016deep/);
    await step('search-results');
    await page.keyboard.press('Enter');
    const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
    await frame.locator('#title').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await frame.locator('#title').innerText(), 'Deep Residual Learning for Image Recognition');
    await step('detail-open');
  },
};
