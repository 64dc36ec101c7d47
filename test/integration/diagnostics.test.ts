/** Source problems in the Problems panel: diagnostics on the source file, at the problem's line. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { problemCode } from '../../src/core/problem-codes';
import { COMMANDS } from '../../src/ids';
import { litNotes, waitFor, workspaceRoot } from './api';

const GOOD = '@article{fine2020, title = {A Fine Paper}, author = {Doe, Jane}, year = 2020}\n';
// Line 3: the entry whose title brace is never closed.
const BROKEN = `${GOOD}\n@article{broken2021, title = {Never closed, year = 2021}\n\n${GOOD.replace('fine2020', 'fine2022')}`;

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Lit Notes');
}

suite('Source diagnostics', () => {
  test('a broken entry is a diagnostic at its line; it goes when fixed, and with the file', async () => {
    const api = await litNotes();
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'diag', 'broken.bib');
    const write = async (text: string): Promise<void> => {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      await api.service.reload();
    };
    try {
      await write(BROKEN);
      const problem = api.service.library.problems.find((p) => p.path === 'diag/broken.bib');
      assert.ok(problem, 'the library reports the broken entry');
      const [d] = await waitFor('the diagnostic', () => (ours(uri).length > 0 ? ours(uri) : undefined));
      assert.equal(ours(uri).length, api.service.library.problems.filter((p) => p.path === 'diag/broken.bib').length, 'one diagnostic per problem');
      assert.equal(d!.range.start.line, problem.line - 1);
      assert.equal(d!.range.start.line, 2, 'line 3 of the file, where the broken entry starts');
      assert.equal(d!.message, problem.message);
      assert.equal(d!.severity, problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      assert.equal(d!.code, problemCode(problem));
      assert.match(String(d!.code), /^(unclosed|unbalanced-braces)$/);
      assert.ok(api.service.library.byKey.get('fine2022'), 'the rest of the file still loads');

      await write(BROKEN.replace('{Never closed,', '{Now closed},'));
      await waitFor('the diagnostic to go once the entry is fixed', () => ours(uri).length === 0);
      assert.ok(api.service.library.byKey.get('broken2021'));

      await write(BROKEN);
      await waitFor('the diagnostic again', () => ours(uri).length > 0);
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'diag'), { recursive: true });
      await api.service.reload();
      await waitFor('the diagnostic to go with the file', () => ours(uri).length === 0);
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'diag'), { recursive: true }).then(undefined, () => undefined);
      await api.service.reload();
    }
  });

  test('a duplicate key points at the first entry; Show Problems runs', async () => {
    const api = await litNotes();
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'dup.bib');
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${GOOD}${GOOD.replace('A Fine Paper', 'Another Paper')}`));
      await api.service.reload();
      const d = await waitFor('the duplicate-key diagnostic', () => ours(uri).find((x) => x.code === 'duplicate-key'));
      assert.equal(d.range.start.line, 1);
      assert.equal(d.relatedInformation?.[0]?.location.uri.toString(), uri.toString());
      assert.equal(d.relatedInformation?.[0]?.location.range.start.line, 0);
      await vscode.commands.executeCommand(COMMANDS.showProblems);
    } finally {
      await vscode.workspace.fs.delete(uri);
      await api.service.reload();
    }
  });
});
