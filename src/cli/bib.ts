/**
 * `litnotes bib sync --doc FILE [--workspace DIR] [--dry-run] [--json] PATH…`: what the command
 * `Lit Notes: Sync Document Bibliography` does, over node fs. The document's own bibliography
 * (frontmatter `bibliography:`, `\bibliography{}`, `\addbibresource{}`) gets every cited paper
 * the library knows and it lacks, appended under its verbatim key; nothing already in the file
 * changes. Entries nobody cites are reported, never deleted.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Library } from '../core/library';
import { formatProblem } from '../core/library';
import type { Paper, Problem } from '../core/model';
import { documentLanguageOfPath } from '../core/cite/languages';
import type { BibliographyRef } from '../core/writing/bibliography';
import { appendEntries, applyInsertion, bibliographyKeys, citedKeys, findBibliographies, planSync } from '../core/writing/bibliography';
import type { WorkspaceKeys } from './workspace';
import { pinKeys } from './workspace';
import { readIfExists } from './node-files';
import { NodeStore } from './node-store';

export interface BibArgs {
  readonly paths: readonly string[];
  readonly json: boolean;
  readonly dryRun: boolean;
  readonly options: ReadonlyMap<string, string>;
}

export interface BibLoaded {
  readonly library: Library;
  readonly workspace: WorkspaceKeys | undefined;
  readonly problems: readonly Problem[];
}

export class BibUsageError extends Error {}

/** The JSON `--json` prints (the shape is part of the CLI's contract). */
export interface BibSyncReport {
  added: string[];
  unused: string[];
  unknown: string[];
  bibliography: string[];
}


function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/**
 * Runs `bib sync`. `load` reads the library from the given source paths (the CLI's shared
 * loader, with --workspace pins). The document's bibliography files are library sources too.
 */
export async function bibCommand(args: BibArgs, load: (paths: readonly string[]) => Promise<BibLoaded>): Promise<number> {
  const [sub, ...sources] = args.paths;
  if (sub !== 'sync') {
    throw new BibUsageError('bib: the only subcommand is `bib sync --doc FILE [--workspace DIR] [--json] PATH…`');
  }
  const doc = args.options.get('--doc');
  if (!doc) {
    throw new BibUsageError('bib sync: --doc FILE is required');
  }
  let text: string;
  try {
    text = await fs.readFile(doc, 'utf8');
  } catch (error) {
    process.stderr.write(`litnotes: cannot read ${doc}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 1;
  }
  const language = documentLanguageOfPath(doc);
  const bibs = findBibliographies(text, language, toPosix(doc));
  const report: BibSyncReport = { added: [], unused: [], unknown: [], bibliography: bibs.map((b) => b.path) };
  const fail = (message: string): number => {
    if (args.json) {
      process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    }
    process.stderr.write(`litnotes: ${message}\n`);
    return 1;
  };
  if (bibs.length === 0) {
    return fail(`${doc} names no bibliography (${language === 'markdown' ? '`bibliography: refs.bib` in its frontmatter' : '`\\bibliography{refs}` or `\\addbibresource{refs.bib}`'})`);
  }
  const target = bibs.find((b) => b.format !== 'unsupported');
  if (!target) {
    return fail(`${doc}:${bibs[0]?.line ?? 1}: ${bibs.map((b) => b.raw).join(', ')}: only BibTeX (.bib) and CSL-JSON (.json) bibliographies can be synced`);
  }
  const contents = new Map<BibliographyRef, string | undefined>();
  const held: string[] = [];
  for (const b of bibs) {
    const content = await readIfExists(b.path);
    contents.set(b, content);
    const keys = content === undefined ? [] : bibliographyKeys(content, b.format);
    if (keys === undefined) {
      return fail(`${b.path}:1: not a ${b.format === 'csl-json' ? 'CSL-JSON array' : 'bibliography'} Lit Notes can append to; it is left as it is`);
    }
    held.push(...keys);
  }
  // The bibliography files are library sources as well (as in the extension's workspace).
  const resolved = new Set(sources.map((s) => path.resolve(s)));
  const extra = bibs.filter((b) => b.format !== 'unsupported' && contents.get(b) !== undefined && !resolved.has(path.resolve(b.path))).map((b) => b.path);
  const loaded = await load([...sources, ...extra]);
  const plan = planSync(citedKeys(text, language), held, loaded.library.byKey);
  report.added = plan.missing.map((m) => m.key);
  report.unused = [...plan.unused];
  report.unknown = [...plan.unknown];
  const existing = contents.get(target);
  const insertion = appendEntries(existing, plan.missing, target.format === 'csl-json' ? 'csl-json' : 'bibtex');
  if (insertion && !args.dryRun) {
    await new NodeStore().write(target.path, new TextEncoder().encode(applyInsertion(existing ?? '', insertion))); // atomic: temp file, rename
    if (loaded.workspace) {
      await pinKeys(loaded.workspace, plan.missing.map((m) => m.paper).filter((p: Paper) => p.keyOrigin !== 'source'));
    }
  }
  const bibPaths = new Set(bibs.map((b) => path.resolve(b.path)));
  const relevant = loaded.problems.filter((p) => bibPaths.has(path.resolve(p.path)) || (loaded.workspace && !path.isAbsolute(p.path) && p.path.startsWith('.litnotes')));
  if (args.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    const verb = args.dryRun ? 'would add' : 'added';
    for (const key of report.added) {
      process.stdout.write(`${verb}    ${key}\n`);
    }
    for (const key of report.unused) {
      process.stdout.write(`unused   ${key}\n`);
    }
    for (const key of report.unknown) {
      process.stdout.write(`unknown  ${key}\n`);
    }
    process.stdout.write(`\n${target.path}: ${report.added.length} ${verb}, ${report.unused.length} not cited (kept), ${report.unknown.length} unknown\n`);
  }
  for (const p of relevant) {
    process.stderr.write(formatProblem(p) + '\n');
  }
  for (const key of report.unknown) {
    process.stderr.write(`litnotes: ${doc}: \`${key}\` is cited but neither the bibliography nor the library has it\n`);
  }
  return report.unknown.length > 0 ? 1 : 0;
}
