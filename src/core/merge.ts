/**
 * Merges records that describe the same paper into one record holding the union of their
 * metadata and every source location. Records are one paper when they share:
 *
 * - a DOI or an arXiv id;
 * - their own source key and their title (the same entry in two files: a co-author's copy of
 *   the `.bib`, an export read back);
 * - a normalised title (case, punctuation and whitespace ignored), but only when at most one
 *   side carries a key of its own (a key is a curated statement that an entry is a work of
 *   its own: a book and its review, two issues of a column share titles), the years agree
 *   within one where both are known, the first authors' family names agree where both are
 *   known, and no DOI or arXiv id known on both sides differs. This is how a Daily Papers
 *   page or a Hugging Face record finds the paper it describes.
 *
 * Deterministic: the result does not depend on the order the records arrive in. Records are
 * first put in a canonical order (format priority, then path, then line); for each field the
 * first record in that order that has a value wins, except `upvotes` (the highest count, the
 * latest snapshot) and `tags`/`sources` (the union).
 */
import { familyKey, rememberNormalizedTitles } from './citekey';
import type { PaperRecord, SourceFormat, SourceLatex } from './model';
import type { Steps } from './steps';
import { runSteps, sortSteps } from './steps';
import { normalizeTitle } from './text';

/** Which source wins a field when merged records disagree: curated libraries first. */
const FORMAT_PRIORITY: Record<SourceFormat, number> = {
  bibtex: 0,
  'csl-json': 1,
  ris: 2,
  'hf-json': 3,
  'daily-papers': 4,
};

/** Titles shorter than this (normalised) are too generic to merge on ("Preface", "Editorial"). */
const MIN_TITLE_KEY_LENGTH = 12;

export function compareRecords(a: PaperRecord, b: PaperRecord): number {
  const sa = a.sources[0];
  const sb = b.sources[0];
  if (!sa || !sb) {
    return (sa ? 0 : 1) - (sb ? 0 : 1);
  }
  return (
    FORMAT_PRIORITY[sa.format] - FORMAT_PRIORITY[sb.format] ||
    (sa.path < sb.path ? -1 : sa.path > sb.path ? 1 : 0) ||
    sa.line - sb.line
  );
}

/** Title matches tried per title before a record starts a group of its own (bounds hostile input). */
const MAX_TITLE_CANDIDATES = 8;

interface GroupFacts {
  dois: Set<string>;
  arxiv: Set<string>;
  /** Whether any member carries a key its source gave. */
  keyed: boolean;
  yearMin: number;
  yearMax: number;
  /** First authors' family names (ASCII-folded, lower case). */
  authors: Set<string>;
}

function factsOf(r: PaperRecord): GroupFacts {
  const family = r.authors[0] !== undefined ? familyKey(r.authors[0]) : '';
  return {
    dois: new Set(r.doi ? [r.doi] : []),
    arxiv: new Set(r.arxivId ? [r.arxivId] : []),
    keyed: r.sources.some((s) => s.key !== undefined),
    yearMin: r.year ?? Number.POSITIVE_INFINITY,
    yearMax: r.year ?? Number.NEGATIVE_INFINITY,
    authors: new Set(family ? [family] : []),
  };
}

/** Records handled between two steps of {@link mergeRecordsSteps}. */
const MERGE_STEP = 1024;

