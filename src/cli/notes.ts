/** `litnotes notes`: creates note stubs in bulk with the same rules as the extension, over node fs. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Paper } from '../core/model';
import { noteFileName, noteFileNames } from '../core/notes/file-name';
import type { WorkspaceKeys } from './workspace';
import { relative } from './workspace';
import { notesByKey, noteOf } from '../core/notes/plan';
import { DEFAULT_TEMPLATE, renderNote } from '../core/notes/template';

export interface NotesOptions {
  readonly workspace: WorkspaceKeys;
  readonly fileName: string;
  readonly template: string | undefined;
  readonly dryRun: boolean;
  readonly keys: readonly string[];
  readonly created: string;
}

export interface NotesReport {
  created: string[];
  /** The papers whose notes were created (their keys are now in use). */
  createdPapers: Paper[];
  existing: string[];
  problems: Array<{ path: string; line: number; message: string }>;
}

/**
 * Writes a new file atomically and never over an existing one: the text goes to a temporary
 * file first, which is then hard-linked to the final name (fails if the name exists) and removed.
 * A crash leaves the note either absent or complete.
 */
export async function writeNewFile(file: string, text: string): Promise<boolean> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  await fs.writeFile(temp, text, { flag: 'wx' });
  try {
    await fs.link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest. */
async function realPathOf(p: string): Promise<string> {
  const rest: string[] = [];
  let current = p;
  for (;;) {
    try {
      return path.join(await fs.realpath(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) {
        return p;
      }
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

export async function createNotes(papers: readonly Paper[], options: NotesOptions): Promise<NotesReport> {
  const report: NotesReport = { created: [], createdPapers: [], existing: [], problems: [] };
  const root = options.workspace.root;
  const dir = options.workspace.notesDir;
  let template = DEFAULT_TEMPLATE;
  if (options.template) {
    try {
      template = await fs.readFile(path.resolve(root, options.template), 'utf8');
    } catch (error) {
      report.problems.push({ path: options.template, line: 1, message: `Cannot read the template (${(error as NodeJS.ErrnoException).code ?? String(error)}); using the built-in one` });
    }
  }
  const wanted = options.keys.length > 0 ? new Set(options.keys) : undefined;
  if (wanted) {
    const known = new Set(papers.flatMap((p) => [p.key, ...(p.aliases ?? [])]));
    for (const k of wanted) {
      if (!known.has(k)) {
        report.problems.push({ path: '', line: 0, message: `Unknown key \`${k}\`` });
      }
    }
  }
  // Never through a symbolic link out of the workspace (#18 M4): `papers -> /elsewhere` would put notes there.
  const [realWorkspace, realDir] = await Promise.all([realPathOf(path.resolve(root)), realPathOf(dir)]);
  const outside = path.relative(realWorkspace, realDir);
  if (outside.startsWith('..') || path.isAbsolute(outside)) {
    report.problems.push({ path: relative(root, dir) || '.', line: 0, message: `The notes folder resolves through a symbolic link to ${realDir}, outside the workspace; no notes written` });
    return report;
  }
  const existing = notesByKey(options.workspace.notes);
  const unknown = new Set<string>();
  if (!options.dryRun) {
    await fs.mkdir(dir, { recursive: true });
  }
  // Names distinct on case-insensitive file systems (#18 L3), never folding to an existing note's name.
  const names = noteFileNames(
    options.fileName,
    papers.filter((p) => noteOf(p, existing) === undefined),
    options.workspace.notes.map((n) => path.relative(dir, path.resolve(root, n.path))),
  );
  for (const paper of papers) {
    if (wanted && !wanted.has(paper.key) && !(paper.aliases ?? []).some((a) => wanted.has(a))) {
      continue;
    }
    const file = path.join(dir, names.get(paper.key) ?? noteFileName(options.fileName, paper));
    const rel = relative(root, file);
    const note = noteOf(paper, existing);
    if (note) {
      report.existing.push(note.path);
      continue;
    }
    const rendered = renderNote(paper, options.created, template);
    if (rendered.error !== undefined) {
      report.problems.push({ path: options.template ?? rel, line: 1, message: rendered.error });
      continue;
    }
    rendered.unknown.forEach((u) => unknown.add(u));
    if (options.dryRun) {
      let exists = false;
      try {
        await fs.stat(file);
        exists = true;
      } catch {
        exists = false;
      }
      (exists ? report.existing : report.created).push(rel);
      continue;
    }
    try {
      if (await writeNewFile(file, rendered.text)) {
        report.created.push(rel);
        report.createdPapers.push(paper);
      } else {
        report.existing.push(rel);
      }
    } catch (error) {
      report.problems.push({ path: rel, line: 0, message: `Cannot write: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    }
  }
  if (unknown.size > 0) {
    report.problems.push({ path: options.template ?? '', line: 1, message: `Unknown template placeholders left as written: ${[...unknown].map((u) => `{{${u}}}`).join(', ')}` });
  }
  return report;
}
