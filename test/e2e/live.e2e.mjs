// Live papers from the command palette, with the extension installed from the .vsix, against a
// loopback server this process starts (it plays Hugging Face and arXiv; nothing reaches the
// internet). The URL settings are machine-scoped, so they go into the user (and remote machine)
// settings of the code-server under test, never the workspace's.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { workbenchUrl } from '../../scripts/code-server.mjs';

const SIDEBAR = '#workbench\\.parts\\.sidebar';
const ROW = `${SIDEBAR} .customview-tree .monaco-list-row`;
const QUICK_ROW = '.quick-input-widget .quick-input-list .monaco-list-row';
const QUICK_BOX = '.quick-input-widget .quick-input-box input';
const DAY = '2024-10-25';

const item = (id, title) => ({
  paper: { id, title, summary: `Abstract of ${title}.`, authors: [{ _id: '0'.repeat(24), name: 'Ada Lovelace', hidden: false }], publishedAt: `${DAY}T00:00:00.000Z`, upvotes: 7 },
  title,
  publishedAt: `${DAY}T08:00:00.000Z`,
  numComments: 0,
});
const ITEMS = [
  item('2410.17243', 'Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss'),
  item('2410.18975', 'Unbounded: A Generative Infinite Game of Character Life Simulation'),
  item('2410.18057', 'CLEAR: Character Unlearning in Textual and Visual Modalities'),
];
const QLORA = 'QLoRA: Efficient Finetuning of Quantized LLMs';
const ATOM = `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>https://arxiv.org/api/x</id>
  <title>arXiv Query: id_list=2305.14314v1</title>
  <opensearch:totalResults>1</opensearch:totalResults>
  <entry>
    <id>https://arxiv.org/abs/2305.14314v1</id>
    <title>QLoRA: Efficient Finetuning of
  Quantized LLMs</title>
    <updated>2023-05-23T17:50:33Z</updated>
    <published>2023-05-23T17:50:33Z</published>
    <summary>We present QLoRA, an efficient finetuning approach.</summary>
    <author><name>Tim Dettmers</name></author>
    <author><name>Artidoro Pagnoni</name></author>
    <link href="https://arxiv.org/abs/2305.14314v1" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/2305.14314v1" rel="related" type="application/pdf" title="pdf"/>
    <arxiv:primary_category term="cs.LG"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</feed>
`;

