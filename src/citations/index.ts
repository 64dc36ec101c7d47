/** Citations: insert one or more citations at every cursor, copy a paper's citation. */
import * as vscode from 'vscode';
import type { CitationFormat, CiteTarget } from '../core/cite/format';
import { CITATION_FORMATS, formatCitation, relativePath, resolveFormat } from '../core/cite/format';
import type { Paper } from '../core/model';
import { COMMANDS, INTERNAL_COMMANDS, SETTINGS, settingName } from '../ids';
import type { LibraryService } from '../library';
import type { NotesIndex } from '../library/notes-index';
import type { SearchService } from '../library/search-service';
import type { PaperGroup } from '../core/grouping';
import { formatReference } from '../core/cite/reference';
import { toBibtex } from '../core/export/bibtex';
import { toCslJson } from '../core/export/csl-json';
import { plural } from '../core/text';
import { bibtexExportHeader, EXPORTS_FILE, parseExportsFile, recordExport } from '../core/export/marker';
import { CiteCompletionProvider } from './cite-completion';
import { CITE_SELECTOR } from './cite-documents';
import { CiteDiagnostics, CiteQuickFixProvider } from './cite-diagnostics';
import { CiteHoverProvider } from './cite-hover';
import { CiteDefinitionProvider, WikiLinkProvider } from './cite-navigation';

export interface CitationDeps {
  readonly service: LibraryService;
  readonly notes: NotesIndex;
  readonly search: SearchService;
  pickPapers(title: string): Promise<readonly Paper[]>;
  pickPaper(title: string, value?: string): Promise<Paper | undefined>;
}

export function citationFormat(): CitationFormat {
  const v = vscode.workspace.getConfiguration(SETTINGS.section).get<string>(settingName(SETTINGS.citationFormat));
  return (CITATION_FORMATS as readonly string[]).includes(v ?? '') ? (v as CitationFormat) : 'auto';
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

const LAST_EXPORT_FOLDER = 'litNotes.lastExportFolder';

/** The Save dialog's default: the folder of the last export (else the workspace folder), `lit-notes-export.bib`/`.csl.json`. */
function exportDefaultUri(context: vscode.ExtensionContext, format: 'bibtex' | 'csl-json'): vscode.Uri | undefined {
  const name = `lit-notes-export.${format === 'bibtex' ? 'bib' : 'csl.json'}`;
  const last = context.workspaceState.get<string>(LAST_EXPORT_FOLDER);
  const folder = last ? vscode.Uri.parse(last) : vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, name) : undefined;
}

/**
 * Records an export target in its workspace folder's `.litnotes/exports.json`, so the folder scan
 * never loads it as a paper source (CSL-JSON has no room for a marker), and remembers its folder
 * for the next Save dialog. A target outside the workspace is not scanned: nothing to record.
 */
async function rememberExport(context: vscode.ExtensionContext, target: vscode.Uri): Promise<void> {
  await context.workspaceState.update(LAST_EXPORT_FOLDER, vscode.Uri.joinPath(target, '..').toString());
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
            { label: 'Whole library', description: plural(service.library.papers.length, 'paper'), all: true },
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
        (await vscode.window.showQuickPick([{ label: 'BibTeX', value: 'bibtex' as const }, { label: 'CSL-JSON', value: 'csl-json' as const }], { title: `Export ${plural(papers.length, 'paper')} as…` }))?.value;
      if (!format) {
        return undefined;
      }
      const ext = format === 'bibtex' ? 'bib' : 'json';
      const target =
        options?.target ??
        (await vscode.window.showSaveDialog({
          defaultUri: exportDefaultUri(context, format),
          filters: format === 'bibtex' ? { BibTeX: [ext] } : { 'CSL-JSON': [ext] },
          title: `Export ${plural(papers.length, 'paper')}`,
        }));
      if (!target) {
        return undefined;
      }
      const body = format === 'bibtex' ? toBibtex(papers) : toCslJson(papers);
      const text = format === 'bibtex' ? bibtexExportHeader(papers.length, new Date().toISOString().slice(0, 10)) + body : body;
      // Recorded before it is written, so the reload its creation causes already knows it is an export.
      await rememberExport(context, target);
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      await service.keysUsed(papers);
      void vscode.window.showInformationMessage(
        `Lit Notes: exported ${plural(papers.length, 'paper')} from ${what} to ${vscode.workspace.asRelativePath(target)}. Lit Notes does not load its own exports as paper sources.`,
      );
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
      const format = resolveFormat(citationFormat(), editor.document.languageId);
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
      const text = formatCitation(targetsFor(papers, notes, vscode.window.activeTextEditor?.document.uri), resolveFormat(citationFormat(), language));
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
      await service.keysUsed(papers);
      return text;
    }),
  );
}
