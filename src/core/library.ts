/**
 * The library: every source file parsed, duplicates merged, keys assigned.
 * Pure: callers hand in file contents (`core/load.ts` reads them through the `core/store.ts` port).
 */
import type { Paper, PaperRecord, Problem, SourceFormat } from './model';
import type { Pin } from './citekey';
import { assignCitekeysSteps } from './citekey';
import { mergeRecordsSteps } from './merge';
import type { Steps } from './steps';
import { runSteps, sortSteps } from './steps';
import type { ParsedSource } from './sources';

export interface SourceSummary {
  readonly path: string;
  /** The file's URI in the store it was read from, when known. */
  readonly uri?: string;
  readonly format: SourceFormat | undefined;
  readonly records: number;
  readonly problems: number;
  /** Why the file was not loaded though the scan found it (a Lit Notes export). */
  readonly skipped?: string;
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

/** Records (or papers) handled between two steps of the `…Steps` functions. */
const LIBRARY_STEP = 2048;

/** Parses are merged into one record per paper. The result does not depend on the sources' order. */
export function mergeSources(parsed: readonly ParsedSource[]): MergedSources {
  return runSteps(mergeSourcesSteps(parsed));
}

/**
 * {@link mergeSources} in steps of a fraction of a millisecond (see `core/steps.ts`): drive it
 * in slices to keep a thread responsive. The same result.
 */
export function* mergeSourcesSteps(parsed: readonly ParsedSource[]): Steps<MergedSources> {
  const sorted = [...parsed].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const records: PaperRecord[] = [];
  const problems: Problem[] = [];
  for (const s of sorted) {
    for (let i = 0; i < s.records.length; i++) {
      records.push(s.records[i] as PaperRecord);
      if (i % LIBRARY_STEP === LIBRARY_STEP - 1) {
        yield;
      }
    }
    for (const p of s.problems) {
      problems.push(p);
    }
  }
  yield;
  return {
    records: yield* mergeRecordsSteps(records),
    problems,
    sources: sorted
      .filter((s) => s.format !== undefined || s.problems.length > 0 || s.skipped !== undefined)
      .map((s) => ({
        path: s.path,
        ...(s.uri === undefined ? {} : { uri: s.uri }),
        format: s.format,
        records: s.records.length,
        problems: s.problems.length,
        ...(s.skipped !== undefined ? { skipped: s.skipped } : {}),
      })),
    recordCount: records.length,
  };
}

/** Gives merged papers their keys (`assignCitekeys`: source keys, then pins, then generated keys). */
export function keyLibrary(merged: MergedSources, pins: readonly Pin[] = []): Library {
  return runSteps(keyLibrarySteps(merged, pins));
}

/** {@link keyLibrary} in steps of a fraction of a millisecond (see `core/steps.ts`). The same result. */
export function* keyLibrarySteps(merged: MergedSources, pins: readonly Pin[] = []): Steps<Library> {
  const keyed = yield* assignCitekeysSteps(merged.records, pins);
  const papers = yield* sortPapersSteps(keyed.papers);
  const byKey = new Map<string, Paper>();
  for (let i = 0; i < papers.length; i++) {
    const p = papers[i] as Paper;
    byKey.set(p.key, p);
    if (i % LIBRARY_STEP === LIBRARY_STEP - 1) {
      yield;
    }
  }
  for (let i = 0; i < papers.length; i++) {
    const p = papers[i] as Paper;
    const aliases = p.aliases;
    for (let j = 0; aliases !== undefined && j < aliases.length; j++) {
      const alias = aliases[j] as string;
      if (!byKey.has(alias)) {
        byKey.set(alias, p);
      }
    }
    if (i % LIBRARY_STEP === LIBRARY_STEP - 1) {
      yield;
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

/**
 * Whether two libraries give the same papers, in the same order, the same keys, aliases and key
 * origins, and have as many problems (after a rekey: whether anything a user sees changed). In steps.
 */
export function* sameKeysSteps(a: Library, b: Library): Steps<boolean> {
  if (a.papers.length !== b.papers.length || a.problems.length !== b.problems.length) {
    return false;
  }
  for (let i = 0; i < a.papers.length; i++) {
    const p = a.papers[i] as Paper;
    const q = b.papers[i] as Paper;
    if (p.key !== q.key || p.keyOrigin !== q.keyOrigin || !sameList(p.aliases, q.aliases)) {
      return false;
    }
    if (i % LIBRARY_STEP === LIBRARY_STEP - 1) {
      yield;
    }
  }
  return true;
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) {
    return a === b;
  }
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Builds the library from parsed sources and pinned keys. The result does not depend on the sources' order. */
export function buildLibrary(parsed: readonly ParsedSource[], pins: readonly Pin[] = []): Library {
  return keyLibrary(mergeSources(parsed), pins);
}

const TITLE_COLLATOR = new Intl.Collator();
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** A title folded for ordering: accents off, lower case (`Évolution` sorts with `evolution`). */
function titleSortKey(title: string): string {
  return (/^[\x00-\x7f]*$/.test(title) ? title : title.normalize('NFD').replace(COMBINING_MARKS, '')).toLowerCase();
}

/** Default library order: newest first, then by title (folded, then as the locale orders it), then by key. */
export function comparePapers(a: Paper, b: Paper): number {
  return compareDecorated(decorate(a), decorate(b));
}

interface Decorated {
  readonly paper: Paper;
  readonly date: string;
  readonly title: string;
}

function decorate(paper: Paper): Decorated {
  return { paper, date: paper.date ?? '', title: titleSortKey(paper.title) };
}

function compareDecorated(a: Decorated, b: Decorated): number {
  if (a.date !== b.date) {
    return a.date < b.date ? 1 : -1;
  }
  if (a.title !== b.title) {
    return a.title < b.title ? -1 : 1;
  }
  const ka = a.paper.key;
  const kb = b.paper.key;
  return TITLE_COLLATOR.compare(a.paper.title, b.paper.title) || (ka < kb ? -1 : ka > kb ? 1 : 0);
}

/**
 * Sorts papers in the default order, in steps. Each paper's sort key is computed once: comparing
 * with a collator on every comparison (`localeCompare`) took seconds for 100,000 papers.
 */
function* sortPapersSteps(papers: readonly Paper[]): Steps<Paper[]> {
  const decorated = new Array<Decorated>(papers.length);
  for (let i = 0; i < papers.length; i++) {
    decorated[i] = decorate(papers[i] as Paper);
    if (i % LIBRARY_STEP === LIBRARY_STEP - 1) {
      yield;
    }
  }
  yield* sortSteps(decorated, compareDecorated);
  const sorted = new Array<Paper>(papers.length);
  for (let i = 0; i < papers.length; i++) {
    sorted[i] = (decorated[i] as Decorated).paper;
  }
  return sorted;
}

export function summarizeLibrary(library: Library): LibrarySummary {
  return { papers: library.papers.length, records: library.recordCount, problems: library.problems.length, sources: [...library.sources] };
}

/** Formats a problem the way compilers do, so terminals and VS Code make it clickable. */
export function formatProblem(p: Problem): string {
  return `${p.path}:${p.line}: ${p.severity}: ${p.message}`;
}
