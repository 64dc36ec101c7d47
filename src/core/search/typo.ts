/**
 * Typo tolerance: a trigram → term index over the sorted dictionary, used as a filter, and
 * bounded Damerau (optimal string alignment) distances to verify the candidates.
 *
 * Every term of 3+ units is split into trigrams with two leading pad symbols (`"  t"`,
 * `" tr"`, `"tra"`, …), one per unit, so a term of length L has L trigrams, and the index is
 * a CSR array (trigram id → term ranks). A query word within distance d of a term (or of a
 * prefix of it) shares at least `distinct trigrams − 4·d` of its trigrams with that term (an
 * edit destroys at most 3 trigrams, a transposition 4); that count, and the length, filter
 * the candidates before the distance is computed. No strings are created while building.
 */

/** 6-bit code of a folded unit: pad 0, a–z 1–26, 0–9 27–36, anything else 37–63. */
function code(c: number): number {
  if (c >= 97 && c <= 122) {
    return c - 96;
  }
  if (c >= 48 && c <= 57) {
    return c - 21;
  }
  return 37 + (c % 27);
}

const GRAMS = 1 << 18;
/** Number of trigram ids (the offsets array has one more entry). */
export const TRIGRAM_SLOTS = GRAMS;

/** Trigram ids of `term` (two leading pads), deduplicated, in `out`; returns how many. */
function gramsOf(term: string, out: Int32Array): number {
  let n = 0;
  let a = 0;
  let b = 0;
  for (let i = 0; i < term.length; i++) {
    const c = code(term.charCodeAt(i));
    const g = (a << 12) | (b << 6) | c;
    let dup = false;
    for (let k = 0; k < n; k++) {
      if (out[k] === g) {
        dup = true;
        break;
      }
    }
    if (!dup) {
      out[n++] = g;
    }
    a = b;
    b = c;
  }
  return n;
}

/** A term close to a query word: its rank and edit distance. */
export interface TypoMatch {
  readonly rank: number;
  readonly distance: number;
}

export class TrigramIndex {
  /** CSR: `offsets[g]..offsets[g + 1]` index the ranks of the terms with trigram g in `ranks` (kept in snapshots). */
  readonly offsets: Uint32Array;
  readonly ranks: Uint32Array;
  /** Per term: trigrams shared with the word being looked up (reset after each lookup). */
  private readonly counts: Uint8Array;
  /** Terms with a non-zero count. */
  private readonly touched: Int32Array;
  private readonly scratch = new Int32Array(64);

  /**
   * Builds the index over the sorted `terms` (terms shorter than `minLength` are left out), or
   * takes `prebuilt` arrays (from a snapshot: {@link TRIGRAM_SLOTS} + 1 offsets, ranks below
   * `terms.length`; the caller has checked them).
   */
  constructor(
    private readonly terms: readonly string[],
    minLength = 3,
    prebuilt?: { readonly offsets: Uint32Array; readonly ranks: Uint32Array },
  ) {
    this.counts = new Uint8Array(terms.length);
    this.touched = new Int32Array(terms.length);
    if (prebuilt) {
      this.offsets = prebuilt.offsets;
      this.ranks = prebuilt.ranks;
      return;
    }
    const offsets = new Uint32Array(GRAMS + 1);
    const grams = this.scratch;
    let total = 0;
    for (const t of terms) {
      if (t.length >= minLength) {
        const n = gramsOf(t, grams);
        for (let k = 0; k < n; k++) {
          const g = grams[k] ?? 0;
          offsets[g + 1] = (offsets[g + 1] ?? 0) + 1;
        }
        total += n;
      }
    }
    for (let g = 0; g < GRAMS; g++) {
      offsets[g + 1] = (offsets[g + 1] ?? 0) + (offsets[g] ?? 0);
    }
    const cursor = offsets.slice(0, GRAMS);
    const ranks = new Uint32Array(total);
    terms.forEach((t, rank) => {
      if (t.length >= minLength) {
        const n = gramsOf(t, grams);
        for (let k = 0; k < n; k++) {
          const g = grams[k] ?? 0;
          const p = cursor[g] ?? 0;
          ranks[p] = rank;
          cursor[g] = p + 1;
        }
      }
    });
    this.offsets = offsets;
    this.ranks = ranks;
  }

