/** Create Notes for Group…: the missing notes of a tree group, a few at a time, with progress and Cancel. */
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { groupFromArg, papersOfGroup } from '../platform/command-args';
import { forEachLimited } from '../platform/concurrency';
import { removeStaleTempFiles } from '../platform/edit-text';
import type { NotesContext } from './notes-context';

/** Notes written at the same time by Create Notes for Group. */
const BULK_CONCURRENCY = 8;

export interface BulkReport {
  created: string[];
  existing: string[];
  cancelled: boolean;
}

async function createNotesForGroup(ctx: NotesContext, arg?: unknown, options?: { confirm?: boolean }): Promise<BulkReport | undefined> {
  const { service, notes, writer } = ctx;
  await service.ready;
  const group = groupFromArg(arg);
  if (!group) {
    void vscode.window.showInformationMessage('Lit Notes: run this from a group in the Papers view.');
    return undefined;
  }
  const papers = papersOfGroup(group);
  const missing = papers.filter((p) => !notes.hasNote(p));
  if (missing.length === 0) {
    void vscode.window.showInformationMessage(`Lit Notes: all ${papers.length} papers in "${group.label}" already have notes.`);
    return { created: [], existing: papers.map((p) => p.key), cancelled: false };
  }
  if (options?.confirm !== false) {
    const go = `Create ${missing.length} Notes`;
    const answer = await vscode.window.showWarningMessage(`Create notes for ${missing.length} papers in "${group.label}"? ${papers.length - missing.length} already have notes and stay as they are.`, { modal: true }, go);
    if (answer !== go) {
      return undefined;
    }
  }
  const template = await writer.template();
  const folder = notes.notesFolder();
  if (folder) {
    await removeStaleTempFiles(folder); // left by an earlier run that died mid-write
  }
  const report: BulkReport = { created: [], existing: papers.filter((p) => notes.hasNote(p)).map((p) => p.key), cancelled: false };
  const written: vscode.Uri[] = [];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Creating notes for "${group.label}"`, cancellable: true }, async (progress, token) => {
    // A few notes in flight at once: each note is several file-system round trips, which in a
    // remote window cross the network. Each note is still written whole (temp file + rename).
    let done = 0;
    await forEachLimited(missing, BULK_CONCURRENCY, async (paper) => {
      if (token.isCancellationRequested) {
        report.cancelled = true;
        return;
      }
      const result = await writer.ensureNote(paper, template);
      (result?.created ? report.created : report.existing).push(paper.key);
      if (result?.created) {
        written.push(result.uri);
      }
      done++;
      progress.report({ increment: 100 / missing.length, message: `${done} / ${missing.length}` });
    });
  });
  await notes.rescan(written);
  const createdKeys = new Set(report.created);
  await service.keysUsed(missing.filter((p) => createdKeys.has(p.key)));
  void vscode.window.showInformationMessage(`Lit Notes: ${report.created.length} notes created, ${report.existing.length} already existed${report.cancelled ? ' (cancelled)' : ''}.`);
  return report;
}

export function registerCreateNotesForGroup(ctx: NotesContext): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.createNotesForGroup, (arg?: unknown, options?: { confirm?: boolean }) => createNotesForGroup(ctx, arg, options));
}
