/**
 * Knows which papers have notes, and each note's reading status and tags, by reading the
 * frontmatter of the markdown files in the notes folder. Updated (debounced) when notes change.
 */
import * as vscode from 'vscode';
import type { ReadingStatus } from '../core/grouping';
import type { Paper } from '../core/model';
import { noteFileName, notesFolderSegments } from '../core/notes/file-name';
import { noteMeta, readFrontmatter } from '../core/notes/frontmatter';
import type { Logger } from '../platform/logger';
import { readNoteSettings } from '../platform/settings';
import { SETTINGS } from '../ids';

export interface NoteEntry {
  readonly uri: vscode.Uri;
  readonly status: ReadingStatus;
  readonly tags: readonly string[];
}

const DEBOUNCE_MS = 200;

export class NotesIndex implements vscode.Disposable {
  private byKey = new Map<string, NoteEntry>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private scanning: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly ready: Promise<void>;

  constructor(private readonly log: Logger) {
    this.disposables.push(this.changed);
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.md');
    this.disposables.push(watcher);
    const onEvent = (uri: vscode.Uri): void => {
      if (this.inNotesFolder(uri)) {
        this.schedule();
      }
    };
    watcher.onDidChange(onEvent, undefined, this.disposables);
    watcher.onDidCreate(onEvent, undefined, this.disposables);
    watcher.onDidDelete(onEvent, undefined, this.disposables);
    vscode.workspace.onDidSaveTextDocument((d) => onEvent(d.uri), undefined, this.disposables);
    vscode.workspace.onDidChangeConfiguration(
      (e) => {
        if (e.affectsConfiguration(SETTINGS.notesFolder) || e.affectsConfiguration(SETTINGS.noteFileName)) {
          this.schedule();
        }
      },
      undefined,
      this.disposables,
    );
    this.ready = this.rescan();
  }

  /** The folder notes go to, in the first workspace folder (undefined without a workspace). */
  notesFolder(): vscode.Uri | undefined {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    return root ? vscode.Uri.joinPath(root, ...notesFolderSegments(readNoteSettings().folder)) : undefined;
  }

  /** Where a paper's note is, or would be created. */
  noteUri(paper: Paper): vscode.Uri | undefined {
    const existing = this.byKey.get(paper.key);
    if (existing) {
      return existing.uri;
    }
    const folder = this.notesFolder();
    return folder ? vscode.Uri.joinPath(folder, noteFileName(readNoteSettings().fileName, paper)) : undefined;
  }

  get(key: string): NoteEntry | undefined {
    return this.byKey.get(key);
  }
  hasNote(paper: Paper): boolean {
    return this.byKey.has(paper.key);
  }
  statusOf(paper: Paper): ReadingStatus {
    return this.byKey.get(paper.key)?.status ?? 'unread';
  }
  tagsOf(paper: Paper): readonly string[] {
    const note = this.byKey.get(paper.key)?.tags ?? [];
    return note.length === 0 ? paper.tags : [...new Set([...paper.tags, ...note])];
  }
  get entries(): ReadonlyMap<string, NoteEntry> {
    return this.byKey;
  }

  private inNotesFolder(uri: vscode.Uri): boolean {
    const folder = this.notesFolder();
    return !!folder && uri.path.endsWith('.md') && uri.path.startsWith(folder.path + '/');
  }

  private schedule(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.rescan();
    }, DEBOUNCE_MS);
  }

  /** Re-reads every note's frontmatter. Scans never overlap. */
  rescan(): Promise<void> {
    this.scanning = this.scanning.then(() => this.scan()).catch((error: unknown) => this.log.error(`Reading notes failed: ${String(error)}`));
    return this.scanning;
  }

  private async scan(): Promise<void> {
    const folder = this.notesFolder();
    const next = new Map<string, NoteEntry>();
    if (folder) {
      const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.md'));
      files.sort((a, b) => (a.path < b.path ? -1 : 1));
      for (const uri of files) {
        try {
          const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          const parsed = readFrontmatter(text);
          if (parsed.error) {
            this.log.warn(`${vscode.workspace.asRelativePath(uri)}:1: note frontmatter is not valid YAML (${parsed.error})`);
          }
          const meta = noteMeta(parsed.data);
          const key = meta.citekey ?? uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/\.md$/, '');
          if (!next.has(key)) {
            next.set(key, { uri, status: meta.status, tags: meta.tags });
          }
        } catch (error) {
          this.log.warn(`Cannot read note ${uri.toString()}: ${String(error)}`);
        }
      }
    }
    const before = JSON.stringify([...this.byKey].map(([k, v]) => [k, v.uri.toString(), v.status, v.tags]));
    this.byKey = next;
    if (JSON.stringify([...next].map(([k, v]) => [k, v.uri.toString(), v.status, v.tags])) !== before) {
      this.changed.fire();
    }
  }

  dispose(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}