class Groups {
  private readonly parent: Int32Array;
  /** A root's facts, made when it first joins another group (most records never do). */
  private readonly facts: Array<GroupFacts | undefined>;
  constructor(private readonly records: readonly PaperRecord[]) {
    this.parent = new Int32Array(records.length);
    for (let i = 0; i < records.length; i++) {
      this.parent[i] = i;
    }
    this.facts = new Array<GroupFacts | undefined>(records.length);
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) {
      root = this.parent[root] ?? root;
    }
    while (this.parent[i] !== root) {
      const next = this.parent[i] ?? root;
      this.parent[i] = root;
      i = next;
    }
    return root;
  }
  /** The facts of a root: a group of one record has its record's facts. */
  private factsOf(root: number): GroupFacts | undefined {
    let facts = this.facts[root];
    if (!facts) {
      const r = this.records[root];
      if (!r) {
        return undefined;
      }
      facts = factsOf(r);
      this.facts[root] = facts;
    }
    return facts;
  }
  /** Whether two groups may be one paper: no DOI or arXiv id known on both sides differs. */
  private idsAgree(a: GroupFacts, b: GroupFacts): boolean {
    return !conflicts(a.dois, b.dois) && !conflicts(a.arxiv, b.arxiv);
  }
  /** Whether two groups with the same title are one paper (see the file comment). */
  private titleAgrees(a: GroupFacts, b: GroupFacts): boolean {
    if (a.keyed && b.keyed) {
      return false;
    }
    const yearsKnown = a.yearMin <= a.yearMax && b.yearMin <= b.yearMax;
    if (yearsKnown && (a.yearMin > b.yearMax + 1 || b.yearMin > a.yearMax + 1)) {
      return false;
    }
    if (a.authors.size > 0 && b.authors.size > 0 && ![...a.authors].some((x) => b.authors.has(x))) {
      return false;
    }
    return this.idsAgree(a, b);
  }
  /**
   * Joins two groups. `rule` decides: `id` always joins, `key` joins when the ids agree,
   * `title` when `titleAgrees`. Returns whether they are (now) one group.
   */
  union(a: number, b: number, rule: 'id' | 'key' | 'title'): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) {
      return true;
    }
    const fa = this.factsOf(ra);
    const fb = this.factsOf(rb);
    if (!fa || !fb) {
      return false;
    }
    if ((rule === 'key' && !this.idsAgree(fa, fb)) || (rule === 'title' && !this.titleAgrees(fa, fb))) {
      return false;
    }
    if (rb < ra) {
      [ra, rb] = [rb, ra];
    }
    const into = this.facts[ra] as GroupFacts;
    const from = this.facts[rb] as GroupFacts;
    this.parent[rb] = ra;
    this.facts[rb] = undefined;
    from.dois.forEach((d) => into.dois.add(d));
    from.arxiv.forEach((x) => into.arxiv.add(x));
    from.authors.forEach((x) => into.authors.add(x));
    into.keyed ||= from.keyed;
    into.yearMin = Math.min(into.yearMin, from.yearMin);
    into.yearMax = Math.max(into.yearMax, from.yearMax);
    return true;
  }
}

function conflicts(a: Set<string>, b: Set<string>): boolean {
  if (a.size === 0 || b.size === 0) {
    return false;
  }
  for (const x of a) {
    if (b.has(x)) {
      return false;
    }
  }
  return true;
}

/** Merges duplicate records. Returns new merged records; the inputs are not modified. */
export function mergeRecords(input: readonly PaperRecord[]): PaperRecord[] {
  return runSteps(mergeRecordsSteps(input));
}

/**
 * {@link mergeRecords} in steps of about a thousand records (see `core/steps.ts`): the same
 * result, without holding the thread for the whole library.
 */
