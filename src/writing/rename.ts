/**
 * Rename Citation Key (F2 on a key, or the command): one undoable WorkspaceEdit that changes every
 * citation of the paper in the workspace, the note's frontmatter `citekey` (and the note's file
 * name when `litNotes.noteFileName` uses `{key}`), and the key lock entry. Keys a `.bib` or
 * CSL-JSON file gives are not renamed: the message names that file and line.
 */
import * as vscode from 'vscode';
import { citationAt } from '../core/cite/key-ref';
import { parseKeyLock, renameLockEntry, EMPTY_LOCK } from '../core/key-lock';
import type { Paper } from '../core/model';
import { noteFileName } from '../core/notes/file-name';
import { checkNewKey, citekeyValueRange, renameRefusal } from '../core/writing/rename';
import type { LibraryService } from '../services/library-service';
import type { KeyPins } from '../services/key-pins';
import type { NotesIndex } from '../services/notes-index';
import { citationsIn } from '../platform/cite-documents';
import { readNoteSettings } from '../platform/settings';
import type { CitationIndex } from '../services/citation-index';
import { currentTextIfAny } from '../platform/edit-text';
import { TextPositions, documentRange } from '../platform/ranges';

export interface RenameDeps {
  readonly service: LibraryService;
  readonly notes: NotesIndex;
  readonly pins: KeyPins;
  readonly citations: CitationIndex;
}


/** The keys of the paper Lit Notes may rewrite in documents: its key and aliases no source gives. */
function renamableKeys(paper: Paper): string[] {
  const fromSources = new Set(paper.sources.flatMap((s) => [s.key, ...(s.otherKeys ?? [])]).filter((k): k is string => k !== undefined));
  return [paper.key, ...(paper.aliases ?? [])].filter((k) => !fromSources.has(k));
}

/** The whole rename as one WorkspaceEdit, and the files it touches. Throws with a clear message when refused. */
export async function renameEdit(deps: RenameDeps, paper: Paper, from: string, to: string): Promise<{ edit: vscode.WorkspaceEdit; touched: vscode.Uri[] }> {
  const refusal = renameRefusal(paper, from);
  if (refusal) {
    throw new Error(refusal);
  }
  const invalid = checkNewKey(to, paper, deps.service.library.byKey);
  if (invalid) {
    throw new Error(invalid);
  }
  const edit = new vscode.WorkspaceEdit();
  const touched = new Map<string, vscode.Uri>();
  const touch = (uri: vscode.Uri): void => void touched.set(uri.toString(), uri);

  // the key lock first: a damaged lock refuses the whole rename
  const lockUri = deps.pins.lockUri();
  if (lockUri) {
    const lockText = await currentTextIfAny(lockUri);
    const lock = lockText === undefined ? EMPTY_LOCK : parseKeyLock(lockText, vscode.workspace.asRelativePath(lockUri, false));
    const next = renameLockEntry(lock, paper, from, to);
    if ('error' in next) {
      throw new Error(`Cannot rename "${from}": ${next.error}.`);
    }
    if (lockText === undefined) {
      edit.createFile(lockUri, { ignoreIfExists: true });
      edit.insert(lockUri, new vscode.Position(0, 0), next.text);
    } else {
      const doc = await vscode.workspace.openTextDocument(lockUri);
      edit.replace(lockUri, documentRange(doc, { start: 0, end: doc.getText().length }), next.text);
    }
    touch(lockUri);
  }

  for (const c of await deps.citations.citationsOf(renamableKeys(paper))) {
    edit.replace(c.uri, c.range, to);
    touch(c.uri);
  }

  const note = deps.notes.get(paper);
  if (note) {
    // the file is renamed first, then its `citekey` is edited under the new name
    let noteUri = note.uri;
    const pattern = readNoteSettings().fileName;
    const name = note.uri.path.slice(note.uri.path.lastIndexOf('/') + 1);
    if (pattern.includes('{key}') && name === noteFileName(pattern, paper)) {
      noteUri = vscode.Uri.joinPath(note.uri, '..', noteFileName(pattern, { ...paper, key: to }));
      edit.renameFile(note.uri, noteUri, { overwrite: false });
    }
    const text = await currentTextIfAny(note.uri);
    const range = text === undefined ? undefined : citekeyValueRange(text);
    if (range && text !== undefined) {
      edit.replace(noteUri, new TextPositions(text).range(range), to);
    }
    touch(noteUri);
  }
  return { edit, touched: [...touched.values()] };
}

export class CitationRenameProvider implements vscode.RenameProvider {
  constructor(private readonly deps: RenameDeps) {}

  private paperAt(doc: vscode.TextDocument, position: vscode.Position): { paper: Paper; key: string; range: vscode.Range } {
    const ref = citationAt(citationsIn(doc), doc.offsetAt(position));
    if (!ref) {
      throw new Error('Place the cursor on a citation key to rename it.');
    }
    const paper = this.deps.service.library.byKey.get(ref.key);
    if (!paper) {
      throw new Error(`No paper in the Lit Notes library has the key "${ref.key}".`);
    }
    return { paper, key: ref.key, range: documentRange(doc, ref) };
  }

  prepareRename(doc: vscode.TextDocument, position: vscode.Position): { range: vscode.Range; placeholder: string } {
    const { paper, key, range } = this.paperAt(doc, position);
    const refusal = renameRefusal(paper, key);
    if (refusal) {
      throw new Error(refusal);
    }
    return { range, placeholder: key };
  }

  async provideRenameEdits(doc: vscode.TextDocument, position: vscode.Position, newName: string): Promise<vscode.WorkspaceEdit> {
    const { paper, key } = this.paperAt(doc, position);
    return (await renameEdit(this.deps, paper, key, newName.trim())).edit;
  }
}

/** The command: rename the key under the cursor (or `key`), asking for the new key unless given. */
export async function renameCitationKeyCommand(deps: RenameDeps, key?: unknown, newKey?: unknown): Promise<boolean> {
  await deps.service.ready;
  let from = typeof key === 'string' ? key : undefined;
  const editor = vscode.window.activeTextEditor;
  if (!from && editor) {
    from = citationAt(citationsIn(editor.document), editor.document.offsetAt(editor.selection.active))?.key;
  }
  if (!from) {
    void vscode.window.showInformationMessage('Lit Notes: place the cursor on a citation key to rename it.');
    return false;
  }
  const paper = deps.service.library.byKey.get(from);
  if (!paper) {
    void vscode.window.showWarningMessage(`Lit Notes: no paper in the library has the key "${from}".`);
    return false;
  }
  const refusal = renameRefusal(paper, from);
  if (refusal) {
    void vscode.window.showWarningMessage(`Lit Notes: ${refusal}`);
    return false;
  }
  const to =
    typeof newKey === 'string'
      ? newKey
      : await vscode.window.showInputBox({ title: `Rename Citation Key "${from}"`, value: from, validateInput: (v) => checkNewKey(v.trim(), paper, deps.service.library.byKey) });
  if (to === undefined || to.trim() === from) {
    return false;
  }
  try {
    const { edit, touched } = await renameEdit(deps, paper, from, to.trim());
    if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: true }))) {
      return false;
    }
    for (const uri of touched) {
      await vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.save();
    }
    return true;
  } catch (error) {
    void vscode.window.showWarningMessage(`Lit Notes: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
