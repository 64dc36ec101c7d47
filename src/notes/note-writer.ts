/** Creating and opening notes: never overwriting, templates read as plain text. */
import * as vscode from 'vscode';
import type { Paper } from '../core/model';
import { DEFAULT_TEMPLATE, renderNote } from '../core/notes/template';
import type { NotesIndex } from '../services/notes-index';
import type { Logger } from '../platform/logger';
import { createFileIfMissing } from '../platform/edit-text';
import { readNoteSettings } from '../platform/settings';
import { restrictedModeRefusal } from '../platform/workspace-trust';

export interface NoteResult {
  readonly uri: vscode.Uri;
  readonly created: boolean;
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export class NoteWriter {
  private readonly reported = new Set<string>();
  private readonly lastRefusal = new Map<string, number>();

  constructor(
    private readonly notes: NotesIndex,
    private readonly log: Logger,
    /** Resolves when the library's papers hold their abstracts (see `LibraryService.whenAbstracts`). */
    private readonly abstracts: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /** The template text: the configured file, or the built-in default (with a warning if unreadable). */
  async template(): Promise<string> {
    const setting = readNoteSettings().template;
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!setting || !root) {
      return DEFAULT_TEMPLATE;
    }
    const uri = vscode.Uri.joinPath(root, setting);
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      this.reportOnce(`template:${setting}`, `Lit Notes: the note template "${setting}" cannot be read; using the built-in template.`);
      return DEFAULT_TEMPLATE;
    }
  }

  private reportOnce(id: string, message: string): void {
    if (!this.reported.has(id)) {
      this.reported.add(id);
      this.log.warn(message);
      void vscode.window.showWarningMessage(message);
    }
  }

  /** Creates the paper's note if it has none. Never rewrites an existing file. */
  async ensureNote(paper: Paper, template?: string): Promise<NoteResult | undefined> {
    const uri = this.notes.noteUri(paper);
    if (!uri) {
      void vscode.window.showWarningMessage('Lit Notes: open a folder to keep notes in.');
      return undefined;
    }
    const refusal = await restrictedModeRefusal(uri);
    if (refusal !== undefined) {
      const message = `Lit Notes: no note written at ${vscode.workspace.asRelativePath(uri)}: ${refusal}.`;
      this.log.warn(message);
      // One notification per folder at a time: a bulk run would otherwise raise one per note.
      const folder = uri.path.slice(0, uri.path.lastIndexOf('/'));
      if ((this.lastRefusal.get(folder) ?? 0) < Date.now() - 10_000) {
        this.lastRefusal.set(folder, Date.now());
        void vscode.window.showWarningMessage(message);
      }
      return undefined;
    }
    await this.abstracts();
    const rendered = renderNote(paper, today(), template ?? (await this.template()));
    if (rendered.error !== undefined) {
      const message = `Lit Notes: ${rendered.error}.`;
      this.log.warn(message);
      void vscode.window.showWarningMessage(message);
      return undefined;
    }
    if (rendered.unknown.length > 0) {
      this.reportOnce(`unknown:${rendered.unknown.join(',')}`, `Lit Notes: the note template uses unknown placeholders, left as written: ${rendered.unknown.map((u) => `{{${u}}}`).join(', ')}`);
    }
    const created = await createFileIfMissing(uri, rendered.text);
    if (created) {
      this.log.info(`Created note ${vscode.workspace.asRelativePath(uri)} for ${paper.key}`);
    }
    return { uri, created };
  }

  /** Opens the paper's note, creating it first if needed. */
  async openNote(paper: Paper): Promise<NoteResult | undefined> {
    const result = await this.ensureNote(paper);
    if (result) {
      await vscode.window.showTextDocument(result.uri, { preview: false });
      if (result.created) {
        await this.notes.rescan([result.uri]);
      }
    }
    return result;
  }
}
