/** Update Note Metadata: refreshes the library's fields in notes (shows what changes first); the user's fields and body stay byte for byte. */
import * as vscode from 'vscode';
import type { Paper } from '../core/model';
import type { FieldChange } from '../core/notes/frontmatter';
import { updateNoteText } from '../core/notes/frontmatter';
import { COMMANDS } from '../ids';
import { paperFromArg } from '../platform/command-args';
import { currentText, editTextFile } from '../platform/edit-text';
import { restrictedModeRefusal } from '../platform/workspace-trust';
import type { NotesContext } from './notes-context';

async function updateNoteMetadata(ctx: NotesContext, arg?: unknown, options?: { confirm?: boolean }) {
  const { service, notes, log } = ctx;
  await service.ready;
  await notes.ready;
  let targets: Paper[];
  const one = paperFromArg(service.library, arg) ?? (arg === undefined ? ctx.paperOfActiveNote() : undefined);
  if (one) {
    targets = [one];
  } else {
    const withNotes = service.library.papers.filter((p) => notes.hasNote(p));
    if (withNotes.length === 0) {
      void vscode.window.showInformationMessage('Lit Notes: no notes to update yet.');
      return undefined;
    }
    targets = withNotes;
  }
  // Plan first: what would change, per note.
  const plan: Array<{ paper: Paper; uri: vscode.Uri; changes: readonly FieldChange[] }> = [];
  const refused: string[] = [];
  for (const paper of targets) {
    const uri = notes.get(paper)?.uri;
    if (!uri) {
      continue;
    }
    const unsafe = await restrictedModeRefusal(uri, { write: true });
    if (unsafe !== undefined) {
      refused.push(`${vscode.workspace.asRelativePath(uri)}: ${unsafe}`);
      continue;
    }
    const update = updateNoteText(await currentText(uri), paper);
    if (update.error) {
      refused.push(`${vscode.workspace.asRelativePath(uri)}: ${update.error}`);
    } else if (update.text !== undefined) {
      plan.push({ paper, uri, changes: update.changes });
    }
  }
  refused.forEach((r) => log.warn(`Not updated: ${r}`));
  if (plan.length === 0) {
    void vscode.window.showInformationMessage(`Lit Notes: ${targets.length === 1 ? 'the note is' : 'all notes are'} up to date${refused.length ? ` (${refused.length} skipped: frontmatter that cannot be rewritten, see the log)` : ''}.`);
    return { updated: [], refused };
  }
  const fieldCounts = new Map<string, number>();
  plan.forEach((p) => p.changes.forEach((c) => fieldCounts.set(c.field, (fieldCounts.get(c.field) ?? 0) + 1)));
  const summary = [...fieldCounts].map(([f, n]) => `${f} (${n})`).join(', ');
  for (const p of plan) {
    log.info(`${vscode.workspace.asRelativePath(p.uri)}: ${p.changes.map((c) => `${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`).join('; ')}`);
  }
  if (options?.confirm !== false) {
    const go = 'Update';
    const details = 'Show Changes';
    const answer = await vscode.window.showWarningMessage(
      `Update library fields in ${plan.length} note${plan.length === 1 ? '' : 's'}? Changes: ${summary}. Your own fields and the note text stay as they are.`,
      { modal: true },
      go,
      details,
    );
    if (answer === details) {
      log.show(true);
      return undefined;
    }
    if (answer !== go) {
      return undefined;
    }
  }
  const updated: string[] = [];
  for (const p of plan) {
    const result = await editTextFile(p.uri, (text) => updateNoteText(text, p.paper).text ?? text);
    if (result === 'changed') {
      updated.push(p.paper.key);
    } else if (result !== 'unchanged') {
      refused.push(`${vscode.workspace.asRelativePath(p.uri)}: ${result}`);
    }
  }
  await notes.rescan(plan.map((p) => p.uri));
  void vscode.window.showInformationMessage(`Lit Notes: updated ${updated.length} note${updated.length === 1 ? '' : 's'}${refused.length ? `, ${refused.length} skipped (see the log)` : ''}.`);
  return { updated, refused };
}

export function registerUpdateNoteMetadata(ctx: NotesContext): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.updateNoteMetadata, (arg?: unknown, options?: { confirm?: boolean }) => updateNoteMetadata(ctx, arg, options));
}
