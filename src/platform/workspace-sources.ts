/**
 * Finds and reads paper sources in the workspace through `vscode.workspace.fs`, so it works in
 * remote and virtual workspaces too.
 */
import * as vscode from 'vscode';
import type { ParseCacheLike, ReadSource, SourceRef } from '../core/load';
import { SKIPPED_FOLDER_GLOBS, parseRead, readSource } from '../core/load';
import type { ParsedSource } from '../core/sources';
import type { StoreStat } from '../core/store';
import { fileIdentity } from '../core/library-snapshot';
import { CANDIDATE_EXTENSIONS } from '../core/sources';
import { SETTINGS, STATE } from '../ids';
import { EXPORT_SKIP_REASON, EXPORTS_FILE, parseExportsFile } from '../core/export/marker';
import type { SourceParser } from './parse-off-thread';
import type { SourceSettings } from './settings';
import { WorkspaceStore, statUri } from './workspace-store';
import { restrictedModeRefusal } from './workspace-trust';

/** The folders the CLI skips too (`core/load.ts`): one skip list. */
const DEFAULT_EXCLUDE = SKIPPED_FOLDER_GLOBS;
const store = new WorkspaceStore();

function isGlob(pattern: string): boolean {
  return /[*?{}[\]]/.test(pattern);
}

function candidateGlob(): string {
  return `**/*{${CANDIDATE_EXTENSIONS.join(',')}}`;
}

export interface SourceFile {
  readonly uri: vscode.Uri;
  /** Named explicitly in `litNotes.sources` (not matched by a glob). */
  readonly explicit: boolean;
  /** Found by a glob or folder scan, and recorded in `.litnotes/exports.json` as a Lit Notes export: not loaded. */
  readonly exported?: boolean;
}

/** The files Export Papers wrote into this folder (`.litnotes/exports.json`), as URI strings. */
async function recordedExports(folder: vscode.Uri): Promise<string[]> {
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, EXPORTS_FILE)));
    return parseExportsFile(text).map((p) => vscode.Uri.joinPath(folder, p).toString());
  } catch {
    return [];
  }
}

/** Lists the source files the settings select, de-duplicated and in a stable order. */
export async function findSourceFiles(settings: SourceSettings, token?: vscode.CancellationToken): Promise<SourceFile[]> {
  const exclude = `{${[...DEFAULT_EXCLUDE, ...settings.exclude].join(',')}}`;
  const found = new Map<string, SourceFile>();
  const add = (uri: vscode.Uri, explicit: boolean): void => {
    const key = uri.toString();
    if (!found.has(key) || explicit) {
      found.set(key, { uri, explicit });
    }
  };
  const patterns = settings.sources.length > 0 ? settings.sources : [candidateGlob()];
  const exported = new Set<string>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    (await recordedExports(folder.uri)).forEach((u) => exported.add(u));
    for (const pattern of patterns) {
      if (isGlob(pattern)) {
        const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, pattern), exclude, undefined, token);
        uris.forEach((u) => add(u, false));
      } else {
        const uri = pattern.startsWith('/') ? folder.uri.with({ path: pattern }) : vscode.Uri.joinPath(folder.uri, pattern);
        try {
          if ((await statUri(uri)).type === 'directory') {
            const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, candidateGlob()), exclude, undefined, token);
            uris.forEach((u) => add(u, false));
          } else {
            add(uri, true);
          }
        } catch {
          add(uri, true); // reported as unreadable when read
        }
      }
    }
  }
  return [...found.values()]
    .map((f) => (!f.explicit && exported.has(f.uri.toString()) ? { ...f, exported: true } : f))
    .sort((a, b) => (a.uri.toString() < b.uri.toString() ? -1 : 1));
}

/** A path for messages: workspace-relative when possible. */
export function displayPath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

/** A source file as the shared load (`core/load.ts`) names it. */
export function sourceRef(file: SourceFile): SourceRef {
  return { uri: file.uri.toString(), path: displayPath(file.uri), explicit: file.explicit };
}

/** Reads (without parsing) one source file: its bytes, or the problem that stands for it. */
export async function readWorkspaceSource(file: SourceFile, maxBytes: number, stat?: { readonly size: number; readonly mtime: number }): Promise<ReadSource> {
  const ref = sourceRef(file);
  if (file.exported) {
    return { ref, done: { path: ref.path, uri: ref.uri, format: undefined, records: [], problems: [], skipped: EXPORT_SKIP_REASON } };
  }
  return readSource(store, ref, { maxBytes, limitName: SETTINGS.maxFileSizeMB, refuse: () => restrictedModeRefusal(file.uri) }, stat && { type: 'file', size: stat.size, mtime: stat.mtime });
}

