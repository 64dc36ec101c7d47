/**
 * Where each key is cited in the workspace: an incremental index of the citations in every
 * markdown and LaTeX file. Built once from `findFiles` (read 16 files at a time), then kept
 * fresh by a file watcher (created, changed, deleted files) and by edits to open documents; a
 * changed file is re-read only when a question is asked, never by reading every file again.
 * A watcher can drop or delay events (a busy machine, a remote or network file system), so a
 * rename or Find All References first looks again: files the index has not seen, or whose size
 * or modification time changed since it read them, are read before the answer.
 */
import * as vscode from 'vscode';
import type { CiteKeyRef } from '../core/cite/key-ref';
import { CITING_GLOB, languageOfPath } from '../core/cite/languages';
import { findLatexCitations } from '../core/cite/latex-citations';
import { findMarkdownCitations } from '../core/cite/markdown-citations';
import { forEachLimited } from '../platform/concurrency';
import { debounce } from '../platform/debounce';
import { Disposable } from '../platform/disposable';
import { TextPositions } from '../platform/ranges';
import type { Logger } from '../platform/logger';

const EXCLUDE_GLOB = '**/{node_modules,.git,dist,out}/**';

export interface Citation {
  readonly uri: vscode.Uri;
  readonly key: string;
  readonly range: vscode.Range;
}

/** The open documents by URI string, looked up once per pass instead of once per file. */
function openByUri(): Map<string, vscode.TextDocument> {
  return new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
}

/** Each ref's key and range (zero-based lines and characters). */
function toRanges(text: string, refs: readonly CiteKeyRef[]): Array<{ key: string; range: vscode.Range }> {
  const positions = new TextPositions(text);
  return refs.map((r) => ({ key: r.key, range: positions.range(r) }));
}

export class CitationIndex extends Disposable {
  private readonly files = new Map<string, { uri: vscode.Uri; citations: Array<{ key: string; range: vscode.Range }> }>();
  /** Size and modification time of every file as last read from disk (with citations or not). */
  private readonly seen = new Map<string, { mtime: number; size: number }>();
  /** Files to (re-)read before the next answer. */
  private readonly stale = new Map<string, vscode.Uri>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the index has re-read changed files. */
  readonly onDidChange = this.changed.event;
  /** Re-reads changed files a little later (edits come in bursts), so snapshots stay fresh. */
  private readonly scheduleRefresh = debounce(() => {
    void this.refresh().then((changed) => {
      if (changed) {
        this.changed.fire();
      }
    });
  }, 500);
  readonly ready: Promise<void>;

  constructor(private readonly log?: Logger) {
    super();
    const watcher = vscode.workspace.createFileSystemWatcher(CITING_GLOB);
    this.register(this.scheduleRefresh);
    this.register(watcher);
    this.register(this.changed);
    watcher.onDidCreate((u) => this.markStale(u), undefined, this.disposables);
    watcher.onDidChange((u) => this.markStale(u), undefined, this.disposables);
    watcher.onDidDelete((u) => this.forget(u), undefined, this.disposables);
    vscode.workspace.onDidChangeTextDocument((e) => this.markStale(e.document.uri, true), undefined, this.disposables);
    this.ready = this.scan().then(() => this.changed.fire());
  }

  private async scan(): Promise<void> {
    const uris = await vscode.workspace.findFiles(CITING_GLOB, EXCLUDE_GLOB);
    uris.forEach((u) => this.stale.set(u.toString(), u));
    await this.refresh();
  }

  private markStale(uri: vscode.Uri, fromEditor = false): void {
    if (fromEditor && !languageOfPath(uri.path)) {
      return;
    }
    this.stale.set(uri.toString(), uri);
    this.scheduleRefresh();
  }

  private forget(uri: vscode.Uri): void {
    this.stale.delete(uri.toString());
    this.seen.delete(uri.toString());
    if (this.files.delete(uri.toString())) {
      this.changed.fire();
    }
  }

