/** Create Note Template: writes the default template to the workspace and points the setting at it. */
import * as vscode from 'vscode';
import { DEFAULT_TEMPLATE } from '../core/notes/template';
import { COMMANDS, SETTINGS } from '../ids';
import { createFileIfMissing } from '../platform/edit-text';
import { readNoteSettings, updateWorkspaceSetting } from '../platform/settings';
import type { NotesContext } from './notes-context';

export function registerCreateNoteTemplate(_ctx: NotesContext): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.createNoteTemplate, async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!root) {
      return undefined;
    }
    const configured = readNoteSettings().template;
    const relative = configured || '.litnotes/note-template.md';
    const uri = vscode.Uri.joinPath(root, relative);
    const header = '---\n# Extra frontmatter fields for new notes go here; {{placeholders}} work in string values.\n---\n';
    await createFileIfMissing(uri, header + DEFAULT_TEMPLATE);
    if (!configured) {
      await updateWorkspaceSetting(SETTINGS.noteTemplate, relative);
    }
    await vscode.window.showTextDocument(uri);
    return uri;
  });
}
