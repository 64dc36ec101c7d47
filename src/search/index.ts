/** `Lit Notes: Search Papers…` and the paper pickers every other command uses. */
import * as vscode from 'vscode';
import type { Paper } from '../core/model';
import { COMMANDS } from '../ids';
import type { LibraryService } from '../library';
import type { SearchService } from '../library/search-service';
import type { SearchSettings } from '../platform/settings';
import { readSearchSettings as readSettings } from '../platform/settings';
import type { PickResult, SearchAction } from './search-picker';
import { showSearchPicker } from './search-picker';

const ACTIONS: readonly SearchAction[] = ['openDetail', 'openNote', 'insertCitation', 'copyKey'];
const COMMAND_OF: Record<SearchAction, string> = {
  openDetail: COMMANDS.showPaper,
  openNote: COMMANDS.openNote,
  insertCitation: COMMANDS.insertCitation,
  copyKey: COMMANDS.copyKey,
};

const readSearchSettings = (): SearchSettings<SearchAction> => readSettings(ACTIONS, 'openDetail');

export interface Pickers {
  pickPaper(title: string, value?: string): Promise<Paper | undefined>;
  pickPapers(title: string): Promise<readonly Paper[]>;
}

export function register(context: vscode.ExtensionContext, service: LibraryService, search: SearchService): Pickers {
  const run = (action: SearchAction, paper: Paper): Thenable<unknown> => vscode.commands.executeCommand(COMMAND_OF[action], paper.key);
  const pick = async (title: string, canPickMany: boolean, defaultAction: SearchAction, value?: string): Promise<PickResult | undefined> => {
    // No wait for the library: opened early, the picker shows what is searchable so far and fills in.
    const settings = readSearchSettings();
    return showSearchPicker(search, {
      title,
      limit: settings.limit,
      abstracts: settings.abstracts,
      canPickMany,
      defaultAction,
      onButton: (action, paper) => void run(action, paper),
      ...(value !== undefined ? { value } : {}),
    });
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.searchPapers, async (value?: unknown) => {
      const action = readSearchSettings().defaultAction;
      const result = await pick('Search Papers', false, action, typeof value === 'string' ? value : undefined);
      const paper = result?.papers[0];
      if (paper) {
        service.noteOpened(paper.key);
        await run(result.action, paper);
      }
      return paper?.key;
    }),
  );
  return {
    pickPaper: async (title, value) => (await pick(title, false, 'openDetail', value))?.papers[0],
    pickPapers: async (title) => (await pick(title, true, 'insertCitation'))?.papers ?? [],
  };
}
