/** The Markdown tooltip of a paper row, built only when the row is hovered. */
import * as vscode from 'vscode';
import { paperSummaryMarkdown } from '../core/markdown';
import type { Paper } from '../core/model';

export function paperTooltip(p: Paper, hasNote: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString(paperSummaryMarkdown(p, { hasNote }), true);
  md.supportHtml = false;
  return md;
}
