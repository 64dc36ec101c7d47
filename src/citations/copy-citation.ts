/** Copy Citation: the papers' citation, in the active document's format, to the clipboard. */
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { papersFromArg } from '../platform/command-args';
import type { Services } from '../services';
import { citationText } from './citation-text';

export function registerCopyCitation(services: Services): vscode.Disposable {
  const { library: service, notes } = services;
  return vscode.commands.registerCommand(COMMANDS.copyCitation, async (arg?: unknown) => {
    await service.ready;
    const papers = arg === undefined ? await services.picker.pickPapers('Copy Citation') : papersFromArg(service.library, arg);
    if (papers.length === 0) {
      return undefined;
    }
    const active = vscode.window.activeTextEditor?.document;
    const text = citationText(papers, notes, active?.languageId ?? 'markdown', active?.uri);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
    await service.keysUsed(papers);
    return text;
  });
}
