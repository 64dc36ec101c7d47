/** Inserting citations into real documents. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/ids';
import { litNotes } from './api';

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
