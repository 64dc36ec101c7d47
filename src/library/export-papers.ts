/** Export Papers…: the library, a tree group or picked papers as BibTeX or CSL-JSON. */
import * as vscode from 'vscode';
import { toBibtex } from '../core/export/bibtex';
import { toCslJson } from '../core/export/csl-json';
import type { Paper } from '../core/model';
import { COMMANDS } from '../ids';
import { groupFromArg, papersFromArg, papersOfGroup } from '../platform/command-args';
import type { Services } from '../services';

async function exportPapers(services: Services, arg?: unknown, options?: { format?: 'bibtex' | 'csl-json'; target?: vscode.Uri }): Promise<vscode.Uri | undefined> {
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
        { label: 'Whole library', description: `${service.library.papers.length} papers`, all: true },
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
    (await vscode.window.showQuickPick([{ label: 'BibTeX', value: 'bibtex' as const }, { label: 'CSL-JSON', value: 'csl-json' as const }], { title: `Export ${papers.length} papers as…` }))?.value;
  if (!format) {
    return undefined;
  }
  const ext = format === 'bibtex' ? 'bib' : 'json';
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target =
    options?.target ??
    (await vscode.window.showSaveDialog({
      ...(root ? { defaultUri: vscode.Uri.joinPath(root, `lit-notes-export.${format === 'bibtex' ? 'bib' : 'csl.json'}`) } : {}),
      filters: format === 'bibtex' ? { BibTeX: [ext] } : { 'CSL-JSON': [ext] },
    }));
  if (!target) {
    return undefined;
  }
  const text = format === 'bibtex' ? toBibtex(papers) : toCslJson(papers);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await service.keysUsed(papers);
  void vscode.window.showInformationMessage(`Lit Notes: exported ${papers.length} papers from ${what} to ${vscode.workspace.asRelativePath(target)}.`);
  return target;
}

export function registerExportPapers(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.exportPapers, (arg?: unknown, options?: { format?: 'bibtex' | 'csl-json'; target?: vscode.Uri }) => exportPapers(services, arg, options));
}
