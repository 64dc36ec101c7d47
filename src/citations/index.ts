/**
 * Citations in markdown and LaTeX: completion, hover, go to note or source, wiki links, unknown-key
 * diagnostics and quick fixes; Insert Citation, Copy Citation, Copy Reference.
 */
import * as vscode from 'vscode';
import { INTERNAL_COMMANDS } from '../ids';
import { papersFromArg } from '../platform/command-args';
import type { Services } from '../services';
import { CiteCompletionProvider } from './cite-completion';
import { CITE_SELECTOR } from '../platform/cite-documents';
import { CiteDiagnostics, CiteQuickFixProvider } from './cite-diagnostics';
import { CiteHoverProvider } from './cite-hover';
import { CiteDefinitionProvider, WikiLinkProvider } from './cite-navigation';
import { registerCopyCitation } from './copy-citation';
import { registerCopyReference } from './copy-reference';
import { registerInsertCitation } from './insert-citation';
import { registerReplaceCitationKey } from './replace-citation-key';

export function register(context: vscode.ExtensionContext, services: Services): void {
  const { library: service, notes } = services;
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(CITE_SELECTOR, new CiteCompletionProvider(services, service.ready), '@', '{', ','),
    vscode.languages.registerHoverProvider(CITE_SELECTOR, new CiteHoverProvider(service, notes)),
    vscode.languages.registerDefinitionProvider(CITE_SELECTOR, new CiteDefinitionProvider(service, notes)),
    vscode.languages.registerDocumentLinkProvider(CITE_SELECTOR, new WikiLinkProvider(service, notes)),
    vscode.languages.registerCodeActionsProvider(CITE_SELECTOR, new CiteQuickFixProvider(service), { providedCodeActionKinds: CiteQuickFixProvider.kinds }),
    new CiteDiagnostics(service),
    // A completion item runs this once accepted: the inserted key is now in use.
    vscode.commands.registerCommand(INTERNAL_COMMANDS.keysUsed, (keys: unknown) =>
      service.keysUsed(papersFromArg(service.library, keys)),
    ),
    registerReplaceCitationKey(services),
    registerCopyReference(services),
    registerInsertCitation(services),
    registerCopyCitation(services),
  );
}
