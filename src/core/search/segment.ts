/**
 * One immutable index segment over a fixed array of papers. `SearchIndex` keeps a large base
 * segment and a small delta segment (recent additions) and merges their answers.
 *
 * A segment has two field indexes with their own dictionaries: the short fields (title,
 * authors, key, organisation / venue / tags, year; postings carry field bits) and the
 * abstracts (stop words left out). The abstract index can be built later, in time slices
 * (`buildAbstracts`), so the segment is searchable on the short fields first.
 * Title tokens (rank in the short dictionary, span) are kept per doc for title features and
 * highlights.
 *
 * Scoring is term-at-a-time: the expansions of each query word (exact term, completions,
 * typo neighbours) are walked once over the postings, keeping per document the best
 * contribution of that word, which is then added to the document's score.
 */
import type { Paper } from '../model';
import type { Expansion, PostingsJob, WordSpec } from './field-index';
import { Collector, EMPTY_EXPANSION, FieldIndex, NAME_BREAK, SPANS_NAME, SPANS_TITLE } from './field-index';
import { TrigramIndex } from './typo';

/** Field bits of a short-field posting. */
export const F_TITLE = 1;
export const F_AUTHOR = 2;
export const F_KEY = 4;
export const F_META = 8;
export const F_YEAR = 16;

/** Relative weight of a match in each field (the best field of a posting counts). */
const FIELD_WEIGHT: Record<number, number> = { [F_TITLE]: 1, [F_KEY]: 0.9, [F_AUTHOR]: 0.85, [F_META]: 0.6, [F_YEAR]: 0.5 };
/** Weight of a match in the abstract (below every short field). */
export const ABSTRACT_WEIGHT = 0.3;

/**
 * Factor on a match of a one- or two-letter query word in an abstract. Such words are mostly
 * noise there (`al` of "et al.", `is`, `of`) and would otherwise count as much as a title word
 * (`atention is al you ned`); in titles, keys and authors they still count fully (`RL`, `3D`).
 */
export const SHORT_WORD_IN_ABSTRACT = 0.15;
/** Longest query word (in folded units) that {@link SHORT_WORD_IN_ABSTRACT} applies to. */
export const SHORT_WORD = 2;

/** Best field weight for every combination of field bits. */
const FLAG_WEIGHT = new Float32Array(32);
for (let flags = 1; flags < 32; flags++) {
  let w = 0;
  for (const [bit, weight] of Object.entries(FIELD_WEIGHT)) {
    if (flags & Number(bit)) {
      w = Math.max(w, weight);
    }
  }
  FLAG_WEIGHT[flags] = w;
}

/**
 * Score of one word in one document: `word weight × quality × (COVER + idf × field weight)`.
 * COVER makes matching every query word matter more than where the words match.
 */
export const COVER = 3;

/** How one query word matches a segment: in the short fields and in the abstracts. */
export interface WordMatch {
  readonly short: Expansion;
  readonly abstract: Expansion;
}

/** Reusable per-query scratch space of a segment. */
interface Scratch {
  readonly wordStamp: Int32Array;
  readonly wordBest: Float32Array;
  readonly wordList: Int32Array;
  readonly queryStamp: Int32Array;
  readonly score: Float32Array;
  readonly mask: Uint32Array;
  readonly touched: Int32Array;
  wordEpoch: number;
  queryEpoch: number;
  touchedCount: number;
}

/** Documents of a segment with their scores, best first. */
export interface SegmentTop {
  readonly docs: Int32Array;
  readonly scores: Float32Array;
  readonly masks: Uint32Array;
}

/** The abstract index being built in slices. */
interface AbstractJob {
  collector?: Collector;
  /** Next paper to scan. */
  next: number;
  /** The dictionary being sorted in steps, then its result. */
  sorting?: Generator<void, { terms: string[]; order: Uint32Array; rankOfId: Uint32Array }, void>;
  sorted?: { terms: string[]; order: Uint32Array };
  postings?: PostingsJob;
}

