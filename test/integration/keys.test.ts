/** Citation keys in the real extension host: verbatim source keys cite cleanly; used keys never move. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/ids';
import { litNotes, waitFor, workspaceRoot } from './api';
import { EXISTING, NEWCOMER, hfJson } from '../hf-papers';

const DBLP = 'DBLP:journals/corr/abs-1810-04805';
const BIB = `@article{${DBLP},
  title = {{BERT}: Pre-training of Deep Bidirectional Transformers for Language Understanding},
  author = {Devlin, Jacob and Chang, Ming-Wei and Lee, Kenton and Toutanova, Kristina},
  journal = {CoRR},
  volume = {abs/1810.04805},
  year = {2018}
}
`;



async function write(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/**
 * The text under Lit Notes' diagnostics of a document, once they cover `sentinel` (an unknown
 * key in the current text: so the document was checked after its last edit).
 */
async function diagnosticsAfter(doc: vscode.TextDocument, sentinel: string): Promise<string[]> {
  const ours = (): string[] => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Lit Notes').map((d) => doc.getText(d.range));
  await waitFor(`a diagnostic on ${sentinel}`, () => ours().includes(sentinel), 20_000);
  return ours();
}

suite('Citation keys', () => {
  test('a DBLP key is inserted verbatim in markdown and LaTeX and raises no diagnostic', async () => {
    const api = await litNotes();
    const bib = await write('keys-dblp.bib', BIB);
    try {
      await waitFor('the DBLP entry', () => api.service.library.byKey.get(DBLP), 20_000);
      const md = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'BERT  and [@unknownkey2020].\n' });
      const editor = await vscode.window.showTextDocument(md);
      editor.selection = new vscode.Selection(0, 5, 0, 5);
      await vscode.commands.executeCommand(COMMANDS.insertCitation, DBLP);
      assert.equal(md.getText(), `BERT [@${DBLP}] and [@unknownkey2020].\n`);
      assert.deepEqual(await diagnosticsAfter(md, 'unknownkey2020'), ['unknownkey2020']);

      const tex = await vscode.workspace.openTextDocument({ language: 'latex', content: 'BERT  and \\cite{unknownkey2021}.' });
      const texEditor = await vscode.window.showTextDocument(tex);
      texEditor.selection = new vscode.Selection(0, 5, 0, 5);
      await vscode.commands.executeCommand(COMMANDS.insertCitation, DBLP);
      assert.equal(tex.getText(), `BERT \\cite{${DBLP}} and \\cite{unknownkey2021}.`);
      assert.deepEqual(await diagnosticsAfter(tex, 'unknownkey2021'), ['unknownkey2021']);

      // Hover and go to definition understand the key.
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', md.uri, new vscode.Position(0, 12));
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
      assert.match(text, /BERT/);
    } finally {
      await vscode.workspace.fs.delete(bib);
    }
  });

  test('a colliding paper added later does not take the key of a paper with a note and citations', async () => {
    const api = await litNotes();
    const day2 = await write('keys-day2.json', hfJson([EXISTING]));
    let day1: vscode.Uri | undefined;
    try {
      const paper = await waitFor('the first paper', () => api.service.library.papers.find((p) => p.arxivId === EXISTING.id), 20_000);
      assert.equal(paper.key, 'cheng2024breaking');
      const note = await vscode.commands.executeCommand<vscode.Uri>(COMMANDS.openNote, paper.key);
      assert.ok(note);
      const md = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'As shown  and in [@unknownkey2022].\n' });
      const editor = await vscode.window.showTextDocument(md);
      editor.selection = new vscode.Selection(0, 9, 0, 9);
      await vscode.commands.executeCommand(COMMANDS.insertCitation, paper.key);
      assert.equal(md.getText(), 'As shown [@cheng2024breaking] and in [@unknownkey2022].\n');
      // Inserting recorded the key in the lock.
      const lockUri = vscode.Uri.joinPath(workspaceRoot(), '.litnotes', 'citekeys.json');
      const lock = new TextDecoder().decode(await vscode.workspace.fs.readFile(lockUri));
      assert.match(lock, /"key":"cheng2024breaking","arxiv":"2410\.00002"/);

      // The newcomer sorts first by identity: without pins it would take `cheng2024breaking`.
      day1 = await write('keys-day1.json', hfJson([NEWCOMER]));
      const newcomer = await waitFor('the newcomer', () => api.service.library.papers.find((p) => p.arxivId === NEWCOMER.id), 20_000);
      assert.equal(newcomer.key, 'cheng2024breakinga');
      assert.equal(api.service.library.byKey.get('cheng2024breaking')?.arxivId, EXISTING.id);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', md.uri, new vscode.Position(0, 15));
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
      assert.match(text, /Breaking the barrier of scale/);
      assert.deepEqual(await diagnosticsAfter(md, 'unknownkey2022'), ['unknownkey2022']);
      const defs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', md.uri, new vscode.Position(0, 15));
      assert.equal(defs[0]?.uri.toString(), note.toString());
    } finally {
      await vscode.workspace.fs.delete(day2);
      if (day1) {
        await vscode.workspace.fs.delete(day1);
      }
    }
  });
});
