/** Copy Reference: an APA-like reference line per paper, to the clipboard. */
import * as vscode from 'vscode';
import { formatReference } from '../core/cite/reference';
import { COMMANDS } from '../ids';
import { papersFromArg } from '../platform/command-args';
import type { Services } from '../services';

export function registerCopyReference(services: Services): vscode.Disposable {
  const service = services.library;
  return vscode.commands.registerCommand(COMMANDS.copyReference, async (arg?: unknown) => {
    await service.ready;
    const papers = arg === undefined ? await services.picker.pickPapers('Copy Reference') : papersFromArg(service.library, arg);
    if (papers.length === 0) {
      return undefined;
    }
    const text = papers.map(formatReference).join('\n');
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`Copied ${papers.length} reference${papers.length === 1 ? '' : 's'}`, 3000);
    return text;
  });
}
