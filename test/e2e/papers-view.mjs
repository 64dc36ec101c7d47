// The Papers view in the workbench, for the e2e tests that click through it (not a test file).
export const SIDEBAR = '#workbench\\.parts\\.sidebar';
export const ROW = `${SIDEBAR} .customview-tree .monaco-list-row`;

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The tree row whose label is exactly `label`. */
export function row(page, label) {
  return page.locator(ROW).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escape(label)}$`) }) }).first();
}

/** Opens the Lit Notes view from the activity bar and waits for its first row. */
export async function openView(page) {
  await page.locator('.activitybar .action-item .action-label[aria-label^="Lit Notes"]').first().click();
  await page.locator(ROW).first().waitFor({ state: 'visible', timeout: 60_000 });
}

/** Expands the group row `label` (a no-op when it is open) and waits until it is. */
export async function expand(page, label) {
  const r = row(page, label);
  await r.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await r.getAttribute('aria-expanded')) !== 'true') {
    await r.click();
  }
  await page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await r.elementHandle(), { timeout: 10_000 });
}
