/** Create Note Template: writes the default template to the workspace and points the setting at it. */
import * as vscode from 'vscode';
import { DEFAULT_TEMPLATE } from '../core/notes/template';
import { COMMANDS, SETTINGS, settingName } from '../ids';
import { createFileIfMissing } from '../platform/edit-text';
import type { NotesContext } from './notes-context';

export function registerCreateNoteTemplate(_ctx: NotesContext): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.createNoteTemplate, async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!root) {
      return undefined;
    }
    const config = vscode.workspace.getConfiguration(SETTINGS.section);
    const relative = config.get<string>(settingName(SETTINGS.noteTemplate))?.trim() || '.litnotes/note-template.md';
    const uri = vscode.Uri.joinPath(root, relative);
    const header = '---\n# Extra frontmatter fields for new notes go here; {{placeholders}} work in string values.\n---\n';
    await createFileIfMissing(uri, header + DEFAULT_TEMPLATE);
    if (!config.get<string>(settingName(SETTINGS.noteTemplate))) {
      await config.update(settingName(SETTINGS.noteTemplate), relative, vscode.ConfigurationTarget.Workspace);
    }
    await vscode.window.showTextDocument(uri);
    return uri;
  });
}
