/** Hover on a citation key: the paper's essentials, its links, and its note (open or create). */
import * as vscode from 'vscode';
import { commandLink, markdownCodeSpan, paperSummaryMarkdown } from '../core/markdown';
import { citationAt } from '../core/cite/key-ref';
import { COMMANDS } from '../ids';
import type { LibraryService } from '../services/library-service';
import type { NotesIndex } from '../services/notes-index';
import { documentRange } from '../platform/ranges';
import { citationsIn } from '../platform/cite-documents';


export class CiteHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly service: LibraryService,
    private readonly notes: NotesIndex,
  ) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const ref = citationAt(citationsIn(doc), doc.offsetAt(position));
    if (!ref) {
      return undefined;
    }
    const range = documentRange(doc, ref);
    const p = this.service.library.byKey.get(ref.key);
    if (!p) {
      return new vscode.Hover(new vscode.MarkdownString(`Lit Notes: no paper with the key ${markdownCodeSpan(ref.key)}`), range);
    }
    const hasNote = this.notes.hasNote(p);
    const note = commandLink(hasNote ? '$(note) Open note' : '$(new-file) Create note', COMMANDS.openNote, [p.key]);
    const md = new vscode.MarkdownString(paperSummaryMarkdown(p, { hasNote, abstractChars: 300, extraLinks: [note, commandLink('$(preview) Details', COMMANDS.showPaper, [p.key])] }), true);
    md.isTrusted = { enabledCommands: [COMMANDS.openNote, COMMANDS.showPaper] };
    return new vscode.Hover(md, range);
  }
}
