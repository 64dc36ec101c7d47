/** Shared helpers for integration tests: the activated extension's API and small waits. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LitNotesApi } from '../../src/extension';
import { EXTENSION_ID } from '../../src/ids';

export async function litNotes(): Promise<LitNotesApi> {
  const ext = vscode.extensions.getExtension<LitNotesApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  const api = await ext.activate();
  await api.ready;
  return api;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri;
}

/** Polls until `check` returns a value (not undefined/false) or the time is up. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > until) {
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
