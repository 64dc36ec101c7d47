/** Problem reporting and the commands that act on the whole library. */
import * as vscode from 'vscode';
import type { Library } from '../core/library';
import { summarizeLibrary } from '../core/library';
import type { LibrarySummary } from '../core/library';
import { CANDIDATE_EXTENSIONS, formatLabel } from '../core/sources';
import { plural } from '../core/text';
import { COMMANDS, SETTINGS } from '../ids';
import { onSourceSettingsChanged, readRawSources, updateWorkspaceSetting } from '../platform/settings';
import type { LibraryService, Services } from '../services';
import { registerExportPapers } from './export-papers';
import { showProblemsPanel, SourceDiagnostics } from './source-diagnostics';

const SHOW_PROBLEMS = 'Show Problems';

function warnAboutProblems(library: Library): void {
  const n = library.problems.length;
  const files = new Set(library.problems.map((p) => p.path)).size;
  void vscode.window
    .showWarningMessage(`Lit Notes: ${n} problem${n === 1 ? '' : 's'} in ${files} source file${files === 1 ? '' : 's'}; the rest of the library loaded.`, SHOW_PROBLEMS)
    .then((choice) => {
      if (choice === SHOW_PROBLEMS) {
        void showProblemsPanel();
      }
    });
}

export function describeSummary(summary: LibrarySummary): string {
  const perFormat = new Map<string, number>();
  for (const s of summary.sources) {
    if (s.format) {
      perFormat.set(formatLabel(s.format), (perFormat.get(formatLabel(s.format)) ?? 0) + s.records);
    }
  }
  const parts = [...perFormat].map(([label, n]) => `${label} ${n}`).join(', ');
  const files = summary.sources.filter((s) => s.format).length;
  const exports = summary.sources.filter((s) => s.skipped !== undefined).length;
  const skipped = exports > 0 ? `; ${plural(exports, 'Lit Notes export')} not loaded` : '';
  return `Lit Notes: ${plural(summary.papers, 'paper')} from ${plural(summary.records, 'record')} in ${plural(files, 'file')}${parts ? ` (${parts})` : ''}; ${plural(summary.problems, 'problem')}${skipped}.`;
}

/** The library-wide commands, and the warning when a load finds problems. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const { library: service, log } = services;
  context.subscriptions.push(
    service.onDidFindProblems((library) => warnAboutProblems(library)),
    new SourceDiagnostics(service),
    vscode.commands.registerCommand(COMMANDS.clearCache, async (): Promise<number> => {
      const freed = (await service.diskCache?.clear()) ?? 0;
      void vscode.window.showInformationMessage(`Lit Notes: cache cleared (${(freed / 1048576).toFixed(1)} MB freed). Sources are parsed again when they next load.`);
      return freed;
    }),
    vscode.commands.registerCommand(COMMANDS.showLibrarySummary, async (): Promise<LibrarySummary> => {
      await service.ready;
      const summary = summarizeLibrary(service.library);
      const message = describeSummary(summary);
      for (const s of summary.sources) {
        log.info(`  ${s.path}: ${s.skipped ?? `${s.format ? formatLabel(s.format) : 'not loaded'}, ${plural(s.records, 'record')}, ${plural(s.problems, 'problem')}`}`);
      }
      if (summary.problems > 0) {
        void vscode.window.showInformationMessage(message, SHOW_PROBLEMS).then((c) => c === SHOW_PROBLEMS && showProblemsPanel());
      } else {
        void vscode.window.showInformationMessage(message);
      }
      return summary;
    }),
    vscode.commands.registerCommand(COMMANDS.showProblems, () => showProblemsPanel()),
    vscode.commands.registerCommand(COMMANDS.refresh, async () => {
      await service.reload({ force: true });
    }),
  );
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.addSource, () => addSource(service)),
    registerExportPapers(services, context.workspaceState),
    vscode.commands.registerCommand(COMMANDS.openDocs, () => vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(context.extensionUri, 'README.md'))),
  );
  onSourceSettingsChanged(() => void service.reload(), context.subscriptions);
}

/**
 * Lets the user pick source files. Files inside the workspace are found by the default scan
 * (or added to `litNotes.sources` when that lists specific files); files outside it are added
 * to `litNotes.sources` by absolute path, keeping the default scan.
 */
async function addSource(service: LibraryService): Promise<void> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: 'Add to Lit Notes',
    filters: { 'Paper sources': CANDIDATE_EXTENSIONS.map((e) => e.slice(1)), 'All files': ['*'] },
  });
  if (!picked || picked.length === 0) {
    return;
  }
  const current = readRawSources();
  const entries = [...current];
  for (const uri of picked) {
    const inside = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
    if (inside && current.length === 0) {
      continue; // the default scan already covers it
    }
    const entry = inside ? vscode.workspace.asRelativePath(uri, false) : uri.fsPath;
    if (!entries.includes(entry)) {
      entries.push(entry);
    }
  }
  if (entries.length !== current.length) {
    if (current.length === 0) {
      entries.unshift(`**/*{${CANDIDATE_EXTENSIONS.join(',')}}`);
    }
    await updateWorkspaceSetting(SETTINGS.sources, entries);
  }
  const library = await service.reload();
  void vscode.window.showInformationMessage(`Lit Notes: ${plural(library.papers.length, 'paper')} loaded.`);
}
