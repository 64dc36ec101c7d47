/**
 * One inverted index over some fields of a set of documents: a sorted term dictionary (a
 * term's rank is its id, a prefix is a rank range), CSR postings (rank → ascending doc ids,
 * optionally with a field bit mask per posting), and a lazily built trigram index for typos.
 *
 * `Collector` builds one from text, a document at a time: tokens are interned in a hash table
 * without creating strings, deduplicated per document, and appended to a stream of term ids in
 * document order; `finish` sorts the dictionary and turns the stream into postings.
 */
import { TermTable, prefixRange, rankOf } from './dictionary';
import { MAX_TOKEN_LENGTH as MAX_TOKEN, SKIP as SKIP_UNIT, STOP_WORDS as STOP, foldChar } from './tokenize';
import { TrigramIndex } from './typo';

// Module-local copies: imported bindings can compile to getter calls, too slow in the scan loop.
const MAX_TOKEN_LENGTH = MAX_TOKEN;
const SKIP = SKIP_UNIT;
const STOP_WORDS = STOP;
const fold = foldChar;
const MAX_STOP_WORD = Math.max(...[...STOP].map((w) => w.length));
/** ASCII fold table (0 = separator). */
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII[c] = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) ? c : c >= 65 && c <= 90 ? c + 32 : 0;
}
const FNV = 0x811c9dc5 | 0;

/** A query word as an index needs it. */
export interface WordSpec {
  /** Folded word. */
  readonly text: string;
  /** The word may be incomplete (last word, typing in progress): prefix completions score high. */
  readonly prefix: boolean;
  /** Weight of the word in coverage and score (stop words count little). */
  readonly weight: number;
  /** Normalised inverse document frequency in [0, 1] (set by the search from global counts). */
  idf: number;
}

/** How a query word matches the terms of one field index. */
export interface Expansion {
  /** Rank range `[lo, hi)` of prefix completions, or of the exact term only (may be empty). */
  readonly lo: number;
  readonly hi: number;
  /** Rank of the exact term, or -1. */
  readonly exact: number;
  /** Quality of a completion is `prefixBase + 0.25 × word length / term length`. */
  readonly prefixBase: number;
  /** Typo neighbours and other extra terms: rank → quality in permille. */
  readonly typos: ReadonlyMap<number, number>;
  /** The folded word length. */
  readonly wordLength: number;
}

/** Match qualities (1 = the exact term). */
export const QUALITY = {
  /** Completion of the word being typed / of a complete word (plus up to 0.25 by length). */
  prefix: 0.75,
  completion: 0.5,
  /** Typo at distance 1 / 2 in a complete word. */
  typo1: 0.6,
  typo2: 0.45,
  /** Typo in the word being typed. */
  prefixTypo1: 0.55,
  prefixTypo2: 0.4,
};

/** A quality as an integer permille. */
export function permille(q: number): number {
  return Math.round(q * 1000);
}

/** Most typo neighbours kept per word (closest, then most frequent). */
const MAX_TYPOS = 48;
/** Word expansions remembered per index (least recently used dropped first). */
const EXPANSION_MEMO = 512;

export const EMPTY_EXPANSION: Expansion = { lo: 0, hi: 0, exact: -1, prefixBase: 0, typos: new Map(), wordLength: 0 };

export class FieldIndex {
  private trigrams: TrigramIndex | undefined;
  private readonly memo = new Map<string, Expansion>();

  constructor(
    /** Sorted dictionary (rank → term). */
    readonly terms: readonly string[],
    /** `offsets[r]..offsets[r + 1]` index the postings of rank r in `docs` (and `flags`). */
    readonly offsets: Uint32Array,
    readonly docs: Uint32Array,
    readonly flags: Uint8Array | undefined,
    /** A trigram index restored from a snapshot (otherwise built on first use). */
    trigrams?: TrigramIndex,
  ) {
    this.trigrams = trigrams;
  }

  /** The trigram index, built now if needed (for a snapshot). */
  get trigramIndex(): TrigramIndex {
    this.warm();
    return this.trigrams ?? new TrigramIndex(this.terms);
  }

