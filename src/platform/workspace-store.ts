/**
 * The I/O port (`core/store.ts`) over `vscode.workspace.fs`, so loading and the parse cache work
 * in remote and virtual workspaces too. A URI is `vscode.Uri.toString()`.
 */
import * as vscode from 'vscode';
import type { EntryType, Store, StoreEntry, StoreStat } from '../core/store';

function typeOf(type: vscode.FileType): EntryType {
  return type & vscode.FileType.Directory ? 'directory' : type & vscode.FileType.File ? 'file' : 'other';
}

let tempCounter = 0;

export class WorkspaceStore implements Store {
  async stat(uri: string): Promise<StoreStat> {
    const s = await vscode.workspace.fs.stat(vscode.Uri.parse(uri, true));
    return { type: typeOf(s.type), size: s.size, mtime: s.mtime };
  }

  async read(uri: string): Promise<Uint8Array> {
    return vscode.workspace.fs.readFile(vscode.Uri.parse(uri, true));
  }

  async list(uri: string): Promise<StoreEntry[]> {
    const folder = vscode.Uri.parse(uri, true);
    const entries = await vscode.workspace.fs.readDirectory(folder);
    return entries.map(([name, type]) => ({ name, uri: vscode.Uri.joinPath(folder, name).toString(), type: typeOf(type) }));
  }

  async write(uri: string, bytes: Uint8Array): Promise<void> {
    const target = vscode.Uri.parse(uri, true);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
    const temp = target.with({ path: `${target.path}.${Date.now()}.${tempCounter++}.tmp` });
    await vscode.workspace.fs.writeFile(temp, bytes);
    try {
      await vscode.workspace.fs.rename(temp, target, { overwrite: true });
    } catch (error) {
      await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
      throw error;
    }
  }

  async delete(uri: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(vscode.Uri.parse(uri, true), { recursive: true, useTrash: false });
    } catch (error) {
      if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) {
        throw error;
      }
    }
  }

  join(uri: string, name: string): string {
    return vscode.Uri.joinPath(vscode.Uri.parse(uri, true), name).toString();
  }

  reason(error: unknown): string {
    return error instanceof vscode.FileSystemError ? error.code : String(error);
  }
}
