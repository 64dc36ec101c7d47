/** Citations: insert one or more citations at every cursor, copy a paper's citation. */
import * as vscode from 'vscode';
import type { CiteTarget } from '../core/cite/format';
import { formatCitation, relativePath, resolveFormat } from '../core/cite/format';
import type { Paper } from '../core/model';
import { COMMANDS, INTERNAL_COMMANDS } from '../ids';
import type { LibraryService } from '../library';
import type { NotesIndex } from '../library/notes-index';
import type { SearchService } from '../library/search-service';
import type { PaperGroup } from '../core/grouping';
import { formatReference } from '../core/cite/reference';
import { toBibtex } from '../core/export/bibtex';
import { toCslJson } from '../core/export/csl-json';
import { CiteCompletionProvider } from './cite-completion';
import { CITE_SELECTOR } from './cite-documents';
import { CiteDiagnostics, CiteQuickFixProvider } from './cite-diagnostics';
import { CiteHoverProvider } from './cite-hover';
import { readCitationFormat } from '../platform/settings';
import { CiteDefinitionProvider, WikiLinkProvider } from './cite-navigation';

export interface CitationDeps {
  readonly service: LibraryService;
  readonly notes: NotesIndex;
  readonly search: SearchService;
  pickPapers(title: string): Promise<readonly Paper[]>;
  pickPaper(title: string, value?: string): Promise<Paper | undefined>;
}

function targetsFor(papers: readonly Paper[], notes: NotesIndex, from: vscode.Uri | undefined): CiteTarget[] {
  return papers.map((paper) => {
    const uri = notes.noteUri(paper);
    if (!uri) {
      return { paper };
    }
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/\.md$/, '');
    const notePath = from && from.scheme === uri.scheme ? relativePath(vscode.workspace.asRelativePath(from, false), vscode.workspace.asRelativePath(uri, false)) : undefined;
    return notePath ? { paper, noteName: name, notePath } : { paper, noteName: name };
  });
}

function keysFrom(service: LibraryService, arg: unknown): Paper[] {
  const one = (a: unknown): Paper | undefined =>
    typeof a === 'string' ? service.library.byKey.get(a) : typeof a === 'object' && a !== null && 'paper' in a ? service.library.byKey.get((a as { paper: Paper }).paper.key) : undefined;
  const list = Array.isArray(arg) ? arg.map(one) : [one(arg)];
  return list.filter((p): p is Paper => p !== undefined);
}

function groupPapers(group: PaperGroup): Paper[] {
  return [...group.papers, ...group.subgroups.flatMap(groupPapers)];
}

export function register(context: vscode.ExtensionContext, deps: CitationDeps): void {
  const { service, notes } = deps;
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(CITE_SELECTOR, new CiteCompletionProvider(deps.search, service.ready), '@', '{', ','),
    vscode.languages.registerHoverProvider(CITE_SELECTOR, new CiteHoverProvider(service, notes)),
    vscode.languages.registerDefinitionProvider(CITE_SELECTOR, new CiteDefinitionProvider(service, notes)),
    vscode.languages.registerDocumentLinkProvider(CITE_SELECTOR, new WikiLinkProvider(service, notes)),
    vscode.languages.registerCodeActionsProvider(CITE_SELECTOR, new CiteQuickFixProvider(service), { providedCodeActionKinds: CiteQuickFixProvider.kinds }),
    new CiteDiagnostics(service),
    // A completion item runs this once accepted: the inserted key is now in use.
    vscode.commands.registerCommand(INTERNAL_COMMANDS.keysUsed, (keys: unknown) =>
      service.keysUsed((Array.isArray(keys) ? keys : []).map((k) => (typeof k === 'string' ? service.library.byKey.get(k) : undefined)).filter((p): p is Paper => p !== undefined)),
    ),
    vscode.commands.registerCommand(COMMANDS.replaceCitationKey, async (uri: vscode.Uri, range: vscode.Range, key: string) => {
      const paper = await deps.pickPaper(`Replace "${key}" with…`, key);
      if (paper) {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(uri, range, paper.key);
        await vscode.workspace.applyEdit(edit);
        await service.keysUsed([paper]);
      }
    }),
    vscode.commands.registerCommand(COMMANDS.copyReference, async (arg?: unknown) => {
      await service.ready;
      const papers = arg === undefined ? await deps.pickPapers('Copy Reference') : keysFrom(service, arg);
      if (papers.length === 0) {
        return undefined;
      }
      const text = papers.map(formatReference).join('\n');
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(`Copied ${papers.length} reference${papers.length === 1 ? '' : 's'}`, 3000);
      return text;
    }),
    vscode.commands.registerCommand(COMMANDS.exportPapers, async (arg?: unknown, options?: { format?: 'bibtex' | 'csl-json'; target?: vscode.Uri }) => {
      await service.ready;
      let papers: readonly Paper[];
      let what: string;
      if (typeof arg === 'object' && arg !== null && 'group' in arg) {
        const group = (arg as { group: PaperGroup }).group;
        papers = [...new Map(groupPapers(group).map((p) => [p.key, p])).values()];
        what = `"${group.label}"`;
      } else if (arg !== undefined) {
        papers = keysFrom(service, arg);
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
        papers = scope.all ? service.library.papers : await deps.pickPapers('Export Papers');
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
    }),
    vscode.commands.registerCommand(COMMANDS.insertCitation, async (arg?: unknown) => {
      await service.ready;
      const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
      if (!editor) {
        void vscode.window.showInformationMessage('Lit Notes: open a document to insert a citation into.');
        return undefined;
      }
      const papers = arg === undefined ? await deps.pickPapers('Insert Citation') : keysFrom(service, arg);
      if (papers.length === 0) {
        return undefined;
      }
      const format = resolveFormat(readCitationFormat(), editor.document.languageId);
      const text = formatCitation(targetsFor(papers, notes, editor.document.uri), format);
      await editor.edit((b) => editor.selections.forEach((s) => b.replace(s, text)));
      papers.forEach((p) => service.noteOpened(p.key));
      await service.keysUsed(papers);
      return text;
    }),
    vscode.commands.registerCommand(COMMANDS.copyCitation, async (arg?: unknown) => {
      await service.ready;
      const papers = arg === undefined ? await deps.pickPapers('Copy Citation') : keysFrom(service, arg);
      if (papers.length === 0) {
        return undefined;
      }
      const language = vscode.window.activeTextEditor?.document.languageId ?? 'markdown';
      const text = formatCitation(targetsFor(papers, notes, vscode.window.activeTextEditor?.document.uri), resolveFormat(readCitationFormat(), language));
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
      await service.keysUsed(papers);
      return text;
    }),
  );
}
