/** Writes for the live import through vscode.workspace.fs: a temporary file, then a rename. */
import * as vscode from 'vscode';
import { tempNameFor } from '../core/fetch/files';

/** Writes `text` to `folder/name` whole or not at all (temporary file beside it, then rename). */
export async function writeFileAtomic(folder: vscode.Uri, name: string, text: string): Promise<vscode.Uri> {
  await vscode.workspace.fs.createDirectory(folder);
  const target = vscode.Uri.joinPath(folder, name);
  const temp = vscode.Uri.joinPath(folder, tempNameFor(name, Math.random().toString(36).slice(2, 10)));
  try {
    await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(text));
    await vscode.workspace.fs.rename(temp, target, { overwrite: true });
  } catch (error) {
    await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
    throw error;
  }
  return target;
}

/** A file's text, or undefined when it does not exist. */
export async function readTextIfExists(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') {
      return undefined;
    }
    throw error;
  }
}
