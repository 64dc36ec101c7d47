/**
 * The straightforward reference for merging and key assignment: the code of `core/merge.ts`,
 * `core/citekey.ts` and `core/library.ts` as it was before they were made fast and steppable
 * (issue #17), kept verbatim (only renamed) so tests can prove the fast versions give exactly
 * the same output. Test-only: never imported by the extension or the CLI.
 */
import type { Library, MergedSources } from '../../src/core/library';
import type { Pin } from '../../src/core/citekey';
import type { KeyOrigin, Paper, PaperRecord, Problem, SourceFormat, SourceLatex, SourceLocation } from '../../src/core/model';
import { problem } from '../../src/core/model';
import type { ParsedSource } from '../../src/core/sources';
import { normalizeArxivId, normalizeDoi, normalizeTitle } from '../../src/core/text';

// ---- core/citekey.ts ----

const STOP_WORDS = new Set(
  ('a an the of on in for to and or with without by from at as is are be via into onto towards toward ' +
    'about over under between through using use do does can we our your how what why when which who ' +
    'not no its it this that these those than then there their where whose much many more most all any some each every only just very up out new'
  ).split(' '),
);

/** Folds text to ASCII letters and digits (accents removed, other characters dropped). */
function asciiFold(text: string): string {
  if (/^[A-Za-z0-9]*$/.test(text)) {
    return text;
  }
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/[^A-Za-z0-9]/g, '');
}

function familyName(author: string): string {
  const name = author.trim();
  const comma = name.indexOf(',');
  if (comma >= 0) {
    return name.slice(0, comma);
  }
  const space = name.lastIndexOf(' ');
  return space < 0 ? name : name.slice(space + 1);
}

/** An author's family name folded for comparison (`Łukasz Kaiser` → `kaiser`). */
function familyKey(author: string): string {
  return asciiFold(familyName(author)).toLowerCase();
}

/** The generated base key of a paper, before collision suffixes. */
function baseKey(record: Pick<PaperRecord, 'title' | 'authors' | 'year'> & Pick<Partial<PaperRecord>, 'listed'>): string {
  let word: string | undefined;
  let firstWord: string | undefined;
  for (const raw of record.title.split(/[\s\-–—/:]+/)) {
    const w = asciiFold(raw);
    if (w === '') {
      continue;
    }
    firstWord ??= w;
    if (/^[a-z]/i.test(w) && !STOP_WORDS.has(w.toLowerCase())) {
      word = w;
      break;
    }
  }
  const chosen = (word ?? firstWord ?? 'paper').toLowerCase();
  const author = record.authors[0] ? familyKey(record.authors[0]) : '';
  // No publication year: the year it was listed on Daily Papers (`bag2025`, not a bare `bag`).
  const listedYear = record.listed !== undefined && /^\d{4}/.test(record.listed) ? record.listed.slice(0, 4) : '';
  const year = record.year !== undefined ? String(record.year) : listedYear;
  const key = author ? `${author}${year}${chosen}` : `${chosen}${year}`;
  return /^[a-z]/.test(key) ? key : `p${key}`;
}

/** A sort key for a paper's identity, independent of load order. */
function identity(r: PaperRecord, title: string): string {
  const first = r.sources[0];
  return `${r.doi ?? ''}\u0000${r.arxivId ?? ''}\u0000${title}\u0000${first ? `${first.path}:${first.line}` : ''}`;
}

/** `a`, `b`, … `z`, `aa`, `ab`, …: the n-th (0-based) collision suffix. */
function letterSuffix(n: number): string {
  let s = '';
  let i = n;
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return s;
}

interface KeyedPapers {
  /** In the order of the input records. */
  readonly papers: Paper[];
  /** Duplicate keys and pins that could not be honoured. */
  readonly problems: Problem[];
}

/**
 * Hands out keys that are not taken, in linear time overall: for each base, the next suffix to
 * try is remembered, so a thousand papers with one base cost a thousand steps, not a million.
 */