/** The arrays of one field index, as a snapshot holds them. */
export interface FieldParts {
  /** Sorted, distinct. */
  readonly terms: readonly string[];
  readonly offsets: Uint32Array;
  readonly docs: Uint32Array;
  readonly flags: Uint8Array | undefined;
  /** The trigram index (`TRIGRAM_SLOTS + 1` offsets, term ranks). */
  readonly gramOffsets: Uint32Array;
  readonly gramRanks: Uint32Array;
}

/**
 * Everything a complete, warmed segment holds besides its papers: what `snapshot.ts` writes
 * and reads back. The 1–2 unit prefix answers are in CSR form: prefix i has the docs, scores
 * and masks `prefixOffsets[i]..prefixOffsets[i + 1]`.
 */
export interface SegmentParts {
  readonly short: FieldParts;
  readonly abstract: FieldParts;
  readonly titleOffsets: Uint32Array;
  readonly titleRanks: Uint32Array;
  readonly titleStarts: Uint16Array;
  readonly titleEnds: Uint16Array;
  readonly titleHashes: Uint32Array;
  readonly nameOffsets: Uint32Array;
  readonly nameRanks: Uint32Array;
  readonly prior: Float32Array;
  /** Empty when the segment has more than {@link DOC_SPACE} papers (no lookup then). */
  readonly titleLookup: Float64Array;
  /** Docs in lower-case key order. */
  readonly keyDocs: Int32Array;
  readonly prefixes: readonly string[];
  readonly prefixOffsets: Uint32Array;
  readonly prefixDocs: Int32Array;
  readonly prefixScores: Float32Array;
  readonly prefixMasks: Uint32Array;
}

/** Papers scanned between two steps of {@link Segment.buildSteps} (a fraction of a millisecond each at 100k). */
const SCAN_STEP = 256;
/** Title and name tokens mapped to ranks between two steps of {@link Segment.buildSteps}. */
const MAP_STEP = 65536;
/** Documents of postings filled between two steps of {@link Segment.buildSteps}. */
const FILL_STEP = 4096;

/** Doc ids below 2^21 are packed with 32-bit hashes into exact doubles (`hash × DOC_SPACE + doc`). */
export const DOC_SPACE = 2 ** 21;

/** Number of steps of {@link Segment.warm} before the prefix answers. */
const WARM_STEPS = 4;

/** Rough number of distinct non-stop words per abstract character (presizes the stream). */
const POSTINGS_PER_CHAR = 1 / 11;

export class Segment {
  readonly short: FieldIndex;
  private abstractIndex: FieldIndex | undefined;
  private job: AbstractJob | undefined;
  /** Title tokens of doc d: `titleOffsets[d]..titleOffsets[d + 1]` (ranks in the short dictionary). */
  readonly titleOffsets: Uint32Array;
  readonly titleRanks: Uint32Array;
  readonly titleStarts: Uint16Array;
  readonly titleEnds: Uint16Array;
  /** FNV-1a of the folded letters of each title. */
  readonly titleHashes: Uint32Array;
  /** Author name words of doc d: `nameOffsets[d]..nameOffsets[d + 1]`, {@link NAME_BREAK} between names. */
  readonly nameOffsets: Uint32Array;
  readonly nameRanks: Uint32Array;
  /** `hash × 2^20 + doc` for every title, sorted: exact-title lookup by binary search. */
  private titleLookup: Float64Array | undefined;
  /** Small per-doc prior from upvotes and recency, for ties. */
  readonly prior: Float32Array;
  private scratch: Scratch | undefined;
  /** Docs sorted by lower-case key, and those keys (built on first use). */
  private keyOrder: { docs: Int32Array; keys: string[] | undefined } | undefined;
  private readonly prefixMemo = new Map<string, SegmentTop>();
  /** Progress of {@link warm}: next step, 1–2 unit prefixes still to answer. */
  private warmStep = 0;
  private warmPrefixes: string[] | undefined;

