/**
 * Fuzzy paper search for keystroke-by-keystroke use on large libraries (100,000 papers with
 * abstracts). See `docs/search.md` for the design and measured figures.
 *
 * ```ts
 * const index = SearchIndex.build(library.papers);
 * const hits = index.search('atention is all you nede', { limit: 50 }); // typos, any order
 * index.update({ added: [paper], removed: ['oldkey'] });                 // incremental
 * ```
 */
import Fuse from 'fuse.js';
import type { Paper } from '../model';
import type { Expansion, WordSpec } from './field-index';
import { NAME_BREAK } from './field-index';
import type { SegmentTop, WordMatch } from './segment';
import { Segment } from './segment';
import type { ReadOptions } from './snapshot';
import { drain, readSnapshotSteps, writeSnapshotSteps } from './snapshot';
import { STOP_WORDS, foldedHash, foldedLetters, tokenize } from './tokenize';

/** One search result. */
export interface SearchHit {
  readonly paper: Paper;
  /** Higher is better; only meaningful to compare hits of the same query. */
  readonly score: number;
  /** Matched `[start, end)` ranges in `paper.title`, sorted, non-overlapping (QuickPick `highlights.label`). */
  readonly titleMatches: [number, number][];
}

export interface SearchOptions {
  /** Most hits returned (default 200). */
  limit?: number;
  /** Search the words of abstracts too (default true). Abstract matches weigh less than title, author, key. */
  abstracts?: boolean;
}

export interface BuildOptions {
  /**
   * Index only the short fields now (title, authors, key, organisation, venue, tags, year) and
   * the abstracts later, in slices: call {@link SearchIndex.buildAbstracts} until it returns
   * true (e.g. from `setImmediate`). Searches use the short fields until then.
   */
  deferAbstracts?: boolean;
}

/** Changes for {@link SearchIndex.update}: papers added (or replaced, same key) and keys removed. */
export interface IndexChanges {
  added?: readonly Paper[];
  removed?: readonly string[];
}

/** What the index holds, for diagnostics and benchmarks. */
export interface IndexStats {
  /** Searchable papers. */
  readonly papers: number;
  /** Papers in the delta segment (added since the last full build). */
  readonly delta: number;
  /** Base papers removed or replaced since the last full build. */
  readonly removed: number;
  readonly abstractsReady: boolean;
  /** Distinct terms in the short-field and abstract dictionaries of the base segment. */
  readonly shortTerms: number;
  readonly abstractTerms: number;
  /** Bytes in typed arrays (dictionary strings and papers not counted). */
  readonly bytes: number;
}

const DEFAULT_LIMIT = 200;
/** Slices of the abstract build and warm-up in {@link SearchIndex.snapshotSteps}. */
const SNAPSHOT_SLICE_MS = 10;
/** Candidates re-ranked with title features (at least `limit`). */
const RERANK = 200;
/** Candidates re-scored with fuse.js (title, authors, key) when some query word matched nothing. */
const FUSE_CANDIDATES = 50;
/** Longest fuse.js pattern (its Bitap cost grows with pattern length × text length). */
const FUSE_PATTERN = 24;
/** Quality (permille) of a match through two query words joined (`torch titan` → `torchtitan`). */
const JOINED_QUALITY = 900;
/** Most query words used (the rest are ignored; a pasted title rarely needs more). */
const MAX_WORDS = 24;
/** Weight of a stop word in a query. */
const STOP_WEIGHT = 0.15;

/** Bonuses applied when re-ranking candidates by their titles. */
const TITLE = {
  exact: 100,
  /** × fraction of the query weight matched in the title. */
  words: 2,
  /** × fraction of the title's tokens matched (short, precise titles first). */
  coverage: 1,
  /** × fraction of consecutive query words in title order / adjacent in the title. */
  order: 0.3,
  adjacent: 0.5,
  /** × fuse.js similarity (1 − fuse score) of the unmatched words, when it runs. */
  fuse: 3,
};

/** × fraction of consecutive query words that are consecutive words of one author name (`kai russo`). */
const AUTHOR_PAIR = 1.5;

interface Parsed {
  readonly words: WordSpec[];
  /** `@key` query: the key prefix (lower case). */
  readonly keyPrefix?: string;
  /** The query, trimmed. */
  readonly text: string;
}

/** A candidate during ranking. */
interface Candidate {
  readonly segment: Segment;
  readonly doc: number;
  score: number;
  mask: number;
}

/**
 * Parses a query: words folded like the index, the last one a prefix unless the query ends
 * with a separator; repeated words dropped; stop words weigh {@link STOP_WEIGHT}.
 */
