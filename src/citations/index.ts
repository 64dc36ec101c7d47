/** Citations: insert one or more citations at every cursor, copy a paper's citation. */
import * as vscode from 'vscode';
import type { CitationFormat, CiteTarget } from '../core/cite/format';
import { CITATION_FORMATS, formatCitation, relativePath, resolveFormat } from '../core/cite/format';
import type { Paper } from '../core/model';
import { COMMANDS, SETTINGS, settingName } from '../ids';
import type { LibraryService } from '../library';
import type { NotesIndex } from '../library/notes-index';

export interface CitationDeps {
  readonly service: LibraryService;
  readonly notes: NotesIndex;
  pickPapers(title: string): Promise<readonly Paper[]>;
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

export function register(context: vscode.ExtensionContext, deps: CitationDeps): void {
  const { service, notes } = deps;
  context.subscriptions.push(
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
      return text;
    }),
  );
}