  /** Bytes held by the typed arrays. */
  get byteSize(): number {
    return this.offsets.byteLength + this.ranks.byteLength + this.counts.byteLength + this.touched.byteLength;
  }

  /**
   * Terms within `maxDistance` edits of `word` (or, with `prefix`, terms having a prefix within
   * `maxDistance` of `word`), excluding exact matches (distance 0) and exact prefixes.
   */
  lookup(word: string, maxDistance: number, prefix: boolean): TypoMatch[] {
    const grams = word.length <= this.scratch.length ? this.scratch : new Int32Array(word.length);
    const n = gramsOf(word, grams);
    const need = Math.max(1, n - 4 * maxDistance);
    const counts = this.counts;
    const touched = this.touched;
    let touchedCount = 0;
    for (let k = 0; k < n; k++) {
      const g = grams[k] ?? 0;
      const end = this.offsets[g + 1] ?? 0;
      for (let p = this.offsets[g] ?? 0; p < end; p++) {
        const r = this.ranks[p] ?? 0;
        const c = counts[r] ?? 0;
        if (c === 0) {
          touched[touchedCount++] = r;
        }
        if (c < 255) {
          counts[r] = c + 1;
        }
      }
    }
    const out: TypoMatch[] = [];
    const wl = word.length;
    for (let i = 0; i < touchedCount; i++) {
      const r = touched[i] ?? 0;
      const c = counts[r] ?? 0;
      counts[r] = 0;
      if (c < need) {
        continue;
      }
      const t = this.terms[r] ?? '';
      if (prefix ? t.length < wl - maxDistance : Math.abs(t.length - wl) > maxDistance) {
        continue;
      }
      const d = prefix ? prefixDistance(word, t, maxDistance) : editDistance(word, t, maxDistance);
      if (d > 0 && d <= maxDistance) {
        out.push({ rank: r, distance: d });
      }
    }
    return out;
  }
}

// Three reusable DP rows, grown on demand (search tokens are at most 40 units; citation keys
// may be longer).
let rowA = new Int32Array(128);
let rowB = new Int32Array(128);
let rowC = new Int32Array(128);

/**
 * Optimal string alignment distance between `a` and `b` (insertions, deletions, substitutions,
 * adjacent transpositions), or `max + 1` as soon as it is known to exceed `max`.
 */
export function editDistance(a: string, b: string, max = Number.MAX_SAFE_INTEGER): number {
  return osa(a, b, max, false);
}

/** Smallest edit distance between `q` and any prefix of `t` (`max + 1` when above `max`). */
export function prefixDistance(q: string, t: string, max: number): number {
  return osa(q, t, max, true);
}

/**
 * DP over rows of `q` (i) and columns of `t` (j). With `prefix`, only a prefix of `t` has to
 * match: the answer is the minimum of the last row.
 */
function osa(q: string, t: string, max: number, prefix: boolean): number {
  const n = q.length;
  const m = prefix ? Math.min(t.length, n + max) : t.length;
  if (!prefix && Math.abs(n - m) > max) {
    return max + 1;
  }
  if (rowA.length < m + 1) {
    rowA = new Int32Array(m + 1);
    rowB = new Int32Array(m + 1);
    rowC = new Int32Array(m + 1);
  }
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= m; j++) {
    prev[j] = j;
  }
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const qi = q.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const tj = t.charCodeAt(j - 1);
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (qi === tj ? 0 : 1));
      if (i > 1 && j > 1 && qi === t.charCodeAt(j - 2) && q.charCodeAt(i - 2) === tj) {
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      }
      cur[j] = v;
      if (v < rowMin) {
        rowMin = v;
      }
    }
    if (rowMin > max) {
      return max + 1;
    }
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  let d: number;
  if (prefix) {
    d = max + 1;
    for (let j = Math.max(0, n - max); j <= m; j++) {
      d = Math.min(d, prev[j] ?? max + 1);
    }
  } else {
    d = prev[m] ?? max + 1;
  }
  return d > max ? max + 1 : d;
}