export function parseQuery(query: string): Parsed {
  const text = query.trim();
  if (text.startsWith('@')) {
    return { words: [], keyPrefix: text.slice(1).trim().toLowerCase(), text };
  }
  const tokens = tokenize(query).filter((t) => !t.compound);
  const endsInWord = tokens.length > 0 && tokens[tokens.length - 1]?.end === query.length;
  const seen = new Set<string>();
  const words: WordSpec[] = [];
  tokens.forEach((t, i) => {
    const prefix = i === tokens.length - 1 && endsInWord;
    if (seen.has(t.term) && !prefix) {
      return;
    }
    seen.add(t.term);
    words.push(word(t.term, prefix));
  });
  return { words: words.slice(-MAX_WORDS), text };
}

function word(text: string, prefix: boolean): WordSpec {
  return { text, prefix, weight: STOP_WORDS.has(text) && !prefix ? STOP_WEIGHT : 1, idf: 0 };
}

export class SearchIndex {
  private base: Segment;
  private delta: Segment | undefined;
  /** Papers added since the base was built (the delta segment's papers). */
  private deltaPapers: Paper[] = [];
  /** Base docs removed or replaced. */
  private tombstones: Uint8Array;
  private tombstoneCount = 0;
  /**
   * Lower-case key → base doc (live or not); undefined for an index restored from a snapshot,
   * which finds keys by binary search in the base's key order instead (no map of every key to build).
   */
  private baseKeys: Map<string, number> | undefined;
  /** Made by the first re-ranking, so that building an index does not load fuse.js (activation stays light). */
  private fuseMade: Fuse<Paper> | undefined;
  private get fuse(): Fuse<Paper> {
    return (this.fuseMade ??= new Fuse<Paper>([], {
      keys: [
        { name: 'title', weight: 3 },
        { name: 'authors', weight: 1 },
        { name: 'key', weight: 1 },
      ],
      includeScore: true,
      ignoreLocation: true,
      ignoreFieldNorm: true,
      threshold: 0.6,
    }));
  }
  /** The newest papers, best first: all of them when `newestComplete`, else a head. */
  private newestCache: Paper[] | undefined;
  private newestComplete = false;
  /** Counts {@link update} calls (a snapshot in steps gives up if the index changed meanwhile). */
  private version = 0;

  private constructor(base: Segment, baseKeys: Map<string, number> | undefined) {
    this.base = base;
    this.tombstones = new Uint8Array(base.size);
    this.baseKeys = baseKeys;
  }

  /** Indexes `papers` (kept by reference: treat them as immutable; use {@link update} for changes). */
  static build(papers: readonly Paper[], options: BuildOptions = {}): SearchIndex {
    const base = Segment.build(papers, options.deferAbstracts ?? false);
    return new SearchIndex(base, keyMap(base.papers));
  }

  /**
   * {@link build} in small steps, for a caller that must not block (the extension host): each
   * `next()` of the generator does a bounded piece of work (a fraction of a millisecond to a
   * few milliseconds at 100,000 papers), and the last one returns the index. Drive it until a
   * time budget is spent, then continue in a later task. Same result as {@link build}.
   */
  static *buildSteps(papers: readonly Paper[], options: BuildOptions = {}): Generator<void, SearchIndex, void> {
    const base = yield* Segment.buildSteps(papers, options.deferAbstracts ?? false);
    const keys = new Map<string, number>();
    for (let d = 0; d < papers.length; d++) {
      const key = papers[d]?.key;
      if (key !== undefined) {
        keys.set(key.toLowerCase(), d);
      }
      if (d % 8192 === 8191) {
        yield;
      }
    }
    yield;
    return new SearchIndex(base, keys);
  }

  /**
   * The complete index as bytes, for a persistent cache; {@link fromSnapshot} restores it for
   * the same papers in a read plus views, without a rebuild. The snapshot holds everything:
   * short fields, abstracts and what {@link warm} builds, so a deferred build and the warm-up
   * are finished first (synchronously). An index changed by {@link update} since its last full
   * build is compacted first (a full rebuild, in {@link papers} order). Synchronous: on the
   * extension host, use {@link snapshotSteps}. Layout and checks: `snapshot.ts`, docs/search.md.
   */
  toSnapshot(): Uint8Array {
    const bytes = drain(this.snapshotSteps());
    if (!bytes) {
      throw new Error('search index changed while it was snapshotted'); // cannot happen: nothing runs between the steps
    }
    return bytes;
  }

