/** Import Daily Papers…: today, yesterday, a date or a range, with progress and Cancel. */
import * as vscode from 'vscode';
import { addDays, dayRange, daysBetween, parseDay, utcToday } from '../core/fetch/dates';
import { COMMANDS } from '../ids';
import { readLiveSettings } from '../platform/settings';
import { checkLoaded, importDays } from './import-days';
import type { ImportReport, LiveContext } from './live-context';
import { MAX_RANGE_DAYS } from './live-context';

async function pickDays(): Promise<string[] | undefined> {
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
}

function daysFromArg(arg: unknown): string[] | undefined | 'bad' {
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
}

async function runImport(live: LiveContext, days: readonly string[]): Promise<ImportReport> {
  const { log } = live.services;
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Lit Notes: importing Daily Papers', cancellable: true },
    (progress, token) => importDays(live, days, progress, token),
  );
  if (report.files.length > 0) {
    checkLoaded(live, report.files);
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
        await runImport(live, [yesterday]);
      }
    });
  }
  if (others.length > 0) {
    const show = 'Show Log';
    const text = others.length === 1 ? others[0]!.message : `${others.length} days could not be imported; first: ${others[0]!.message}`;
    void vscode.window.showErrorMessage(`Lit Notes: ${text}`, show).then((c) => c === show && log.show(true));
  }
  return report;
}

export function registerImportDailyPapers(live: LiveContext): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.importDailyPapers, async (arg?: unknown): Promise<ImportReport | undefined> => {
    const given = daysFromArg(arg);
    if (given === 'bad') {
      void vscode.window.showErrorMessage('Lit Notes: Import Daily Papers needs a date as YYYY-MM-DD (and an optional later "to" date).');
      return undefined;
    }
    const days = given ?? (await pickDays());
    return days && days.length > 0 ? runImport(live, days) : undefined;
  });
}
