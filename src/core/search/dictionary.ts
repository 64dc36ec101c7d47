/**
 * Term dictionary: a hash table used while building (interning folded tokens without creating
 * a string per occurrence), and the sorted term list used at query time, where every prefix is
 * a contiguous range of term ranks found by binary search.
 */

/**
 * Open-addressing hash table of terms stored as UTF-16 units in one pool. `intern` takes the
 * token from a scratch buffer with its precomputed FNV-1a hash and returns a dense term id.
 */
export class TermTable {
  private pool = new Uint16Array(1 << 20);
  private poolLength = 0;
  private starts = new Uint32Array(1 << 14);
  private lengths = new Uint8Array(1 << 14);
  /**
   * Open addressing, 4 ints per slot: `[term id + 1 (0 = empty), hash, pool start, length]`,
   * so a probe touches one cache line before the characters are compared.
   */
  private slots = new Int32Array(4 << 15);
  private mask = (1 << 15) - 1;
  /** Number of distinct terms. */
  count = 0;

  /** Id of the term `buf[0..length)` with hash `hash`, added if new. */
  intern(buf: Uint16Array, length: number, hash: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = hash & mask;
    for (;;) {
      const at = slot << 2;
      const entry = slots[at] ?? 0;
      if (entry === 0) {
        break;
      }
      if (slots[at + 1] === hash && slots[at + 3] === length) {
        const s = slots[at + 2] ?? 0;
        const pool = this.pool;
        let k = 0;
        while (k < length && pool[s + k] === buf[k]) {
          k++;
        }
        if (k === length) {
          return entry - 1;
        }
      }
      slot = (slot + 1) & mask;
    }
    const id = this.count++;
    if (id >= this.starts.length) {
      this.growTerms();
    }
    if (this.poolLength + length > this.pool.length) {
      const bigger = new Uint16Array(Math.max(this.pool.length * 2, this.poolLength + length));
      bigger.set(this.pool.subarray(0, this.poolLength));
      this.pool = bigger;
    }
    this.pool.set(buf.subarray(0, length), this.poolLength);
    this.starts[id] = this.poolLength;
    this.lengths[id] = length;
    const at = slot << 2;
    slots[at] = id + 1;
    slots[at + 1] = hash;
    slots[at + 2] = this.poolLength;
    slots[at + 3] = length;
    this.poolLength += length;
    if (this.count * 2 > this.mask) {
      this.rehash();
    }
    return id;
  }

  /** Length of the term with id `id`. */
  length(id: number): number {
    return this.lengths[id] ?? 0;
  }

  /** The term with id `id` as a string. */
  term(id: number): string {
    const s = this.starts[id] ?? 0;
    const end = s + (this.lengths[id] ?? 0);
    let out = '';
    for (let i = s; i < end; i += 8192) {
      out += String.fromCharCode(...this.pool.subarray(i, Math.min(end, i + 8192))); // bounded chunks: spreads throw past ~125k
    }
    return out;
  }

  /** All terms as strings, by id (one decode of the pool, then slices). */
  terms(): string[] {
    const all = new TextDecoder('utf-16le').decode(this.pool.subarray(0, this.poolLength));
    const out = new Array<string>(this.count);
    for (let id = 0; id < this.count; id++) {
      const s = this.starts[id] ?? 0;
      out[id] = all.slice(s, s + (this.lengths[id] ?? 0));
    }
    return out;
  }

  private growTerms(): void {
    const n = this.starts.length * 2;
    const starts = new Uint32Array(n);
    starts.set(this.starts);
    const lengths = new Uint8Array(n);
    lengths.set(this.lengths);
    this.starts = starts;
    this.lengths = lengths;
  }

  private rehash(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(size * 4);
    const mask = size - 1;
    for (let i = 0; i < old.length; i += 4) {
      if ((old[i] ?? 0) !== 0) {
        let slot = (old[i + 1] ?? 0) & mask;
        while (slots[slot << 2] !== 0) {
          slot = (slot + 1) & mask;
        }
        slots.set(old.subarray(i, i + 4), slot << 2);
      }
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** Index of the first term `>= key` in the sorted `terms` (UTF-16 order, as `<`). */
export function lowerBound(terms: readonly string[], key: string): number {
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((terms[mid] ?? '') < key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** `[lo, hi)`: the ranks of the terms starting with `prefix` in the sorted `terms`. */
export function prefixRange(terms: readonly string[], prefix: string): [number, number] {
  const lo = lowerBound(terms, prefix);
  const hi = lowerBound(terms, prefix + '\uffff');
  return [lo, hi];
}

/** Rank of `term` in the sorted `terms`, or -1. */
export function rankOf(terms: readonly string[], term: string): number {
  const i = lowerBound(terms, term);
  return terms[i] === term ? i : -1;
}
