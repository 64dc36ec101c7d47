/** The `Lit Notes` log output channel. */
import * as vscode from 'vscode';
import { OUTPUT_CHANNEL } from '../ids';

export type Logger = vscode.LogOutputChannel;

export function createLogger(context: vscode.ExtensionContext): Logger {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  context.subscriptions.push(channel);
  return channel;
}
