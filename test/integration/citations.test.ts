/** Inserting citations into real documents. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/ids';
import { buildLibrary } from '../../src/core/library';
import { parseSource } from '../../src/core/sources';
import { litNotes, waitFor } from './api';

suite('Citations', () => {
  test('markdown gets pandoc citations at every cursor; LaTeX gets \\cite', async () => {
    await litNotes();
    const md = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'See  and .\n' });
    const editor = await vscode.window.showTextDocument(md);
    editor.selections = [new vscode.Selection(0, 4, 0, 4), new vscode.Selection(0, 9, 0, 9)];
    await vscode.commands.executeCommand(COMMANDS.insertCitation, ['he2016deep', 'vaswani2017attention']);
    assert.equal(md.getText(), 'See [@he2016deep; @vaswani2017attention] and [@he2016deep; @vaswani2017attention].\n');

    const tex = await vscode.workspace.openTextDocument({ language: 'latex', content: 'As shown in .' });
    const texEditor = await vscode.window.showTextDocument(tex);
    texEditor.selection = new vscode.Selection(0, 12, 0, 12);
    await vscode.commands.executeCommand(COMMANDS.insertCitation, 'he2016deep');
    assert.equal(tex.getText(), 'As shown in \\cite{he2016deep}.');
  });
});

suite('Citation providers', () => {
  async function open(language: string, content: string): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument({ language, content });
    return vscode.window.showTextDocument(doc);
  }

  test('typing @ and part of a title offers the paper, ranked by our engine', async () => {
    await litNotes();
    const editor = await open('markdown', 'As shown by @resid');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(0, 18), '@');
    const ours = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Reference);
    const first = ours[0];
    assert.ok(first, 'completion items');
    assert.equal(typeof first.label === 'string' ? first.label : first.label.label, 'he2016deep');
    assert.equal(first.insertText, 'he2016deep');
    assert.deepEqual([(first.range as vscode.Range).start.character, (first.range as vscode.Range).end.character], [13, 18]);
  });

  test('LaTeX: completion inside \\cite{a, …}', async () => {
    await litNotes();
    const editor = await open('latex', '\\citep[see][]{he2016deep, attenti');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(0, 33));
    const keys = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Reference).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.equal(keys[0], 'vaswani2017attention');
  });

  test('hover shows the paper; go to definition opens its note or its source entry', async () => {
    const api = await litNotes();
    const editor = await open('markdown', 'See [@wortsman2022soups; @he2016deep, p. 3].');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 10));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Model soups/);
    assert.match(text, /arxiv\.org\/abs\/2203\.05482/);
    const defs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', editor.document.uri, new vscode.Position(0, 30));
    const he = api.service.library.byKey.get('he2016deep');
    const note = he ? api.notes.get(he) : undefined;
    assert.ok(defs[0]);
    if (note) {
      assert.equal(defs[0].uri.toString(), note.uri.toString());
    } else {
      assert.match(defs[0].uri.path, /library\.bib$/);
    }
    const soupsDef = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', editor.document.uri, new vscode.Position(0, 10));
    assert.ok(soupsDef[0]);
  });

  test('an unknown key is a warning with a quick fix that replaces it with the close match', async () => {
    await litNotes();
    const editor = await open('markdown', 'Residual nets [@he2016dep].\n');
    const uri = editor.document.uri;
    const diagnostics = await waitFor('the warning', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'Lit Notes');
      return d.length > 0 ? d : undefined;
    });
    assert.equal(diagnostics[0]?.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostics[0]?.message ?? '', /he2016dep/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostics[0].range);
    const fix = actions.find((a) => a.title.startsWith('Replace with "he2016deep"'));
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    await vscode.workspace.applyEdit(fix.edit);
    assert.equal(editor.document.getText(), 'Residual nets [@he2016deep].\n');
    await waitFor('the warning to clear', () => vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'Lit Notes').length === 0);
  });

  test('export to BibTeX and CSL-JSON; the files load back to the same papers', async () => {
    const api = await litNotes();
    const root = vscode.workspace.workspaceFolders![0]!.uri;
    const papers = api.service.library.papers.filter((p) => p.sources.some((s) => s.path.startsWith('daily-papers/000')));
    for (const format of ['bibtex', 'csl-json'] as const) {
      const target = vscode.Uri.joinPath(root, 'exports', `out.${format === 'bibtex' ? 'bib' : 'csl.json'}`);
      await vscode.commands.executeCommand(COMMANDS.exportPapers, papers.map((p) => p.key), { format, target });
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      const back = buildLibrary([parseSource(target.path, text, { explicit: true })]);
      assert.equal(back.problems.length, 0, back.problems.map((p) => p.message).join('; '));
      assert.deepEqual(back.papers.map((p) => [p.key, p.title]).sort(), papers.map((p) => [p.key, p.title]).sort());
    }
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, 'exports'), { recursive: true });
  });

  test('exports are never loaded back by the folder scan (BibTeX by its marker, both by .litnotes/exports.json); named in litNotes.sources they load', async () => {
    const api = await litNotes();
    const root = vscode.workspace.workspaceFolders![0]!.uri;
    const before = await api.service.reload();
    const fromLibraryBib = before.papers.filter((p) => p.sources.some((s) => s.path === 'library.bib'));
    const bib = vscode.Uri.joinPath(root, 'lit-notes-export.bib');
    const csl = vscode.Uri.joinPath(root, 'shelf', 'lit-notes-export.csl.json');
    await vscode.commands.executeCommand(COMMANDS.exportPapers, fromLibraryBib.map((p) => p.key), { format: 'bibtex', target: bib });
    await vscode.commands.executeCommand(COMMANDS.exportPapers, fromLibraryBib.map((p) => p.key), { format: 'csl-json', target: csl });
    const registry = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, '.litnotes', 'exports.json')))) as { exports: string[] };
    assert.deepEqual(registry.exports.filter((p) => p.includes('lit-notes-export')), ['lit-notes-export.bib', 'shelf/lit-notes-export.csl.json']);

    const after = await api.service.reload({ force: true });
    assert.equal(after.papers.length, before.papers.length);
    assert.equal(after.recordCount, before.recordCount, 'no record comes from an export');
    assert.ok(after.papers.every((p) => p.sources.every((s) => !s.path.includes('lit-notes-export'))));
    const skipped = after.sources.filter((s) => s.skipped !== undefined).map((s) => s.path).sort();
    assert.deepEqual(skipped, ['lit-notes-export.bib', 'shelf/lit-notes-export.csl.json']);
    const summary = await vscode.commands.executeCommand<{ sources: Array<{ path: string; skipped?: string }> }>(COMMANDS.showLibrarySummary);
    assert.match(summary.sources.find((s) => s.path === 'lit-notes-export.bib')?.skipped ?? '', /Lit Notes export.*litNotes\.sources/);

    // Deleting a paper from its source removes it from the library: no export keeps it alive.
    const gone = fromLibraryBib[0]!;
    const libraryBib = vscode.Uri.joinPath(root, 'library.bib');
    const original = await vscode.workspace.fs.readFile(libraryBib);
    const source = gone.sources.find((s) => s.path === 'library.bib')!;
    const lines = new TextDecoder().decode(original).split('\n');
    const start = source.line - 1;
    let end = start + 1;
    while (end < lines.length && !lines[end]!.startsWith('@')) {
      end++;
    }
    try {
      await vscode.workspace.fs.writeFile(libraryBib, new TextEncoder().encode([...lines.slice(0, start), ...lines.slice(end)].join('\n')));
      const without = await api.service.reload({ force: true });
      assert.equal(without.byKey.get(gone.key), undefined, `${gone.key} is gone with its entry`);

      // Named in litNotes.sources, an export is a source like any other.
      const config = vscode.workspace.getConfiguration('litNotes');
      await config.update('sources', ['**/*.bib', 'lit-notes-export.bib'], vscode.ConfigurationTarget.Workspace);
      try {
        const named = await waitFor('the named export to load', async () => {
          const l = await api.service.reload();
          return l.byKey.get(gone.key) ? l : undefined;
        });
        assert.ok(named.byKey.get(gone.key)!.sources.some((s) => s.path === 'lit-notes-export.bib'));
      } finally {
        await config.update('sources', undefined, vscode.ConfigurationTarget.Workspace);
      }
    } finally {
      await vscode.workspace.fs.writeFile(libraryBib, original);
      await vscode.workspace.fs.delete(bib);
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, 'shelf'), { recursive: true });
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, '.litnotes', 'exports.json'));
      await api.service.reload({ force: true });
    }
  });
});
