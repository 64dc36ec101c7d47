/** Search Papers through the real quick pick: typed value, accepted item, default action. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Library } from '../../src/core/library';
import { buildLibrary } from '../../src/core/library';
import { COMMANDS } from '../../src/ids';
import type { LibraryService } from '../../src/services/library-service';
import type { RecentPapers } from '../../src/services/recent-papers';
import { SearchService } from '../../src/services/search-service';
import type { Logger } from '../../src/platform/logger';
import { showSearchPicker } from '../../src/services/paper-picker';
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

  test('a search opened before the library is ready shows what is searchable so far and fills in', async () => {
    const api = await litNotes();
    const changed = new vscode.EventEmitter<Library>();
    const loadingChanged = new vscode.EventEmitter<boolean>();
    let ready = (): void => undefined;
    const library = { current: buildLibrary([]) };
    const service = {
      get library() {
        return library.current;
      },
      onDidChange: changed.event,
      onDidChangeLoading: loadingChanged.event,
      ready: new Promise<void>((resolve) => (ready = resolve)),
      abstractsLoaded: true,
      whenAbstracts: () => Promise.resolve(),
      whenShown: () => Promise.resolve(),
    };
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined } as unknown as Logger;
    const search = new SearchService(service as unknown as LibraryService, { keys: [] } as unknown as RecentPapers, quiet);
    try {
      assert.equal(search.loading, true);
      const result = showSearchPicker(search, { title: 'Early Search', limit: 50, abstracts: true, canPickMany: false, defaultAction: 'openDetail', value: 'atention is all you ned' });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(search.search('atention is all you ned', { limit: 5, abstracts: true }).length, 0, 'nothing searchable yet');
      // The library arrives: the open picker searches again and shows it.
      library.current = api.service.library;
      loadingChanged.fire(true);
      changed.fire(library.current);
      loadingChanged.fire(false);
      ready();
      await search.ready;
      assert.equal(search.loading, false);
      await new Promise((r) => setTimeout(r, 500)); // let the picker show its new rows
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.equal((await result)?.papers[0]?.key, 'vaswani2017attention');
    } finally {
      search.dispose();
    }
  });

  test('an open picker whose first row was left alone shows a better match that arrives later on top', async () => {
    const api = await litNotes();
    const changed = new vscode.EventEmitter<Library>();
    const loadingChanged = new vscode.EventEmitter<boolean>();
    const full = api.service.library;
    const query = 'attention is all you need';
    // First only the papers without the best match are searchable (as while the index grows).
    const partial = { ...full, papers: full.papers.filter((p) => p.key !== 'vaswani2017attention') };
    const library = { current: partial as Library };
    const service = {
      get library() {
        return library.current;
      },
      onDidChange: changed.event,
      onDidChangeLoading: loadingChanged.event,
      ready: Promise.resolve(),
      abstractsLoaded: true,
      whenAbstracts: () => Promise.resolve(),
      whenShown: () => Promise.resolve(),
    };
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined } as unknown as Logger;
    const search = new SearchService(service as unknown as LibraryService, { keys: [] } as unknown as RecentPapers, quiet);
    try {
      changed.fire(partial);
      await search.ready;
      await waitFor('the partial library searchable', () => search.search(query, { limit: 5, abstracts: true }).length > 0);
      const first = search.search(query, { limit: 5, abstracts: true })[0]?.paper.key;
      assert.ok(first !== undefined && first !== 'vaswani2017attention');
      const result = showSearchPicker(search, { title: 'Growing Search', limit: 50, abstracts: true, canPickMany: false, defaultAction: 'openDetail', value: query });
      await new Promise((r) => setTimeout(r, 500)); // the picker shows the partial results, the first row active
      library.current = full;
      changed.fire(full);
      await waitFor('the full library searchable', () => search.search(query, { limit: 1, abstracts: true })[0]?.paper.key === 'vaswani2017attention');
      await new Promise((r) => setTimeout(r, 500)); // the open picker searches again
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.equal((await result)?.papers[0]?.key, 'vaswani2017attention', 'the new best match is the active row');
    } finally {
      search.dispose();
    }
  });

  test('an empty query offers recently opened papers first', async () => {
    await litNotes();
    await vscode.commands.executeCommand(COMMANDS.showPaper, 'he2016deep');
    assert.equal(await searchAndAccept(''), 'he2016deep');
  });
});