class KeyClaims {
  private readonly taken = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();
  has(key: string): boolean {
    return this.taken.has(key);
  }
  take(key: string): void {
    this.taken.add(key);
  }
  /** `base` if free, else the first free `base` + suffix. */
  claim(base: string): string {
    let n = this.nextSuffix.get(base);
    if (n === undefined) {
      this.nextSuffix.set(base, 0);
      if (!this.taken.has(base)) {
        this.taken.add(base);
        return base;
      }
      n = 0;
    }
    for (;; n++) {
      const candidate = base + letterSuffix(n);
      if (!this.taken.has(candidate)) {
        this.taken.add(candidate);
        this.nextSuffix.set(base, n + 1);
        return candidate;
      }
    }
  }
}

interface Occurrence {
  readonly key: string;
  readonly paper: number;
  readonly source: SourceLocation;
  /** 0 for the source's own key, 1 for its further keys (`ids`, `citation-key`). */
  readonly rank: number;
}

function compareOccurrences(a: Occurrence, b: Occurrence): number {
  return (a.source.path < b.source.path ? -1 : a.source.path > b.source.path ? 1 : 0) || a.source.line - b.source.line || a.rank - b.rank;
}

function where(s: { path: string; line: number }): string {
  return `${s.path}:${s.line}`;
}

/** Finds the paper a pin was used for: by arXiv id, then DOI, then title (and year among equal titles). */
class PaperMatcher {
  private readonly byArxiv = new Map<string, number>();
  private readonly byDoi = new Map<string, number>();
  private readonly byTitle = new Map<string, number[]>();
  constructor(
    private readonly records: readonly PaperRecord[],
    titles: readonly string[],
    order: readonly number[],
  ) {
    for (const i of order) {
      const r = records[i] as PaperRecord;
      if (r.arxivId && !this.byArxiv.has(r.arxivId)) {
        this.byArxiv.set(r.arxivId, i);
      }
      if (r.doi && !this.byDoi.has(r.doi)) {
        this.byDoi.set(r.doi, i);
      }
      const t = titles[i] ?? '';
      if (t !== '') {
        const list = this.byTitle.get(t);
        if (list) {
          list.push(i);
        } else {
          this.byTitle.set(t, [i]);
        }
      }
    }
  }
  match(pin: Pin): number | undefined {
    const arxiv = normalizeArxivId(pin.arxiv);
    const byArxiv = arxiv !== undefined ? this.byArxiv.get(arxiv) : undefined;
    if (byArxiv !== undefined) {
      return byArxiv;
    }
    const doi = normalizeDoi(pin.doi);
    const byDoi = doi !== undefined ? this.byDoi.get(doi) : undefined;
    if (byDoi !== undefined) {
      return byDoi;
    }
    const candidates = pin.title ? this.byTitle.get(normalizeTitle(pin.title)) : undefined;
    if (!candidates) {
      return undefined;
    }
    return candidates.find((i) => pin.year !== undefined && this.records[i]?.year === pin.year) ?? candidates[0];
  }
}

function comparePins(a: Pin, b: Pin): number {
  return (a.origin === b.origin ? 0 : a.origin === 'note' ? -1 : 1) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line;
}

/**
 * Gives every merged record its key and aliases (see the file comment for the rule).
 * Deterministic: the same records and pins, in any order, get the same keys.
 */
