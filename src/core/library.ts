/**
 * The library: every source file parsed, duplicates merged, keys assigned.
 * Pure: callers hand in file contents (`core/load.ts` reads them through the `core/store.ts` port).
 */
import type { Paper, PaperRecord, Problem, SourceFormat } from './model';
import type { Pin } from './citekey';
import { assignCitekeys } from './citekey';
import { mergeRecords } from './merge';
import type { ParsedSource } from './sources';

export interface SourceSummary {
  readonly path: string;
  /** The file's URI in the store it was read from, when known. */
  readonly uri?: string;
  readonly format: SourceFormat | undefined;
  readonly records: number;
  readonly problems: number;
}

export interface Library {
  readonly papers: readonly Paper[];
  /** Every key a paper answers to (its key and its aliases) to the paper. */
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

/** Sources merged into papers, before keys: the part of a build that pins do not change. */
export interface MergedSources {
  readonly records: readonly PaperRecord[];
  readonly problems: readonly Problem[];
  readonly sources: readonly SourceSummary[];
  readonly recordCount: number;
}

/** Parses are merged into one record per paper. The result does not depend on the sources' order. */
export function mergeSources(parsed: readonly ParsedSource[]): MergedSources {
  const sorted = [...parsed].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const records: PaperRecord[] = [];
  const problems: Problem[] = [];
  for (const s of sorted) {
    for (const r of s.records) {
      records.push(r);
    }
    for (const p of s.problems) {
      problems.push(p);
    }
  }
  return {
    records: mergeRecords(records),
    problems,
    sources: sorted.filter((s) => s.format !== undefined || s.problems.length > 0).map((s) => ({ path: s.path, ...(s.uri === undefined ? {} : { uri: s.uri }), format: s.format, records: s.records.length, problems: s.problems.length })),
    recordCount: records.length,
  };
}

/** Gives merged papers their keys (`assignCitekeys`: source keys, then pins, then generated keys). */
export function keyLibrary(merged: MergedSources, pins: readonly Pin[] = []): Library {
  const keyed = assignCitekeys(merged.records, pins);
  const papers = keyed.papers.sort(comparePapers);
  const byKey = new Map<string, Paper>();
  for (const p of papers) {
    byKey.set(p.key, p);
  }
  for (const p of papers) {
    for (const alias of p.aliases ?? []) {
      if (!byKey.has(alias)) {
        byKey.set(alias, p);
      }
    }
  }
  return {
    papers,
    byKey,
    problems: keyed.problems.length === 0 ? merged.problems : [...merged.problems, ...keyed.problems],
    sources: merged.sources,
    recordCount: merged.recordCount,
  };
}

/** Builds the library from parsed sources and pinned keys. The result does not depend on the sources' order. */
export function buildLibrary(parsed: readonly ParsedSource[], pins: readonly Pin[] = []): Library {
  return keyLibrary(mergeSources(parsed), pins);
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

/** Formats a problem the way compilers do, so terminals and VS Code make it clickable. */
export function formatProblem(p: Problem): string {
  return `${p.path}:${p.line}: ${p.severity}: ${p.message}`;
}