  private constructor(
    readonly papers: readonly Paper[],
    index: FieldIndex,
    parts: { titleOffsets: Uint32Array; titleRanks: Uint32Array; titleStarts: Uint16Array; titleEnds: Uint16Array; titleHashes: Uint32Array; nameOffsets: Uint32Array; nameRanks: Uint32Array; prior: Float32Array },
  ) {
    this.short = index;
    this.titleOffsets = parts.titleOffsets;
    this.titleRanks = parts.titleRanks;
    this.titleStarts = parts.titleStarts;
    this.titleEnds = parts.titleEnds;
    this.titleHashes = parts.titleHashes;
    this.nameOffsets = parts.nameOffsets;
    this.nameRanks = parts.nameRanks;
    this.prior = parts.prior;
  }

  /**
   * Indexes `papers` (the array is kept, not copied). With `deferAbstracts`, only the short
   * fields are indexed now; call {@link buildAbstracts} until it returns true.
   */
  static build(papers: readonly Paper[], deferAbstracts = false): Segment {
    const steps = Segment.buildSteps(papers, deferAbstracts);
    for (;;) {
      const r = steps.next();
      if (r.done) {
        return r.value;
      }
    }
  }

  /**
   * {@link build} in small steps: the generator yields every {@link SCAN_STEP} papers scanned,
   * after sorting the dictionary and every few thousand documents of postings, so a caller
   * can spread the build over many short tasks (see `SearchIndex.buildSteps`).
   */
  static *buildSteps(papers: readonly Paper[], deferAbstracts = false): Generator<void, Segment, void> {
    const n = papers.length;
    const short = new Collector(n, n * 30, true, false);
    const titleEnds = new Uint32Array(n);
    const titleHashes = new Uint32Array(n);
    const nameEnds = new Uint32Array(n);
    for (let d = 0; d < n; d++) {
      const p = papers[d];
      short.startDoc(d);
      if (p) {
        short.scan(p.title, F_TITLE, SPANS_TITLE);
        titleHashes[d] = short.titleHash;
        for (const a of p.authors) {
          short.scan(a, F_AUTHOR, SPANS_NAME);
          short.endName();
        }
        scanKey(short, p.key);
        if (p.organization) {
          short.scan(p.organization, F_META);
        }
        if (p.venue) {
          short.scan(p.venue, F_META);
        }
        for (const tag of p.tags) {
          short.scan(tag, F_META);
        }
        const year = p.year ?? yearOfDate(p.date);
        if (year !== undefined) {
          short.scan(String(year), F_YEAR);
        }
      }
      titleEnds[d] = short.titleLength;
      nameEnds[d] = short.nameLength;
      if (d % SCAN_STEP === SCAN_STEP - 1) {
        yield;
      }
    }
    const { terms, order, rankOfId } = yield* short.sortTermsSteps();
    yield;
    const job = short.postingsJob(order);
    while (!short.fillPostings(job, Infinity, FILL_STEP)) {
      yield;
    }
    // Title tokens and author names by rank, and the per-doc prior, in steps too.
    const titleOffsets = new Uint32Array(n + 1);
    titleOffsets.set(titleEnds, 1);
    const titles = short.titleLength;
    const titleRanks = new Uint32Array(titles);
    for (let i = 0; i < titles; i++) {
      titleRanks[i] = rankOfId[short.titleTerms[i] ?? 0] ?? 0;
      if (i % MAP_STEP === MAP_STEP - 1) {
        yield;
      }
    }
    const nameOffsets = new Uint32Array(n + 1);
    nameOffsets.set(nameEnds, 1);
    const nameRanks = new Uint32Array(short.nameLength);
    for (let i = 0; i < short.nameLength; i++) {
      const id = short.nameTerms[i] ?? NAME_BREAK;
      nameRanks[i] = id === NAME_BREAK ? NAME_BREAK : (rankOfId[id] ?? 0);
      if (i % MAP_STEP === MAP_STEP - 1) {
        yield;
      }
    }
    const prior = new Float32Array(n);
    let maxUp = 1;
    for (const p of papers) {
      maxUp = Math.max(maxUp, p.upvotes ?? 0);
    }
    const logMax = Math.log1p(maxUp);
    for (let d = 0; d < n; d++) {
      const p = papers[d];
      const year = p?.year ?? yearOfDate(p?.date) ?? 1990;
      prior[d] = (0.03 * Math.log1p(Math.max(0, p?.upvotes ?? 0))) / logMax + 0.02 * Math.min(1, Math.max(0, (year - 1990) / 40));
      if (d % (MAP_STEP / 8) === MAP_STEP / 8 - 1) {
        yield;
      }
    }
    const segment = new Segment(papers, new FieldIndex(terms, job.offsets, job.docs, job.flags), {
      titleOffsets,
      titleRanks,
      titleStarts: short.titleStarts.subarray(0, titles),
      titleEnds: short.titleEnds.subarray(0, titles),
      titleHashes,
      nameOffsets,
      nameRanks,
      prior,
    });
    segment.job = { next: 0 };
    if (!deferAbstracts) {
      segment.buildAbstracts();
    }
    return segment;
  }