  /** Number of documents with the term of rank `r`. */
  df(r: number): number {
    return (this.offsets[r + 1] ?? 0) - (this.offsets[r] ?? 0);
  }

  /** Bytes held by the typed arrays (the trigram index once built included). */
  get byteSize(): number {
    return this.offsets.byteLength + this.docs.byteLength + (this.flags?.byteLength ?? 0) + (this.trigrams?.byteSize ?? 0);
  }

  /** Builds the trigram index now rather than on the first typo lookup. */
  warm(): void {
    this.trigrams ??= new TrigramIndex(this.terms);
  }

  /**
   * How `word` matches this index: exact term; prefix completions (the word being typed, or a
   * complete word of 3+ units); typo neighbours (1 edit from 4 units, 5 for the word being
   * typed; 2 edits from 8 / 9 units when nothing closer exists; none for words with digits).
   * With `exactOnly`, only the
   * exact term (1–2 unit prefixes in abstracts). Memoised.
   */
  expand(word: WordSpec, exactOnly = false): Expansion {
    const key = (exactOnly ? '!' : word.prefix ? '>' : '=') + word.text;
    const cached = this.memo.get(key);
    if (cached) {
      this.memo.delete(key);
      this.memo.set(key, cached);
      return cached;
    }
    const e = this.computeExpansion(word, exactOnly);
    this.memo.set(key, e);
    if (this.memo.size > EXPANSION_MEMO) {
      const oldest = this.memo.keys().next();
      if (!oldest.done) {
        this.memo.delete(oldest.value);
      }
    }
    return e;
  }

  private computeExpansion(word: WordSpec, exactOnly: boolean): Expansion {
    const w = word.text;
    const wl = w.length;
    const exact = rankOf(this.terms, w);
    let lo = Math.max(exact, 0);
    let hi = exact < 0 ? 0 : exact + 1;
    let prefixBase = 0;
    if (!exactOnly && (word.prefix || wl >= 3)) {
      [lo, hi] = prefixRange(this.terms, w);
      prefixBase = word.prefix ? QUALITY.prefix : QUALITY.completion;
    }
    const typos = new Map<number, number>();
    // No typos in words with digits: 2015 is not a misspelt 2016.
    if (!exactOnly && wl >= (word.prefix ? 5 : 4) && !/\d/.test(w)) {
      this.warm();
      const trigrams = this.trigrams;
      let found = trigrams?.lookup(w, 1, word.prefix) ?? [];
      if (found.length === 0 && exact < 0 && wl >= (word.prefix ? 9 : 8)) {
        found = trigrams?.lookup(w, 2, word.prefix) ?? [];
      }
      if (found.length > MAX_TYPOS) {
        found.sort((a, b) => a.distance - b.distance || this.df(b.rank) - this.df(a.rank));
        found.length = MAX_TYPOS;
      }
      for (const t of found) {
        if (t.rank < lo || t.rank >= hi) {
          const q = word.prefix ? (t.distance === 1 ? QUALITY.prefixTypo1 : QUALITY.prefixTypo2) : t.distance === 1 ? QUALITY.typo1 : QUALITY.typo2;
          typos.set(t.rank, permille(q));
        }
      }
    }
    return { lo, hi, exact, prefixBase, typos, wordLength: wl };
  }

  /**
   * Quality of the term of rank `r` for an expansion, in permille (1000 = exact term, 0 = no
   * match). An integer, so hot callers get a small integer rather than a boxed double.
   */
  quality(e: Expansion, r: number): number {
    if (r >= e.lo && r < e.hi) {
      return r === e.exact ? 1000 : Math.round(1000 * e.prefixBase + (250 * e.wordLength) / Math.max(e.wordLength, (this.terms[r] ?? '').length));
    }
    return e.typos.get(r) ?? 0;
  }

  /** Documents an expansion reaches, counted with repetition (an upper bound). */
  frequency(e: Expansion): number {
    let n = (this.offsets[e.hi] ?? 0) - (this.offsets[e.lo] ?? 0);
    for (const r of e.typos.keys()) {
      n += this.df(r);
    }
    return n;
  }

