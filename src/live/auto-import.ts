/** The optional auto-import: at startup (and when the setting is turned on), the days since the last import, at most 7. */
import * as vscode from 'vscode';
import { daysToAutoImport } from '../core/fetch/dates';
import { SETTINGS, STATE } from '../ids';
import { readLiveSettings } from '../platform/settings';
import { importDays } from './import-days';
import type { ImportReport, LiveContext } from './live-context';
import { workspaceFolder } from './live-context';

export function startAutoImports(live: LiveContext): void {
  const { context, services } = live;
  const { library: service, log } = services;
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
      report = await importDays(live, days);
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
