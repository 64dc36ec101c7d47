/** Typed access to Lit Notes settings: every read (and write) of a `litNotes.*` setting is here. */
import * as vscode from 'vscode';
import type { CitationFormat } from '../core/cite/format';
import { CITATION_FORMATS } from '../core/cite/format';
import { DEFAULT_ARXIV_URL, DEFAULT_HF_URL } from '../core/fetch/client';
import { DEFAULT_LOCK_PATH } from '../core/key-lock';
import type { PaperAction } from '../ids';
import { PAPER_ACTIONS, SETTINGS, settingName } from '../ids';
import { validNumber } from '../core/setting-values';
import { DEFAULT_CACHE_MAX_MB } from '../core/parse-cache';

export interface SourceSettings {
  /** Globs or workspace-relative paths; empty means "every supported file in the workspace". */
  readonly sources: readonly string[];
  readonly exclude: readonly string[];
  readonly maxFileBytes: number;
}

export function readSourceSettings(): SourceSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS.section);
  const strings = (id: Parameters<typeof settingName>[0]): string[] => {
    const value = config.get<unknown>(settingName(id));
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
  };
  // Validated: `"abc"` once became NaN, and `size > NaN` is never true, so the limit was off (#18).
  const mb = validNumber(config.get<unknown>(settingName(SETTINGS.maxFileSizeMB)), 200, 0.001, 1_000_000);
  return { sources: strings(SETTINGS.sources), exclude: strings(SETTINGS.exclude), maxFileBytes: mb * 1024 * 1024 };
}

/** `litNotes.cache.maxSizeMB` in bytes: the parse cache's size cap; 0 turns the cache off. */
export function readCacheMaxBytes(): number {
  const value = vscode.workspace.getConfiguration(SETTINGS.section).get<unknown>(settingName(SETTINGS.cacheMaxSizeMB));
  return validNumber(value, DEFAULT_CACHE_MAX_MB, 0, 1_000_000) * 1024 * 1024;
}

/** `litNotes.search.maxResults`: an integer in 1..200, 200 when not a number. */
export function readSearchMaxResults(): number {
  const value = vscode.workspace.getConfiguration(SETTINGS.section).get<unknown>(settingName(SETTINGS.searchMaxResults));
  return Math.floor(validNumber(value, 200, 1, 200));
}

/** `litNotes.sources` as the user wrote it (unfiltered: written back with additions). */
export function readRawSources(): string[] {
  return vscode.workspace.getConfiguration(SETTINGS.section).get<string[]>(settingName(SETTINGS.sources)) ?? [];
}

/** Writes a setting in the workspace's settings. */
export function updateWorkspaceSetting(id: Parameters<typeof settingName>[0], value: unknown): Thenable<void> {
  return vscode.workspace.getConfiguration(SETTINGS.section).update(settingName(id), value, vscode.ConfigurationTarget.Workspace);
}

export interface SearchSettings {
  readonly limit: number;
  readonly abstracts: boolean;
  readonly defaultAction: PaperAction;
}

export function readSearchSettings(): SearchSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS.section);
  const action = config.get<string>(settingName(SETTINGS.searchDefaultAction)) ?? 'openDetail';
  return {
    limit: readSearchMaxResults(),
    abstracts: config.get<boolean>(settingName(SETTINGS.searchAbstracts)) ?? true,
    defaultAction: (PAPER_ACTIONS as readonly string[]).includes(action) ? (action as PaperAction) : 'openDetail',
  };
}

/** `litNotes.citation.format`, `auto` when unset or unknown. */
export function readCitationFormat(): CitationFormat {
  const v = vscode.workspace.getConfiguration(SETTINGS.section).get<string>(settingName(SETTINGS.citationFormat));
  return (CITATION_FORMATS as readonly string[]).includes(v ?? '') ? (v as CitationFormat) : 'auto';
}

/** Fires when any setting that changes which sources are loaded changes. */
export function onSourceSettingsChanged(listener: () => void, disposables: vscode.Disposable[]): void {
  vscode.workspace.onDidChangeConfiguration(
    (e) => {
      if (e.affectsConfiguration(SETTINGS.sources) || e.affectsConfiguration(SETTINGS.exclude) || e.affectsConfiguration(SETTINGS.maxFileSizeMB)) {
        listener();
      }
    },
    undefined,
    disposables,
  );
}

export interface NoteSettings {
  /** Workspace-relative folder for notes. */
  readonly folder: string;
  /** File name pattern: `{key}`, `{title}`, `{year}`, `{arxiv}`. */
  readonly fileName: string;
  /** Workspace-relative path of a template file; empty for the built-in template. */
  readonly template: string;
}

export function readNoteSettings(): NoteSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS.section);
  const str = (id: Parameters<typeof settingName>[0], fallback: string): string => {
    const v = config.get<unknown>(settingName(id));
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback;
  };
  return { folder: str(SETTINGS.notesFolder, 'papers'), fileName: str(SETTINGS.noteFileName, '{key}'), template: typeof config.get(settingName(SETTINGS.noteTemplate)) === 'string' ? (config.get<string>(settingName(SETTINGS.noteTemplate)) ?? '').trim() : '' };
}

export interface LiveSettings {
  /** Workspace-relative folder for imported files, `/`-separated, never leaving the workspace. */
  readonly importFolder: string;
  /** Set when the importFolder setting was unusable (absolute, or climbing out with `..`). */
  readonly importFolderProblem?: string;
  readonly huggingFaceUrl: string;
  readonly arxivUrl: string;
  readonly autoImport: boolean;
}

/**
 * Settings of the live import. The two URL settings are machine-scoped: VS Code ignores their
 * workspace values, so a workspace cannot redirect where Lit Notes connects or where the token goes.
 */
export function readLiveSettings(): LiveSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS.section);
  const str = (id: Parameters<typeof settingName>[0], fallback: string): string => {
    const v = config.get<unknown>(settingName(id));
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback;
  };
  const rawFolder = str(SETTINGS.importFolder, 'papers/sources');
  const parts = rawFolder.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  const unsafe = /^(?:[a-zA-Z]:)?[\\/]/.test(rawFolder) || parts.includes('..');
  return {
    importFolder: unsafe ? 'papers/sources' : parts.join('/') || 'papers/sources',
    ...(unsafe ? { importFolderProblem: `litNotes.importFolder "${rawFolder}" must be a folder inside the workspace; using papers/sources.` } : {}),
    huggingFaceUrl: str(SETTINGS.huggingFaceUrl, DEFAULT_HF_URL),
    arxivUrl: str(SETTINGS.arxivUrl, DEFAULT_ARXIV_URL),
    autoImport: config.get<unknown>(settingName(SETTINGS.dailyPapersAutoImport)) === true,
  };
}

/** Workspace-relative path of the key lock (`litNotes.citekeyLock`). */
export function readKeyLockPath(): string {
  const v = vscode.workspace.getConfiguration(SETTINGS.section).get<unknown>(settingName(SETTINGS.citekeyLock));
  const path = typeof v === 'string' ? v.trim().replace(/\\/g, '/') : '';
  // Inside the workspace only: no absolute paths, no `..`.
  return path === '' || path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.split('/').includes('..') ? DEFAULT_LOCK_PATH : path;
}