  /** Ranks of the term `joined` (with `prefix`, of up to 32 terms starting with it). */
  joinedRanks(joined: string, prefix: boolean): number[] {
    if (!prefix) {
      const r = rankOf(this.terms, joined);
      return r >= 0 ? [r] : [];
    }
    const [lo, hi] = prefixRange(this.terms, joined);
    const out: number[] = [];
    for (let r = lo; r < hi && out.length < 32; r++) {
      out.push(r);
    }
    return out;
  }
}

/** Growable typed arrays for the collectors. */
function growU32(a: Uint32Array, need: number): Uint32Array {
  if (need <= a.length) {
    return a;
  }
  const b = new Uint32Array(Math.max(need, Math.ceil(a.length * 1.5)));
  b.set(a);
  return b;
}
function growU16(a: Uint16Array, need: number): Uint16Array {
  if (need <= a.length) {
    return a;
  }
  const b = new Uint16Array(Math.max(need, Math.ceil(a.length * 1.5)));
  b.set(a);
  return b;
}
function growU8(a: Uint8Array, need: number): Uint8Array {
  if (need <= a.length) {
    return a;
  }
  const b = new Uint8Array(Math.max(need, Math.ceil(a.length * 1.5)));
  b.set(a);
  return b;
}

/** `Collector.scan` modes: record title token spans / name words. */
export const SPANS_TITLE = 1;
export const SPANS_NAME = 2;
/** Separator between names in `Collector.nameTerms` and `Segment.nameRanks`. */
export const NAME_BREAK = 0xffffffff;
/** Terms sorted per run (and merged per step) by {@link Collector.sortTermsSteps}. */
const SORT_RUN = 8192;

/** Ints of per-term state in `Collector.state`, side by side so a token touches one cache line. */
const STATE = 4;
/** Last doc seen + 1. */
const MARK = 0;
/** Docs with the term. */
const DF = 1;
/** Slot of the term's entry in the current doc's stream (to OR field flags). */
const SLOT = 2;
/** 1 for a stop word (skipped when `skipStopWords`). */
const STOP_FLAG = 3;

/**
 * Tokenises documents into a stream of distinct term ids per document (with OR-ed field bits
 * when `withFlags`), then builds the {@link FieldIndex}. Documents must be added in order,
 * starting at 0; a document may be scanned in several calls (one per field).
 */
export class Collector {
  readonly table = new TermTable();
  private readonly buf = new Uint16Array(MAX_TOKEN_LENGTH);
  private readonly cbuf = new Uint16Array(MAX_TOKEN_LENGTH);
  private state: Int32Array = new Int32Array(STATE << 15);
  /** Term ids in doc order; `docEnds[d]` is the end of doc d. */
  private stream: Uint32Array;
  private streamFlags: Uint8Array | undefined;
  private length = 0;
  private docEnds: Uint32Array;
  private doc = -1;
  // Title spans (short fields only): term id, start, end per title token.
  titleTerms: Uint32Array = new Uint32Array(0);
  /** Title spans are UTF-16 offsets, capped at 65535. */
  titleStarts: Uint16Array = new Uint16Array(0);
  titleEnds: Uint16Array = new Uint16Array(0);
  titleLength = 0;
  /** FNV-1a of the folded letters of the last title scanned. */
  titleHash = 0;
  /** Name words (term ids, compounds left out), {@link NAME_BREAK} after each name. */
  nameTerms: Uint32Array = new Uint32Array(0);
  nameLength = 0;
  private compoundLength = 0;
  private compoundStart = 0;

  /** `expectedPostings` presizes the stream (it grows if needed). */
  constructor(
    docs: number,
    expectedPostings: number,
    private readonly withFlags: boolean,
    private readonly skipStopWords: boolean,
  ) {
    this.stream = new Uint32Array(Math.max(1024, expectedPostings));
    this.streamFlags = withFlags ? new Uint8Array(this.stream.length) : undefined;
    this.docEnds = new Uint32Array(docs);
    if (withFlags) {
      const titles = 1024 + docs * 14;
      this.titleTerms = new Uint32Array(titles);
      this.titleStarts = new Uint16Array(titles);
      this.titleEnds = new Uint16Array(titles);
      this.nameTerms = new Uint32Array(1024 + docs * 16);
    }
  }

