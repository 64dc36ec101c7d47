/**
 * Restricted Mode means it (issue #18 M4): in an untrusted workspace, Lit Notes reads no source
 * and writes no note through a symbolic link that leads out of the workspace folder, and never
 * writes through a note file that is itself a symbolic link. In a trusted workspace links are
 * followed as the person set them up.
 *
 * For `file:` URIs the real path is resolved with node's `fs.realpath` (the file, or for a file
 * not created yet its nearest existing folder); other schemes cannot resolve links, so there any
 * link on the way from the workspace folder to the file is refused (`FileType.SymbolicLink`).
 */
import * as vscode from 'vscode';
import { staysInside } from './real-path';

async function isLink(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.SymbolicLink) !== 0;
  } catch {
    return false; // absent: not a link
  }
}

export interface TrustCheck {
  /** The file is a note about to be written: refuse it if it is itself a symbolic link. */
  readonly write?: boolean;
  /** For tests: decide as if the workspace were (un)trusted. */
  readonly trusted?: boolean;
}

/**
 * Why `uri` may not be read or written in this workspace, or undefined when it may. Only an
 * untrusted workspace refuses anything, and only what symbolic links would take out of the
 * workspace folder (or, with `write`, a note that is a link). A file outside every workspace
 * folder by its own path was named by the person's own settings and is not refused here.
 */
export async function restrictedModeRefusal(uri: vscode.Uri, check: TrustCheck = {}): Promise<string | undefined> {
  if (check.trusted ?? vscode.workspace.isTrusted) {
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) {
    return undefined;
  }
  if (check.write && (await isLink(uri))) {
    return 'it is a symbolic link, and Restricted Mode never writes through one';
  }
  if (uri.scheme === 'file') {
    const { inside, real } = await staysInside(uri.fsPath, folder.uri.fsPath);
    return inside ? undefined : `it resolves through a symbolic link to ${real}, outside the workspace (Restricted Mode)`;
  }
  // No real paths on other file systems: refuse any link between the workspace folder and the file.
  const segments = uri.path.slice(folder.uri.path.length).split('/').filter((s) => s !== '');
  let at = folder.uri;
  for (const segment of segments.slice(0, -1)) {
    at = vscode.Uri.joinPath(at, segment);
    if (await isLink(at)) {
      return `${segment} is a symbolic link, which Restricted Mode does not follow`;
    }
  }
  return !check.write && (await isLink(uri)) ? 'it is a symbolic link, which Restricted Mode does not follow' : undefined;
}
