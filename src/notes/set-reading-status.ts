/** Set Reading Status…: edits only `status` in the note's frontmatter (creating the note when needed). */
import * as vscode from 'vscode';
import type { ReadingStatus } from '../core/grouping';
import { READING_STATUSES } from '../core/grouping';
import { rewriteRefusal, setStatusText } from '../core/notes/frontmatter';
import { COMMANDS } from '../ids';
import { paperFromArg } from '../platform/command-args';
import { editTextFile } from '../platform/edit-text';
import { restrictedModeRefusal } from '../platform/workspace-trust';
import type { NotesContext } from './notes-context';

export function registerSetReadingStatus(ctx: NotesContext): vscode.Disposable {
  const { service, notes, writer } = ctx;
  return vscode.commands.registerCommand(COMMANDS.setReadingStatus, async (arg?: unknown, value?: unknown) => {
    const paper = paperFromArg(service.library, arg) ?? (arg === undefined ? (ctx.paperOfActiveNote() ?? (await ctx.resolve(undefined, 'Set Reading Status'))) : undefined);
    if (!paper) {
      return undefined;
    }
    const current = notes.statusOf(paper);
    const status =
      typeof value === 'string' && (READING_STATUSES as readonly string[]).includes(value)
        ? (value as ReadingStatus)
        : (await vscode.window.showQuickPick(READING_STATUSES.map((s) => ({ label: s, description: s === current ? 'current' : undefined })), { title: `Reading status of "${paper.title}"` }))?.label;
    if (!status) {
      return undefined;
    }
    const note = await writer.ensureNote(paper);
    if (!note) {
      return undefined;
    }
    const unsafe = await restrictedModeRefusal(note.uri, { write: true });
    if (unsafe !== undefined) {
      void vscode.window.showWarningMessage(`Lit Notes: ${vscode.workspace.asRelativePath(note.uri)} was not changed: ${unsafe}.`);
      return undefined;
    }
    let refusal: string | undefined;
    const result = await editTextFile(note.uri, (text) => {
      const next = setStatusText(text, status);
      refusal = next === undefined ? (rewriteRefusal(text) ?? 'the new frontmatter would be over its size budget') : undefined;
      return next;
    });
    if (result === 'refused') {
      void vscode.window.showWarningMessage(`Lit Notes: ${vscode.workspace.asRelativePath(note.uri)} was not changed: ${refusal ?? 'its frontmatter cannot be rewritten'}; set the status by hand.`);
    }
    await notes.rescan([note.uri]);
    return status;
  });
}