  /** Whether the abstracts are indexed (searches use the short fields only until then). */
  get abstractsReady(): boolean {
    return this.job === undefined;
  }

  /**
   * Indexes abstracts until `budgetMs` have passed (at least one step) and returns true when
   * done. Steps: scanning papers, sorting the dictionary, filling the postings.
   */
  buildAbstracts(budgetMs = Infinity): boolean {
    const job = this.job;
    if (!job) {
      return true;
    }
    const deadline = performance.now() + budgetMs;
    if (!job.collector) {
      let chars = 0;
      for (const p of this.papers) {
        chars += p.abstract?.length ?? 0;
      }
      job.collector = new Collector(this.papers.length, Math.ceil(chars * POSTINGS_PER_CHAR), false, true);
    }
    const c = job.collector;
    const papers = this.papers;
    while (job.next < papers.length) {
      const p = papers[job.next];
      c.startDoc(job.next);
      if (p?.abstract) {
        c.scanPlain(p.abstract);
      }
      job.next++;
      if ((job.next & 255) === 0 && performance.now() > deadline) {
        return false;
      }
    }
    while (!job.sorted) {
      job.sorting ??= c.sortTermsSteps();
      const r = job.sorting.next();
      if (r.done) {
        job.sorted = { terms: r.value.terms, order: r.value.order };
      }
      if (performance.now() > deadline) {
        return false;
      }
    }
    job.postings ??= c.postingsJob(job.sorted.order);
    if (!c.fillPostings(job.postings, deadline)) {
      return false;
    }
    this.abstractIndex = new FieldIndex(job.sorted.terms, job.postings.offsets, job.postings.docs, undefined);
    this.job = undefined;
    // A warm-up that ran before the abstracts existed must still build their trigram index.
    this.warmStep = Math.min(this.warmStep, 1);
    return true;
  }

  /** The abstract index, or an empty one while it is being built. */
  get abstract(): FieldIndex | undefined {
    return this.abstractIndex;
  }

  get size(): number {
    return this.papers.length;
  }

  /** Bytes held by the typed arrays of the segment (strings and papers not counted). */
  get byteSize(): number {
    return (
      this.short.byteSize +
      (this.abstractIndex?.byteSize ?? 0) +
      this.titleOffsets.byteLength +
      this.titleRanks.byteLength * 2 +
      this.nameOffsets.byteLength +
      this.nameRanks.byteLength +
      (this.titleLookup?.byteLength ?? 0) +
      this.titleHashes.byteLength +
      this.prior.byteLength
    );
  }

