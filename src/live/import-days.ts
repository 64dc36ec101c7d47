/** Fetching Daily Papers days into the import folder, and checking the files are loaded. */
import * as vscode from 'vscode';
import type { LiveClient } from '../core/fetch/client';
import { hostIsDown } from '../core/fetch/client';
import { LiveError, messageOf } from '../core/fetch/errors';
import { dailyFileName, isDailyFileContent } from '../core/fetch/files';
import { SETTINGS, STATE } from '../ids';
import { readTextIfExists, writeFileAtomic } from '../platform/live-files';
import { readLiveSettings, readRawSources, updateWorkspaceSetting } from '../platform/settings';
import type { ImportReport, LiveContext, LiveProblem } from './live-context';
import { importFolder, isCancelled, linkCancellation, makeClient } from './live-context';

/** Fetches and writes each day; never throws (problems are collected). */
export async function importDays(live: LiveContext, days: readonly string[], progress?: vscode.Progress<{ message?: string; increment?: number }>, token?: vscode.CancellationToken): Promise<ImportReport> {
  const { context, services } = live;
  const { library: service, log } = services;
  const folder = importFolder(live);
  if (!folder) {
    return { files: [], papers: 0, problems: [{ message: 'Open a folder first: Daily Papers are saved in the workspace.' }], cancelled: false };
  }
  let client: LiveClient;
  try {
    client = await makeClient(live);
  } catch (error) {
    return { files: [], papers: 0, problems: [{ message: messageOf(error) }], cancelled: false };
  }
  const cancel = linkCancellation(token);
  const files: string[] = [];
  const problems: LiveProblem[] = [];
  let papers = 0;
  let cancelled = false;
  try {
    for (const [i, day] of days.entries()) {
      if (cancel.signal.aborted) {
        cancelled = true;
        break;
      }
      progress?.report({ message: days.length > 1 ? `${day} (${i + 1} of ${days.length})` : day, increment: i === 0 ? 0 : 100 / days.length });
      const name = dailyFileName(day);
      const target = vscode.Uri.joinPath(folder.uri, name);
      const rel = `${folder.rel}/${name}`;
      try {
        const existing = await readTextIfExists(target);
        if (existing !== undefined && !isDailyFileContent(existing)) {
          problems.push({ date: day, kind: 'exists', message: `${rel} exists and is not a Daily Papers list Lit Notes wrote; it was left as it is.` });
          continue;
        }
        const result = await client.daily(day, cancel.signal);
        if (cancel.signal.aborted) {
          cancelled = true;
          break;
        }
        await writeFileAtomic(folder.uri, name, result.text);
        files.push(rel);
        papers += result.items.length;
        log.info(`Daily Papers ${day}: ${result.items.length} papers in ${result.pages} page(s) → ${rel}`);
        const last = context.workspaceState.get<string>(STATE.lastDailyImport);
        if (!last || day > last) {
          await context.workspaceState.update(STATE.lastDailyImport, day);
        }
      } catch (error) {
        if (isCancelled(error)) {
          cancelled = true;
          break;
        }
        const message = `${day}: ${messageOf(error)}`;
        log.warn(`Daily Papers ${message}`);
        problems.push({ date: day, ...(error instanceof LiveError ? { kind: error.kind } : {}), message });
        const left = days.length - i - 1;
        if (hostIsDown(error) && left > 0) {
          problems.push({ kind: 'skipped', message: `${left} more day${left === 1 ? '' : 's'} (${days[i + 1]} … ${days.at(-1)}) not tried: the server is not answering.` });
          break;
        }
      }
    }
  } finally {
    cancel.dispose();
  }
  if (files.length > 0) {
    await service.reload();
  }
  return { files, papers, problems, cancelled };
}

/** Warns when the import folder's files are not among the loaded sources (a narrow litNotes.sources). */
export function checkLoaded({ services }: LiveContext, files: readonly string[]): void {
  const service = services.library;
  const loaded = new Set(service.library.sources.map((s) => s.path));
  const missing = files.filter((f) => !loaded.has(f) && !service.library.sources.some((s) => s.path.endsWith('/' + f)));
  const sources = readRawSources();
  if (missing.length > 0 && sources.length > 0) {
    const folder = readLiveSettings().importFolder;
    const add = 'Add to Sources';
    void vscode.window.showWarningMessage(`Lit Notes: ${folder} is not among litNotes.sources, so the imported papers do not show.`, add).then(async (choice) => {
      if (choice === add) {
        await updateWorkspaceSetting(SETTINGS.sources, [...sources, `${folder}/*.json`]);
      }
    });
  }
}