  /**
   * {@link toSnapshot} in steps of a few milliseconds (finishing the abstracts and the warm-up
   * in 10 ms slices, compacting with {@link buildSteps}, copying at most 4 MB per step), for a
   * caller that must not block: drive it like {@link buildSteps}. Returns undefined if the
   * index was changed by {@link update} between two steps (snapshot again later).
   */
  *snapshotSteps(): Generator<void, Uint8Array | undefined, void> {
    const version = this.version;
    if (this.delta || this.tombstoneCount > 0 || this.deltaPapers.length > 0) {
      const base = yield* Segment.buildSteps(this.livePapers(), true);
      if (this.version !== version) {
        return undefined;
      }
      this.install(base);
    }
    while (!this.base.buildAbstracts(SNAPSHOT_SLICE_MS)) {
      yield;
    }
    while (!this.base.warm(SNAPSHOT_SLICE_MS)) {
      yield;
    }
    const base = this.base;
    const bytes = yield* writeSnapshotSteps(base.papers, base.snapshotParts());
    return this.version === version && this.base === base ? bytes : undefined;
  }

  /**
   * The index that {@link toSnapshot} wrote, for exactly `papers`: the papers it was built from
   * (its {@link papers}), in the same order, kept by reference. The typed arrays are views on
   * `bytes` (copied once if `bytes` is not 8-byte aligned): do not modify or reuse them.
   *
   * Returns undefined — never throws, never an index that answers differently — when the bytes
   * are truncated, zeroed, of another format version or byte order, structurally damaged
   * (header, section table, any length, offset or range), or made for other papers (count or
   * fingerprint of keys, titles and field lengths). Damage inside a payload that leaves it
   * well-formed is caught by the snapshot's 32-bit checksum (not cryptographic); a caller
   * that already verifies the bytes with its own digest (sha256) may pass `{ verify: false }`.
   * Synchronous (about 0.1–0.3 s at 100,000 papers here): on the extension host, use {@link restoreSteps}.
   */
  static fromSnapshot(papers: readonly Paper[], bytes: Uint8Array, options: ReadOptions = {}): SearchIndex | undefined {
    return drain(SearchIndex.restoreSteps(papers, bytes, options));
  }