  /**
   * The segment's arrays for a snapshot, after finishing the abstracts and the warm-up (so a
   * restored segment needs neither). The arrays are the segment's own, not copies.
   */
  snapshotParts(): SegmentParts {
    this.buildAbstracts();
    this.warm();
    const field = (f: FieldIndex): FieldParts => {
      const t = f.trigramIndex;
      return { terms: f.terms, offsets: f.offsets, docs: f.docs, flags: f.flags, gramOffsets: t.offsets, gramRanks: t.ranks };
    };
    const abstract = this.abstractIndex ?? new FieldIndex([], new Uint32Array(1), new Uint32Array(0), undefined);
    // Prefixes with a surrogate unit are left out (a lone one would not survive the string
    // encoding); they are answered on first use, as in a fresh index.
    const memo = [...this.prefixMemo].filter(([p]) => !/[\ud800-\udfff]/.test(p));
    const prefixOffsets = new Uint32Array(memo.length + 1);
    memo.forEach(([, top], i) => {
      prefixOffsets[i + 1] = (prefixOffsets[i] ?? 0) + top.docs.length;
    });
    const total = prefixOffsets[memo.length] ?? 0;
    const prefixDocs = new Int32Array(total);
    const prefixScores = new Float32Array(total);
    const prefixMasks = new Uint32Array(total);
    memo.forEach(([, top], i) => {
      const at = prefixOffsets[i] ?? 0;
      prefixDocs.set(top.docs, at);
      prefixScores.set(top.scores, at);
      prefixMasks.set(top.masks, at);
    });
    return {
      short: field(this.short),
      abstract: field(abstract),
      titleOffsets: this.titleOffsets,
      titleRanks: this.titleRanks,
      titleStarts: this.titleStarts,
      titleEnds: this.titleEnds,
      titleHashes: this.titleHashes,
      nameOffsets: this.nameOffsets,
      nameRanks: this.nameRanks,
      prior: this.prior,
      titleLookup: this.titleLookup ?? new Float64Array(0),
      keyDocs: this.sortedKeys.docs,
      prefixes: memo.map(([p]) => p),
      prefixOffsets,
      prefixDocs,
      prefixScores,
      prefixMasks,
    };
  }

  /**
   * A complete, warmed segment over `papers` from {@link snapshotParts} of a segment built
   * over the same papers. The arrays are used as they are (views on a snapshot); the caller
   * has checked their lengths and ranges (`snapshot.ts`).
   */
  static restore(papers: readonly Paper[], parts: SegmentParts): Segment {
    const field = (f: FieldParts): FieldIndex =>
      new FieldIndex(f.terms, f.offsets, f.docs, f.flags, new TrigramIndex(f.terms, 3, { offsets: f.gramOffsets, ranks: f.gramRanks }));
    const segment = new Segment(papers, field(parts.short), parts);
    segment.abstractIndex = field(parts.abstract);
    segment.job = undefined;
    segment.titleLookup = papers.length > DOC_SPACE ? undefined : parts.titleLookup;
    const keyDocs = parts.keyDocs;
    // The keys themselves are read from the papers when a query needs them (no string per paper here).
    segment.keyOrder = { docs: keyDocs, keys: undefined };
    parts.prefixes.forEach((p, i) => {
      const from = parts.prefixOffsets[i] ?? 0;
      const to = parts.prefixOffsets[i + 1] ?? 0;
      segment.prefixMemo.set(p, { docs: parts.prefixDocs.subarray(from, to), scores: parts.prefixScores.subarray(from, to), masks: parts.prefixMasks.subarray(from, to) });
    });
    segment.warmPrefixes = [];
    segment.warmStep = WARM_STEPS;
    return segment;
  }

  /**
   * Builds the lazy parts now — trigram indexes, key order, exact-title lookup, the answers for
   * every 1–2 unit prefix — for about `budgetMs` (at least one step); true when all are built.
   */
  warm(budgetMs = Infinity): boolean {
    const deadline = performance.now() + budgetMs;
    if (!this.warmPrefixes) {
      const prefixes = new Set<string>();
      for (const t of this.short.terms) {
        prefixes.add(t.slice(0, 1));
        prefixes.add(t.slice(0, 2));
      }
      this.warmPrefixes = [...prefixes];
    }
    const steps: (() => void)[] = [
      // WARM_STEPS of them.
      () => this.short.warm(),
      () => this.abstractIndex?.warm(),
      () => this.keysWithPrefix('', 0),
      () => this.titlesWithHash(0),
    ];
    let progressed = false;
    for (; this.warmStep < steps.length; this.warmStep++) {
      if (progressed && performance.now() > deadline) {
        return false;
      }
      steps[this.warmStep]?.();
      progressed = true;
    }
    const prefixes = this.warmPrefixes;
    while (prefixes.length > 0) {
      const p = prefixes.pop() ?? '';
      this.shortPrefixTop({ text: p, prefix: true, weight: 1, idf: 1 }, 0);
      if (performance.now() > deadline) {
        return prefixes.length === 0;
      }
    }
    return true;
  }

