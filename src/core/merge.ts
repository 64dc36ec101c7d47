/**
 * Merges records that describe the same paper: records sharing a DOI, an arXiv id, or a
 * normalised title (case, punctuation and whitespace ignored) become one record holding the
 * union of their metadata and every source location.
 *
 * Deterministic: the result does not depend on the order the records arrive in. Records are
 * first put in a canonical order (format priority, then path, then line); for each field the
 * first record in that order that has a value wins, except `upvotes` (the highest count, the
 * latest snapshot) and `tags`/`sources` (the union).
 *
 * A title match never joins two records whose DOIs (or arXiv ids) are both known and differ:
 * those are different papers that happen to share a title (errata, editorials, "Introduction").
 */
import type { PaperRecord, SourceFormat } from './model';
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

class Groups {
  private readonly parent: number[];
  private readonly dois: Array<Set<string>>;
  private readonly arxiv: Array<Set<string>>;
  constructor(records: readonly PaperRecord[]) {
    this.parent = records.map((_, i) => i);
    this.dois = records.map((r) => new Set(r.doi ? [r.doi] : []));
    this.arxiv = records.map((r) => new Set(r.arxivId ? [r.arxivId] : []));
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
  /** Joins two groups; with `checkIds`, refuses when both know different DOIs or arXiv ids. */
  union(a: number, b: number, checkIds: boolean): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) {
      return;
    }
    if (checkIds && (conflicts(this.dois[ra], this.dois[rb]) || conflicts(this.arxiv[ra], this.arxiv[rb]))) {
      return;
    }
    if (rb < ra) {
      [ra, rb] = [rb, ra];
    }
    this.parent[rb] = ra;
    for (const d of this.dois[rb] ?? []) {
      this.dois[ra]?.add(d);
    }
    for (const x of this.arxiv[rb] ?? []) {
      this.arxiv[ra]?.add(x);
    }
  }
}

function conflicts(a: Set<string> | undefined, b: Set<string> | undefined): boolean {
  if (!a || !b || a.size === 0 || b.size === 0) {
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
  const records = [...input].sort(compareRecords);
  const groups = new Groups(records);
  const joinOn = (keyOf: (r: PaperRecord) => string | undefined, checkIds: boolean): void => {
    const first = new Map<string, number>();
    records.forEach((r, i) => {
      const k = keyOf(r);
      if (k === undefined) {
        return;
      }
      const j = first.get(k);
      if (j === undefined) {
        first.set(k, i);
      } else {
        groups.union(j, i, checkIds);
      }
    });
  };
  joinOn((r) => r.doi, false);
  joinOn((r) => r.arxivId, false);
  joinOn((r) => {
    const t = normalizeTitle(r.title);
    return t.length >= MIN_TITLE_KEY_LENGTH ? t : undefined;
  }, true);

  const members = new Map<number, PaperRecord[]>();
  records.forEach((r, i) => {
    const root = groups.find(i);
    const list = members.get(root);
    if (list) {
      list.push(r);
    } else {
      members.set(root, [r]);
    }
  });
  return [...members.values()].map(combine);
}

const SCALAR_FIELDS = ['key', 'abstract', 'organization', 'doi', 'arxivId', 'url', 'pdfUrl', 'venue', 'type'] as const;

/** Combines the records of one paper (already in canonical order). */
function combine(group: PaperRecord[]): PaperRecord {
  const [head, ...rest] = group;
  if (!head) {
    throw new Error('empty merge group');
  }
  if (rest.length === 0) {
    return { ...head, authors: [...head.authors], tags: [...head.tags], sources: [...head.sources] };
  }
  const merged: PaperRecord = { title: head.title, authors: [], tags: [], sources: [] };
  for (const field of SCALAR_FIELDS) {
    const value = group.find((r) => r[field] !== undefined)?.[field];
    if (value !== undefined) {
      merged[field] = value;
    }
  }
  merged.authors = [...(group.find((r) => r.authors.length > 0)?.authors ?? [])];
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