  /** Starts document `d` (documents come in order; skipped ones are empty). */
  startDoc(d: number): void {
    while (this.doc < d) {
      if (this.doc >= 0) {
        this.docEnds[this.doc] = this.length;
      }
      this.doc++;
    }
  }

  /**
   * Scans `text` into the current doc with field bit `flag`. `spans` {@link SPANS_TITLE}
   * records token spans and the folded-letters hash, {@link SPANS_NAME} the words of a name
   * (call {@link endName} after it). Hyphenated words also give their joined form.
   */
  scan(text: string, flag: number, spans = 0): void {
    const title = spans === SPANS_TITLE;
    const buf = this.buf;
    const table = this.table;
    const n = text.length;
    let len = 0;
    let hash = FNV;
    let letters = FNV;
    let start = -1;
    let parts = 0;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? text.charCodeAt(i) : 32;
      const f = c < 128 ? (ASCII[c] ?? 0) : fold(c);
      if (f !== 0) {
        if (start < 0) {
          start = i;
        }
        if (f !== SKIP) {
          if (len < MAX_TOKEN_LENGTH) {
            buf[len++] = f;
            hash = Math.imul(hash ^ f, 16777619);
          }
          letters = Math.imul(letters ^ f, 16777619);
        }
        continue;
      }
      if (start < 0) {
        continue;
      }
      const joins = (c === 45 || c === 0x2010 || c === 0x2011) && i < n - 1 && fold(text.charCodeAt(i + 1)) !== 0;
      if (len > 0) {
        const before = table.count;
        const id = table.intern(buf, len, hash);
        if (id >= before) {
          this.newTerm(id);
        }
        this.emit(id, flag, spans, start, i, false);
        if (joins || parts > 0) {
          this.compound(len, start, parts === 0);
          parts++;
        }
      }
      if (!joins) {
        if (parts > 1) {
          this.flushCompound(flag, spans, i);
        }
        parts = 0;
      }
      len = 0;
      hash = FNV;
      start = -1;
    }
    if (title) {
      this.titleHash = letters >>> 0;
    }
  }

  /**
   * {@link scan} specialised for long texts without field bits (abstracts): the hot loop of
   * the build. Stop words are skipped when `skipStopWords`.
   */
  scanPlain(text: string): void {
    const buf = this.buf;
    const table = this.table;
    const mark = this.doc + 1;
    const n = text.length;
    let len = 0;
    let hash = FNV;
    let start = -1;
    let parts = 0;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? text.charCodeAt(i) : 32;
      const f = c < 128 ? (ASCII[c] ?? 0) : fold(c);
      if (f !== 0) {
        if (start < 0) {
          start = i;
        }
        if (f !== SKIP && len < MAX_TOKEN_LENGTH) {
          buf[len++] = f;
          hash = Math.imul(hash ^ f, 16777619);
        }
        continue;
      }
      if (start < 0) {
        continue;
      }
      const joins = (c === 45 || c === 0x2010 || c === 0x2011) && i < n - 1 && fold(text.charCodeAt(i + 1)) !== 0;
      if (len > 0) {
        const before = table.count;
        const id = table.intern(buf, len, hash);
        if (id >= before) {
          this.newTerm(id);
        }
        const st = this.state;
        const at = id * STATE;
        if (st[at + MARK] !== mark && st[at + STOP_FLAG] === 0) {
          st[at + MARK] = mark;
          st[at + DF] = (st[at + DF] ?? 0) + 1;
          if (this.length >= this.stream.length) {
            this.grow();
          }
          this.stream[this.length++] = id;
        }
        if (joins || parts > 0) {
          this.compound(len, start, parts === 0);
          parts++;
        }
      }
      if (!joins) {
        if (parts > 1) {
          this.flushCompound(0, 0, i);
        }
        parts = 0;
      }
      len = 0;
      hash = FNV;
      start = -1;
    }
  }

  private grow(): void {
    this.stream = growU32(this.stream, this.length + 1);
    if (this.streamFlags) {
      this.streamFlags = growU8(this.streamFlags, this.stream.length);
    }
  }

  /** Appends the current token (`buf`) to the compound being built. */
  private compound(len: number, start: number, first: boolean): void {
    if (first) {
      this.compoundLength = 0;
      this.compoundStart = start;
    }
    for (let k = 0; k < len && this.compoundLength < MAX_TOKEN_LENGTH; k++) {
      this.cbuf[this.compoundLength++] = this.buf[k] ?? 0;
    }
  }

  private flushCompound(flag: number, spans: number, end: number): void {
    let hash = FNV;
    for (let k = 0; k < this.compoundLength; k++) {
      hash = Math.imul(hash ^ (this.cbuf[k] ?? 0), 16777619);
    }
    const before = this.table.count;
    const id = this.table.intern(this.cbuf, this.compoundLength, hash);
    if (id >= before) {
      this.newTerm(id);
    }
    this.emit(id, flag, spans, this.compoundStart, end, true);
  }

  private emit(id: number, flag: number, spans: number, start: number, end: number, compound: boolean): void {
    const mark = this.doc + 1;
    const st = this.state;
    const at = id * STATE;
    if (st[at + MARK] !== mark) {
      if (this.skipStopWords && st[at + STOP_FLAG] === 1) {
        return;
      }
      st[at + MARK] = mark;
      st[at + DF] = (st[at + DF] ?? 0) + 1;
      st[at + SLOT] = this.length;
      if (this.length >= this.stream.length) {
        this.grow();
      }
      if (this.streamFlags) {
        this.streamFlags[this.length] = flag;
      }
      this.stream[this.length++] = id;
    } else if (this.streamFlags) {
      const slot = st[at + SLOT] ?? 0;
      this.streamFlags[slot] = (this.streamFlags[slot] ?? 0) | flag;
    }
    if (spans === SPANS_NAME && !compound) {
      this.pushName(id);
    } else if (spans === SPANS_TITLE) {
      const t = this.titleLength++;
      if (t >= this.titleTerms.length) {
        this.titleTerms = growU32(this.titleTerms, t + 1);
        this.titleStarts = growU16(this.titleStarts, t + 1);
        this.titleEnds = growU16(this.titleEnds, t + 1);
      }
      this.titleTerms[t] = id;
      this.titleStarts[t] = Math.min(start, 0xffff);
      this.titleEnds[t] = Math.min(end, 0xffff);
    }
  }

  /** Ends the name scanned last. */
  endName(): void {
    this.pushName(NAME_BREAK);
  }

  private pushName(id: number): void {
    if (this.nameLength >= this.nameTerms.length) {
      this.nameTerms = growU32(this.nameTerms, this.nameLength + 1);
    }
    this.nameTerms[this.nameLength++] = id;
  }

  private newTerm(id: number): void {
    if ((id + 1) * STATE > this.state.length) {
      const bigger = new Int32Array(this.state.length * 2);
      bigger.set(this.state);
      this.state = bigger;
    }
    if (this.table.length(id) <= MAX_STOP_WORD && STOP_WORDS.has(this.table.term(id))) {
      this.state[id * STATE + STOP_FLAG] = 1;
    }
  }

  /** The sorted dictionary and the id → rank map (step 1 of {@link finish}). */
  sortTerms(): { terms: string[]; order: Uint32Array; rankOfId: Uint32Array } {
    const steps = this.sortTermsSteps(Infinity);
    for (;;) {
      const r = steps.next();
      if (r.done) {
        return r.value;
      }
    }
  }

  /**
   * {@link sortTerms} in steps: sorts runs of `run` terms, then merges them, yielding after
   * each run and every `run` terms merged (a bottom-up merge sort; terms are distinct).
   */
  *sortTermsSteps(run = SORT_RUN): Generator<void, { terms: string[]; order: Uint32Array; rankOfId: Uint32Array }, void> {
    this.startDoc(this.docEnds.length);
    const count = this.table.count;
    const byId = this.table.terms();
    let order = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      order[i] = i;
    }
    const compare = (x: number, y: number): number => ((byId[x] ?? '') < (byId[y] ?? '') ? -1 : 1);
    if (count <= run) {
      order.sort(compare);
    } else {
      for (let from = 0; from < count; from += run) {
        order.subarray(from, Math.min(count, from + run)).sort(compare);
        yield;
      }
      let other = new Uint32Array(count);
      let budget = run;
      for (let width = run; width < count; width *= 2) {
        for (let lo = 0; lo < count; lo += 2 * width) {
          const mid = Math.min(count, lo + width);
          const hi = Math.min(count, lo + 2 * width);
          let i = lo;
          let j = mid;
          for (let k = lo; k < hi; k++) {
            const a = order[i] ?? 0;
            const b = order[j] ?? 0;
            if (j >= hi || (i < mid && (byId[a] ?? '') < (byId[b] ?? ''))) {
              other[k] = a;
              i++;
            } else {
              other[k] = b;
              j++;
            }
            if (--budget === 0) {
              budget = run;
              yield;
            }
          }
        }
        [order, other] = [other, order];
      }
    }
    const rankOfId = new Uint32Array(count);
    const terms = new Array<string>(count);
    for (let r = 0; r < count; r++) {
      const id = order[r] ?? 0;
      rankOfId[id] = r;
      terms[r] = byId[id] ?? '';
    }
    return { terms, order, rankOfId };
  }

  /**
   * Postings from the stream (step 2 of {@link finish}), resumable: fills documents from
   * `job.doc` until `deadline` (a `performance.now()` time) and returns true when done.
   */
  fillPostings(job: PostingsJob, deadline = Infinity, maxDocs = Infinity): boolean {
    const { cursor, docs, flags } = job;
    const stream = this.stream;
    const streamFlags = this.streamFlags;
    const ends = this.docEnds;
    let i = job.doc > 0 ? (ends[job.doc - 1] ?? 0) : 0;
    const stop = Math.min(ends.length, job.doc + maxDocs);
    for (let d = job.doc; d < stop; d++) {
      const end = ends[d] ?? 0;
      for (; i < end; i++) {
        const id = stream[i] ?? 0;
        const p = cursor[id] ?? 0;
        cursor[id] = p + 1;
        docs[p] = d;
        if (flags && streamFlags) {
          flags[p] = streamFlags[i] ?? 0;
        }
      }
      if ((d & 1023) === 1023 && performance.now() > deadline) {
        job.doc = d + 1;
        return false;
      }
    }
    job.doc = stop;
    return stop === ends.length;
  }

  /** Allocates the postings arrays for {@link fillPostings}. */
  postingsJob(order: Uint32Array): PostingsJob {
    const count = order.length;
    const offsets = new Uint32Array(count + 1);
    for (let r = 0; r < count; r++) {
      offsets[r + 1] = (offsets[r] ?? 0) + (this.state[(order[r] ?? 0) * STATE + DF] ?? 0);
    }
    const cursor = new Uint32Array(count);
    for (let r = 0; r < count; r++) {
      cursor[order[r] ?? 0] = offsets[r] ?? 0;
    }
    const total = offsets[count] ?? 0;
    return { offsets, cursor, docs: new Uint32Array(total), flags: this.withFlags ? new Uint8Array(total) : undefined, doc: 0 };
  }

  /** Sorts the dictionary and builds the postings in one go. */
  finish(): { index: FieldIndex; rankOfId: Uint32Array } {
    const { terms, order, rankOfId } = this.sortTerms();
    const job = this.postingsJob(order);
    this.fillPostings(job);
    return { index: new FieldIndex(terms, job.offsets, job.docs, job.flags), rankOfId };
  }
}

/** Postings being filled (see `Collector.fillPostings`). */
export interface PostingsJob {
  readonly offsets: Uint32Array;
  readonly cursor: Uint32Array;
  readonly docs: Uint32Array;
  readonly flags: Uint8Array | undefined;
  doc: number;
}