/** Hugging Face and arXiv on 127.0.0.1, a free port; the server caps `limit` at 2. */
async function fakeServices() {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const url = new URL(req.url, 'http://127.0.0.1');
    const json = (status, body) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (url.pathname === '/api/daily_papers') {
      if ((url.searchParams.get('date') ?? '') >= new Date().toISOString().slice(0, 10)) {
        return json(400, { error: 'Invalid date' }); // as if Hugging Face had not opened today yet
      }
      const p = Number(url.searchParams.get('p') ?? 0);
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 50), 2);
      return json(200, url.searchParams.get('date') === DAY ? ITEMS.slice(p * limit, (p + 1) * limit) : []);
    }
    if (url.pathname.startsWith('/api/papers/')) {
      return json(404, { error: 'Paper not found' });
    }
    if (url.pathname === '/api/query' && /^2305\.14314/.test(url.searchParams.get('id_list') ?? '')) {
      res.writeHead(200, { 'content-type': 'application/atom+xml', 'content-length': Buffer.byteLength(ATOM) });
      return res.end(ATOM);
    }
    return json(404, {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

/** Points Lit Notes at the fake services in user and remote-machine settings, then reloads the window. */
async function useServices({ server, workbench, workspace }, url) {
  for (const dir of ['User', 'Machine']) {
    const file = path.join(server.dirs.userData, dir, 'settings.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const current = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8') || '{}') : {};
    fs.writeFileSync(file, JSON.stringify({ ...current, 'litNotes.huggingFace.url': url, 'litNotes.arxiv.url': url }, null, 2));
  }
  await workbench.open(workbenchUrl(server, workspace));
}

async function openView(page) {
  await page.locator('.activitybar .action-item .action-label[aria-label^="Lit Notes"]').first().click();
  await page.locator(ROW).first().waitFor({ state: 'visible', timeout: 60_000 });
}

function treeRow(page, title) {
  return page.locator(ROW).filter({ has: page.locator('.label-name', { hasText: title }) }).first();
}

export default {
  'import a day from the command palette: the file is written and the papers are in the tree': async (ctx) => {
    const { page, workbench, workspace, step, log } = ctx;
    const fake = await fakeServices();
    try {
      await useServices(ctx, fake.url);
      await openView(page);
      await workbench.runCommand('Lit Notes: Import Daily Papers…');
      await page.locator(`${QUICK_ROW}[aria-label*="A Date"]`).first().click();
      await page.locator(QUICK_BOX).fill(DAY);
      await step('date-entered');
      await page.keyboard.press('Enter');
      const toast = await workbench.toast(/imported 3 papers/, { timeout: 60_000 });
      log(`toast: ${toast.split('\n')[0]}`);
      await step('imported');
      const file = path.join(workspace, 'papers', 'sources', `hf-daily-${DAY}.json`);
      assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), ITEMS);
      assert.deepEqual(fake.requests.filter((u) => u.startsWith('/api/daily_papers')).map((u) => new URL(u, 'http://x').searchParams.get('p')), ['0', '1'], 'paged past the cap');

      await workbench.runCommand('Lit Notes: Reveal Paper…');
      await page.locator(QUICK_BOX).fill('Unbounded Generative Infinite Game');
      const pick = page.locator(`${QUICK_ROW}[aria-label*="Unbounded"]`).first();
      await pick.waitFor({ state: 'visible', timeout: 30_000 });
      await pick.click();
      await treeRow(page, 'Unbounded: A Generative Infinite Game').waitFor({ state: 'visible', timeout: 30_000 });
      await step('revealed-in-tree');
    } finally {
      await fake.close();
    }
  },

  'add a paper by arXiv URL: Hugging Face 404, arXiv answers, the tree shows it and its note is created': async (ctx) => {
    const { page, workbench, workspace, step } = ctx;
    const fake = await fakeServices();
    try {
      await useServices(ctx, fake.url);
      await openView(page);
      await workbench.runCommand('Lit Notes: Add Paper…');
      await page.locator(QUICK_BOX).fill('https://arxiv.org/abs/2305.14314v1');
      await step('url-entered');
      await page.keyboard.press('Enter');
      await workbench.toast(/added "QLoRA/, { timeout: 60_000 });
      await treeRow(page, QLORA).waitFor({ state: 'visible', timeout: 30_000 });
      await step('added-and-revealed');
      assert.ok(fake.requests.includes('/api/papers/2305.14314'), 'Hugging Face first');
      assert.ok(fake.requests.some((u) => u.startsWith('/api/query?id_list=2305.14314v1')), 'then arXiv');
      const added = JSON.parse(fs.readFileSync(path.join(workspace, 'papers', 'sources', 'added.json'), 'utf8'));
      assert.deepEqual(added.map((a) => [a.source, a.paper.id, a.paper.title]), [['arxiv', '2305.14314', QLORA]]);

      const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: /added "QLoRA/ }).first();
      await toast.locator('.monaco-button', { hasText: 'Create Note' }).click();
      const editor = page.locator('.editor-instance .monaco-editor .view-lines');
      await editor.filter({ hasText: 'citekey: ' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      await step('note-open');
      const notes = fs.readdirSync(path.join(workspace, 'papers')).filter((f) => f.endsWith('.md'));
      const note = notes.map((f) => fs.readFileSync(path.join(workspace, 'papers', f), 'utf8')).find((t) => t.includes(`title: '${QLORA}'`) || t.includes(`title: ${QLORA}`) || t.includes(QLORA));
      assert.ok(note, `a note for QLoRA among ${notes.join(', ')}`);
    } finally {
      await fake.close();
    }
  },

  'import today before Hugging Face opened it: the UTC explanation, and Import Yesterday works': async (ctx) => {
    const { page, workbench, workspace, step } = ctx;
    const fake = await fakeServices();
    try {
      await useServices(ctx, fake.url);
      await workbench.runCommand('Lit Notes: Import Daily Papers…');
      await page.locator(`${QUICK_ROW}[aria-label^="Today"]`).first().click();
      const warning = await workbench.toast(/settles "today" in UTC/, { timeout: 60_000 });
      await step('not-yet-explained');
      assert.match(warning, /no Daily Papers for \d{4}-\d{2}-\d{2} yet/);
      const today = new Date().toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      assert.equal(fs.existsSync(path.join(workspace, 'papers', 'sources', `hf-daily-${today}.json`)), false, 'nothing written for today');
      const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: /settles "today" in UTC/ }).first();
      await toast.locator('.monaco-button', { hasText: 'Import Yesterday' }).click();
      // The file, not the toast (a short-lived info toast), is the reliable sign of the import.
      const file = path.join(workspace, 'papers', 'sources', `hf-daily-${yesterday}.json`);
      const until = Date.now() + 60_000;
      while (!fs.existsSync(file) && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 200));
      }
      await step('yesterday-imported');
      assert.equal(fs.readFileSync(file, 'utf8'), '[]');
      assert.ok(fake.requests.some((u) => u.includes(`date=${yesterday}`)), 'yesterday was asked for');
    } finally {
      await fake.close();
    }
  },
};