export function* mergeRecordsSteps(input: readonly PaperRecord[]): Steps<PaperRecord[]> {
  const records = yield* canonicalOrder(input);
  const n = records.length;
  const groups = new Groups(records);
  const titles = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    titles[i] = normalizeTitle((records[i] as PaperRecord).title);
    if (i % MERGE_STEP === MERGE_STEP - 1) {
      yield;
    }
  }
  /** Records with the same value join the first group that accepts them (at most a few tried). */
  function* joinOn(keyOf: (r: PaperRecord, i: number) => string | undefined, rule: 'id' | 'key' | 'title'): Steps<void> {
    // The first record of a value is held as its index; a list is made only for a second one.
    const seen = new Map<string, number | number[]>();
    for (let i = 0; i < n; i++) {
      if (i % MERGE_STEP === MERGE_STEP - 1) {
        yield;
      }
      const k = keyOf(records[i] as PaperRecord, i);
      if (k === undefined) {
        continue;
      }
      const candidates = seen.get(k);
      if (candidates === undefined) {
        seen.set(k, i);
      } else if (typeof candidates === 'number') {
        if (!groups.union(candidates, i, rule)) {
          seen.set(k, [candidates, i]);
        }
      } else if (!candidates.some((j) => groups.union(j, i, rule)) && candidates.length < MAX_TITLE_CANDIDATES) {
        candidates.push(i);
      }
    }
  }
  yield* joinOn((r) => r.doi, 'id');
  yield* joinOn((r) => r.arxivId, 'id');
  yield* joinOn((r, i) => {
    const key = r.sources[0]?.key;
    return key === undefined ? undefined : `${key}\u0000${titles[i] ?? ''}`;
  }, 'key');
  yield* joinOn((r, i) => {
    if (r.untitled) {
      return undefined; // a stand-in title (the key, the container) never identifies a paper
    }
    const t = titles[i] ?? '';
    return t.length >= MIN_TITLE_KEY_LENGTH ? t : undefined;
  }, 'title');

  // Each group's members in order, as a linked list through `next` from the group's first record.
  const roots = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    roots[i] = groups.find(i);
    if (i % MERGE_STEP === MERGE_STEP - 1) {
      yield;
    }
  }
  const head = new Int32Array(n).fill(-1);
  const next = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const root = roots[i] ?? i;
    next[i] = head[root] ?? -1;
    head[root] = i;
  }
  // Groups in the order of their first record.
  const merged: PaperRecord[] = [];
  const mergedTitles: string[] = [];
  for (let i = 0; i < n; i++) {
    if (head[roots[i] ?? i] === i) {
      if ((next[i] ?? -1) < 0) {
        merged.push(copyRecord(records[i] as PaperRecord));
        mergedTitles.push(titles[i] ?? '');
      } else {
        const group: PaperRecord[] = [];
        // The merged title is the first real title's (see `combine`).
        let titled = -1;
        for (let j = i; j >= 0; j = next[j] ?? -1) {
          group.push(records[j] as PaperRecord);
          if (titled < 0 && !records[j]?.untitled) {
            titled = j;
          }
        }
        merged.push(combine(group));
        mergedTitles.push(titles[titled < 0 ? i : titled] ?? '');
      }
    }
    if (i % MERGE_STEP === MERGE_STEP - 1) {
      yield;
    }
  }
  rememberNormalizedTitles(merged, mergedTitles);
  return merged;
}

/**
 * The records in canonical order ({@link compareRecords}), sorted in steps on keys computed
 * once per record: the format's priority and the path's rank, then the line.
 */
function* canonicalOrder(input: readonly PaperRecord[]): Steps<PaperRecord[]> {
  const n = input.length;
  const pathRank = new Map<string, number>();
  for (const r of input) {
    const s = r.sources[0];
    if (s && !pathRank.has(s.path)) {
      pathRank.set(s.path, 0);
    }
  }
  // The default order of strings is that of `<` (UTF-16 code units).
  [...pathRank.keys()].sort().forEach((p, rank) => pathRank.set(p, rank));
  const major = new Float64Array(n);
  const line = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = (input[i] as PaperRecord).sources[0];
    // No source: after every record that has one, in input order (as `compareRecords`).
    major[i] = s ? FORMAT_PRIORITY[s.format] * pathRank.size + (pathRank.get(s.path) ?? 0) : Number.POSITIVE_INFINITY;
    line[i] = s ? s.line : 0;
  }
  yield;
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
  }
  yield* sortSteps(order, (a, b) => (major[a] ?? 0) - (major[b] ?? 0) || (line[a] ?? 0) - (line[b] ?? 0) || a - b);
  const records = new Array<PaperRecord>(n);
  for (let i = 0; i < n; i++) {
    records[i] = input[order[i] ?? i] as PaperRecord;
  }
  return records;
}

const SCALAR_FIELDS = [
  'key', 'abstract', 'organization', 'doi', 'arxivId', 'url', 'pdfUrl', 'venue', 'type',
  'container', 'volume', 'issue', 'pages', 'publisher', 'publisherPlace', 'edition', 'series', 'isbn', 'issn', 'note', 'titleAddon', 'language',
] as const;

