/** Go to definition on a key (its note, else its source entry) and document links for [[wiki links]]. */
import * as vscode from 'vscode';
import { citationAt } from '../core/cite/key-ref';
import { findWikiLinks } from '../core/cite/markdown-citations';
import type { LibraryService } from '../services/library-service';
import type { NotesIndex } from '../services/notes-index';
import { COMMANDS } from '../ids';
import { documentRange } from '../platform/ranges';
import { citationsIn } from '../platform/cite-documents';

export class CiteDefinitionProvider implements vscode.DefinitionProvider {
  constructor(
    private readonly service: LibraryService,
    private readonly notes: NotesIndex,
  ) {}

  provideDefinition(doc: vscode.TextDocument, position: vscode.Position): vscode.Location | undefined {
    const ref = citationAt(citationsIn(doc), doc.offsetAt(position));
    const p = ref ? this.service.library.byKey.get(ref.key) : undefined;
    if (!p) {
      return undefined;
    }
    const note = this.notes.get(p);
    if (note) {
      return new vscode.Location(note.uri, new vscode.Position(0, 0));
    }
    const source = p.sources[0];
    const uri = source ? this.service.sourceUri(source.path) : undefined;
    return source && uri ? new vscode.Location(uri, new vscode.Position(Math.max(0, source.line - 1), 0)) : undefined;
  }
}

export class WikiLinkProvider implements vscode.DocumentLinkProvider {
  constructor(
    private readonly service: LibraryService,
    private readonly notes: NotesIndex,
  ) {}

  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    const links: vscode.DocumentLink[] = [];
    for (const w of findWikiLinks(doc.getText())) {
      const p = this.service.library.byKey.get(w.target);
      const uri = p ? this.notes.noteUri(p) : undefined;
      const existing = p ? this.notes.get(p)?.uri : undefined;
      const target = existing ?? uri;
      if (target) {
        const link = new vscode.DocumentLink(documentRange(doc, w), existing ? target : vscode.Uri.parse(`command:${COMMANDS.openNote}?${encodeURIComponent(JSON.stringify([w.target]))}`));
        link.tooltip = existing ? 'Open note' : 'Create note';
        links.push(link);
      }
    }
    return links;
  }
}
