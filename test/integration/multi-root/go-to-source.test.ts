/**
 * In a multi-root workspace (scripts/run-integration.mjs --multi-root: the copy of samples/ and a
 * second folder, each with its own library.bib), display paths start with the folder's name and
 * two sources share a file name: go to definition must open the right file at the entry's line.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { litNotes, waitFor } from '../api';

suite('Multi-root workspace', () => {
  test('go to definition opens the source entry in the folder it came from', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 2, 'a multi-root workspace with two folders');
    const [first, second] = folders as [vscode.WorkspaceFolder, vscode.WorkspaceFolder];
    const api = await litNotes();
    await waitFor('both library.bib files loaded', () => api.service.library.byKey.has('otherroot2023') && api.service.library.byKey.has('he2016deep'), 30_000);
    const paths = api.service.library.sources.map((s) => s.path).filter((p) => p.endsWith('library.bib')).sort();
    assert.deepEqual(paths, [`${first.name}/library.bib`, `${second.name}/library.bib`]);

    const draft = vscode.Uri.joinPath(second.uri, 'draft.md');
    await vscode.workspace.fs.writeFile(draft, new TextEncoder().encode('See [@otherroot2023] and [@he2016deep].\n'));
    const doc = await vscode.workspace.openTextDocument(draft);
    await vscode.window.showTextDocument(doc);
    const definition = async (key: string): Promise<string> => {
      const at = doc.positionAt(doc.getText().indexOf(`@${key}`) + 2);
      const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', draft, at);
      const ours = found.map((l) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetRange } : l)).filter((l) => l.uri.path.endsWith('.bib') || l.uri.path.endsWith('.md'));
      assert.equal(ours.length, 1, `one definition of ${key}: ${JSON.stringify(ours.map((l) => l.uri.toString()))}`);
      return `${ours[0]!.uri.toString()}:${ours[0]!.range.start.line}`;
    };
    const lineOf = async (uri: vscode.Uri, key: string): Promise<number> => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)).split('\n').findIndex((l) => l.includes(`{${key},`));
    const secondBib = vscode.Uri.joinPath(second.uri, 'library.bib');
    const firstBib = vscode.Uri.joinPath(first.uri, 'library.bib');
    assert.equal(await definition('otherroot2023'), `${secondBib.toString()}:${await lineOf(secondBib, 'otherroot2023')}`);
    assert.equal(await definition('he2016deep'), `${firstBib.toString()}:${await lineOf(firstBib, 'he2016deep')}`);
  });
});
