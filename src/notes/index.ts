/** Notes: open or create, bulk create for a tree group, update metadata, reading status, template. */
import * as vscode from 'vscode';
import type { PaperGroup, ReadingStatus } from '../core/grouping';
import { READING_STATUSES } from '../core/grouping';
import type { Paper } from '../core/model';
import type { FieldChange } from '../core/notes/frontmatter';
import { noteMeta, readFrontmatter, rewriteRefusal, setStatusText, updateNoteText } from '../core/notes/frontmatter';
import { DEFAULT_TEMPLATE } from '../core/notes/template';
import { COMMANDS, SETTINGS } from '../ids';
import { readNoteSettings, updateWorkspaceSetting } from '../platform/settings';
import type { LibraryService } from '../library';
import type { NotesIndex } from '../library/notes-index';
import { forEachLimited } from '../platform/concurrency';
import { createFileIfMissing, currentText, editTextFile, removeStaleTempFiles } from '../platform/edit-text';
import type { Logger } from '../platform/logger';
import { restrictedModeRefusal } from '../platform/workspace-trust';
import { NoteWriter } from './note-writer';

export interface NotesDeps {
  readonly service: LibraryService;
  readonly notes: NotesIndex;
  readonly log: Logger;
  pickPaper(title: string): Promise<Paper | undefined>;
}

/** A key, a tree paper node, or a tree group node. */
function paperFrom(service: LibraryService, arg: unknown): Paper | undefined {
  if (typeof arg === 'string') {
    return service.library.byKey.get(arg);
  }
  if (typeof arg === 'object' && arg !== null && 'paper' in arg) {
    const key = (arg as { paper: Paper }).paper.key;
    return service.library.byKey.get(key);
  }
  return undefined;
}

/** The paper whose note is in the active editor, if any. */
function paperOfActiveNote(deps: NotesDeps): Paper | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || doc.languageId !== 'markdown') {
    return undefined;
  }
  const key = noteMeta(readFrontmatter(doc.getText()).data).citekey;
  return key ? deps.service.library.byKey.get(key) : undefined;
}

function allPapers(group: PaperGroup): Paper[] {
  return [...group.papers, ...group.subgroups.flatMap(allPapers)];
}

/** Notes written at the same time by Create Notes for Group. */
const BULK_CONCURRENCY = 8;

export interface BulkReport {
  created: string[];
  existing: string[];
  cancelled: boolean;
}

export function register(context: vscode.ExtensionContext, deps: NotesDeps): NoteWriter {
  const { service, notes, log } = deps;
  const writer = new NoteWriter(notes, log);
  const resolve = async (arg: unknown, title: string): Promise<Paper | undefined> => {
    await service.ready;
    return paperFrom(service, arg) ?? (arg === undefined ? await deps.pickPaper(title) : undefined);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.openNote, async (arg?: unknown) => {
      const paper = await resolve(arg, 'Open or Create Note');
      if (!paper) {
        return undefined;
      }
      service.noteOpened(paper.key);
      const result = await writer.openNote(paper);
      if (result?.created) {
        await service.keysUsed([paper]);
      }
      return result?.uri;
    }),

    vscode.commands.registerCommand(COMMANDS.createNotesForGroup, async (arg?: unknown, options?: { confirm?: boolean }): Promise<BulkReport | undefined> => {
      await service.ready;
      const group = typeof arg === 'object' && arg !== null && 'group' in arg ? (arg as { group: PaperGroup }).group : undefined;
      if (!group) {
        void vscode.window.showInformationMessage('Lit Notes: run this from a group in the Papers view.');
        return undefined;
      }
      const papers = [...new Map(allPapers(group).map((p) => [p.key, p])).values()];
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
    }),

    vscode.commands.registerCommand(COMMANDS.updateNoteMetadata, async (arg?: unknown, options?: { confirm?: boolean }) => {
      await service.ready;
      await notes.ready;
      let targets: Paper[];
      const one = paperFrom(service, arg) ?? (arg === undefined ? paperOfActiveNote(deps) : undefined);
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
    }),

    vscode.commands.registerCommand(COMMANDS.setReadingStatus, async (arg?: unknown, value?: unknown) => {
      const paper = paperFrom(service, arg) ?? (arg === undefined ? (paperOfActiveNote(deps) ?? (await resolve(undefined, 'Set Reading Status'))) : undefined);
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
    }),

    vscode.commands.registerCommand(COMMANDS.createNoteTemplate, async () => {
      const root = vscode.workspace.workspaceFolders?.[0]?.uri;
      if (!root) {
        return undefined;
      }
      const configured = readNoteSettings().template;
      const relative = configured || '.litnotes/note-template.md';
      const uri = vscode.Uri.joinPath(root, relative);
      const header = '---\n# Extra frontmatter fields for new notes go here; {{placeholders}} work in string values.\n---\n';
      await createFileIfMissing(uri, header + DEFAULT_TEMPLATE);
      if (!configured) {
        await updateWorkspaceSetting(SETTINGS.noteTemplate, relative);
      }
      await vscode.window.showTextDocument(uri);
      return uri;
    }),
  );
  return writer;
}
