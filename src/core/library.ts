/**
 * The library: every source file parsed, duplicates merged, keys assigned.
 * Pure: callers hand in file contents (see `TextStore` for the I/O port).
 */
import type { Paper, Problem, SourceFormat } from './model';
import { assignCitekeys } from './citekey';
import { mergeRecords } from './merge';
import type { ParsedSource } from './sources';

export interface SourceSummary {
  readonly path: string;
  readonly format: SourceFormat | undefined;
  readonly records: number;
  readonly problems: number;
}

export interface Library {
  readonly papers: readonly Paper[];
  readonly byKey: ReadonlyMap<string, Paper>;
  readonly problems: readonly Problem[];
  readonly sources: readonly SourceSummary[];
  /** Records read before merging. */
  readonly recordCount: number;
}

export interface LibrarySummary {
  papers: number;
  records: number;
  problems: number;
  sources: SourceSummary[];
}

/** Builds the library from parsed sources. The result does not depend on the sources' order. */
export function buildLibrary(parsed: readonly ParsedSource[]): Library {
  const sorted = [...parsed].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const records = sorted.flatMap((s) => s.records);
  const papers = assignCitekeys(mergeRecords(records)).sort(comparePapers);
  return {
    papers,
    byKey: new Map(papers.map((p) => [p.key, p])),
    problems: sorted.flatMap((s) => s.problems),
    sources: sorted.filter((s) => s.format !== undefined || s.problems.length > 0).map((s) => ({ path: s.path, format: s.format, records: s.records.length, problems: s.problems.length })),
    recordCount: records.length,
  };
}

/** Default library order: newest first, then by title. */
export function comparePapers(a: Paper, b: Paper): number {
  const da = a.date ?? '';
  const db = b.date ?? '';
  if (da !== db) {
    return da < db ? 1 : -1;
  }
  return a.title.localeCompare(b.title) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

export function summarizeLibrary(library: Library): LibrarySummary {
  return { papers: library.papers.length, records: library.recordCount, problems: library.problems.length, sources: [...library.sources] };
}

/** The I/O port the core needs; implemented over node fs (CLI) and vscode.workspace.fs (extension). */
export interface TextStore {
  read(path: string): Promise<string>;
}

/** Formats a problem the way compilers do, so terminals and VS Code make it clickable. */
export function formatProblem(p: Problem): string {
  return `${p.path}:${p.line}: ${p.severity}: ${p.message}`;
}
