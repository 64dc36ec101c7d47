/** Set Hugging Face Token: kept in VS Code's secret storage; empty removes it. */
import * as vscode from 'vscode';
import { COMMANDS, SECRETS } from '../ids';

export function registerSetHuggingFaceToken(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.setHuggingFaceToken, async () => {
  const value = await vscode.window.showInputBox({
    title: 'Set Hugging Face Token',
    prompt: 'A Hugging Face access token (read scope is enough); kept in VS Code\'s secret storage and sent only to the configured Hugging Face host. Empty: remove it.',
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) {
    return;
  }
  if (value.trim() === '') {
    await context.secrets.delete(SECRETS.huggingFaceToken);
    void vscode.window.showInformationMessage('Lit Notes: Hugging Face token removed.');
  } else {
    await context.secrets.store(SECRETS.huggingFaceToken, value.trim());
    void vscode.window.showInformationMessage('Lit Notes: Hugging Face token saved.');
  }
});
}
