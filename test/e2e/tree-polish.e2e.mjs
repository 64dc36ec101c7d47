// The Papers view as a researcher meets it in the first hour (issue #15 items 2 and 5): no
// "There is no data provider…" flash at startup, a year's papers without a month directly under
// the year, papers known only by their Daily Papers day dated "listed …", big groups newest
// first, a paper picked in Search revealed in the tree (focus stays put), and Open PDF in a
// paper's context menu only when it has a PDF.
import * as assert from 'node:assert/strict';
import { ROW, row, openView, expand } from './papers-view.mjs';

const NO_PROVIDER = 'There is no data provider registered';

/** Label, description and level of the rows on screen. */
async function rows(page) {
  return page.locator(ROW).evaluateAll((els) =>
    els.map((el) => ({
      label: el.querySelector('.label-name')?.textContent ?? '',
      description: el.querySelector('.label-description')?.textContent ?? '',
      level: Number(el.getAttribute('aria-level')),
    })),
  );
}

/** The context menu's item labels for a row (right click), then closes it. */
async function contextMenu(page, target) {
  await target.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  await menu.waitFor({ state: 'visible', timeout: 10_000 });
  const labels = (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim()).filter((t) => t !== '');
  return labels;
}

export default {
  'while the window loads the view says "Loading papers…" until its papers show, never "no data provider" after it': async ({ page, step, log }) => {
    await openView(page); // the sidebar restores this view on the next load
    await step('view-open');
    // Record everything the view's message and welcome areas show while the window loads again.
    await page.addInitScript((needle) => {
      const seen = { noProvider: false, loading: false, timeline: [] };
      globalThis.__litNotesSeen = seen;
      let last = '';
      const check = () => {
        const text = document.getElementById('workbench.parts.sidebar')?.innerText ?? '';
        const state = `${text.includes(needle) ? 'no-provider' : ''} ${text.includes('Loading papers') ? 'loading' : ''} ${document.querySelector('#workbench\\.parts\\.sidebar .customview-tree .monaco-list-row') ? 'rows' : ''} ${document.querySelector('#workbench\\.parts\\.sidebar .pane-body.welcome') ? 'welcome' : ''}`;
        if (state !== last) {
          last = state;
          seen.timeline.push(`${Math.round(performance.now())} ms:${state}`);
        }
        seen.noProvider ||= text.includes(needle);
        seen.loading ||= text.includes('Loading papers');
      };
      new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    }, NO_PROVIDER);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator(ROW).first().waitFor({ state: 'visible', timeout: 90_000 });
    await step('reloaded');
    const seen = await page.evaluate(() => globalThis.__litNotesSeen);
    log(`sidebar while loading: ${seen?.timeline.join(' → ')}`);
    // VS Code itself shows "no data provider" in any extension's view for the moment between
    // drawing the view and registering the views' welcome content (its Restored phase), before
    // any extension host runs. From then on the view must say "Loading papers…" until the papers
    // show: never "no data provider" again (the provider is registered when Lit Notes activates).
    const states = seen?.timeline.map((t) => t.slice(t.indexOf(':') + 1)) ?? [];
    const firstLoading = states.findIndex((s) => s.includes('loading'));
    const firstRows = states.findIndex((s) => s.includes('rows'));
    assert.ok(firstLoading >= 0 && firstLoading < firstRows, `"Loading papers…" before the papers: ${seen?.timeline.join(' → ')}`);
    assert.ok(!states.slice(firstLoading).some((s) => s.includes('no-provider')), `no "${NO_PROVIDER}" once loading shows: ${seen?.timeline.join(' → ')}`);
    assert.ok(states.slice(firstLoading, firstRows).every((s) => s.includes('loading') || s.trim() === ''), `loading until the papers show: ${seen?.timeline.join(' → ')}`);
  },

  'a year without months lists its papers directly; listed-only papers say "listed …"; big groups newest first': async ({ page, workbench, step }) => {
    await openView(page);
    await expand(page, '2017');
    const attention = row(page, 'Attention Is All You Need');
    await attention.waitFor({ state: 'visible', timeout: 15_000 });
    const labels = await rows(page);
    assert.ok(!labels.some((r) => /no month/.test(r.label)), `no "(no month)" level: ${labels.map((r) => r.label).join(' | ')}`);
    assert.equal(Number(await attention.getAttribute('aria-level')), 2, 'the paper sits directly under its year');
    await step('year-without-months');

    // A Daily Papers paper without a publication date: under the month it was listed, "listed …".
    await expand(page, '2026');
    await expand(page, 'May 2026');
    const listed = page.locator(ROW).filter({ has: page.locator('.label-description', { hasText: /listed 2026-05-05/ }) }).first();
    await listed.waitFor({ state: 'visible', timeout: 15_000 });
    await step('listed-paper');

    // A big group (over 200 papers) sorted by date shows the newest first, not titles A to Z.
    await workbench.runCommand('Lit Notes: Group By…');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-label*="Tag"]').first().click();
    await expand(page, 'Untagged');
    await page.locator(ROW).filter({ hasText: /Show \d+ more/ }).first().waitFor({ state: 'attached', timeout: 15_000 }).catch(() => {});
    const shown = (await rows(page)).filter((r) => r.level === 2).slice(0, 12);
    const years = shown.map((r) => Number(/\b(\d{4})\b/.exec(r.description)?.[1] ?? NaN));
    assert.ok(years.length >= 10 && years.every((y) => Number.isFinite(y)), `dated rows first: ${shown.map((r) => r.description).join(' | ')}`);
    assert.ok(years.every((y, i) => i === 0 || y <= years[i - 1]), `newest first: ${years.join(', ')}`);
    assert.equal(years[0], 2026);
    await step('big-group-newest-first');
  },

  'picking a paper in Search reveals it in the tree, selected, without taking the focus': async ({ page, workbench, step }) => {
    await openView(page);
    const title = 'Deep Residual Learning for Image Recognition';
    assert.equal(await row(page, title).count(), 0, 'not on screen before (its groups are collapsed)');
    await workbench.runCommand('Lit Notes: Search Papers…');
    await page.locator('.quick-input-widget .quick-input-box input').fill('deep residual learning image');
    const item = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: title }).first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter');
    const revealed = row(page, title);
    await revealed.waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForFunction((el) => el?.getAttribute('aria-selected') === 'true', await revealed.elementHandle(), { timeout: 10_000 });
    await step('revealed');
    const focusInTree = await page.evaluate(() => !!document.activeElement?.closest('#workbench\\.parts\\.sidebar'));
    assert.equal(focusInTree, false, 'the focus is not moved into the tree');
  },

  'Open PDF is in the context menu of a paper with a PDF, and only there': async ({ page, step }) => {
    await openView(page);
    await expand(page, '2017');
    const withPdf = await contextMenu(page, row(page, 'Attention Is All You Need'));
    await step('menu-with-pdf');
    await page.keyboard.press('Escape');
    assert.ok(withPdf.includes('Open PDF'), `menu: ${withPdf.join(' | ')}`);
    await expand(page, '2016');
    await expand(page, 'June 2016');
    const withoutPdf = await contextMenu(page, row(page, 'Deep Residual Learning for Image Recognition'));
    await page.keyboard.press('Escape');
    assert.ok(!withoutPdf.includes('Open PDF') && withoutPdf.includes('Open DOI'), `menu: ${withoutPdf.join(' | ')}`);
    // Choosing it opens the PDF's address (VS Code first asks whether to open the external site).
    await row(page, 'Attention Is All You Need').click({ button: 'right' });
    const item = page.locator('.context-view .monaco-menu .action-label', { hasText: /^Open PDF$/ });
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    await item.hover();
    await page.keyboard.press('Enter'); // the keyboard, like a person using the menu: a click can land while it opens
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await dialog.innerText(), /arxiv\.org\/pdf\/1706\.03762/);
    await step('open-pdf-dialog');
    await page.keyboard.press('Escape');
  },
};
