/** Export Papers…: the library, a tree group or picked papers as BibTeX or CSL-JSON. */
import * as vscode from 'vscode';
import { toBibtex } from '../core/export/bibtex';
import { toCslJson } from '../core/export/csl-json';
import { bibtexExportHeader, EXPORTS_FILE, parseExportsFile, recordExport } from '../core/export/marker';
import type { Paper } from '../core/model';
import { plural } from '../core/text';
import { COMMANDS, STATE } from '../ids';
import { groupFromArg, papersFromArg, papersOfGroup } from '../platform/command-args';
import type { Services } from '../services';

/** The Save dialog's default: the folder of the last export (else the workspace folder), `lit-notes-export.bib`/`.csl.json`. */
function exportDefaultUri(state: vscode.Memento, format: 'bibtex' | 'csl-json'): vscode.Uri | undefined {
  const name = `lit-notes-export.${format === 'bibtex' ? 'bib' : 'csl.json'}`;
  const last = state.get<string>(STATE.lastExportFolder);
  const folder = last ? vscode.Uri.parse(last) : vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, name) : undefined;
}

/**
 * Records an export target in its workspace folder's `.litnotes/exports.json`, so the folder scan
 * never loads it as a paper source (CSL-JSON has no room for a marker), and remembers its folder
 * for the next Save dialog. A target outside the workspace is not scanned: nothing to record.
 */
async function rememberExport(state: vscode.Memento, target: vscode.Uri): Promise<void> {
  await state.update(STATE.lastExportFolder, vscode.Uri.joinPath(target, '..').toString());
  const folder = vscode.workspace.getWorkspaceFolder(target);
  if (!folder) {
    return;
  }
  const file = vscode.Uri.joinPath(folder.uri, EXPORTS_FILE);
  const relative = vscode.workspace.asRelativePath(target, false);
  let current: string | undefined;
  try {
    current = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  } catch {
    current = undefined;
  }
  const recorded = new Set<string>();
  for (const path of parseExportsFile(current)) {
    const there = await Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, path))).then(() => true, () => false);
    if (there) {
      recorded.add(path);
    }
  }
  const next = recordExport(current, relative, (path) => recorded.has(path));
  if (next !== undefined && next !== current) {
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(next));
  }
}

async function exportPapers(services: Services, state: vscode.Memento, arg?: unknown, options?: { format?: 'bibtex' | 'csl-json'; target?: vscode.Uri }): Promise<vscode.Uri | undefined> {
  const service = services.library;
  await service.ready;
  let papers: readonly Paper[];
  let what: string;
  const group = groupFromArg(arg);
  if (group) {
    papers = papersOfGroup(group);
    what = `"${group.label}"`;
  } else if (arg !== undefined) {
    papers = papersFromArg(service.library, arg);
    what = 'the chosen papers';
  } else {
    const scope = await vscode.window.showQuickPick(
      [
        { label: 'Whole library', description: plural(service.library.papers.length, 'paper'), all: true },
        { label: 'Papers I pick…', description: 'search and select several', all: false },
      ],
      { title: 'Export Papers' },
    );
    if (!scope) {
      return undefined;
    }
    papers = scope.all ? service.library.papers : await services.picker.pickPapers('Export Papers');
    what = scope.all ? 'the library' : 'the chosen papers';
  }
  if (papers.length === 0) {
    return undefined;
  }
  const format =
    options?.format ??
    (await vscode.window.showQuickPick([{ label: 'BibTeX', value: 'bibtex' as const }, { label: 'CSL-JSON', value: 'csl-json' as const }], { title: `Export ${plural(papers.length, 'paper')} as…` }))?.value;
  if (!format) {
    return undefined;
  }
  const ext = format === 'bibtex' ? 'bib' : 'json';
  const target =
    options?.target ??
    (await vscode.window.showSaveDialog({
      defaultUri: exportDefaultUri(state, format),
      filters: format === 'bibtex' ? { BibTeX: [ext] } : { 'CSL-JSON': [ext] },
      title: `Export ${plural(papers.length, 'paper')}`,
    }));
  if (!target) {
    return undefined;
  }
  await service.whenAbstracts(); // a library just shown from its snapshot reads its abstracts for a moment
  const body = format === 'bibtex' ? toBibtex(papers) : toCslJson(papers);
  const text = format === 'bibtex' ? bibtexExportHeader(papers.length, new Date().toISOString().slice(0, 10)) + body : body;
  // Recorded before it is written, so the reload its creation causes already knows it is an export.
  await rememberExport(state, target);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await service.keysUsed(papers);
  void vscode.window.showInformationMessage(
    `Lit Notes: exported ${plural(papers.length, 'paper')} from ${what} to ${vscode.workspace.asRelativePath(target)}. Lit Notes does not load its own exports as paper sources.`,
  );
  return target;
}

/** `state`: the workspace's memento, where the folder of the last export is kept. */
export function registerExportPapers(services: Services, state: vscode.Memento): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.exportPapers, (arg?: unknown, options?: { format?: 'bibtex' | 'csl-json'; target?: vscode.Uri }) => exportPapers(services, state, arg, options));
}
