/**
 * The keys a workspace has used, for `assignCitekeys`: the notes' `citekey`s (from the notes
 * index) and the key lock (`litNotes.citekeyLock`, `.litnotes/citekeys.json` by default), read
 * and written through `vscode.workspace.fs`. `use(papers)` records the generated keys of papers
 * being cited, copied, exported or given a note, so they never move to another paper.
 */
import * as vscode from 'vscode';
import type { Pin } from '../core/citekey';
import type { KeyLock } from '../core/key-lock';
import { EMPTY_LOCK, lockPins, parseKeyLock, recordUsedKeys } from '../core/key-lock';
import type { Paper, Problem } from '../core/model';
import { notePins } from '../core/notes/plan';
import { SETTINGS } from '../ids';
import type { Logger } from '../platform/logger';
import { readKeyLockPath } from '../platform/settings';
import { errorCode, readUri } from '../platform/workspace-store';
import { restrictedModeRefusal } from '../platform/workspace-trust';
import type { NotesIndex } from './notes-index';

/** What the library service needs to know about pinned keys. */
export interface PinSource {
  /** Resolves when the notes and the lock have been read once. */
  readonly ready: Promise<void>;
  pins(): readonly Pin[];
  /** Problems reading the lock, reported with the library's problems. */
  problems(): readonly Problem[];
  /** Fires when the pins changed (not on every note edit). */
  readonly onDidChange: vscode.Event<void>;
  /** Records the generated keys of papers being used. */
  use(papers: readonly Paper[]): Promise<void>;
}

export class KeyPins implements PinSource, vscode.Disposable {
  private lock: KeyLock = EMPTY_LOCK;
  private lockPath = '';
  private signature = '';
  private writing: Promise<unknown> = Promise.resolve();
  private warnedDamaged = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly ready: Promise<void>;

  constructor(
    private readonly notes: NotesIndex,
    private readonly log: Logger,
  ) {
    this.disposables.push(this.changed);
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.json');
    this.disposables.push(watcher);
    const onLockEvent = (uri: vscode.Uri): void => {
      if (uri.toString() === this.lockUri()?.toString()) {
        void this.readLock().then(() => this.publish());
      }
    };
    watcher.onDidChange(onLockEvent, undefined, this.disposables);
    watcher.onDidCreate(onLockEvent, undefined, this.disposables);
    watcher.onDidDelete(onLockEvent, undefined, this.disposables);
    notes.onDidChange(() => this.publish(), undefined, this.disposables);
    vscode.workspace.onDidChangeConfiguration(
      (e) => {
        if (e.affectsConfiguration(SETTINGS.citekeyLock)) {
          void this.readLock().then(() => this.publish());
        }
      },
      undefined,
      this.disposables,
    );
    this.ready = Promise.all([notes.ready, this.readLock()]).then(() => {
      this.signature = this.currentSignature();
    });
  }

  /** The lock file, in the first workspace folder. */
  lockUri(): vscode.Uri | undefined {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    return root ? vscode.Uri.joinPath(root, ...readKeyLockPath().split('/').filter((s) => s !== '' && s !== '.')) : undefined;
  }

  pins(): readonly Pin[] {
    return [...notePins(this.notes.all()), ...lockPins(this.lock, this.lockPath)];
  }

  problems(): readonly Problem[] {
    return this.lock.problems;
  }

  private currentSignature(): string {
    return JSON.stringify(this.pins().map((p) => [p.key, p.arxiv, p.doi, p.title, p.year, p.origin, p.path]));
  }

  private publish(): void {
    const next = this.currentSignature();
    if (next !== this.signature) {
      this.signature = next;
      this.changed.fire();
    }
  }

  private async readLock(): Promise<void> {
    const uri = this.lockUri();
    this.lockPath = uri ? vscode.workspace.asRelativePath(uri, false) : '';
    if (!uri) {
      this.lock = EMPTY_LOCK;
      return;
    }
    try {
      this.lock = parseKeyLock(new TextDecoder().decode(await readUri(uri)), this.lockPath);
    } catch (error) {
      if (errorCode(error) === 'FileNotFound') {
        this.lock = EMPTY_LOCK;
      } else {
        this.log.warn(`Cannot read the key lock ${this.lockPath}: ${String(error)}`);
        this.lock = { ...EMPTY_LOCK, damaged: true, problems: [{ path: this.lockPath, line: 1, message: `Cannot read the key lock: ${String(error)}`, severity: 'error' }] };
      }
    }
    this.warnedDamaged &&= this.lock.damaged;
    for (const p of this.lock.problems) {
      this.log.warn(`${p.path}:${p.line}: ${p.message}`);
    }
  }

  /**
   * Records the generated keys of papers that are being used (cited, copied, exported, given a
   * note), atomically. Never rewrites a damaged lock: says so once instead.
   */
  use(papers: readonly Paper[]): Promise<void> {
    const run = async (): Promise<void> => {
      const uri = this.lockUri();
      if (!uri || papers.every((p) => p.keyOrigin === 'source')) {
        return;
      }
      if (this.lock.damaged) {
        this.warnDamaged();
        return;
      }
      const update = recordUsedKeys(this.lock, papers);
      if (!update) {
        return;
      }
      const refusal = await restrictedModeRefusal(uri, { write: true });
      if (refusal) {
        this.log.warn(`Not writing the key lock ${this.lockPath}: ${refusal}`);
        return;
      }
      const temp = uri.with({ path: `${uri.path}.${Date.now()}.tmp` });
      try {
        await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
        await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(update.text));
        await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
        this.lock = parseKeyLock(update.text, this.lockPath);
        this.log.info(`Pinned ${update.added.join(', ')} in ${this.lockPath}`);
        this.publish();
      } catch (error) {
        await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
        this.log.error(`Cannot write the key lock ${this.lockPath}: ${String(error)}`);
      }
    };
    const next = this.writing.then(run, run);
    this.writing = next;
    return next;
  }

  private warnDamaged(): void {
    if (this.warnedDamaged) {
      return;
    }
    this.warnedDamaged = true;
    const first = this.lock.problems[0];
    void vscode.window
      .showWarningMessage(`Lit Notes: the key lock ${this.lockPath} needs fixing (line ${first?.line ?? 1}: ${first?.message ?? 'damaged'}). New keys are not recorded until it is fixed.`, 'Open Key Lock')
      .then((choice) => {
        const uri = this.lockUri();
        if (choice && uri) {
          void vscode.window.showTextDocument(uri, { selection: new vscode.Range((first?.line ?? 1) - 1, 0, (first?.line ?? 1) - 1, 0) });
        }
      });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}
