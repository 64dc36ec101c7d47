/**
 * Live papers: `Lit Notes: Import Daily Papers…` (a day or a range from Hugging Face Daily Papers
 * into `<importFolder>/hf-daily-YYYY-MM-DD.json`), `Lit Notes: Add Paper…` (arXiv ids and URLs into
 * `<importFolder>/added.json`, Hugging Face first, arXiv as fallback), `Lit Notes: Set Hugging Face
 * Token` (SecretStorage) and the optional startup auto-import. The fetching is the pure core in
 * src/core/fetch; HTTP goes through node's http/https (src/platform/node-http.ts), which VS Code
 * routes through the user's proxy settings.
 */
import type * as vscode from 'vscode';
import type { Services } from '../services';
import { registerAddPaper } from './add-paper';
import { startAutoImports } from './auto-import';
import { registerSetHuggingFaceToken } from './hf-token';
import { registerImportDailyPapers } from './import-daily-papers';
import type { LiveContext } from './live-context';

export type { AddReport, ImportReport, LiveProblem } from './live-context';

export function register(context: vscode.ExtensionContext, services: Services): void {
  const live: LiveContext = { context, services, arxivClock: {} };
  context.subscriptions.push(registerImportDailyPapers(live), registerAddPaper(live), registerSetHuggingFaceToken(context));
  startAutoImports(live);
}
