/** Add Paper…: arXiv ids and URLs into the import folder's added.json (Hugging Face first, arXiv as fallback). */
import * as vscode from 'vscode';
import { LiveError, messageOf } from '../core/fetch/errors';
import { ADDED_FILE, mergeAdded } from '../core/fetch/files';
import { parsePaperRefs } from '../core/fetch/ids';
import type { Library } from '../core/library';
import { huggingFaceUrl } from '../core/links';
import type { Paper } from '../core/model';
import { normalizeArxivId } from '../core/text';
import { COMMANDS } from '../ids';
import { readTextIfExists, writeFileAtomic } from '../platform/live-files';
import type { AddReport, LiveContext, LiveProblem } from './live-context';
import { importFolder, isCancelled, linkCancellation, makeClient } from './live-context';

function keysOf(library: Library, ids: readonly string[]): string[] {
  const byArxiv = new Map<string, Paper>();
  for (const p of library.papers) {
    if (p.arxivId) {
      byArxiv.set(p.arxivId, p);
    }
  }
  return ids.map((id) => byArxiv.get(normalizeArxivId(id) ?? id)?.key).filter((k): k is string => k !== undefined);
}

async function addPapers(live: LiveContext, input: string | readonly string[]): Promise<AddReport> {
  const { library: service, log } = live.services;
  const { refs, invalid } = parsePaperRefs(input);
  const problems: LiveProblem[] = invalid.map((x) => ({ id: x, kind: 'bad-id', message: `"${x}" is not an arXiv id or a Hugging Face / arXiv paper URL.` }));
  const folder = importFolder(live);
  if (!folder) {
    return { keys: [], problems: [...problems, { message: 'Open a folder first: added papers are saved in the workspace.' }], cancelled: false };
  }
  if (refs.length === 0) {
    return { keys: [], problems, cancelled: false };
  }
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Lit Notes: adding ${refs.length === 1 ? refs[0]!.id : `${refs.length} papers`}`, cancellable: true }, async (progress, token) => {
    const cancel = linkCancellation(token);
    try {
      const client = await makeClient(live);
      const result = await client.papers(refs, { signal: cancel.signal, onProgress: (p) => progress.report({ message: p.message }) });
      problems.push(...result.problems.map((p) => ({ id: p.id, kind: p.kind, message: p.message })));
      if (result.items.length === 0) {
        return { keys: [], problems, cancelled: false };
      }
      const target = vscode.Uri.joinPath(folder.uri, ADDED_FILE);
      // Read right before writing: what is in the file now is kept.
      const merged = mergeAdded(await readTextIfExists(target), result.items);
      await writeFileAtomic(folder.uri, ADDED_FILE, merged.text);
      const rel = `${folder.rel}/${ADDED_FILE}`;
      log.info(`Added ${result.items.map((i) => `${String(i.paper.id)} (${i.source})`).join(', ')} → ${rel}`);
      await service.reload();
      return { file: rel, keys: keysOf(service.library, result.items.map((i) => String(i.paper.id))), problems, cancelled: false };
    } catch (error) {
      if (isCancelled(error)) {
        return { keys: [], problems, cancelled: true };
      }
      problems.push({ ...(error instanceof LiveError ? { kind: error.kind } : {}), message: messageOf(error) });
      return { keys: [], problems, cancelled: false };
    } finally {
      cancel.dispose();
    }
  });
}

async function addCommand(live: LiveContext, arg?: unknown): Promise<AddReport | undefined> {
  const { library: service, log } = live.services;
  let input: string | string[] | undefined = typeof arg === 'string' ? arg : Array.isArray(arg) ? arg.filter((x): x is string => typeof x === 'string') : undefined;
  input ??= await vscode.window.showInputBox({
    title: 'Add Paper',
    prompt: 'arXiv id (2410.17243, arXiv:2410.17243v2, hep-th/9901001), Hugging Face or arXiv URL; several: separate with commas or spaces',
    placeHolder: huggingFaceUrl('2410.17243'),
    ignoreFocusOut: true,
    validateInput: (v) => {
      const { refs, invalid } = parsePaperRefs(v);
      return invalid.length > 0 ? `Not an arXiv id or paper URL: ${invalid.slice(0, 3).join(', ')}` : refs.length === 0 ? 'An arXiv id or a paper URL' : undefined;
    },
  });
  if (input === undefined) {
    return undefined;
  }
  const report = await addPapers(live, input);
  const added = report.keys.map((k) => service.library.byKey.get(k)).filter((p): p is Paper => p !== undefined);
  if (added.length > 0) {
    await vscode.commands.executeCommand(COMMANDS.revealPaper, added[0]!.key);
    const create = added.length === 1 ? 'Create Note' : 'Create Notes';
    const what = added.length === 1 ? `"${added[0]!.title}"` : `${added.length} papers`;
    void vscode.window.showInformationMessage(`Lit Notes: added ${what} to ${report.file ?? ADDED_FILE}.`, create).then(async (choice) => {
      if (choice === create) {
        for (const p of added) {
          await vscode.commands.executeCommand(COMMANDS.openNote, p.key);
        }
      }
    });
  }
  if (report.problems.length > 0) {
    const show = 'Show Log';
    for (const p of report.problems) {
      log.warn(`Add paper: ${p.message}`);
    }
    const text = report.problems.length === 1 ? report.problems[0]!.message : `${report.problems.length} papers could not be added; first: ${report.problems[0]!.message}`;
    void vscode.window.showErrorMessage(`Lit Notes: ${text}`, show).then((c) => c === show && log.show(true));
  } else if (report.cancelled) {
    void vscode.window.showInformationMessage('Lit Notes: cancelled; nothing was added.');
  }
  return report;
}

export function registerAddPaper(live: LiveContext): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.addPaper, (arg?: unknown) => addCommand(live, arg));
}