  /** {@link fromSnapshot} in steps of a few milliseconds (fingerprint, checksum, checks), for a caller that must not block. */
  static *restoreSteps(papers: readonly Paper[], bytes: Uint8Array, options: ReadOptions = {}): Generator<void, SearchIndex | undefined, void> {
    const parts = yield* readSnapshotSteps(papers, bytes, options);
    try {
      return parts ? new SearchIndex(Segment.restore(papers, parts), undefined) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The papers in index order: the base's live papers, then those added since. After
   * {@link toSnapshot}, exactly the papers {@link fromSnapshot} must be given.
   */
  get papers(): readonly Paper[] {
    return this.delta || this.tombstoneCount > 0 || this.deltaPapers.length > 0 ? this.livePapers() : this.base.papers;
  }

  /** Number of papers searchable now. */
  get size(): number {
    return this.base.size - this.tombstoneCount + this.deltaPapers.length;
  }

  /** Whether abstracts are indexed (false only while a deferred build is in progress). */
  get abstractsReady(): boolean {
    return this.base.abstractsReady;
  }

  /**
   * Continues a deferred abstract build for about `budgetMs` and returns true when done (see
   * {@link BuildOptions.deferAbstracts}). Without a budget, finishes it.
   */
  buildAbstracts(budgetMs = Infinity): boolean {
    return this.base.buildAbstracts(budgetMs);
  }

  /**
   * Builds the parts otherwise built on first use — the trigram indexes used for typos, the
   * answers for 1–2 character prefixes, the key order for `@` queries — so the first
   * keystrokes do not pay for them. Works for about `budgetMs` and returns true when done:
   * call it when idle after {@link build} (after {@link buildAbstracts} has finished), again
   * until it returns true.
   */
  warm(budgetMs = Infinity): boolean {
    const deadline = performance.now() + budgetMs;
    const base = this.base.warm(budgetMs);
    return base && (this.delta?.warm(Math.max(0, deadline - performance.now())) ?? true);
  }

  stats(): IndexStats {
    const segments = this.segments();
    return {
      papers: this.size,
      delta: this.deltaPapers.length,
      removed: this.tombstoneCount,
      abstractsReady: this.abstractsReady,
      shortTerms: this.base.short.terms.length,
      abstractTerms: this.base.abstract?.terms.length ?? 0,
      bytes: segments.reduce((n, s) => n + s.byteSize, 0) + this.tombstones.byteLength,
    };
  }

  /**
   * Applies additions (a paper whose key exists replaces it) and removals by key. The cost is
   * proportional to the papers added since the last full build (they form a small delta
   * index merged at query time); the index rebuilds itself in one piece when that delta grows
   * past 5% of the library (at least 2,000 papers) or a quarter of the base has been removed.
   */
  update(changes: IndexChanges): void {
    this.version++;
    let deltaChanged = false;
    const drop = (key: string): void => {
      const k = key.toLowerCase();
      const d = this.baseDoc(k);
      if (d !== undefined && this.tombstones[d] === 0) {
        this.tombstones[d] = 1;
        this.tombstoneCount++;
      }
      const before = this.deltaPapers.length;
      this.deltaPapers = this.deltaPapers.filter((p) => p.key.toLowerCase() !== k);
      deltaChanged ||= this.deltaPapers.length !== before;
    };
    for (const key of changes.removed ?? []) {
      drop(key);
    }
    for (const p of changes.added ?? []) {
      drop(p.key);
      this.deltaPapers.push(p);
      deltaChanged = true;
    }
    this.newestCache = undefined;
    this.newestComplete = false;
    const live = this.base.size - this.tombstoneCount;
    if (this.deltaPapers.length > Math.max(2000, live * 0.05) || this.tombstoneCount > Math.max(2000, this.base.size / 4)) {
      this.compact();
    } else if (deltaChanged) {
      this.delta = this.deltaPapers.length > 0 ? Segment.build(this.deltaPapers.slice()) : undefined;
    }
  }

  /** Rebuilds one segment from every live paper (called by {@link update} when the delta is large). */
  private compact(): void {
    this.install(Segment.build(this.livePapers()));
  }

  /** Makes `base`, built over every live paper, the only segment. */
  private install(base: Segment): void {
    this.base = base;
    this.tombstones = new Uint8Array(this.base.size);
    this.tombstoneCount = 0;
    this.baseKeys = keyMap(this.base.papers);
    this.delta = undefined;
    this.deltaPapers = [];
  }

  /** Live papers, newest first (by date, then key): what to show for an empty query. */
  newest(limit = DEFAULT_LIMIT): Paper[] {
    if (this.newestCache && (this.newestCache.length >= limit || this.newestComplete)) {
      return this.newestCache.slice(0, limit);
    }
    const papers = this.livePapers();
    if (limit >= 2000) {
      this.newestCache = papers
        .map((p) => ({ p, date: dateOf(p) }))
        .sort(newerFirst)
        .map((x) => x.p);
      this.newestComplete = true;
      return this.newestCache.slice(0, limit);
    }
    // Small limits: one pass keeping the best `limit` in order (most papers fail one comparison).
    const best: { p: Paper; date: string }[] = [];
    for (const p of papers) {
      const item = { p, date: dateOf(p) };
      const last = best[best.length - 1];
      if (best.length >= limit && (!last || newerFirst(item, last) >= 0)) {
        continue;
      }
      let lo = 0;
      let hi = best.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const other = best[mid];
        if (other && newerFirst(other, item) <= 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      best.splice(lo, 0, item);
      if (best.length > limit) {
        best.pop();
      }
    }
    this.newestCache = best.map((x) => x.p);
    this.newestComplete = best.length < limit;
    return this.newestCache.slice();
  }

  private livePapers(): Paper[] {
    return this.base.papers.filter((_, d) => this.tombstones[d] === 0).concat(this.deltaPapers);
  }

  private segments(): Segment[] {
    return this.delta ? [this.base, this.delta] : [this.base];
  }

  private skipOf(s: Segment): Uint8Array | undefined {
    return s === this.base && this.tombstoneCount > 0 ? this.tombstones : undefined;
  }

  /** The base doc with this lower-case key (live or not). */
  private baseDoc(k: string): number | undefined {
    return this.baseKeys ? this.baseKeys.get(k) : this.base.docOfKey(k);
  }

  /** The live paper with this key (case-insensitive), if any. */
  private byKey(key: string): { segment: Segment; doc: number } | undefined {
    const k = key.toLowerCase();
    if (this.delta) {
      const d = this.deltaPapers.findIndex((p) => p.key.toLowerCase() === k);
      if (d >= 0) {
        return { segment: this.delta, doc: d };
      }
    }
    const d = this.baseDoc(k);
    return d !== undefined && this.tombstones[d] === 0 ? { segment: this.base, doc: d } : undefined;
  }

  /**
   * Papers matching `query`, best first. Words match in any order, each as a whole term, a
   * completion or with typos (1 edit from 4–5 letters, 2 from 8–9 when nothing closer
   * exists); the last word is a prefix while it is being typed. A paper need not match every
   * word, but one that does ranks first; title matches rank above author, key, venue and year
   * matches, which rank above abstract matches; an exact title comes first.
   * `@abc` lists papers whose key starts with (then contains) `abc`; a query equal to a key
   * puts that paper first. An empty query returns nothing (see {@link newest}).
   */
  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = Math.max(0, Math.floor(options.limit ?? DEFAULT_LIMIT));
    const abstracts = options.abstracts ?? true;
    const parsed = parseQuery(query);
    if (limit === 0) {
      return [];
    }
    if (parsed.keyPrefix !== undefined) {
      return this.searchKeys(parsed.keyPrefix, limit);
    }
    const keyHit = this.byKey(parsed.text);
    const segments = this.segments();
    const words = splitUnknownWords(segments, parsed.words);
    if (words.length === 0) {
      return keyHit ? [this.hit(keyHit.segment, keyHit.doc, 1000, [], [])] : [];
    }
    const matches = segments.map((s) => withJoinedWords(s, words, words.map((w) => s.match(w))));
    // Global idf over all segments.
    const total = segments.reduce((n, s) => n + s.size, 0);
    const maxIdf = Math.log(1 + (total - 0.5) / 1.5);
    words.forEach((w, i) => {
      let df = 0;
      segments.forEach((s, j) => {
        const m = matches[j]?.[i];
        if (m) {
          df += s.frequency(m, abstracts);
        }
      });
      df = Math.min(df, total);
      w.idf = words.length === 1 ? 1 : Math.log(1 + (total - df + 0.5) / (df + 0.5)) / maxIdf;
    });
    const k = Math.max(limit, RERANK);
    const single = words.length === 1 ? words[0] : undefined;
    const candidates: Candidate[] = [];
    segments.forEach((s, j) => {
      const skip = this.skipOf(s);
      let top: SegmentTop;
      if (single?.prefix && single.text.length <= 2) {
        // First keystrokes: memoised answers over the short fields.
        top = s.shortPrefixTop(single, k);
        if (skip && top.docs.length >= k && top.docs.filter((d) => skip[d] === 0).length < k) {
          top = s.search(words, matches[j] ?? [], false, k, skip);
        }
      } else {
        top = s.search(words, matches[j] ?? [], abstracts, k, skip);
      }
      top.docs.forEach((d, i) => {
        if (!skip || skip[d] === 0) {
          candidates.push({ segment: s, doc: d, score: top.scores[i] ?? 0, mask: top.masks[i] ?? 0 });
        }
      });
    });
    candidates.sort(byScore);
    candidates.length = Math.min(candidates.length, k);
    // Exact titles always compete, even if the word scores left them out.
    const letters = foldedLetters(parsed.text);
    const hash = foldedHash(parsed.text);
    if (letters.length > 0) {
      for (const s of segments) {
        for (const d of s.titlesWithHash(hash)) {
          if (this.skipOf(s)?.[d] !== 1 && !candidates.some((c) => c.segment === s && c.doc === d)) {
            candidates.push({ segment: s, doc: d, score: 0, mask: 0 });
          }
        }
      }
    }
    for (const c of candidates) {
      const f = scoreTitle(c.segment, c.doc, words, matches[segments.indexOf(c.segment)] ?? []);
      const exact = c.segment.titleHashes[c.doc] === hash && foldedLetters(c.segment.papers[c.doc]?.title ?? '') === letters;
      const names = words.length > 1 && popcount(c.mask) > 1 ? authorPairs(c.segment, c.doc, matches[segments.indexOf(c.segment)] ?? []) : 0;
      c.score +=
        TITLE.words * f.words +
        TITLE.coverage * f.coverage * f.words +
        TITLE.order * f.order +
        TITLE.adjacent * f.adjacent +
        (exact ? TITLE.exact : 0) +
        (AUTHOR_PAIR * names) / (words.length - 1 || 1);
    }
    candidates.sort(byScore);
    // fuse.js only when no leading candidate matches every content word (a word glued or
    // split differently, too many typos): the missing words, fuzzily, on the short fields.
    let required = 0;
    words.forEach((w, i) => {
      if (w.weight === 1) {
        required |= 1 << i;
      }
    });
    let covered = -1;
    let bestMask = 0;
    for (const c of candidates.slice(0, 10)) {
      const n = popcount(c.mask & required);
      if (n > covered) {
        covered = n;
        bestMask = c.mask;
      }
    }
    const missing = words.filter((_, i) => (required & ~bestMask & (1 << i)) !== 0).map((w) => w.text);
    if (missing.length > 0) {
      this.fuseRerank(missing.join(' ').slice(0, FUSE_PATTERN), candidates);
    }
    const hits: SearchHit[] = [];
    if (keyHit) {
      hits.push(this.hit(keyHit.segment, keyHit.doc, (candidates[0]?.score ?? 0) + 1000, words, matches[segments.indexOf(keyHit.segment)] ?? []));
    }
    for (const c of candidates) {
      if (hits.length >= limit) {
        break;
      }
      const paper = c.segment.papers[c.doc];
      if (paper && !(keyHit && c.segment === keyHit.segment && c.doc === keyHit.doc)) {
        hits.push({ paper, score: c.score, titleMatches: titleRanges(c.segment, c.doc, matches[segments.indexOf(c.segment)] ?? []) });
      }
    }
    return hits.slice(0, limit);
  }

  /**
   * Re-scores the head of the candidates with fuse.js over title, authors and key: `pattern`
   * is the query words the index could not match. Never sees abstracts.
   */
  private fuseRerank(pattern: string, candidates: Candidate[]): void {
    const head = candidates.slice(0, FUSE_CANDIDATES);
    if (head.length < 2 || pattern.length < 3) {
      return;
    }
    this.fuse.setCollection(head.map((c) => c.segment.papers[c.doc]).filter((p): p is Paper => p !== undefined));
    const similarity = new Map<Paper, number>();
    for (const r of this.fuse.search(pattern)) {
      similarity.set(r.item, 1 - (r.score ?? 1));
    }
    for (const c of head) {
      const p = c.segment.papers[c.doc];
      c.score += TITLE.fuse * (p ? (similarity.get(p) ?? 0) : 0);
    }
    head.sort(byScore);
    head.forEach((c, i) => {
      candidates[i] = c; // the head was candidates' first head.length entries
    });
  }

  /** A hit for one doc, with highlights computed from the words. */
  private hit(s: Segment, doc: number, score: number, words: readonly WordSpec[], matches: readonly WordMatch[]): SearchHit {
    const paper = s.papers[doc];
    if (!paper) {
      throw new Error(`no paper ${doc}`);
    }
    return { paper, score, titleMatches: words.length > 0 ? titleRanges(s, doc, matches) : [] };
  }

  /**
   * `@prefix` queries: keys starting with the prefix in alphabetical order (so an exact key
   * comes first); if none does, keys containing it.
   */
  private searchKeys(prefix: string, limit: number): SearchHit[] {
    const found: { s: Segment; d: number; key: string }[] = [];
    for (const s of this.segments()) {
      const skip = this.skipOf(s);
      for (const d of s.keysWithPrefix(prefix, limit + this.tombstoneCount)) {
        if (skip?.[d] !== 1) {
          found.push({ s, d, key: s.papers[d]?.key.toLowerCase() ?? '' });
        }
      }
    }
    found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    found.length = Math.min(found.length, limit);
    if (found.length === 0 && prefix.length >= 2) {
      // No key starts with it: keys containing it, shortest first.
      const contains: { s: Segment; d: number; key: string }[] = [];
      for (const s of this.segments()) {
        const skip = this.skipOf(s);
        for (const d of s.keysContaining(prefix)) {
          if (skip?.[d] !== 1) {
            contains.push({ s, d, key: s.papers[d]?.key.toLowerCase() ?? '' });
          }
        }
      }
      contains.sort((a, b) => a.key.length - b.key.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      found.push(...contains.slice(0, limit));
    }
    return found.flatMap(({ s, d, key }, i) => {
      const paper = s.papers[d];
      return paper ? [{ paper, score: (key === prefix ? 2000 : 1000) - i, titleMatches: [] }] : [];
    });
  }
}

/** Best score first; returns small integers (no boxed doubles in the sort). */
function byScore(a: { score: number }, b: { score: number }): number {
  return a.score > b.score ? -1 : a.score < b.score ? 1 : 0;
}

function keyMap(papers: readonly Paper[]): Map<string, number> {
  const map = new Map<string, number>();
  for (let d = 0; d < papers.length; d++) {
    const key = papers[d]?.key;
    if (key !== undefined) {
      map.set(key.toLowerCase(), d);
    }
  }
  return map;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) {
    n++;
  }
  return n;
}

function newerFirst(a: { p: Paper; date: string }, b: { p: Paper; date: string }): number {
  return a.date > b.date ? -1 : a.date < b.date ? 1 : a.p.key < b.p.key ? -1 : a.p.key > b.p.key ? 1 : 0;
}

/** Publication date, else the day it was listed on Daily Papers (as the tree sorts). */
function dateOf(p: Paper): string {
  return p.date ?? (p.year !== undefined ? String(p.year) : (p.listed ?? ''));
}

/** Title features of one doc (a reused scratch object: no allocation per candidate). */
interface TitleScore {
  /** Fraction of the query weight matched in the title. */
  words: number;
  /** Fraction of the title's tokens matched. */
  coverage: number;
  /** Fraction of consecutive query word pairs in title order / adjacent in the title. */
  order: number;
  adjacent: number;
}

const titleScore: TitleScore = { words: 0.5, coverage: 0.5, order: 0.5, adjacent: 0.5 };
const bestQuality = new Float64Array(MAX_WORDS + 8);
const bestPosition = new Int32Array(MAX_WORDS + 8);

/** Fills {@link titleScore} for one doc. */
function scoreTitle(s: Segment, doc: number, words: readonly WordSpec[], matches: readonly WordMatch[]): TitleScore {
  const from = s.titleOffsets[doc] ?? 0;
  const to = s.titleOffsets[doc + 1] ?? 0;
  const n = words.length;
  bestQuality.fill(0, 0, n);
  bestPosition.fill(-1, 0, n);
  let matchedTokens = 0;
  let tokens = 0;
  for (let t = from; t < to; t++) {
    const r = s.titleRanks[t] ?? 0;
    // A compound (joined hyphenated word) starts before the end of the token before it.
    const compound = t > from && (s.titleStarts[t] ?? 0) < (s.titleEnds[t - 1] ?? 0);
    if (!compound) {
      tokens++;
    }
    let matched = false;
    for (let i = 0; i < n; i++) {
      const e = matches[i]?.short;
      const q = e ? s.short.quality(e, r) : 0;
      if (q > 0) {
        matched = true;
        if (q > (bestQuality[i] ?? 0)) {
          bestQuality[i] = q;
          bestPosition[i] = tokens - 1;
        }
      }
    }
    if (matched && !compound) {
      matchedTokens++;
    }
  }
  let weightSum = 0;
  let matchedWeight = 0;
  for (let i = 0; i < n; i++) {
    const w = words[i]?.weight ?? 0;
    weightSum += w;
    matchedWeight += (w * (bestQuality[i] ?? 0)) / 1000;
  }
  let pairs = 0;
  let inOrder = 0;
  let adjacent = 0;
  for (let i = 0; i + 1 < n; i++) {
    const a = bestPosition[i] ?? -1;
    const b = bestPosition[i + 1] ?? -1;
    if (a >= 0 && b >= 0) {
      pairs++;
      inOrder += b > a ? 1 : 0;
      adjacent += b === a + 1 ? 1 : 0;
    }
  }
  const m = Math.max(1, n - 1);
  titleScore.words = weightSum > 0 ? matchedWeight / weightSum : 0;
  titleScore.coverage = tokens > 0 ? matchedTokens / tokens : 0;
  titleScore.order = pairs > 0 ? inOrder / m : 0;
  titleScore.adjacent = pairs > 0 ? adjacent / m : 0;
  return titleScore;
}

/** Matched `[start, end)` ranges of a doc's title; completions cover the typed part only. */
function titleRanges(s: Segment, doc: number, matches: readonly WordMatch[]): [number, number][] {
  const from = s.titleOffsets[doc] ?? 0;
  const to = s.titleOffsets[doc + 1] ?? 0;
  const title = s.papers[doc]?.title ?? '';
  const ranges: [number, number][] = [];
  for (let t = from; t < to; t++) {
    const r = s.titleRanks[t] ?? 0;
    const start = s.titleStarts[t] ?? 0;
    const end = s.titleEnds[t] ?? 0;
    let until = -1;
    for (let i = 0; i < matches.length; i++) {
      const e = matches[i]?.short;
      if (e && s.short.quality(e, r) > 0) {
        const completion = r >= e.lo && r < e.hi && r !== e.exact;
        until = Math.max(until, completion ? prefixEnd(title, start, end, e.wordLength) : end);
      }
    }
    if (until > start) {
      ranges.push([start, until]);
    }
  }
  return mergeRanges(ranges);
}

/**
 * Number of consecutive query word pairs that are adjacent words (either order) of one
 * author's name: `kai russo` for "Kai Russo", not for "Kai Suzuki, Lucas Russo".
 */
function authorPairs(s: Segment, doc: number, matches: readonly WordMatch[]): number {
  const from = s.nameOffsets[doc] ?? 0;
  const to = s.nameOffsets[doc + 1] ?? 0;
  let pairs = 0;
  for (let i = 0; i + 1 < matches.length; i++) {
    const a = matches[i]?.short;
    const b = matches[i + 1]?.short;
    if (!a || !b) {
      continue;
    }
    for (let k = from; k + 1 < to; k++) {
      const x = s.nameRanks[k] ?? NAME_BREAK;
      const y = s.nameRanks[k + 1] ?? NAME_BREAK;
      if (x !== NAME_BREAK && y !== NAME_BREAK && ((s.short.quality(a, x) > 0 && s.short.quality(b, y) > 0) || (s.short.quality(b, x) > 0 && s.short.quality(a, y) > 0))) {
        pairs++;
        break;
      }
    }
  }
  return pairs;
}

/**
 * A word mixing letters and digits that matches nothing (`vaswani2017`, `llama3`) is
 * replaced by its letter and digit runs (`vaswani 2017`, `llama 3`).
 */
function splitUnknownWords(segments: readonly Segment[], words: readonly WordSpec[]): WordSpec[] {
  const out: WordSpec[] = [];
  for (const w of words) {
    const parts = /[a-z]/.test(w.text) && /\d/.test(w.text) ? (w.text.match(/\d+|\D+/g) ?? []) : [];
    const unknown =
      parts.length > 1 &&
      segments.every((s) => {
        const m = s.match(w);
        return m.short.hi === m.short.lo && m.short.typos.size === 0 && m.abstract.hi === m.abstract.lo && m.abstract.typos.size === 0;
      });
    if (unknown) {
      parts.forEach((p, i) => out.push(word(p, w.prefix && i === parts.length - 1)));
    } else {
      out.push(w);
    }
  }
  return out.slice(-MAX_WORDS);
}

/**
 * Adds, to both words of each adjacent pair, the term made of the two joined (`torch titan`
 * finds `TorchTitan`, `pre training` finds `pretraining`); completions of it if the second
 * word is being typed.
 */
function withJoinedWords(s: Segment, words: readonly WordSpec[], matches: WordMatch[]): WordMatch[] {
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i];
    const b = words[i + 1];
    const ma = matches[i];
    const mb = matches[i + 1];
    if (!a || !b || !ma || !mb || a.text.length + b.text.length > 40) {
      continue;
    }
    const joined = a.text + b.text;
    const short = s.short.joinedRanks(joined, b.prefix);
    const abs = s.abstract?.joinedRanks(joined, b.prefix) ?? [];
    if (short.length === 0 && abs.length === 0) {
      continue;
    }
    const add = (e: Expansion, ranks: number[], quality: (e: Expansion, r: number) => number): Expansion => {
      if (ranks.length === 0) {
        return e;
      }
      const typos = new Map(e.typos);
      for (const r of ranks) {
        if (quality(e, r) < JOINED_QUALITY) {
          typos.set(r, JOINED_QUALITY);
        }
      }
      return { ...e, typos };
    };
    const shortQ = (e: Expansion, r: number): number => s.short.quality(e, r);
    const absQ = (e: Expansion, r: number): number => s.abstract?.quality(e, r) ?? 0;
    matches[i] = { short: add(ma.short, short, shortQ), abstract: add(ma.abstract, abs, absQ) };
    matches[i + 1] = { short: add(mb.short, short, shortQ), abstract: add(mb.abstract, abs, absQ) };
  }
  return matches;
}

/** End offset in `title` covering `units` folded units from `start` (combining marks are skipped). */
function prefixEnd(title: string, start: number, end: number, units: number): number {
  let seen = 0;
  for (let i = start; i < end; i++) {
    const c = title.charCodeAt(i);
    if (!(c >= 0x300 && c <= 0x36f)) {
      if (seen === units) {
        return i;
      }
      seen++;
    }
  }
  return end;
}

/** Sorts and merges overlapping ranges. */
function mergeRanges(ranges: [number, number][]): [number, number][] {
  if (ranges.length < 2) {
    return ranges;
  }
  // Title tokens come in order; only a compound (hyphenated word) starts before its parts.
  if (ranges.some((r, i) => i > 0 && r[0] < (ranges[i - 1]?.[0] ?? 0))) {
    ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }
  const out: [number, number][] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) {
      last[1] = Math.max(last[1], r[1]);
    } else {
      out.push([r[0], r[1]]);
    }
  }
  return out;
}
