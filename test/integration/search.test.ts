/** Search Papers through the real quick pick: typed value, accepted item, default action. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/ids';
import { litNotes, waitFor } from './api';

async function searchAndAccept(query: string): Promise<string | undefined> {
  const result = vscode.commands.executeCommand<string | undefined>(COMMANDS.searchPapers, query);
  await new Promise((r) => setTimeout(r, 500)); // let the picker show its results
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  return result;
}

suite('Search', () => {
  test('a misspelled title finds its paper first; Enter shows it in the detail view', async () => {
    const api = await litNotes();
    const key = await searchAndAccept('atention is all you ned');
    assert.equal(key, 'vaswani2017attention');
    await waitFor('the detail view', () => api.detail.shownKey === 'vaswani2017attention');
  });

  test('@key finds that key first; words in any order find a title', async () => {
    await litNotes();
    assert.equal(await searchAndAccept('@he2016'), 'he2016deep');
    assert.equal(await searchAndAccept('soups model averaging'), 'wortsman2022soups');
  });

  test('an empty query offers recently opened papers first', async () => {
    await litNotes();
    await vscode.commands.executeCommand(COMMANDS.showPaper, 'he2016deep');
    assert.equal(await searchAndAccept(''), 'he2016deep');
  });
});
