/** Open or Create Note: the paper's note, created from the template when it has none. */
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { NotesContext } from './notes-context';

export function registerOpenNote(ctx: NotesContext): vscode.Disposable {
  const { service, writer } = ctx;
  return vscode.commands.registerCommand(COMMANDS.openNote, async (arg?: unknown) => {
    const paper = await ctx.resolve(arg, 'Open or Create Note');
    if (!paper) {
      return undefined;
    }
    ctx.services.recent.opened(paper.key);
    const result = await writer.openNote(paper);
    if (result?.created) {
      await service.keysUsed([paper]);
    }
    return result?.uri;
  });
}