/** A record of its own: a copy, so the merged record shares no list with its input. */
function copyRecord(head: PaperRecord): PaperRecord {
  return {
    ...head,
    authors: [...head.authors],
    tags: [...head.tags],
    sources: [...head.sources],
    ...(head.editors ? { editors: [...head.editors] } : {}),
    ...(head.latex ? { latex: { ...head.latex } } : {}),
  };
}

/** Combines the records of one paper (already in canonical order). */
function combine(group: PaperRecord[]): PaperRecord {
  const [head, ...rest] = group;
  if (!head) {
    throw new Error('empty merge group');
  }
  if (rest.length === 0) {
    return copyRecord(head);
  }
  // The title and its LaTeX form come from one record: the first with a real title.
  const titled = group.find((r) => !r.untitled) ?? head;
  const merged: PaperRecord = { title: titled.title, authors: [], tags: [], sources: [] };
  if (titled.untitled) {
    merged.untitled = true;
  }
  // LaTeX forms: the title's from the titled record, others from the first record that has one
  // (the export uses a form only while it still reads as the field's value).
  const latex: SourceLatex = {};
  for (const r of group) {
    for (const [field, value] of Object.entries(r.latex ?? {}) as Array<[keyof SourceLatex, string]>) {
      if (field !== 'title' && latex[field] === undefined) {
        latex[field] = value;
      }
    }
  }
  if (titled.latex?.title !== undefined) {
    latex.title = titled.latex.title;
  }
  if (Object.keys(latex).length > 0) {
    merged.latex = latex;
  }
  for (const field of SCALAR_FIELDS) {
    const value = group.find((r) => r[field] !== undefined)?.[field];
    if (value !== undefined) {
      merged[field] = value;
    }
  }
  // The DOI as written comes from the record that gave the DOI (or, without one, the first that has a DOI field).
  const doiAsWritten = group.find((r) => r.doi !== undefined || r.doiAsWritten !== undefined)?.doiAsWritten;
  if (doiAsWritten !== undefined) {
    merged.doiAsWritten = doiAsWritten;
  }
  merged.authors = [...(group.find((r) => r.authors.length > 0)?.authors ?? [])];
  const editors = group.find((r) => r.editors !== undefined && r.editors.length > 0)?.editors;
  if (editors) {
    merged.editors = [...editors];
  }
  const counts = group.map((r) => r.authorCount).filter((n): n is number => n !== undefined);
  if (counts.length > 0) {
    merged.authorCount = maxOf(counts);
  }
  // The most precise date wins; among equally precise dates, the canonical order decides.
  const dated = group.filter((r) => r.date !== undefined);
  const best = dated.reduce<PaperRecord | undefined>((acc, r) => (!acc || (r.date?.length ?? 0) > (acc.date?.length ?? 0) ? r : acc), undefined);
  if (best?.date) {
    merged.date = best.date;
  }
  const year = best?.year ?? group.find((r) => r.year !== undefined)?.year;
  if (year !== undefined) {
    merged.year = year;
  }
  // The first day it was listed on Daily Papers (pages and API lists of later days repeat it).
  const listed = group.map((r) => r.listed).filter((d): d is string => d !== undefined);
  if (listed.length > 0) {
    merged.listed = listed.reduce((a, b) => (b < a ? b : a));
  }
  const votes = group.map((r) => r.upvotes).filter((n): n is number => n !== undefined);
  if (votes.length > 0) {
    merged.upvotes = maxOf(votes);
  }
  merged.tags = [...new Set(group.flatMap((r) => r.tags))];
  merged.sources = group.flatMap((r) => r.sources);
  return merged;
}

/** The largest number of a non-empty list; a loop, since `Math.max(...list)` throws past ~125k values (#18). */
function maxOf(list: readonly number[]): number {
  let max = -Infinity;
  for (const n of list) {
    if (n > max) {
      max = n;
    }
  }
  return max;
}