export function referenceAssignCitekeys(records: readonly PaperRecord[], pins: readonly Pin[] = []): KeyedPapers {
  const problems: Problem[] = [];
  const order = records.map((_, i) => i);
  const titles = records.map((r) => normalizeTitle(r.title));
  const ids = records.map((r, i) => identity(r, titles[i] ?? ''));
  order.sort((a, b) => ((ids[a] ?? '') < (ids[b] ?? '') ? -1 : (ids[a] ?? '') > (ids[b] ?? '') ? 1 : a - b));
  const claims = new KeyClaims();

  const sortedPins = [...pins].sort(comparePins);
  const matcher = sortedPins.length > 0 ? new PaperMatcher(records, titles, order) : undefined;
  const pinTargets = sortedPins.map((p) => matcher?.match(p));

  // 1. Source keys: the paper a pin gave the key to owns it, else the first occurrence.
  const occurrences: Occurrence[] = [];
  records.forEach((r, paper) => {
    for (const source of r.sources) {
      if (source.key !== undefined && source.key !== '') {
        occurrences.push({ key: source.key, paper, source, rank: 0 });
      }
      for (const key of source.otherKeys ?? []) {
        if (key !== '') {
          occurrences.push({ key, paper, source, rank: 1 });
        }
      }
    }
  });
  occurrences.sort(compareOccurrences);
  const owner = new Map<string, Occurrence>();
  /** Later occurrences of keys that occur more than once. */
  const others = new Map<string, Occurrence[]>();
  for (const occ of occurrences) {
    if (!owner.has(occ.key)) {
      owner.set(occ.key, occ);
      claims.take(occ.key);
    } else {
      const list = others.get(occ.key);
      if (list) {
        list.push(occ);
      } else {
        others.set(occ.key, [occ]);
      }
    }
  }
  const pinnedOwner = new Set<string>();
  sortedPins.forEach((p, i) => {
    const target = pinTargets[i];
    const current = owner.get(p.key);
    if (target === undefined || !current || pinnedOwner.has(p.key)) {
      return;
    }
    pinnedOwner.add(p.key);
    if (current.paper !== target) {
      const carried = others.get(p.key)?.find((o) => o.paper === target);
      if (carried) {
        owner.set(p.key, carried); // a duplicate key used before stays with the paper it was used for
      }
    }
  });
  const duplicates: Occurrence[] = [];
  for (const occ of occurrences) {
    const first = owner.get(occ.key);
    if (first && first.paper !== occ.paper && occ.rank === 0) {
      duplicates.push(occ);
    }
  }
  const own: string[][] = records.map(() => []);
  records.forEach((r, paper) => {
    const keys = own[paper] as string[];
    for (const source of r.sources) {
      for (const key of [source.key, ...(source.otherKeys ?? [])]) {
        if (key !== undefined && owner.get(key)?.paper === paper && !keys.includes(key)) {
          keys.push(key);
        }
      }
    }
  });

  // 2. Pins: every pinned key is reserved; matched ones go to their paper.
  const pinned: string[][] = records.map(() => []);
  const pinHolder = new Map<string, { pin: Pin; target: number | undefined }>();
  sortedPins.forEach((pin, i) => {
    claims.take(pin.key);
    const target = pinTargets[i];
    const sourceOwner = owner.get(pin.key);
    if (sourceOwner) {
      if (target !== undefined && target !== sourceOwner.paper) {
        problems.push(problem(pin.path, pin.line, `Key \`${pin.key}\` is pinned here to "${records[target]?.title ?? ''}", but ${where(sourceOwner.source)} gives it to another paper; the source's key wins`, 'warning'));
      }
      return;
    }
    const holder = pinHolder.get(pin.key);
    if (holder) {
      if (target !== undefined && holder.target !== target) {
        problems.push(problem(pin.path, pin.line, `Key \`${pin.key}\` is also pinned at ${where(holder.pin)} to another paper; that pin wins`, 'warning'));
      }
      return;
    }
    pinHolder.set(pin.key, { pin, target });
    if (target !== undefined) {
      (pinned[target] as string[]).push(pin.key);
    }
  });

  // 3. Primary keys and aliases; duplicates of a source key and papers without keys are claimed last.
  const keys: Array<string | undefined> = records.map(() => undefined);
  const origins: KeyOrigin[] = records.map(() => 'generated');
  const aliases: string[][] = records.map(() => []);
  records.forEach((_, paper) => {
    const mine = own[paper] as string[];
    const pins = pinned[paper] as string[];
    const all = [...mine, ...pins];
    if (all.length > 0) {
      keys[paper] = all[0];
      origins[paper] = mine.length > 0 ? 'source' : 'pinned';
      aliases[paper] = all.slice(1);
    }
  });
  const duplicateOf = new Map<number, Occurrence>();
  for (const occ of duplicates) {
    if (!duplicateOf.has(occ.paper)) {
      duplicateOf.set(occ.paper, occ);
    }
  }
  for (const paper of order) {
    if (keys[paper] === undefined) {
      const dup = duplicateOf.get(paper);
      keys[paper] = claims.claim(dup ? dup.key : baseKey(records[paper] as PaperRecord));
    }
  }
  for (const [paper, dup] of duplicateOf) {
    const first = owner.get(dup.key) as Occurrence;
    problems.push(problem(dup.source.path, dup.source.line, `Duplicate key \`${dup.key}\`: ${where(first.source)} already uses it for another paper ("${records[first.paper]?.title ?? ''}"); this entry is cited as \`${keys[paper] ?? ''}\``, 'warning'));
  }
  const papers = records.map((r, i) => ({ ...r, key: keys[i] as string, aliases: aliases[i] as string[], keyOrigin: origins[i] as KeyOrigin }));
  return { papers, problems };
}

