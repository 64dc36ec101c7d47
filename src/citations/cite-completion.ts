/**
 * `@` completion in markdown and `\cite{…}` completion in LaTeX, ranked by the search engine
 * (typos, any word of the title, authors or key), not by VS Code's prefix match alone.
 */
import * as vscode from 'vscode';
import { completionContext } from '../core/cite/completion-context';
import { isPandocBareKey } from '../core/cite/markdown-citations';
import { INTERNAL_COMMANDS } from '../ids';
import type { Paper } from '../core/model';
import { peopleLine } from '../core/paper-info';
import { cutAtWord } from '../core/text';
import type { SearchService } from '../services/search-service';
import { citeLanguage } from '../platform/cite-documents';

const LIMIT = 50;

export class CiteCompletionProvider implements vscode.CompletionItemProvider<vscode.CompletionItem & { paper?: Paper }> {
  constructor(
    /** Read at each completion: the search service is made after activation. */
    private readonly services: { readonly search: SearchService },
    private readonly ready: Promise<void>,
  ) {}

  async provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionList<vscode.CompletionItem & { paper?: Paper }> | undefined> {
    await this.ready; // the first '@' right after start-up waits for the library instead of offering nothing
    const language = citeLanguage(doc);
    if (!language) {
      return undefined;
    }
    const line = doc.lineAt(position.line).text.slice(0, position.character);
    const context = completionContext(line, line.length, language);
    if (!context) {
      return undefined;
    }
    const range = new vscode.Range(position.line, context.start, position.line, position.character);
    const search = this.services.search;
    const papers = context.prefix === '' ? [...search.recentPapers(), ...search.newest(LIMIT)].slice(0, LIMIT) : search.search(context.prefix, { limit: LIMIT, abstracts: false }).map((h) => h.paper);
    const seen = new Set<string>();
    const items = papers
      .filter((p) => !seen.has(p.key) && seen.add(p.key))
      .map((p, i) => {
        const item: vscode.CompletionItem & { paper?: Paper } = new vscode.CompletionItem({ label: p.key, description: p.title }, vscode.CompletionItemKind.Reference);
        item.detail = p.title;
        // Keys pandoc cannot read bare (`url:https://…?id=x`) are inserted as `@{key}`.
        item.insertText = language === 'markdown' && line.charAt(context.start - 1) === '@' && !isPandocBareKey(p.key) ? `{${p.key}}` : p.key;
        item.range = range;
        item.command = { title: 'Pin key', command: INTERNAL_COMMANDS.keysUsed, arguments: [[p.key]] };
        // Our ranking decides the order; filterText makes VS Code keep every ranked item.
        item.sortText = String(i).padStart(4, '0');
        item.filterText = `${context.prefix} ${p.key} ${p.title}`;
        item.paper = p;
        return item;
      });
    // Incomplete: every keystroke asks again, so the engine (not VS Code's filter) ranks.
    return new vscode.CompletionList(items, true);
  }

  resolveCompletionItem(item: vscode.CompletionItem & { paper?: Paper }): vscode.CompletionItem {
    const p = item.paper;
    if (p) {
      const md = new vscode.MarkdownString();
      md.appendText([peopleLine(p, 6), p.date ?? p.year].filter((x) => x !== undefined).join(' · '));
      if (p.abstract) {
        md.appendMarkdown('\n\n');
        md.appendText(p.abstract.length > 500 ? cutAtWord(p.abstract, 500) + '…' : p.abstract);
      }
      item.documentation = md;
    }
    return item;
  }
}

