/** What the live-paper commands share: the services, the HTTP client, the import folder, reports. */
import * as vscode from 'vscode';
import { LiveClient } from '../core/fetch/client';
import { LiveError } from '../core/fetch/errors';
import { SECRETS } from '../ids';
import { nodeHttp } from '../platform/node-http';
import { readLiveSettings } from '../platform/settings';
import type { Services } from '../services';

export interface LiveProblem {
  readonly message: string;
  readonly kind?: string;
  readonly date?: string;
  readonly id?: string;
}

export interface ImportReport {
  /** Workspace-relative paths of the files written. */
  readonly files: string[];
  readonly papers: number;
  readonly problems: LiveProblem[];
  readonly cancelled: boolean;
}

export interface AddReport {
  readonly file?: string;
  /** Citation keys of the papers added, in the order asked. */
  readonly keys: string[];
  readonly problems: LiveProblem[];
  readonly cancelled: boolean;
}

/** Most days one import may cover. */
export const MAX_RANGE_DAYS = 366;

export interface LiveContext {
  readonly context: vscode.ExtensionContext;
  readonly services: Services;
  /** Last arXiv request time, shared by every client: arXiv asks for 3 s between requests. */
  readonly arxivClock: { last?: number };
}

export function workspaceFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}

export function linkCancellation(token: vscode.CancellationToken | undefined): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const sub = token?.onCancellationRequested(() => controller.abort());
  if (token?.isCancellationRequested) {
    controller.abort();
  }
  return {
    signal: controller.signal,
    dispose: () => {
      sub?.dispose();
    },
  };
}

export function isCancelled(error: unknown): boolean {
  return error instanceof LiveError && error.kind === 'cancelled';
}

export async function makeClient({ context, arxivClock }: LiveContext): Promise<LiveClient> {
  const settings = readLiveSettings();
  const token = (await context.secrets.get(SECRETS.huggingFaceToken))?.trim();
  return new LiveClient({ http: nodeHttp, hfUrl: settings.huggingFaceUrl, arxivUrl: settings.arxivUrl, ...(token ? { token } : {}), arxivClock, userAgent: `lit-notes/${(context.extension.packageJSON as { version?: string }).version ?? ''} (VS Code)` });
}

export function importFolder({ services }: LiveContext): { root: vscode.WorkspaceFolder; uri: vscode.Uri; rel: string } | undefined {
  const root = workspaceFolder();
  if (!root) {
    return undefined;
  }
  const settings = readLiveSettings();
  if (settings.importFolderProblem) {
    services.log.warn(settings.importFolderProblem);
  }
  return { root, uri: vscode.Uri.joinPath(root.uri, ...settings.importFolder.split('/')), rel: settings.importFolder };
}
