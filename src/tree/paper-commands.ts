/** Commands on one paper (tree context menu, detail view): copy its key, open its links. */
import * as vscode from 'vscode';
import { arxivAbsUrl, doiUrl, huggingFaceUrl } from '../core/links';
import type { Paper } from '../core/model';
import { COMMANDS } from '../ids';
import type { LibraryService } from '../library';
import type { TreeNode } from './tree-model';

/** Accepts a key, a tree node or nothing (then the detail view's paper is not known here). */
export function paperArg(service: LibraryService, arg: unknown): Paper | undefined {
  if (typeof arg === 'string') {
    return service.library.byKey.get(arg);
  }
  if (typeof arg === 'object' && arg !== null && (arg as TreeNode).kind === 'paper') {
    const key = (arg as Extract<TreeNode, { kind: 'paper' }>).paper.key;
    return service.library.byKey.get(key);
  }
  return undefined;
}

export function registerPaperCommands(context: vscode.ExtensionContext, service: LibraryService): void {
  const open = (link: (p: Paper) => string | undefined, what: string) => async (arg?: unknown) => {
    const paper = paperArg(service, arg);
    const href = paper ? link(paper) : undefined;
    if (!paper) {
      return;
    }
    if (!href) {
      void vscode.window.showInformationMessage(`Lit Notes: "${paper.title}" has no ${what} link.`);
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(href, true));
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.copyKey, async (arg?: unknown) => {
      const paper = paperArg(service, arg);
      if (paper) {
        await vscode.env.clipboard.writeText(paper.key);
        vscode.window.setStatusBarMessage(`Copied ${paper.key}`, 3000);
        await service.keysUsed([paper]);
      }
    }),
    vscode.commands.registerCommand(COMMANDS.openArxiv, open((p) => (p.arxivId ? arxivAbsUrl(p.arxivId) : undefined), 'arXiv')),
    vscode.commands.registerCommand(COMMANDS.openHuggingFace, open((p) => (p.arxivId ? huggingFaceUrl(p.arxivId) : undefined), 'Hugging Face')),
    vscode.commands.registerCommand(COMMANDS.openDoi, open((p) => (p.doi ? doiUrl(p.doi) : undefined), 'DOI')),
    vscode.commands.registerCommand(COMMANDS.openUrl, open((p) => (p.url && /^https?:/i.test(p.url) ? p.url : undefined), 'web')),
  );
}
