/**
 * Live papers: `Lit Notes: Import Daily Papers…` (a day or a range from Hugging Face Daily Papers
 * into `<importFolder>/hf-daily-YYYY-MM-DD.json`), `Lit Notes: Add Paper…` (arXiv ids and URLs into
 * `<importFolder>/added.json`, Hugging Face first, arXiv as fallback), `Lit Notes: Set Hugging Face
 * Token` (SecretStorage) and the optional startup auto-import. The fetching is the pure core in
 * src/core/fetch; HTTP goes through node's http/https (src/platform/node-http.ts), which VS Code
 * routes through the user's proxy settings.
 */
import * as vscode from 'vscode';
import { LiveClient, hostIsDown } from '../core/fetch/client';
import { addDays, dayRange, daysBetween, daysToAutoImport, parseDay, utcToday } from '../core/fetch/dates';
import { LiveError, messageOf } from '../core/fetch/errors';
import { ADDED_FILE, dailyFileName, isDailyFileContent, mergeAdded } from '../core/fetch/files';
import { parsePaperRefs } from '../core/fetch/ids';
import { huggingFaceUrl } from '../core/links';
import type { Paper } from '../core/model';
import { normalizeArxivId } from '../core/text';
import { COMMANDS, SECRETS, SETTINGS, STATE } from '../ids';
import type { LibraryService } from '../library';
import type { Logger } from '../platform/logger';
import { readTextIfExists, writeFileAtomic } from '../platform/live-files';
import { nodeHttp } from '../platform/node-http';
import { readLiveSettings, readRawSources, updateWorkspaceSetting } from '../platform/settings';

export interface LiveDeps {
  readonly service: LibraryService;
  readonly log: Logger;
}

export interface LiveProblem {
  readonly message: string;
  readonly kind?: string;
  readonly date?: string;
  readonly id?: string;
}

export interface ImportReport {
  /** Workspace-relative paths of the files written. */
  readonly files: string[];
  readonly papers: number;
  readonly problems: LiveProblem[];
  readonly cancelled: boolean;
}

export interface AddReport {
  readonly file?: string;
  /** Citation keys of the papers added, in the order asked. */
  readonly keys: string[];
  readonly problems: LiveProblem[];
  readonly cancelled: boolean;
}

/** Most days one import may cover. */
const MAX_RANGE_DAYS = 366;

function workspaceFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}

function linkCancellation(token: vscode.CancellationToken | undefined): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const sub = token?.onCancellationRequested(() => controller.abort());
  if (token?.isCancellationRequested) {
    controller.abort();
  }
  return {
    signal: controller.signal,
    dispose: () => {
      sub?.dispose();
    },
  };
}

function isCancelled(error: unknown): boolean {
  return error instanceof LiveError && error.kind === 'cancelled';
}

