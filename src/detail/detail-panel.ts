/**
 * The paper detail view: one webview panel, reused for every paper, restored after a reload by
 * a serializer. Links open only through VS Code and only for http(s).
 */
import * as vscode from 'vscode';
import type { Paper } from '../core/model';
import { VIEWS } from '../ids';
import type { DetailAction } from './protocol';
import { parseWebviewMessage } from './protocol';
import type { CitingDocument } from './render-detail-html';
import { renderDetailHtml } from './render-detail-html';

export interface DetailHost {
  paper(key: string): Paper | undefined;
  hasNote(paper: Paper): boolean;
  run(action: DetailAction, key: string): Promise<void>;
  /** The documents citing a paper (under any of its keys), with a place to open each. */
  citedIn?(paper: Paper): ReadonlyArray<CitingDocument & { readonly uri: vscode.Uri }>;
  /** True while the library's abstracts are still being read (shown from its snapshot). */
  abstractsPending?(): boolean;
}

export class DetailPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private key: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private citing: ReadonlyArray<CitingDocument & { readonly uri: vscode.Uri }> = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: DetailHost,
  ) {}

  private get mediaRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'media');
  }

  options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, enableCommandUris: false, localResourceRoots: [this.mediaRoot], retainContextWhenHidden: false };
  }

  /** The key of the paper shown, if the panel is open. */
  get shownKey(): string | undefined {
    return this.panel ? this.key : undefined;
  }

  show(key: string, preserveFocus = false): void {
    this.key = key;
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
    } else {
      this.attach(vscode.window.createWebviewPanel(VIEWS.detail, 'Paper', { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, this.options()));
    }
    this.render();
  }

  /** Adopts a panel restored by VS Code after a reload. */
  restore(panel: vscode.WebviewPanel, key: string | undefined): void {
    this.key = key;
    panel.webview.options = this.options();
    this.attach(panel);
    this.render();
  }

  /** Re-renders the shown paper (after a library or note change). */
  refresh(): void {
    if (this.panel) {
      this.render();
    }
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.mediaRoot, 'lit-notes.svg');
    panel.onDidDispose(() => this.detach(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m), undefined, this.disposables);
  }

  private detach(): void {
    this.panel = undefined;
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }

  private render(): void {
    const panel = this.panel;
    if (!panel) {
      return;
    }
    const paper = this.key !== undefined ? this.host.paper(this.key) : undefined;
    const webview = panel.webview;
    const asset = (...p: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, ...p)).toString();
    panel.title = paper ? paper.title : 'Paper';
    this.citing = paper && this.host.citedIn ? this.host.citedIn(paper) : [];
    webview.html = renderDetailHtml(paper, paper ? this.host.hasNote(paper) : false, {
      cspSource: webview.cspSource,
      nonce: globalThis.crypto.randomUUID().replace(/-/g, ''),
      styleUri: asset('detail.css'),
      codiconUri: asset('codicons', 'codicon.css'),
      scriptUri: asset('detail.js'),
    }, this.host.citedIn ? this.citing.map(({ path, line, count }) => ({ path, line, count })) : undefined, this.host.abstractsPending?.() ?? false);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      return;
    }
    switch (message.type) {
      case 'ready':
        return;
      case 'openLink':
        await vscode.env.openExternal(vscode.Uri.parse(message.href, true));
        return;
      case 'action':
        await this.host.run(message.action, message.key);
        return;
      case 'openCitation': {
        const doc = this.citing[message.index];
        if (doc) {
          const line = Math.max(0, doc.line - 1);
          await vscode.window.showTextDocument(doc.uri, { selection: new vscode.Range(line, 0, line, 0), viewColumn: vscode.ViewColumn.One });
        }
        return;
      }
    }
  }

  dispose(): void {
    this.panel?.dispose();
    this.detach();
  }
}
