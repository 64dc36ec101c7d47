// Hostile content and big libraries, the way a person meets them: a paper whose fields carry
// HTML and script payloads shows as plain text in the detail view and runs nothing; a 120,000-paper
// library loads behind a progress notification whose Cancel stops it (the papers already loaded
// stay), and Refresh then loads all of it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SIDEBAR = '#workbench\\.parts\\.sidebar';
const ROW = `${SIDEBAR} .customview-tree .monaco-list-row`;
const INPUT = '.quick-input-widget .quick-input-box input';
const PICK_ROW = '.quick-input-widget .quick-input-list .monaco-list-row';
const TOAST = '.notifications-toasts .notification-toast';

async function openView(page) {
  await page.locator('.activitybar .action-item .action-label[aria-label^="Lit Notes"]').first().click();
  await page.locator(ROW).first().waitFor({ state: 'visible', timeout: 60_000 });
}

/** The detail webview's document (VS Code nests the content in two iframes). */
function detailFrame(page) {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

// Every payload tries to set the document title; nothing may ever succeed.
const ATTACK = "document.title='PWNED'";
const TITLE = `Payload study <img src=x onerror="${ATTACK}"><script>${ATTACK}</script> of escaping`;
const HOSTILE_BIB = `@article{payload2021study,
  title = {${TITLE}},
  author = {Mallory, Eve <b onmouseover="${ATTACK}">Bold</b>},
  year = {2021},
  keywords = {<script>${ATTACK}</script>, safe-tag},
  url = {https://example.org/x"><img src=x onerror="${ATTACK}">},
  abstract = {</p><svg onload="${ATTACK}"></svg><iframe srcdoc="<script>${ATTACK}</script>"></iframe> and a <a href="javascript:${ATTACK}">link</a>.}
}
`;

/** `n` distinct BibTeX entries with abstracts (about 550 bytes each), like a big exported library. */
function generatedBib(prefix, n) {
  const words = 'attention diffusion retrieval alignment scaling sparse robust neural graph causal contrastive federated quantized multimodal agentic latent spectral adaptive recurrent generative'.split(' ');
  const abstract = 'We study how the method behaves at scale and report results on standard benchmarks. '.repeat(5).trim();
  const out = [];
  for (let i = 0; i < n; i++) {
    const a = words[i % words.length];
    const b = words[Math.floor(i / words.length) % words.length];
    out.push(`@article{${prefix}${i},\n  title = {${a[0].toUpperCase()}${a.slice(1)} ${b} study ${prefix} ${i}},\n  author = {Author${i % 997}, Ann and Writer${i % 991}, Will},\n  year = {${1990 + (i % 35)}},\n  journal = {Journal of Generated Results},\n  abstract = {${abstract}}\n}\n`);
  }
  return out.join('');
}

/** Runs Show Library Summary and returns the paper count its toast reports. */
async function summaryCount(workbench) {
  await workbench.runCommand('Lit Notes: Show Library Summary');
  const text = await workbench.toast(/Lit Notes: \d+ papers from/, { timeout: 120_000 });
  return Number(/Lit Notes: (\d+) papers from/.exec(text)?.[1]);
}

async function clearToasts(page) {
  await page.keyboard.press('Escape');
  for (const close of await page.locator(`${TOAST} .codicon-notifications-clear`).all()) {
    await close.click().catch(() => {});
  }
}

export { generatedBib };

export default {
  'a paper whose fields carry HTML and script payloads shows as text in the detail view; nothing runs': async ({ workbench, page, workspace, step }) => {
    fs.writeFileSync(path.join(workspace, 'hostile.bib'), HOSTILE_BIB);
    await openView(page);
    await workbench.runCommand('Lit Notes: Search Papers');
    await page.locator(INPUT).pressSequentially('payload study escaping', { delay: 30 });
    const hit = page.locator(PICK_ROW).filter({ hasText: 'payload2021study' }).first();
    await hit.waitFor({ state: 'visible', timeout: 30_000 });
    await hit.click();
    const frame = detailFrame(page);
    await frame.locator('#title').waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForTimeout(1000); // time for any payload that could run to run
    await step('hostile-detail');

    assert.equal(await frame.locator('#title').innerText(), TITLE, 'the title shows as the text it is');
    assert.match(await frame.locator('body').innerText(), /<svg onload=/, 'the abstract shows its markup as text');
    // No element from any payload exists: the only script is ours (with the nonce), no img/svg/iframe.
    assert.equal(await frame.locator('img, svg, iframe, b, [onerror], [onload], [onmouseover]').count(), 0);
    const scripts = await frame.locator('script').evaluateAll((els) => els.map((e) => ({ nonce: e.nonce !== '', src: e.getAttribute('src') ?? '', text: e.textContent?.slice(0, 200) ?? '' })));
    // VS Code injects one script of its own (acquireVsCodeApi) into every webview; ours is the one with the nonce.
    const ours = scripts.filter((x) => !/acquireVsCodeApi/.test(x.text));
    assert.equal(ours.length, 1, JSON.stringify(scripts));
    assert.ok(ours[0].nonce && /\/media\/detail\.js$/.test(ours[0].src), JSON.stringify(scripts));
    // Links are http(s) only; the javascript: one is plain text.
    const hrefs = await frame.locator('a').evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
    assert.ok(hrefs.length > 0 && hrefs.every((h) => /^https?:\/\//.test(h)), hrefs.join(' '));
    // Hover the author line and the title (an onmouseover payload would fire now), then check titles.
    await frame.locator('#title').hover();
    await frame.locator('body').hover();
    assert.notEqual(await frame.locator('html').evaluate(() => document.title), 'PWNED');
    assert.notEqual(await page.title(), 'PWNED');
    // The CSP is the strict one: default-src 'none', scripts only by nonce.
    const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp ?? '', /default-src 'none'/);
    assert.match(csp ?? '', /script-src 'nonce-[^']+'/);
    assert.doesNotMatch(csp ?? '', /unsafe-inline|unsafe-eval/);
  },

  'a 120,000-paper library loads with progress; Cancel stops it and keeps the loaded papers; Refresh loads it all': async ({ workbench, page, workspace, step, log }) => {
    await openView(page);
    const before = await summaryCount(workbench);
    await clearToasts(page);
    // Write both files outside the workspace, then move them in at once (as a sync client would).
    const staging = fs.mkdtempSync(path.join(path.dirname(workspace), 'staging-'));
    for (const name of ['big-1', 'big-2']) {
      fs.writeFileSync(path.join(staging, `${name}.bib`), generatedBib(name.replace('-', ''), 60_000));
    }
    const bytes = fs.statSync(path.join(staging, 'big-1.bib')).size * 2;
    log?.(`generated 120,000 entries, ${(bytes / 1048576).toFixed(0)} MB`);
    for (const name of ['big-1', 'big-2']) {
      fs.renameSync(path.join(staging, `${name}.bib`), path.join(workspace, `${name}.bib`));
    }

    const progress = page.locator(TOAST).filter({ hasText: 'Lit Notes: Loading papers' }).first();
    await progress.waitFor({ state: 'visible', timeout: 60_000 });
    await step('loading-progress');
    await progress.getByRole('button', { name: 'Cancel' }).click();
    const cancelled = await workbench.toast(/loading cancelled/, { timeout: 60_000 });
    await step('loading-cancelled');
    const m = /loading cancelled\. (\d+) papers loaded; not loaded: (.*)\./.exec(cancelled);
    assert.ok(m, cancelled);
    assert.match(m[2], /big-2\.bib/, 'the second file was never read');
    assert.ok(Number(m[1]) >= before && Number(m[1]) < before + 120_000, cancelled);
    await page.locator(ROW).first().waitFor({ state: 'visible' }); // the view still shows the loaded papers

    await page.locator(TOAST).filter({ hasText: 'loading cancelled' }).getByRole('button', { name: 'Refresh' }).click();
    await progress.waitFor({ state: 'visible', timeout: 60_000 });
    await progress.waitFor({ state: 'hidden', timeout: 240_000 });
    await clearToasts(page);
    assert.equal(await summaryCount(workbench), before + 120_000);
    await step('all-loaded');
  },
};