// ---- core/merge.ts ----

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

function compareRecords(a: PaperRecord, b: PaperRecord): number {
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

class Groups {
  private readonly parent: number[];
  private readonly facts: GroupFacts[];
  constructor(records: readonly PaperRecord[]) {
    this.parent = records.map((_, i) => i);
    this.facts = records.map(factsOf);
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
    const fa = this.facts[ra];
    const fb = this.facts[rb];
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
export function referenceMergeRecords(input: readonly PaperRecord[]): PaperRecord[] {
  const records = [...input].sort(compareRecords);
  const groups = new Groups(records);
  /** Records with the same value join the first group that accepts them (at most a few tried). */
  const titles = records.map((r) => normalizeTitle(r.title));
  const joinOn = (keyOf: (r: PaperRecord, i: number) => string | undefined, rule: 'id' | 'key' | 'title'): void => {
    const seen = new Map<string, number[]>();
    records.forEach((r, i) => {
      const k = keyOf(r, i);
      if (k === undefined) {
        return;
      }
      const candidates = seen.get(k);
      if (!candidates) {
        seen.set(k, [i]);
        return;
      }
      if (!candidates.some((j) => groups.union(j, i, rule)) && candidates.length < MAX_TITLE_CANDIDATES) {
        candidates.push(i);
      }
    });
  };
  joinOn((r) => r.doi, 'id');
  joinOn((r) => r.arxivId, 'id');
  joinOn((r, i) => {
    const key = r.sources[0]?.key;
    return key === undefined ? undefined : `${key}\u0000${titles[i] ?? ''}`;
  }, 'key');
  joinOn((r, i) => {
    if (r.untitled) {
      return undefined; // a stand-in title (the key, the container) never identifies a paper
    }
    const t = titles[i] ?? '';
    return t.length >= MIN_TITLE_KEY_LENGTH ? t : undefined;
  }, 'title');

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

const SCALAR_FIELDS = [
  'key', 'abstract', 'organization', 'doi', 'arxivId', 'url', 'pdfUrl', 'venue', 'type',
  'container', 'volume', 'issue', 'pages', 'publisher', 'publisherPlace', 'edition', 'series', 'isbn', 'issn', 'note', 'titleAddon', 'language',
] as const;

/** Combines the records of one paper (already in canonical order). */
function combine(group: PaperRecord[]): PaperRecord {
  const [head, ...rest] = group;
  if (!head) {
    throw new Error('empty merge group');
  }
  if (rest.length === 0) {
    return {
      ...head,
      authors: [...head.authors],
      tags: [...head.tags],
      sources: [...head.sources],
      ...(head.editors ? { editors: [...head.editors] } : {}),
      ...(head.latex ? { latex: { ...head.latex } } : {}),
    };
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

// ---- core/library.ts ----

/** Parses are merged into one record per paper. The result does not depend on the sources' order. */
export function referenceMergeSources(parsed: readonly ParsedSource[]): MergedSources {
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
    records: referenceMergeRecords(records),
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
export function referenceKeyLibrary(merged: MergedSources, pins: readonly Pin[] = []): Library {
  const keyed = referenceAssignCitekeys(merged.records, pins);
  const papers = sortPapers(keyed.papers);
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
export function referenceBuildLibrary(parsed: readonly ParsedSource[], pins: readonly Pin[] = []): Library {
  return referenceKeyLibrary(referenceMergeSources(parsed), pins);
}

const TITLE_COLLATOR = new Intl.Collator();
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** A title folded for ordering: accents off, lower case (`Évolution` sorts with `evolution`). */
function titleSortKey(title: string): string {
  return (/^[\x00-\x7f]*$/.test(title) ? title : title.normalize('NFD').replace(COMBINING_MARKS, '')).toLowerCase();
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
 * Sorts papers in the default order. Each paper's sort key is computed once: comparing with a
 * collator on every comparison (`localeCompare`) took seconds for 100,000 papers.
 */
function sortPapers(papers: readonly Paper[]): Paper[] {
  return papers.map(decorate).sort(compareDecorated).map((d) => d.paper);
}

