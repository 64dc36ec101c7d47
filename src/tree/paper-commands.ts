/** Commands on one paper (tree context menu, detail view): copy its key, open its links. */
import * as vscode from 'vscode';
import { arxivAbsUrl, doiUrl, huggingFaceUrl } from '../core/links';
import type { Paper } from '../core/model';
import { COMMANDS } from '../ids';
import { pdfLink } from '../core/paper-info';
import { paperFromArg } from '../platform/command-args';
import type { Services } from '../services';

export function registerPaperCommands(services: Services): vscode.Disposable[] {
  const service = services.library;
  const open = (link: (p: Paper) => string | undefined, what: string) => async (arg?: unknown) => {
    const paper = paperFromArg(service.library, arg);
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
  return [
    vscode.commands.registerCommand(COMMANDS.copyKey, async (arg?: unknown) => {
      const paper = paperFromArg(service.library, arg);
      if (paper) {
        await vscode.env.clipboard.writeText(paper.key);
        vscode.window.setStatusBarMessage(`Copied ${paper.key}`, 3000);
        await service.keysUsed([paper]);
      }
    }),
    vscode.commands.registerCommand(COMMANDS.openArxiv, open((p) => (p.arxivId ? arxivAbsUrl(p.arxivId) : undefined), 'arXiv')),
    vscode.commands.registerCommand(COMMANDS.openHuggingFace, open((p) => (p.arxivId ? huggingFaceUrl(p.arxivId) : undefined), 'Hugging Face')),
    vscode.commands.registerCommand(COMMANDS.openDoi, open((p) => (p.doi ? doiUrl(p.doi) : undefined), 'DOI')),
    vscode.commands.registerCommand(COMMANDS.openPdf, open(pdfLink, 'PDF')),
    vscode.commands.registerCommand(COMMANDS.openUrl, open((p) => (p.url && /^https?:/i.test(p.url) ? p.url : undefined), 'web')),
  ];
}