  /**
   * Re-reads the stale files (an open document's current text, else the disk's). True when a
   * file's citations changed (keys or lines), so typing elsewhere does not redraw listeners.
   */
  private async refresh(): Promise<boolean> {
    const todo = [...this.stale.values()];
    this.stale.clear();
    let changed = false;
    const signature = (c: ReadonlyArray<{ key: string; range: vscode.Range }> | undefined): string => (c ?? []).map((x) => `${x.key}@${x.range.start.line}`).join('\n');
    const openDocuments = openByUri();
    await forEachLimited(todo, 16, async (uri) => {
      const id = uri.toString();
      const open = openDocuments.get(id);
      let text: string;
      try {
        if (open) {
          text = open.getText();
        } else {
          const [stat, bytes] = await Promise.all([vscode.workspace.fs.stat(uri), vscode.workspace.fs.readFile(uri)]);
          this.seen.set(id, { mtime: stat.mtime, size: stat.size });
          text = new TextDecoder().decode(bytes);
        }
      } catch {
        this.seen.delete(id);
        changed ||= this.files.delete(id);
        return;
      }
      const refs = languageOfPath(uri.path) === 'latex' ? findLatexCitations(text) : findMarkdownCitations(text);
      const before = signature(this.files.get(id)?.citations);
      if (refs.length === 0) {
        this.files.delete(id);
      } else {
        this.files.set(id, { uri, citations: toRanges(text, refs) });
      }
      changed ||= before !== signature(this.files.get(id)?.citations);
    });
    if (todo.length > 0) {
      this.log?.debug(`Citation index: ${todo.length} file(s) read, ${this.files.size} cite papers`);
    }
    return changed;
  }

  /**
   * Marks stale what the watcher may have missed: files not indexed yet, files whose size or
   * modification time differs from the last read, and forgets files that are gone. One
   * `findFiles` and one stat per file: run before answers that edit or list every citation.
   */
  private async verify(): Promise<void> {
    const uris = await vscode.workspace.findFiles(CITING_GLOB, EXCLUDE_GLOB);
    const present = new Set(uris.map((u) => u.toString()));
    const open = openByUri();
    await forEachLimited(uris, 16, async (uri) => {
      const id = uri.toString();
      if (this.stale.has(id) || open.has(id)) {
        return; // already due, or an open document whose edits arrive as events
      }
      const seen = this.seen.get(id);
      const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
      if (!seen || !stat || stat.mtime !== seen.mtime || stat.size !== seen.size) {
        this.stale.set(id, uri);
      }
    });
    for (const [id, f] of [...this.files]) {
      // gone from the workspace (an untitled or excluded document that is open stays)
      if (!present.has(id) && !open.has(id) && !this.stale.has(id) && vscode.workspace.getWorkspaceFolder(f.uri) !== undefined) {
        this.forget(f.uri);
      }
    }
  }

  /** Every citation of any of `keys` in the workspace, by file then position. */
  async citationsOf(keys: readonly string[]): Promise<Citation[]> {
    await this.ready;
    await this.verify();
    if (await this.refresh()) {
      this.changed.fire();
    }
    const wanted = new Set(keys);
    const out: Citation[] = [];
    const ids = [...this.files.keys()].sort();
    for (const id of ids) {
      const f = this.files.get(id);
      for (const c of f?.citations ?? []) {
        if (f && wanted.has(c.key)) {
          out.push({ uri: f.uri, key: c.key, range: c.range });
        }
      }
    }
    return out;
  }

  /** What the index holds now (no file read): documents citing any of `keys`, first line and count. */
  citingDocuments(keys: readonly string[]): Array<{ uri: vscode.Uri; path: string; line: number; count: number }> {
    const wanted = new Set(keys);
    const out: Array<{ uri: vscode.Uri; path: string; line: number; count: number }> = [];
    for (const f of this.files.values()) {
      const hits = f.citations.filter((c) => wanted.has(c.key));
      const first = hits[0];
      if (first) {
        out.push({ uri: f.uri, path: vscode.workspace.asRelativePath(f.uri, false), line: first.range.start.line + 1, count: hits.length });
      }
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}
