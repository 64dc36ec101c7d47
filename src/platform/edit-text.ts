/**
 * Safe edits of files a person owns: changes go through the text document (so an editor that
 * has the file open, dirty or not, sees them as an ordinary edit), only the changed span is
 * replaced, and the edit is re-computed if the document changed while it was being prepared.
 */
import * as vscode from 'vscode';
import { documentRange } from './ranges';

/** Length of the longest common prefix and suffix, so only the middle is replaced. */
function changedSpan(before: string, after: string): { start: number; endBefore: number; endAfter: number } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) {
    start++;
  }
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) {
    tail++;
  }
  return { start, endBefore: before.length - tail, endAfter: after.length - tail };
}

export type EditResult = 'changed' | 'unchanged' | 'refused' | 'conflict';

/**
 * Applies `transform` to a file's current text. `transform` returns the new text, or undefined
 * to leave the file alone. The file is saved afterwards unless the user had unsaved changes in
 * it (then the edit joins them, and saving stays the user's choice).
 */
export async function editTextFile(uri: vscode.Uri, transform: (text: string) => string | undefined): Promise<EditResult> {
  if (!openDocument(uri)) {
    return replaceFileContents(uri, transform);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const doc = await vscode.workspace.openTextDocument(uri);
    const version = doc.version;
    const wasDirty = doc.isDirty;
    const before = doc.getText();
    const after = transform(before);
    if (after === undefined) {
      return 'refused';
    }
    if (after === before) {
      return 'unchanged';
    }
    if (doc.version !== version) {
      continue; // the user typed meanwhile: recompute from the new text
    }
    const span = changedSpan(before, after);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, documentRange(doc, { start: span.start, end: span.endBefore }), after.slice(span.start, span.endAfter));
    if (doc.version !== version) {
      continue;
    }
    if (!(await vscode.workspace.applyEdit(edit))) {
      continue;
    }
    if (!wasDirty) {
      await doc.save();
    }
    return 'changed';
  }
  return 'conflict';
}

/** The document of `uri` if VS Code has it open (in an editor or loaded by an extension). */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed);
}

/** A file's current text: the open document's (unsaved edits included), else the bytes on disk. */
export async function currentText(uri: vscode.Uri): Promise<string> {
  const doc = openDocument(uri);
  return doc ? doc.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** `currentText`, or undefined when the file cannot be read (absent). */
export async function currentTextIfAny(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return await currentText(uri);
  } catch {
    return undefined;
  }
}

/**
 * For files no editor has open: keeps every byte the transform keeps (VS Code documents would
 * normalise mixed line endings), writes the new text to a temporary file beside it and renames
 * it over the original, so the note is never left truncated. The file is re-read just before the
 * rename; if it changed meanwhile, the edit is recomputed.
 */
async function replaceFileContents(uri: vscode.Uri, transform: (text: string) => string | undefined): Promise<EditResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await vscode.workspace.fs.readFile(uri);
    const text = new TextDecoder().decode(before);
    const after = transform(text);
    if (after === undefined) {
      return 'refused';
    }
    if (after === text) {
      return 'unchanged';
    }
    const temp = tempBeside(uri);
    await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(after));
    const now = await vscode.workspace.fs.readFile(uri);
    if (openDocument(uri) || !sameBytes(before, now)) {
      await vscode.workspace.fs.delete(temp);
      if (openDocument(uri)) {
        return editTextFile(uri, transform);
      }
      continue;
    }
    await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
    return 'changed';
  }
  return 'conflict';
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

const TEMP_MARK = '.litnotes-';

/** A temporary file beside `uri` (hidden, never `.md`), unique to this call. */
function tempBeside(uri: vscode.Uri): vscode.Uri {
  const slash = uri.path.lastIndexOf('/');
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return uri.with({ path: `${uri.path.slice(0, slash)}/.${uri.path.slice(slash + 1)}${TEMP_MARK}${unique}.tmp` });
}

/**
 * Creates a file with `contents` only if nothing is there: an existing file is never touched.
 * The contents go to a temporary file first, which is then renamed into place without
 * overwriting, so whatever happens (a crash, a full disk, the window closing) the file is either
 * absent or complete, never half written. Returns true when this call created it.
 */
export async function createFileIfMissing(uri: vscode.Uri, contents: string): Promise<boolean> {
  if (await exists(uri)) {
    return false;
  }
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  const temp = tempBeside(uri);
  await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(contents));
  try {
    await vscode.workspace.fs.rename(temp, uri, { overwrite: false });
    return true;
  } catch (error) {
    await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
    if (await exists(uri)) {
      return false; // someone else created it meanwhile: theirs stays
    }
    throw error;
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Deletes temporary files that `createFileIfMissing` left in `folder` when the window or the
 * extension host died between writing and renaming (older than a minute, so a write in progress
 * is never touched). Returns how many it removed.
 */
export async function removeStaleTempFiles(folder: vscode.Uri, olderThanMs = 60_000): Promise<number> {
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const [name, type] of entries) {
    if (type !== vscode.FileType.File || !name.startsWith('.') || !name.includes(TEMP_MARK) || !name.endsWith('.tmp')) {
      continue;
    }
    const uri = vscode.Uri.joinPath(folder, name);
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    if (stat && Date.now() - stat.mtime > olderThanMs) {
      await Promise.resolve(vscode.workspace.fs.delete(uri)).catch(() => undefined);
      removed++;
    }
  }
  return removed;
}
