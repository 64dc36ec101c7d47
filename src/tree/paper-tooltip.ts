/** The Markdown tooltip of a paper row, built only when the row is hovered. */
import * as vscode from 'vscode';
import { escapeMarkdown } from '../platform/markdown';
import type { Paper } from '../core/model';
import { paperLinks, peopleLine } from '../core/paper-info';


export function paperTooltip(p: Paper, hasNote: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.supportHtml = false;
  md.appendMarkdown(`**${escapeMarkdown(p.title)}**\n\n`);
  const facts = [peopleLine(p), p.date, p.upvotes !== undefined ? `▲ ${p.upvotes} upvotes` : undefined, p.venue].filter((x): x is string => !!x);
  if (facts.length > 0) {
    md.appendMarkdown(facts.map(escapeMarkdown).join(' · ') + '\n\n');
  }
  md.appendMarkdown(`\`${p.key}\`${hasNote ? ' · $(note) note' : ''}\n\n`);
  if (p.abstract) {
    const start = p.abstract.length > 400 ? p.abstract.slice(0, 400).replace(/\s+\S*$/, '') + '…' : p.abstract;
    md.appendMarkdown(escapeMarkdown(start) + '\n\n');
  }
  const links = paperLinks(p);
  if (links.length > 0) {
    md.appendMarkdown(links.map((l) => `[${l.label}](${l.href})`).join(' · '));
  }
  return md;
}