  /** How `word` matches this segment. A 1–2 unit prefix matches abstracts only as a whole word. */
  match(word: WordSpec): WordMatch {
    const a = this.abstractIndex;
    return {
      short: this.short.expand(word),
      abstract: a ? a.expand(word, word.prefix && word.text.length <= 2) : EMPTY_EXPANSION,
    };
  }

  /** Estimated number of documents a word reaches (with repetition). */
  frequency(m: WordMatch, abstracts: boolean): number {
    return this.short.frequency(m.short) + (abstracts && this.abstractIndex ? this.abstractIndex.frequency(m.abstract) : 0);
  }

  private getScratch(): Scratch {
    if (!this.scratch) {
      const n = this.papers.length;
      this.scratch = {
        wordStamp: new Int32Array(n),
        wordBest: new Float32Array(n),
        wordList: new Int32Array(n),
        queryStamp: new Int32Array(n),
        score: new Float32Array(n),
        mask: new Uint32Array(n),
        touched: new Int32Array(n),
        wordEpoch: 0,
        queryEpoch: 0,
        touchedCount: 0,
      };
    }
    return this.scratch;
  }

  /**
   * Scores every document matching at least one word and returns the best `k` (score plus
   * prior), skipping documents with `skip[doc] === 1` (tombstones).
   */
  search(words: readonly WordSpec[], matches: readonly WordMatch[], abstracts: boolean, k: number, skip?: Uint8Array): SegmentTop {
    const st = this.getScratch();
    st.queryEpoch++;
    st.touchedCount = 0;
    words.forEach((word, i) => {
      const m = matches[i];
      if (m) {
        this.accumulate(st, word, m, i, abstracts);
      }
    });
    return this.top(st, k, skip);
  }

  /** One word, term at a time. */
  private accumulate(st: Scratch, word: WordSpec, m: WordMatch, bit: number, abstracts: boolean): void {
    st.wordEpoch++;
    const epoch = st.wordEpoch;
    const { wordStamp, wordBest, wordList } = st;
    let listLength = 0;
    const idf = word.idf;
    const abstractFactor = word.text.length <= SHORT_WORD ? SHORT_WORD_IN_ABSTRACT : 1;
    const walk = (index: FieldIndex, r: number, qPermille: number): void => {
      const q = qPermille / 1000;
      const offsets = index.offsets;
      const docs = index.docs;
      const flags = index.flags;
      const end = offsets[r + 1] ?? 0;
      const fixed = q * (COVER + idf * ABSTRACT_WEIGHT) * abstractFactor;
      for (let p = offsets[r] ?? 0; p < end; p++) {
        const d = docs[p] ?? 0;
        const v = flags ? q * (COVER + idf * (FLAG_WEIGHT[flags[p] ?? 0] ?? 0)) : fixed;
        if (wordStamp[d] !== epoch) {
          wordStamp[d] = epoch;
          wordBest[d] = v;
          wordList[listLength++] = d;
        } else if (v > (wordBest[d] ?? 0)) {
          wordBest[d] = v;
        }
      }
    };
    const visit = (index: FieldIndex, e: Expansion): void => {
      for (let r = e.lo; r < e.hi; r++) {
        walk(index, r, index.quality(e, r));
      }
      for (const [r, q] of e.typos) {
        walk(index, r, q);
      }
    };
    visit(this.short, m.short);
    if (abstracts && this.abstractIndex) {
      visit(this.abstractIndex, m.abstract);
    }
    const { queryStamp, score, mask, touched } = st;
    const qe = st.queryEpoch;
    const weight = word.weight;
    const b = 1 << bit;
    for (let i = 0; i < listLength; i++) {
      const d = wordList[i] ?? 0;
      if (queryStamp[d] !== qe) {
        queryStamp[d] = qe;
        score[d] = 0;
        mask[d] = 0;
        touched[st.touchedCount++] = d;
      }
      score[d] = (score[d] ?? 0) + weight * (wordBest[d] ?? 0);
      mask[d] = (mask[d] ?? 0) | b;
    }
  }