/**
 * The identity (`core/library-snapshot.ts`) a read of `file` with `stat` would give, from the
 * content digest known for its change stamp, without reading it; undefined when only a read can
 * tell (an exported file, one over the size limit, or one Restricted Mode refuses).
 */
export async function identityWithoutReading(file: SourceFile, maxBytes: number, stat: StoreStat, digest: string): Promise<string | undefined> {
  if (file.exported || stat.size > maxBytes || (await restrictedModeRefusal(file.uri)) !== undefined) {
    return undefined;
  }
  return fileIdentity(sourceRef(file), stat, digest);
}

/** Parses a read source file (in the worker), or takes its parse from the cache. */
export function parseWorkspaceSource(read: ReadSource, parser?: SourceParser, token?: vscode.CancellationToken, cache?: ParseCacheLike): Promise<ParsedSource> {
  return parseRead(read, { parse: parser ? (ref, bytes) => parser.parseWithPayload(ref.path, bytes, ref.explicit, token) : undefined, cache });
}

interface KeptFile {
  readonly uri: string;
  readonly explicit: boolean;
  readonly exported?: boolean;
}

/**
 * The source files the last load found, kept in the workspace's state, so that a reopened window
 * reads its sources at once: `findFiles` took 0.8 s at startup in code-server, a quarter of a
 * warm reopen at 100,000 papers. The list is for the same folders and `sources`/`exclude`
 * settings only, and the library service checks it against a new search once the library is
 * shown (a file added while the window was closed loads then).
 */
export class KeptSourceFiles {
  constructor(private readonly state: vscode.Memento) {}

  get(settings: SourceSettings): SourceFile[] | undefined {
    const kept = this.state.get<unknown>(STATE.sourceFiles);
    if (typeof kept !== 'object' || kept === null) {
      return undefined;
    }
    const { scope, files } = kept as { scope?: unknown; files?: unknown };
    if (scope !== scopeOf(settings) || !Array.isArray(files)) {
      return undefined;
    }
    try {
      return files.map((f: KeptFile) => ({ uri: vscode.Uri.parse(f.uri, true), explicit: f.explicit === true, ...(f.exported === true ? { exported: true } : {}) }));
    } catch {
      return undefined; // not what this class wrote
    }
  }

  set(settings: SourceSettings, files: readonly SourceFile[]): void {
    const kept: KeptFile[] = files.map((f) => ({ uri: f.uri.toString(), explicit: f.explicit, ...(f.exported ? { exported: true } : {}) }));
    keepInState(this.state, STATE.sourceFiles, { scope: scopeOf(settings), files: kept });
  }
}

/**
 * The content digests of the last load's source files by their change stamps
 * (`change-stamp.ts`), kept in the workspace's state: a reopened window whose sources have the
 * same stamps knows its library snapshot's id without reading them (148 MB and 2–3 s at
 * 100,000 papers on a busy 2-core VM). Only files with a stamp are kept.
 */
export class KnownDigests {
  constructor(private readonly state: vscode.Memento) {}

  /** The digest of the file `uri` whose stat has the stamp `change`, when known. */
  get(uri: string, change: string): string | undefined {
    const known = this.state.get<unknown>(STATE.sourceDigests);
    const entry = typeof known === 'object' && known !== null ? (known as Record<string, unknown>)[uri] : undefined;
    return Array.isArray(entry) && entry[0] === change && typeof entry[1] === 'string' ? entry[1] : undefined;
  }

  /** Keeps these files' digests (and forgets every other file's), when they changed. */
  set(entries: ReadonlyArray<{ readonly uri: string; readonly change: string; readonly digest: string }>): void {
    const kept: Record<string, [string, string]> = {};
    for (const e of entries) {
      kept[e.uri] = [e.change, e.digest];
    }
    keepInState(this.state, STATE.sourceDigests, kept);
  }
}

/** Stores `value` under `key`, unless the state holds the same already (every load calls this). */
function keepInState(state: vscode.Memento, key: string, value: unknown): void {
  if (JSON.stringify(state.get(key)) !== JSON.stringify(value)) {
    void state.update(key, value);
  }
}

/** Whether two lists name the same files in the same roles. */
export function sameSourceFiles(a: readonly SourceFile[], b: readonly SourceFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f.uri.toString() === b[i]?.uri.toString() && f.explicit === b[i]?.explicit && (f.exported ?? false) === (b[i]?.exported ?? false));
}

/** What a found list depends on besides the files themselves: the folders and the settings. */
function scopeOf(settings: SourceSettings): string {
  return JSON.stringify([(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()), settings.sources, settings.exclude]);
}
