/** The citation text for papers in a document: the format setting and each paper's note link. */
import * as vscode from 'vscode';
import type { CiteTarget } from '../core/cite/format';
import { formatCitation, relativePath, resolveFormat } from '../core/cite/format';
import type { Paper } from '../core/model';
import { readCitationFormat } from '../platform/settings';
import type { NotesIndex } from '../services/notes-index';

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

/** The citation of `papers` for a document of `languageId` at `from` (note links are relative to it). */
export function citationText(papers: readonly Paper[], notes: NotesIndex, languageId: string, from: vscode.Uri | undefined): string {
  return formatCitation(targetsFor(papers, notes, from), resolveFormat(readCitationFormat(), languageId));
}