  /** Best `k` touched documents by score + prior (a bounded min-heap). */
  private top(st: Scratch, k: number, skip?: Uint8Array): SegmentTop {
    const heapDocs = new Int32Array(k);
    const heapScores = new Float32Array(k);
    let size = 0;
    const { touched, score } = st;
    const prior = this.prior;
    for (let i = 0; i < st.touchedCount; i++) {
      const d = touched[i] ?? 0;
      if (skip && skip[d] === 1) {
        continue;
      }
      const s = (score[d] ?? 0) + (prior[d] ?? 0);
      if (size < k) {
        let j = size++;
        while (j > 0) {
          const parent = (j - 1) >> 1;
          if ((heapScores[parent] ?? 0) <= s) {
            break;
          }
          heapScores[j] = heapScores[parent] ?? 0;
          heapDocs[j] = heapDocs[parent] ?? 0;
          j = parent;
        }
        heapScores[j] = s;
        heapDocs[j] = d;
      } else if (s > (heapScores[0] ?? 0)) {
        let j = 0;
        for (;;) {
          const l = 2 * j + 1;
          if (l >= size) {
            break;
          }
          const r = l + 1;
          const c = r < size && (heapScores[r] ?? 0) < (heapScores[l] ?? 0) ? r : l;
          if ((heapScores[c] ?? 0) >= s) {
            break;
          }
          heapScores[j] = heapScores[c] ?? 0;
          heapDocs[j] = heapDocs[c] ?? 0;
          j = c;
        }
        heapScores[j] = s;
        heapDocs[j] = d;
      }
    }
    // Pop the min-heap into the result arrays from the back: best first, no sort.
    const docs = new Int32Array(size);
    const scores = new Float32Array(size);
    const masks = new Uint32Array(size);
    for (let out = size - 1; out >= 0; out--) {
      const d = heapDocs[0] ?? 0;
      docs[out] = d;
      scores[out] = heapScores[0] ?? 0;
      masks[out] = st.mask[d] ?? 0;
      // Move the last entry to the root and sift it down.
      const last = out;
      const s = heapScores[last] ?? 0;
      const ld = heapDocs[last] ?? 0;
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= last) {
          break;
        }
        const r = l + 1;
        const c = r < last && (heapScores[r] ?? 0) < (heapScores[l] ?? 0) ? r : l;
        if ((heapScores[c] ?? 0) >= s) {
          break;
        }
        heapScores[j] = heapScores[c] ?? 0;
        heapDocs[j] = heapDocs[c] ?? 0;
        j = c;
      }
      heapScores[j] = s;
      heapDocs[j] = ld;
    }
    return { docs, scores, masks };
  }

  /**
   * Best documents for a single 1–2 unit prefix (short fields only), memoised: the answers for
   * the first keystrokes. Returns at least `k` documents when that many match.
   */
  shortPrefixTop(word: WordSpec, k: number): SegmentTop {
    const memoK = Math.max(256, k);
    const cached = this.prefixMemo.get(word.text);
    if (cached && (cached.docs.length >= k || cached.docs.length < memoK)) {
      return cached;
    }
    const top = this.search([word], [{ short: this.short.expand(word), abstract: EMPTY_EXPANSION }], false, memoK);
    this.prefixMemo.set(word.text, top);
    return top;
  }

  /**
   * Docs in lower-case key order, and those keys (built on first use; a restored segment has
   * the order from its snapshot and makes the keys only for a `keysContaining` scan).
   */
  private get sortedKeys(): { docs: Int32Array; keys: string[] | undefined } {
    if (!this.keyOrder) {
      const keys = this.papers.map((p) => p.key.toLowerCase());
      const docs = Int32Array.from(keys.keys()).sort((a, b) => ((keys[a] ?? '') < (keys[b] ?? '') ? -1 : (keys[a] ?? '') > (keys[b] ?? '') ? 1 : 0));
      this.keyOrder = { docs, keys: Array.from(docs, (d) => keys[d] ?? '') };
    }
    return this.keyOrder;
  }

  /** The lower-case key at position `i` of the key order. */
  private keyAt(i: number): string {
    const { docs, keys } = this.sortedKeys;
    return keys ? (keys[i] ?? '') : (this.papers[docs[i] ?? -1]?.key.toLowerCase() ?? '');
  }

  /** First position in the key order whose key is `>= key`. */
  private keyBound(key: string): number {
    let lo = 0;
    let hi = this.sortedKeys.docs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keyAt(mid) < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The doc whose lower-case key is `key` (the last one if several are), by binary search in
   * the key order; what a restored index uses instead of a map of all keys.
   */
  docOfKey(key: string): number | undefined {
    const { docs } = this.sortedKeys;
    let found: number | undefined;
    for (let i = this.keyBound(key); i < docs.length && this.keyAt(i) === key; i++) {
      const d = docs[i] ?? 0;
      found = found === undefined ? d : Math.max(found, d);
    }
    return found;
  }

  /** Docs whose lower-case key contains `text` (a linear scan). */
  keysContaining(text: string): number[] {
    const order = this.sortedKeys;
    order.keys ??= Array.from(order.docs, (d) => this.papers[d]?.key.toLowerCase() ?? '');
    const { docs, keys } = order;
    const out: number[] = [];
    keys.forEach((k, i) => {
      if (k.includes(text)) {
        out.push(docs[i] ?? 0);
      }
    });
    return out;
  }

  /** Up to `limit` docs whose lower-case key starts with `prefix`, in key order. */
  keysWithPrefix(prefix: string, limit: number): number[] {
    const { docs } = this.sortedKeys;
    const out: number[] = [];
    for (let i = this.keyBound(prefix); i < docs.length && out.length < limit && this.keyAt(i).startsWith(prefix); i++) {
      out.push(docs[i] ?? 0);
    }
    return out;
  }

  /** Docs whose title's folded letters hash to `hash`. */
  titlesWithHash(hash: number): number[] {
    if (this.titleHashes.length > DOC_SPACE) {
      return Array.from(this.titleHashes.keys()).filter((d) => this.titleHashes[d] === hash);
    }
    if (!this.titleLookup) {
      const lookup = new Float64Array(this.titleHashes.length);
      this.titleHashes.forEach((h, d) => {
        lookup[d] = h * DOC_SPACE + d;
      });
      this.titleLookup = lookup.sort();
    }
    const lookup = this.titleLookup;
    let lo = 0;
    let hi = lookup.length;
    const key = hash * DOC_SPACE;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((lookup[mid] ?? 0) < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    const out: number[] = [];
    for (let i = lo; i < lookup.length && Math.floor((lookup[i] ?? 0) / DOC_SPACE) === hash; i++) {
      out.push((lookup[i] ?? 0) - key);
    }
    return out;
  }
}

/**
 * Keys are indexed as their letter and digit runs (`vaswani2017attention` → `vaswani`, `2017`,
 * `attention`), words the other fields mostly have already, so 100,000 keys do not add
 * 100,000 terms to the dictionary. Whole keys are matched by the index's key map instead.
 */
function scanKey(c: Collector, key: string): void {
  let start = 0;
  let digit = false;
  for (let i = 0; i <= key.length; i++) {
    const ch = i < key.length ? key.charCodeAt(i) : 32;
    const isDigit = ch >= 48 && ch <= 57;
    if (i > start && (i === key.length || isDigit !== digit)) {
      c.scan(key.slice(start, i), F_KEY);
      start = i;
    }
    digit = isDigit;
  }
}

/** Year of an ISO date string, or undefined. */
function yearOfDate(date: string | undefined): number | undefined {
  if (!date) {
    return undefined;
  }
  const y = Number(date.slice(0, 4));
  return Number.isInteger(y) && y > 0 ? y : undefined;
}
