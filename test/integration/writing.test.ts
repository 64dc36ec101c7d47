/** Writing with citations in the real extension host: the document's own bibliography. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/ids';
import type { SyncReport } from '../../src/writing/document-bibliography';
import MarkdownIt from 'markdown-it';
import { litNotes, waitFor, workspaceRoot } from './api';

const REFS = `% my own entries: never touched
@inproceedings{he2016deep,
  title = {Deep Residual Learning for Image Recognition},
  author = {He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
  year = {2016}
}
`;

async function write(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function read(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

function bibDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.code === 'not-in-bibliography');
}

suite('Writing: the document bibliography', () => {
  test('a cited paper missing from refs.bib gets "not in refs.bib"; the quick fix appends it and the warning goes', async () => {
    const api = await litNotes();
    const bib = await write('writing-fix/refs.bib', REFS);
    const docUri = await write('writing-fix/draft.md', '---\nbibliography: refs.bib\n---\n\nSee [@he2016deep; @vaswani2017attention, p. 4].\n');
    const doc = await vscode.workspace.openTextDocument(docUri);
    await vscode.window.showTextDocument(doc);
    const diagnostics = await waitFor('the "not in refs.bib" warning', () => {
      const d = bibDiagnostics(docUri);
      return d.length > 0 ? d : undefined;
    }, 20_000);
    assert.deepEqual(diagnostics.map((d) => doc.getText(d.range)), ['vaswani2017attention']);
    assert.match(diagnostics[0]?.message ?? '', /not in refs\.bib/);
    // the workbench learns of diagnostics asynchronously: ask until it passes ours to the provider
    const fix = await waitFor('the quick fix "Add to refs.bib"', async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', docUri, diagnostics[0]?.range);
      return actions.find((a) => a.title === 'Add to refs.bib');
    });
    assert.ok(fix.command);
    assert.equal(await vscode.commands.executeCommand<boolean>(fix.command.command, ...((fix.command.arguments ?? []) as unknown[])), true);
    const after = await read(bib);
    assert.ok(after.startsWith(REFS), 'the existing entry is byte-identical');
    assert.match(after, /\n@\w+\{vaswani2017attention,\n/);
    await waitFor('the warning to go', () => bibDiagnostics(docUri).length === 0, 20_000);
    // the bibliography is a library source too: same paper, same key, no duplicate-key problem
    await waitFor('refs.bib loaded', () => api.service.library.sources.some((s) => s.path.endsWith('writing-fix/refs.bib')), 20_000);
    assert.equal(api.service.library.byKey.get('vaswani2017attention')?.key, 'vaswani2017attention');
    assert.deepEqual(api.service.library.problems.filter((p) => p.path.endsWith('writing-fix/refs.bib')), []);
  });

  test('Sync Document Bibliography appends every missing cited paper, reports unused and unknown keys, and is idempotent', async () => {
    const api = await litNotes();
    const hf = api.service.library.papers.find((p) => p.sources.some((s) => s.format === 'hf-json'));
    assert.ok(hf, 'a Hugging Face paper in the samples');
    const existing = '[\n  {"id": "orphan1999", "type": "book", "title": "Nobody Cites This"}\n]\n';
    const bib = await write('writing-sync/refs.json', existing);
    const docUri = await write('writing-sync/draft.md', `---\nbibliography:\n  - refs.json\n---\n\n[@${hf.key}; @he2016deep] and @nosuchkey2020x.\n`);
    const doc = await vscode.workspace.openTextDocument(docUri);
    await vscode.window.showTextDocument(doc);
    const report = await vscode.commands.executeCommand<SyncReport>(COMMANDS.syncBibliography, docUri);
    assert.deepEqual(report.added, [hf.key, 'he2016deep']);
    assert.deepEqual(report.unused, ['orphan1999']);
    assert.deepEqual(report.unknown, ['nosuchkey2020x']);
    assert.deepEqual(report.bibliography, ['writing-sync/refs.json']);
    const after = await read(bib);
    assert.ok(after.startsWith('[\n  {"id": "orphan1999", "type": "book", "title": "Nobody Cites This"}'));
    assert.deepEqual((JSON.parse(after) as Array<{ id: string }>).map((i) => i.id), ['orphan1999', hf.key, 'he2016deep']);
    const again = await vscode.commands.executeCommand<SyncReport>(COMMANDS.syncBibliography, docUri);
    assert.deepEqual(again.added, []);
    assert.equal(await read(bib), after);
  });

  test('LaTeX: \\bibliography{refs} is refs.bib next to the document', async () => {
    await litNotes();
    const bib = await write('writing-tex/refs.bib', REFS);
    const docUri = await write('writing-tex/main.tex', '\\documentclass{article}\n\\begin{document}\n\\cite{he2016deep,wortsman2022soups}\n\\bibliography{refs}\n\\end{document}\n');
    const report = await vscode.commands.executeCommand<SyncReport>(COMMANDS.syncBibliography, docUri);
    assert.deepEqual(report.added, ['wortsman2022soups']);
    assert.ok((await read(bib)).startsWith(REFS));
  });
});

suite('Writing: where a paper is cited', () => {
  test('Find All References lists the citations of a paper across documents, under every key and alias, edits included', async () => {
    const api = await litNotes();
    await write('writing-refs/alias.bib', '@article{HeResNet,\n  title = {Deep Residual Learning for Image Recognition},\n  doi = {10.1109/CVPR.2016.90},\n  year = {2016}\n}\n');
    await api.service.reload({ force: true }); // this test is about references, not the library's watcher
    await waitFor('the alias HeResNet', () => api.service.library.byKey.get('HeResNet')?.key === 'he2016deep', 20_000);
    const a = await write('writing-refs/a.md', 'Residual nets [@he2016deep, p. 3] and [@vaswani2017attention].\n');
    await write('writing-refs/b.md', 'As @he2016deep shows.\n\n`@he2016deep` in code is not a citation.\n');
    await write('writing-refs/c.tex', '\\citep[see][]{wortsman2022soups, he2016deep}\n% \\cite{he2016deep}\n');
    await write('writing-refs/d.md', 'Under its other key: [@HeResNet].\n');
    const doc = await vscode.workspace.openTextDocument(a);
    await vscode.window.showTextDocument(doc);
    const ours = async (): Promise<string[]> => {
      const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', a, new vscode.Position(0, 20));
      return locations
        // VS Code's own markdown features add link-reference results (`[@key, p. 3]` looks like one): keep key ranges
        .filter((l) => l.uri.path.includes('/writing-refs/') && l.range.isSingleLine && [10, 8].includes(l.range.end.character - l.range.start.character))
        .map((l) => `${l.uri.path.slice(l.uri.path.lastIndexOf('/') + 1)}:${l.range.start.line}:${l.range.start.character}`)
        .sort();
    };
    let last: string[] = [];
    try {
      await waitFor('four citations', async () => {
        last = await ours();
        return last.length >= 4;
      }, 20_000);
    } finally {
      assert.deepEqual(last, ['a.md:0:16', 'b.md:0:4', 'c.tex:0:33', 'd.md:0:23']);
    }

    // an unsaved edit counts at once
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), 'Again [@HeResNet].\n'));
    assert.ok((await ours()).includes('a.md:1:8'));

    // the detail view's "Cited in N documents": one entry per document, the edit counted
    const paper = api.service.library.byKey.get('he2016deep');
    assert.ok(paper);
    const citing = await waitFor('the index to take the edit', () => {
      const docs = api.writing.citations.citingDocuments([paper.key, ...(paper.aliases ?? [])]).filter((d) => d.path.startsWith('writing-refs/'));
      return docs.find((d) => d.path === 'writing-refs/a.md')?.count === 2 ? docs : undefined;
    });
    assert.deepEqual(citing.map((d) => [d.path, d.line, d.count]), [
      ['writing-refs/a.md', 1, 2],
      ['writing-refs/b.md', 1, 1],
      ['writing-refs/c.tex', 1, 1],
      ['writing-refs/d.md', 1, 1],
    ]);
  });
});

suite('Writing: citations the file watcher never reported', () => {
  test('a document in a folder excluded from watching (files.watcherExclude) is still found and counted', async () => {
    await litNotes();
    const files = vscode.workspace.getConfiguration('files');
    const before = files.inspect<Record<string, boolean>>('watcherExclude')?.workspaceValue;
    await files.update('watcherExclude', { ...(before ?? {}), '**/unwatched/**': true }, vscode.ConfigurationTarget.Workspace);
    try {
      const api = await litNotes();
      const uri = await write('unwatched/draft.md', 'Attention [@vaswani2017attention] and [@he2016deep].\n');
      const citations = await api.writing.citations.citationsOf(['vaswani2017attention']);
      assert.deepEqual(citations.filter((c) => c.uri.path.endsWith('/unwatched/draft.md')).map((c) => `${c.range.start.line}:${c.range.start.character}`), ['0:12']);
      // changed behind the watcher's back: same answer as a fresh read
      await write('unwatched/draft.md', 'Now only [@he2016deep].\n\nAnd [@vaswani2017attention] on line 3.\n');
      const again = await api.writing.citations.citationsOf(['vaswani2017attention']);
      assert.deepEqual(again.filter((c) => c.uri.path.endsWith('/unwatched/draft.md')).map((c) => `${c.range.start.line}:${c.range.start.character}`), ['2:6']);
      await vscode.workspace.fs.delete(uri);
      const gone = await api.writing.citations.citationsOf(['vaswani2017attention']);
      assert.deepEqual(gone.filter((c) => c.uri.path.includes('/unwatched/')), []);
    } finally {
      await files.update('watcherExclude', before, vscode.ConfigurationTarget.Workspace);
    }
  });
});

suite('Writing: Rename Citation Key', () => {
  test('F2 renames a generated key in every document, the note (citekey and file name) and the key lock, in one edit', async () => {
    const api = await litNotes();
    const paper = api.service.library.papers.find((p) => p.keyOrigin !== 'source' && p.sources.some((s) => s.format === 'hf-json'));
    assert.ok(paper, 'a Hugging Face paper with a generated key');
    const from = paper.key;
    const to = 'renamed2025nvfp4';
    const e1 = await write('writing-rename/e1.md', `Low precision [@${from}, p. 4].\n`);
    const e2 = await write('writing-rename/e2.tex', `\\cite{${from}}\n`);
    const note = await write(`papers/${from}.md`, `---\ntitle: "${paper.title}"\ncitekey: ${from}\narxiv: "${paper.arxivId ?? ''}"\n---\n\nMy notes.\n`);
    await api.notes.rescan();
    await waitFor('the note', () => api.notes.get(paper)?.uri.toString() === note.toString(), 20_000);
    await waitFor('both citations indexed', async () => (await api.writing.citations.citationsOf([from])).filter((c) => c.uri.path.includes('/writing-rename/')).length === 2, 20_000);
    // F2 in LaTeX (in markdown, VS Code's own link-reference rename may answer first; the command always works)
    const doc = await vscode.workspace.openTextDocument(e2);
    await vscode.window.showTextDocument(doc);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', e2, new vscode.Position(0, 8), to);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await vscode.workspace.saveAll(false);
    assert.equal(doc.getText(), `\\cite{${to}}\n`);
    const text = async (uri: vscode.Uri): Promise<string> => (await vscode.workspace.openTextDocument(uri)).getText(); // saved or not
    assert.equal(await text(e1), `Low precision [@${to}, p. 4].\n`);
    const renamedNote = vscode.Uri.joinPath(workspaceRoot(), 'papers', `${to}.md`);
    assert.match(await text(renamedNote), new RegExp(`\\ncitekey: ${to}\\n[\\s\\S]*My notes\\.`));
    const lock = await text(vscode.Uri.joinPath(workspaceRoot(), '.litnotes', 'citekeys.json'));
    assert.match(lock, new RegExp(`"key":"${to}"`));
    assert.doesNotMatch(lock, new RegExp(`"key":"${from}"`));
    await vscode.workspace.saveAll(false);
    await waitFor('the library to take the new key', () => api.service.library.byKey.get(to)?.title === paper.title, 20_000);
  });

  test('a key from a .bib file is not renamed: the message names the file and line', async () => {
    await litNotes();
    const uri = await write('writing-rename/bib.tex', 'See \\cite{he2016deep}.\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.prepareRename', uri, new vscode.Position(0, 14))),
      (error: Error) => /library\.bib:\d+/.test(error.message),
    );
    assert.equal(await vscode.commands.executeCommand<boolean>(COMMANDS.renameCitationKey, 'he2016deep', 'other2016'), false);
  });
});

suite('Writing: citations in the markdown preview', () => {
  test('the extendMarkdownIt hook renders author–date citations from the library, unknown keys unresolved', async () => {
    const api = await litNotes();
    const md = api.extendMarkdownIt(new MarkdownIt());
    const html = md.render('Residual nets [see @he2016deep, p. 3; @nosuchkey2020] and `@he2016deep`; mail a@he2016deep.org.');
    assert.equal(html.replace(/<[^>]+>/g, '').trim(), 'Residual nets (see He et al., 2016, p. 3; @nosuchkey2020) and @he2016deep; mail a@he2016deep.org.');
    assert.match(html, /title="Deep Residual Learning for Image Recognition \(@he2016deep\)"/);
    assert.match(html, /lit-cite-unresolved/);
    const manifest = vscode.extensions.getExtension('litnotes.lit-notes')?.packageJSON as { contributes: Record<string, unknown> };
    assert.equal(manifest.contributes['markdown.markdownItPlugins'], true);
  });
});
