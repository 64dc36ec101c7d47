/** Hover on a citation key: the paper's essentials, its links, and its note (open or create). */
import * as vscode from 'vscode';
import { escapeMarkdown } from '../platform/markdown';
import { citationAt } from '../core/cite/find-keys';
import { paperLinks, peopleLine } from '../core/paper-info';
import { COMMANDS } from '../ids';
import type { LibraryService } from '../library';
import type { NotesIndex } from '../library/notes-index';
import { citationsIn } from './cite-documents';


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
    const range = new vscode.Range(doc.positionAt(ref.start), doc.positionAt(ref.end));
    const p = this.service.library.byKey.get(ref.key);
    if (!p) {
      return new vscode.Hover(new vscode.MarkdownString(`Lit Notes: no paper with the key \`${ref.key.replace(/`/g, '')}\``), range);
    }
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [COMMANDS.openNote, COMMANDS.showPaper] };
    md.appendMarkdown(`**${escapeMarkdown(p.title)}**\n\n`);
    const facts = [peopleLine(p, 6), p.date ?? (p.year !== undefined ? String(p.year) : undefined), p.upvotes !== undefined ? `▲ ${p.upvotes}` : undefined, p.venue].filter((x): x is string => !!x);
    if (facts.length > 0) {
      md.appendMarkdown(facts.map(escapeMarkdown).join(' · ') + '\n\n');
    }
    const links = paperLinks(p).map((l) => `[${l.label}](${l.href})`);
    const args = encodeURIComponent(JSON.stringify([p.key]));
    const note = this.notes.hasNote(p) ? `[$(note) Open note](command:${COMMANDS.openNote}?${args})` : `[$(new-file) Create note](command:${COMMANDS.openNote}?${args})`;
    md.appendMarkdown([note, `[$(preview) Details](command:${COMMANDS.showPaper}?${args})`, ...links].join(' · '));
    return new vscode.Hover(md, range);
  }
}
