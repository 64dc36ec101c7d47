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
  const papers = yield* sortPapersSteps(keyed.papers, merged.records);
  return {
    papers,
    byKey: yield* keyMapSteps(papers),
    problems: keyed.problems.length === 0 ? merged.problems : [...merged.problems, ...keyed.problems],
    sources: merged.sources,
    recordCount: merged.recordCount,
  };
}

/** Every key a paper answers to (its key, then its aliases no other paper holds) to the paper: `Library.byKey`. In steps. */
export function* keyMapSteps(papers: readonly Paper[]): Steps<Map<string, Paper>> {
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
  return byKey;
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

/** Made on first use: the first Intl.Collator of a process loads ICU's data (~8 ms), not wanted at activation. */
let titleCollator: Intl.Collator | undefined;
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** A title folded for ordering: accents off, lower case (`Évolution` sorts with `evolution`). */
function titleSortKey(title: string): string {
  return (/^[\x00-\x7f]*$/.test(title) ? title : title.normalize('NFD').replace(COMBINING_MARKS, '')).toLowerCase();
}

/** Default library order: newest first, then by title (folded, then as the locale orders it), then by key. */
export function comparePapers(a: Paper, b: Paper): number {
  return compareByTitle(decorate(a), decorate(b)) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

interface Decorated {
  /** The record's (or paper's) position in its list. */
  readonly index: number;
  readonly title: string;
  readonly date: string;
  /** The title folded for ordering. */
  readonly folded: string;
}

function decorate(paper: Paper): Decorated {
  return { index: 0, title: paper.title, date: paper.date ?? '', folded: titleSortKey(paper.title) };
}

/** The default order but for the key: newest first, then the folded title, then the title as the locale orders it. */
function compareByTitle(a: Decorated, b: Decorated): number {
  if (a.date !== b.date) {
    return a.date < b.date ? 1 : -1;
  }
  if (a.folded !== b.folded) {
    return a.folded < b.folded ? -1 : 1;
  }
  return (titleCollator ??= new Intl.Collator()).compare(a.title, b.title);
}

/**
 * The default order of merged records by date and title, whatever their keys: record indices,
 * and where each run of papers that only their keys order starts. Kept per records array, so
 * keying the same merged papers again (pins changed) does not sort them again.
 */
interface TitleOrder {
  readonly order: readonly number[];
  /** `tied[k]`: the paper at `k` compares equal to the one before, but for the key. */
  readonly tied: Uint8Array;
}

const titleOrders = new WeakMap<readonly PaperRecord[], TitleOrder>();

function* titleOrderSteps(records: readonly PaperRecord[]): Steps<TitleOrder> {
  const known = titleOrders.get(records);
  if (known) {
    return known;
  }
  const n = records.length;
  const decorated = new Array<Decorated>(n);
  for (let i = 0; i < n; i++) {
    const r = records[i] as PaperRecord;
    decorated[i] = { index: i, title: r.title, date: r.date ?? '', folded: titleSortKey(r.title) };
    if (i % LIBRARY_STEP === LIBRARY_STEP - 1) {
      yield;
    }
  }
  yield* sortSteps(decorated, compareByTitle);
  const order = new Array<number>(n);
  const tied = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const d = decorated[k] as Decorated;
    order[k] = d.index;
    tied[k] = k > 0 && compareByTitle(decorated[k - 1] as Decorated, d) === 0 ? 1 : 0;
    if (k % LIBRARY_STEP === LIBRARY_STEP - 1) {
      yield;
    }
  }
  const result = { order, tied };
  titleOrders.set(records, result);
  return result;
}

/**
 * Sorts papers (`papers[i]` keyed from `records[i]`) in the default order, in steps: the order
 * by date and title, then the key within each run of papers equal but for it. The same order as
 * sorting by {@link comparePapers} (stable). Each paper's sort key is computed once: comparing
 * with a collator on every comparison (`localeCompare`) took seconds for 100,000 papers.
 */
function* sortPapersSteps(papers: readonly Paper[], records: readonly PaperRecord[]): Steps<Paper[]> {
  const { order, tied } = yield* titleOrderSteps(records);
  const sorted = new Array<Paper>(papers.length);
  for (let k = 0; k < order.length; k++) {
    sorted[k] = papers[order[k] as number] as Paper;
    if (k % LIBRARY_STEP === LIBRARY_STEP - 1) {
      yield;
    }
  }
  yield;
  for (let k = 1; k < order.length; k++) {
    if (k % LIBRARY_STEP === 0) {
      yield;
    }
    if (tied[k] === 1 && tied[k - 1] !== 1) {
      let end = k + 1;
      while (end < order.length && tied[end] === 1) {
        end++;
      }
      // The run is sorted[k - 1 .. end): by key, stable (equal keys keep the records' order).
      const run = sorted.slice(k - 1, end).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      run.forEach((p, i) => (sorted[k - 1 + i] = p));
    }
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