export function register(context: vscode.ExtensionContext, deps: LiveDeps): void {
  const { service, log } = deps;
  const arxivClock: { last?: number } = {};

  const makeClient = async (): Promise<LiveClient> => {
    const settings = readLiveSettings();
    const token = (await context.secrets.get(SECRETS.huggingFaceToken))?.trim();
    return new LiveClient({ http: nodeHttp, hfUrl: settings.huggingFaceUrl, arxivUrl: settings.arxivUrl, ...(token ? { token } : {}), arxivClock, userAgent: `lit-notes/${(context.extension.packageJSON as { version?: string }).version ?? ''} (VS Code)` });
  };

  const importFolder = (): { root: vscode.WorkspaceFolder; uri: vscode.Uri; rel: string } | undefined => {
    const root = workspaceFolder();
    if (!root) {
      return undefined;
    }
    const settings = readLiveSettings();
    if (settings.importFolderProblem) {
      log.warn(settings.importFolderProblem);
    }
    return { root, uri: vscode.Uri.joinPath(root.uri, ...settings.importFolder.split('/')), rel: settings.importFolder };
  };

  /** Fetches and writes each day; never throws (problems are collected). */
  const importDays = async (days: readonly string[], progress?: vscode.Progress<{ message?: string; increment?: number }>, token?: vscode.CancellationToken): Promise<ImportReport> => {
    const folder = importFolder();
    if (!folder) {
      return { files: [], papers: 0, problems: [{ message: 'Open a folder first: Daily Papers are saved in the workspace.' }], cancelled: false };
    }
    let client: LiveClient;
    try {
      client = await makeClient();
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
  };

  /** Warns when the import folder's files are not among the loaded sources (a narrow litNotes.sources). */
  const checkLoaded = (files: readonly string[]): void => {
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
  };

  const pickDays = async (): Promise<string[] | undefined> => {
    const today = utcToday();
    const yesterday = addDays(today, -1);
    const choice = await vscode.window.showQuickPick(
      [
        { label: 'Today', description: `${today} (UTC)`, value: 'today' },
        { label: 'Yesterday', description: `${yesterday} (UTC)`, value: 'yesterday' },
        { label: 'A Date…', description: 'YYYY-MM-DD', value: 'date' },
        { label: 'A Range of Dates…', description: 'from, to', value: 'range' },
      ],
      { title: 'Import Daily Papers', placeHolder: 'Which day? Hugging Face settles "today" in UTC.' },
    );
    if (!choice) {
      return undefined;
    }
    if (choice.value === 'today') {
      return [today];
    }
    if (choice.value === 'yesterday') {
      return [yesterday];
    }
    const validate = (v: string): string | undefined => (parseDay(v) ? undefined : 'A date as YYYY-MM-DD, e.g. ' + yesterday);
    const from = await vscode.window.showInputBox({ title: choice.value === 'date' ? 'Import Daily Papers of a Date' : 'Import Daily Papers: First Day', value: yesterday, prompt: 'YYYY-MM-DD (days are settled in UTC)', validateInput: validate });
    if (!from) {
      return undefined;
    }
    if (choice.value === 'date') {
      return [parseDay(from)!];
    }
    const to = await vscode.window.showInputBox({
      title: 'Import Daily Papers: Last Day',
      value: today,
      prompt: `YYYY-MM-DD, from ${parseDay(from)} on, at most ${MAX_RANGE_DAYS} days`,
      validateInput: (v) => validate(v) ?? (parseDay(v)! < parseDay(from)! ? `On or after ${parseDay(from)}` : daysBetween(parseDay(from)!, parseDay(v)!) >= MAX_RANGE_DAYS ? `At most ${MAX_RANGE_DAYS} days` : undefined),
    });
    return to ? dayRange(parseDay(from)!, parseDay(to)!) : undefined;
  };

  const daysFromArg = (arg: unknown): string[] | undefined | 'bad' => {
    if (!arg || typeof arg !== 'object') {
      return undefined;
    }
    const a = arg as { date?: unknown; to?: unknown };
    const from = typeof a.date === 'string' ? parseDay(a.date) : undefined;
    const to = typeof a.to === 'string' ? parseDay(a.to) : from;
    if (!from || !to || to < from || daysBetween(from, to) >= MAX_RANGE_DAYS) {
      return 'bad';
    }
    return dayRange(from, to);
  };

  const runImport = async (days: readonly string[]): Promise<ImportReport> => {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Lit Notes: importing Daily Papers', cancellable: true },
      (progress, token) => importDays(days, progress, token),
    );
    if (report.files.length > 0) {
      checkLoaded(report.files);
      const where = report.files.length === 1 ? report.files[0] : `${report.files.length} files in ${readLiveSettings().importFolder}`;
      void vscode.window.showInformationMessage(`Lit Notes: imported ${report.papers} papers into ${where}${report.cancelled ? ' (cancelled)' : ''}.`);
    } else if (report.cancelled) {
      void vscode.window.showInformationMessage('Lit Notes: import cancelled; nothing was written.');
    }
    const notYet = report.problems.find((p) => p.kind === 'not-yet');
    const others = report.problems.filter((p) => p !== notYet);
    if (notYet) {
      const yesterday = addDays(utcToday(), -1);
      const offer = days.includes(yesterday) ? undefined : 'Import Yesterday';
      void vscode.window.showWarningMessage(`Lit Notes: ${notYet.message}`, ...(offer ? [offer] : [])).then(async (choice) => {
        if (choice === offer && offer) {
          await runImport([yesterday]);
        }
      });
    }
    if (others.length > 0) {
      const show = 'Show Log';
      const text = others.length === 1 ? others[0]!.message : `${others.length} days could not be imported; first: ${others[0]!.message}`;
      void vscode.window.showErrorMessage(`Lit Notes: ${text}`, show).then((c) => c === show && log.show(true));
    }
    return report;
  };

  const importCommand = async (arg?: unknown): Promise<ImportReport | undefined> => {
    const given = daysFromArg(arg);
    if (given === 'bad') {
      void vscode.window.showErrorMessage('Lit Notes: Import Daily Papers needs a date as YYYY-MM-DD (and an optional later "to" date).');
      return undefined;
    }
    const days = given ?? (await pickDays());
    return days && days.length > 0 ? runImport(days) : undefined;
  };

  const keysOf = (ids: readonly string[]): string[] => {
    const byArxiv = new Map<string, Paper>();
    for (const p of service.library.papers) {
      if (p.arxivId) {
        byArxiv.set(p.arxivId, p);
      }
    }
    return ids.map((id) => byArxiv.get(normalizeArxivId(id) ?? id)?.key).filter((k): k is string => k !== undefined);
  };

  const addPapers = async (input: string | readonly string[]): Promise<AddReport> => {
    const { refs, invalid } = parsePaperRefs(input);
    const problems: LiveProblem[] = invalid.map((x) => ({ id: x, kind: 'bad-id', message: `"${x}" is not an arXiv id or a Hugging Face / arXiv paper URL.` }));
    const folder = importFolder();
    if (!folder) {
      return { keys: [], problems: [...problems, { message: 'Open a folder first: added papers are saved in the workspace.' }], cancelled: false };
    }
    if (refs.length === 0) {
      return { keys: [], problems, cancelled: false };
    }
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Lit Notes: adding ${refs.length === 1 ? refs[0]!.id : `${refs.length} papers`}`, cancellable: true }, async (progress, token) => {
      const cancel = linkCancellation(token);
      try {
        const client = await makeClient();
        const result = await client.papers(refs, { signal: cancel.signal, onProgress: (p) => progress.report({ message: p.message }) });
        problems.push(...result.problems.map((p) => ({ id: p.id, kind: p.kind, message: p.message })));
        if (result.items.length === 0) {
          return { keys: [], problems, cancelled: false };
        }
        const target = vscode.Uri.joinPath(folder.uri, ADDED_FILE);
        // Read right before writing: what is in the file now is kept.
        const merged = mergeAdded(await readTextIfExists(target), result.items);
        await writeFileAtomic(folder.uri, ADDED_FILE, merged.text);
        const rel = `${folder.rel}/${ADDED_FILE}`;
        log.info(`Added ${result.items.map((i) => `${String(i.paper.id)} (${i.source})`).join(', ')} → ${rel}`);
        await service.reload();
        return { file: rel, keys: keysOf(result.items.map((i) => String(i.paper.id))), problems, cancelled: false };
      } catch (error) {
        if (isCancelled(error)) {
          return { keys: [], problems, cancelled: true };
        }
        problems.push({ ...(error instanceof LiveError ? { kind: error.kind } : {}), message: messageOf(error) });
        return { keys: [], problems, cancelled: false };
      } finally {
        cancel.dispose();
      }
    });
  };

  const addCommand = async (arg?: unknown): Promise<AddReport | undefined> => {
    let input: string | string[] | undefined = typeof arg === 'string' ? arg : Array.isArray(arg) ? arg.filter((x): x is string => typeof x === 'string') : undefined;
    input ??= await vscode.window.showInputBox({
      title: 'Add Paper',
      prompt: 'arXiv id (2410.17243, arXiv:2410.17243v2, hep-th/9901001), Hugging Face or arXiv URL; several: separate with commas or spaces',
      placeHolder: huggingFaceUrl('2410.17243'),
      ignoreFocusOut: true,
      validateInput: (v) => {
        const { refs, invalid } = parsePaperRefs(v);
        return invalid.length > 0 ? `Not an arXiv id or paper URL: ${invalid.slice(0, 3).join(', ')}` : refs.length === 0 ? 'An arXiv id or a paper URL' : undefined;
      },
    });
    if (input === undefined) {
      return undefined;
    }
    const report = await addPapers(input);
    const added = report.keys.map((k) => service.library.byKey.get(k)).filter((p): p is Paper => p !== undefined);
    if (added.length > 0) {
      await vscode.commands.executeCommand(COMMANDS.revealPaper, added[0]!.key);
      const create = added.length === 1 ? 'Create Note' : 'Create Notes';
      const what = added.length === 1 ? `"${added[0]!.title}"` : `${added.length} papers`;
      void vscode.window.showInformationMessage(`Lit Notes: added ${what} to ${report.file ?? ADDED_FILE}.`, create).then(async (choice) => {
        if (choice === create) {
          for (const p of added) {
            await vscode.commands.executeCommand(COMMANDS.openNote, p.key);
          }
        }
      });
    }
    if (report.problems.length > 0) {
      const show = 'Show Log';
      for (const p of report.problems) {
        log.warn(`Add paper: ${p.message}`);
      }
      const text = report.problems.length === 1 ? report.problems[0]!.message : `${report.problems.length} papers could not be added; first: ${report.problems[0]!.message}`;
      void vscode.window.showErrorMessage(`Lit Notes: ${text}`, show).then((c) => c === show && log.show(true));
    } else if (report.cancelled) {
      void vscode.window.showInformationMessage('Lit Notes: cancelled; nothing was added.');
    }
    return report;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.importDailyPapers, importCommand),
    vscode.commands.registerCommand(COMMANDS.addPaper, addCommand),
    vscode.commands.registerCommand(COMMANDS.setHuggingFaceToken, async () => {
      const value = await vscode.window.showInputBox({
        title: 'Set Hugging Face Token',
        prompt: 'A Hugging Face access token (read scope is enough); kept in VS Code\'s secret storage and sent only to the configured Hugging Face host. Empty: remove it.',
        password: true,
        ignoreFocusOut: true,
      });
      if (value === undefined) {
        return;
      }
      if (value.trim() === '') {
        await context.secrets.delete(SECRETS.huggingFaceToken);
        void vscode.window.showInformationMessage('Lit Notes: Hugging Face token removed.');
      } else {
        await context.secrets.store(SECRETS.huggingFaceToken, value.trim());
        void vscode.window.showInformationMessage('Lit Notes: Hugging Face token saved.');
      }
    }),
  );

  let autoRunning: Promise<void> | undefined;
  const startAutoImport = (): void => {
    if (!autoRunning && readLiveSettings().autoImport && workspaceFolder()) {
      autoRunning = service.ready.then(() => autoImport()).finally(() => (autoRunning = undefined));
    }
  };
  startAutoImport();
  // Turning the setting on imports right away, as a startup would.
  vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SETTINGS.dailyPapersAutoImport) && startAutoImport(), undefined, context.subscriptions);

  async function autoImport(): Promise<void> {
    const days = daysToAutoImport(context.workspaceState.get<string>(STATE.lastDailyImport));
    const status = vscode.window.setStatusBarMessage(`$(sync~spin) Lit Notes: importing Daily Papers ${days.length === 1 ? days[0] : `${days[0]} … ${days.at(-1)}`}…`);
    let report: ImportReport;
    try {
      report = await importDays(days);
    } finally {
      status.dispose();
    }
    // Today not reached yet in UTC (early in the day) is normal here: logged, not a problem.
    const problems = report.problems.filter((p) => p.kind !== 'not-yet');
    for (const p of report.problems) {
      log.info(`Auto-import: ${p.message}`);
    }
    const text = `Lit Notes: Daily Papers imported (${report.papers} papers, ${report.files.length} days)${problems.length > 0 ? `; ${problems.length} problems, see the log` : ''}`;
    context.subscriptions.push(vscode.window.setStatusBarMessage(problems.length > 0 ? `$(warning) ${text}` : `$(check) ${text}`, 10_000));
  }
}
