/**
 * Live papers in the real extension host, against a loopback server started by the test: the
 * URL settings (machine-scoped, so set as user settings) point Lit Notes at it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readFrontmatter } from '../../src/core/notes/frontmatter';
import { COMMANDS, SETTINGS, settingName } from '../../src/ids';
import type { AddReport, ImportReport } from '../../src/live';
import type { Loopback } from '../support/fake-live';
import { dayRange, utcToday, addDays } from '../../src/core/fetch/dates';
import { closedPort, fakeServices, minimalItem, startLoopback } from '../support/fake-live';
import { litNotes, waitFor, workspaceRoot } from './api';

const DAY = '2024-10-25';
const ITEMS = [
  minimalItem('2410.17243', 'Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss', DAY),
  minimalItem('2410.18057', 'CLEAR: Character Unlearning in Textual and Visual Modalities', DAY),
  minimalItem('2410.18975', 'Unbounded: A Generative Infinite Game of Character Life Simulation', DAY),
];

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function setUrls(hf: string | undefined, arxiv: string | undefined): Promise<void> {
  const config = vscode.workspace.getConfiguration(SETTINGS.section);
  await config.update(settingName(SETTINGS.huggingFaceUrl), hf, vscode.ConfigurationTarget.Global);
  await config.update(settingName(SETTINGS.arxivUrl), arxiv, vscode.ConfigurationTarget.Global);
}

suite('Live papers', function () {
  this.timeout(60_000);
  let server: Loopback | undefined;
  suiteSetup(async () => {
    server = await startLoopback(fakeServices({
      days: new Map([[DAY, ITEMS]]),
      maxLimit: 2,
      today: utcToday(),
      arxiv: new Map([['2305.14314', { id: '2305.14314', title: 'QLoRA: Efficient Finetuning of Quantized LLMs', authors: [{ name: 'Tim Dettmers' }, { name: 'Artidoro Pagnoni' }], published: '2023-05-23T17:50:33Z', summary: 'We present QLoRA.' }]]),
    }));
    await setUrls(server.url, server.url);
  });
  suiteTeardown(async () => {
    await setUrls(undefined, undefined);
    await server?.close();
  });

  test('the URL settings are machine-scoped and took effect as user settings', () => {
    const inspect = vscode.workspace.getConfiguration(SETTINGS.section).inspect<string>(settingName(SETTINGS.huggingFaceUrl));
    assert.equal(vscode.workspace.getConfiguration(SETTINGS.section).get(settingName(SETTINGS.huggingFaceUrl)), server!.url, JSON.stringify(inspect));
  });

  test('Import Daily Papers writes papers/sources/hf-daily-DATE.json and the tree shows the day', async () => {
    const api = await litNotes();
    const report = await vscode.commands.executeCommand<ImportReport>(COMMANDS.importDailyPapers, { date: DAY });
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.files, [`papers/sources/hf-daily-${DAY}.json`]);
    assert.equal(report.papers, 3);
    const file = vscode.Uri.joinPath(workspaceRoot(), 'papers', 'sources', `hf-daily-${DAY}.json`);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))), ITEMS);
    const paper = await waitFor('the imported paper in the library', () => api.service.library.papers.find((p) => p.arxivId === '2410.18057'));
    assert.ok(paper.sources.some((s) => s.path.endsWith(`hf-daily-${DAY}.json`)));
    assert.ok(api.tree.provider.nodeFor(paper.key), 'the tree has a row for it');
    const pages = server!.requests.filter((r) => r.url.startsWith('/api/daily_papers') && r.url.includes(DAY));
    assert.deepEqual(pages.map((r) => new URL(r.url, 'http://x').searchParams.get('p')), ['0', '1'], 'paged past the capped limit of 2');

    // Re-import replaces that file only.
    const again = await vscode.commands.executeCommand<ImportReport>(COMMANDS.importDailyPapers, { date: DAY });
    assert.deepEqual(again.files, report.files);
    const names = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(workspaceRoot(), 'papers', 'sources'))).map(([n]) => n);
    assert.ok(names.every((n) => !n.endsWith('.tmp')), `no temporary files: ${names.join(', ')}`);
  });

  test('Add Paper by URL: Hugging Face 404 → arXiv; added.json; the paper is in the tree and its note can be created', async () => {
    const api = await litNotes();
    const report = await vscode.commands.executeCommand<AddReport>(COMMANDS.addPaper, 'https://arxiv.org/abs/2305.14314v1');
    assert.deepEqual(report.problems, []);
    assert.equal(report.file, 'papers/sources/added.json');
    assert.equal(report.keys.length, 1);
    const key = report.keys[0]!;
    const paper = api.service.library.byKey.get(key);
    assert.equal(paper?.title, 'QLoRA: Efficient Finetuning of Quantized LLMs');
    assert.ok(api.tree.provider.nodeFor(key));
    assert.ok(server!.requests.some((r) => r.url === '/api/papers/2305.14314'), 'asked Hugging Face first');
    assert.ok(server!.requests.some((r) => r.url.startsWith('/api/query?id_list=2305.14314v1')), 'then arXiv');
    const note = await vscode.commands.executeCommand<vscode.Uri>(COMMANDS.openNote, key);
    assert.ok(note);
    const data = readFrontmatter(new TextDecoder().decode(await vscode.workspace.fs.readFile(note))).data;
    assert.equal(data.citekey, key);
    assert.equal(data.title, 'QLoRA: Efficient Finetuning of Quantized LLMs');
  });

  test('failures explain themselves and leave no file: not-yet day, unknown paper, dead host', async () => {
    await litNotes();
    const future = await vscode.commands.executeCommand<ImportReport>(COMMANDS.importDailyPapers, { date: '2999-01-01' });
    assert.deepEqual(future.files, []);
    assert.equal(future.problems[0]?.kind, 'not-yet');
    assert.match(future.problems[0]?.message ?? '', /UTC/);
    assert.equal(await exists(vscode.Uri.joinPath(workspaceRoot(), 'papers', 'sources', 'hf-daily-2999-01-01.json')), false);

    const addedFile = vscode.Uri.joinPath(workspaceRoot(), 'papers', 'sources', 'added.json');
    const before = await vscode.workspace.fs.readFile(addedFile);
    const unknown = await vscode.commands.executeCommand<AddReport>(COMMANDS.addPaper, '2401.99999');
    assert.deepEqual(unknown.keys, []);
    assert.equal(unknown.problems[0]?.kind, 'not-found');
    assert.deepEqual(await vscode.workspace.fs.readFile(addedFile), before, 'added.json untouched');

    const dead = await closedPort();
    await setUrls(dead, dead);
    try {
      const r = await vscode.commands.executeCommand<ImportReport>(COMMANDS.importDailyPapers, { date: '2024-10-24' });
      assert.deepEqual(r.files, []);
      assert.equal(r.problems[0]?.kind, 'network');
      assert.equal(await exists(vscode.Uri.joinPath(workspaceRoot(), 'papers', 'sources', 'hf-daily-2024-10-24.json')), false);
    } finally {
      await setUrls(server!.url, server!.url);
    }
  });

  test('a workspace cannot redirect the connection: its litNotes.huggingFace.url is ignored', async () => {
    const file = vscode.Uri.joinPath(workspaceRoot(), '.vscode', 'settings.json');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify({ 'litNotes.huggingFace.url': 'http://127.0.0.1:9/evil', 'litNotes.arxiv.url': 'http://127.0.0.1:9/evil', 'litNotes.search.maxResults': 123 })));
    try {
      const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration(SETTINGS.section);
      await waitFor('the workspace settings to be read', () => config().get(settingName(SETTINGS.searchMaxResults)) === 123);
      assert.equal(config().get(settingName(SETTINGS.huggingFaceUrl)), server!.url);
      assert.equal(config().get(settingName(SETTINGS.arxivUrl)), server!.url);
      const r = await vscode.commands.executeCommand<ImportReport>(COMMANDS.importDailyPapers, { date: DAY });
      assert.deepEqual(r.problems, [], 'still the user-configured server');
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), '.vscode'), { recursive: true });
    }
  });

  test('turning on litNotes.dailyPapers.autoImport imports the days since the last import, at most 7', async () => {
    await litNotes();
    await vscode.commands.executeCommand(COMMANDS.importDailyPapers, { date: DAY }); // the last import, far back
    const config = vscode.workspace.getConfiguration(SETTINGS.section);
    await config.update(settingName(SETTINGS.dailyPapersAutoImport), true, vscode.ConfigurationTarget.Global);
    try {
      // The last import was 2024-10-25: far back, so the 7 most recent days, through today (UTC).
      const days = dayRange(addDays(utcToday(), -6), utcToday());
      const folder = vscode.Uri.joinPath(workspaceRoot(), 'papers', 'sources');
      await waitFor('the auto-imported days', async () => {
        for (const d of days) {
          if (!(await exists(vscode.Uri.joinPath(folder, `hf-daily-${d}.json`)))) {
            return false;
          }
        }
        return true;
      }, 30_000);
      assert.equal(await exists(vscode.Uri.joinPath(folder, `hf-daily-${addDays(utcToday(), -7)}.json`)), false, 'not more than 7');
    } finally {
      await config.update(settingName(SETTINGS.dailyPapersAutoImport), undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
