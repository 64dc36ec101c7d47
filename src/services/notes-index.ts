/**
 * Knows which papers have notes, and each note's reading status and tags, by reading the
 * frontmatter of the markdown files in the notes folder. Updated (debounced) when notes change.
 */
import * as vscode from 'vscode';
import type { ReadingStatus } from '../core/grouping';
import type { Paper } from '../core/model';
import { noteFileName, noteFileNames, notesFolderSegments } from '../core/notes/file-name';
import type { NoteInfo } from '../core/notes/plan';
import { notesByKey, noteOf, readNote } from '../core/notes/plan';
import type { Logger } from '../platform/logger';
import { debounce } from '../platform/debounce';
import { readNoteSettings } from '../platform/settings';
import { SETTINGS } from '../ids';
import { forEachLimited } from '../platform/concurrency';
import { errorCode, readUri, statUri } from '../platform/workspace-store';

export interface NoteEntry {
  readonly uri: vscode.Uri;
  readonly status: ReadingStatus;
  readonly tags: readonly string[];
}

interface ReadNote extends NoteEntry {
  readonly info: NoteInfo;
}

const DEBOUNCE_MS = 200;
/** Notes read at the same time (each read is a round trip in a remote window). */
const READ_CONCURRENCY = 16;

export class NotesIndex implements vscode.Disposable {
  private byKey = new Map<string, NoteEntry>();
  /** Every note read, by URI; `byKey` is derived from it. */
  private byUri = new Map<string, ReadNote>();
  /** Notes changed since the last scan (read again one by one), unless a full scan is due. */
  private readonly pending = new Map<string, vscode.Uri>();
  private fullScanDue = true;
  private pinSignature = '';
  /** A burst of calls is one run, after a quiet period. */
  private readonly debounced = debounce(() => {
    void this.rescan();
  }, DEBOUNCE_MS);
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
        this.pending.set(uri.toString(), uri);
        this.schedule();
      }
    };
    watcher.onDidChange(onEvent, undefined, this.disposables);
    watcher.onDidCreate(onEvent, undefined, this.disposables);
    watcher.onDidDelete(onEvent, undefined, this.disposables);
    vscode.workspace.onDidSaveTextDocument((d) => onEvent(d.uri), undefined, this.disposables);
    // A deleted folder is reported as the folder, not as each note in it: scan everything again.
    const folders = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
    this.disposables.push(folders);
    folders.onDidDelete(
      (uri) => {
        const folder = this.notesFolder();
        const above = (a: string, b: string): boolean => (b + '/').startsWith(a + '/');
        if (folder && !uri.path.endsWith('.md') && (above(uri.path, folder.path) || above(folder.path, uri.path))) {
          this.fullScanDue = true;
          this.schedule();
        }
      },
      undefined,
      this.disposables,
    );
    vscode.workspace.onDidChangeConfiguration(
      (e) => {
        if (e.affectsConfiguration(SETTINGS.notesFolder) || e.affectsConfiguration(SETTINGS.noteFileName)) {
          this.fullScanDue = true;
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
    const existing = this.get(paper);
    if (existing) {
      return existing.uri;
    }
    const folder = this.notesFolder();
    return folder ? vscode.Uri.joinPath(folder, this.fileNameOf(paper, readNoteSettings().fileName, folder)) : undefined;
  }

  /** The library's papers (set by the extension), so new note names stay distinct when case is ignored (#18 L3). */
  usePapers(papersOf: () => readonly Paper[]): void {
    this.papersOf = papersOf;
  }
  private papersOf: () => readonly Paper[] = () => [];
  private names: { papers: readonly Paper[]; pattern: string; notes: ReadonlyMap<string, NoteEntry>; byKey: Map<string, string> } | undefined;

  private fileNameOf(paper: Paper, pattern: string, folder: vscode.Uri): string {
    const papers = this.papersOf();
    if (!this.names || this.names.papers !== papers || this.names.pattern !== pattern || this.names.notes !== this.byKey) {
      const existing = [...this.byUri.values()].filter((n) => n.uri.path.startsWith(folder.path + '/')).map((n) => n.uri.path.slice(folder.path.length + 1));
      const withoutNotes = papers.filter((p) => this.get(p) === undefined);
      this.names = { papers, pattern, notes: this.byKey, byKey: noteFileNames(pattern, withoutNotes, existing) };
    }
    return this.names.byKey.get(paper.key) ?? noteFileName(pattern, paper);
  }

  /** A paper's note: the one naming its key, else one naming an alias (`core/notes/plan.ts`). */
  get(paper: Paper): NoteEntry | undefined {
    return noteOf(paper, this.byKey);
  }
  hasNote(paper: Paper): boolean {
    return this.get(paper) !== undefined;
  }
  statusOf(paper: Paper): ReadingStatus {
    return this.get(paper)?.status ?? 'unread';
  }
  tagsOf(paper: Paper): readonly string[] {
    const note = this.get(paper)?.tags ?? [];
    return note.length === 0 ? paper.tags : [...new Set([...paper.tags, ...note])];
  }
  /** Every note read, in path order (their `citekey`s pin keys). */
  all(): NoteInfo[] {
    return [...this.byUri.values()].map((n) => n.info).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private inNotesFolder(uri: vscode.Uri): boolean {
    const folder = this.notesFolder();
    return !!folder && uri.path.endsWith('.md') && uri.path.startsWith(folder.path + '/');
  }

  private schedule(): void {
    this.debounced();
  }

  /**
   * Brings the index up to date now: reads the given notes again (e.g. ones a command just wrote),
   * or every note when none are given. Scans never overlap.
   */
  rescan(uris?: readonly vscode.Uri[]): Promise<void> {
    if (uris) {
      uris.forEach((u) => this.pending.set(u.toString(), u));
    } else {
      this.fullScanDue = true;
    }
    this.scanning = this.scanning.then(() => this.scan()).catch((error: unknown) => this.log.error(`Reading notes failed: ${String(error)}`));
    return this.scanning;
  }

  private async scan(): Promise<void> {
    const full = this.fullScanDue;
    const changed = [...this.pending.values()];
    this.fullScanDue = false;
    this.pending.clear();
    if (!full && changed.length === 0) {
      return;
    }
    const folder = this.notesFolder();
    let targets: vscode.Uri[];
    if (full) {
      this.byUri = new Map();
      // No notes folder (yet): no search. VS Code's file search takes a second or more while a window starts.
      const isFolder = folder ? await statUri(folder).then((s) => s.type === 'directory', () => false) : false;
      targets = folder && isFolder ? await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.md')) : [];
    } else {
      targets = changed.filter((u) => this.inNotesFolder(u));
    }
    await forEachLimited(targets, READ_CONCURRENCY, async (uri) => {
      const note = await this.read(uri);
      if (note) {
        this.byUri.set(uri.toString(), note);
      } else {
        this.byUri.delete(uri.toString());
      }
    });
    this.publish();
  }

  /** A note's key, status and tags; undefined when it is gone or unreadable. */
  private async read(uri: vscode.Uri): Promise<ReadNote | undefined> {
    let text: string;
    try {
      text = new TextDecoder().decode(await readUri(uri));
    } catch (error) {
      if (errorCode(error) !== 'FileNotFound') {
        this.log.warn(`Cannot read note ${uri.toString()}: ${String(error)}`);
      }
      return undefined;
    }
    const info = readNote(vscode.workspace.asRelativePath(uri, false), text);
    if (info.error) {
      this.log.warn(`${info.path}:1: note frontmatter is not valid YAML (${info.error})`);
    }
    return { uri, status: info.status, tags: info.tags, info };
  }

  /** Rebuilds `byKey` (the shared rule: when two notes name the same key, the first path wins) and tells listeners if it changed. */
  private publish(): void {
    const byUri = new Map([...this.byUri.values()].map((n) => [n.info.path, n]));
    const next = new Map<string, NoteEntry>();
    for (const [key, info] of notesByKey(this.all())) {
      const note = byUri.get(info.path);
      if (note) {
        next.set(key, note);
      }
    }
    const signature = (m: ReadonlyMap<string, NoteEntry>): string => JSON.stringify([...m].map(([k, v]) => [k, v.uri.toString(), v.status, v.tags]));
    const before = signature(this.byKey);
    this.byKey = next;
    const pins = JSON.stringify(this.all().map((n) => [n.path, n.key, n.explicit, n.arxiv, n.doi, n.title, n.year]));
    if (signature(next) !== before || pins !== this.pinSignature) {
      this.pinSignature = pins;
      this.changed.fire();
    }
  }

  dispose(): void {
    this.debounced.dispose();
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}
