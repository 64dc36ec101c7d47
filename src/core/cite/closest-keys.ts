/** Library keys closest to an unknown one, for "did you mean" suggestions. */
import { editDistance } from '../search/typo';

/** Counts of the query's bigrams, as `first << 16 | second` code units. */
function bigrams(s: string): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i + 1 < s.length; i++) {
    const g = (s.charCodeAt(i) << 16) | s.charCodeAt(i + 1);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Bigrams of `s` also in the query (with multiplicity); `used` is scratch space, cleared here. */
function sharedBigrams(query: ReadonlyMap<number, number>, s: string, used: Map<number, number>): number {
  used.clear();
  let shared = 0;
  for (let i = 0; i + 1 < s.length; i++) {
    const g = (s.charCodeAt(i) << 16) | s.charCodeAt(i + 1);
    const have = query.get(g);
    if (have !== undefined) {
      const u = used.get(g) ?? 0;
      if (u < have) {
        used.set(g, u + 1);
        shared++;
      }
    }
  }
  return shared;
}


/**
 * Up to `max` keys closest to `key` (case-insensitive edit distance with transpositions),
 * within `max(2, floor(len / 4))` edits; the key itself (exact spelling) is never returned.
 * Ties: the closer spelling (case included) first. Fast on large libraries: length and
 * shared-bigram filters (q-gram lemma; one edit changes at most 3 bigrams) run before the
 * bounded distance.
 */
export function closestKeys(key: string, keys: Iterable<string>, max = 3): string[] {
  const query = key.toLowerCase();
  if (query === '' || max <= 0) {
    return [];
  }
  const limit = Math.max(2, Math.floor(query.length / 4));
  const grams = bigrams(query);
  const used = new Map<number, number>();
  const found: Array<{ key: string; distance: number; exact: number }> = [];
  for (const candidate of keys) {
    if (candidate === key || Math.abs(candidate.length - query.length) > limit) {
      continue;
    }
    const c = candidate.toLowerCase();
    const need = Math.max(query.length, c.length) - 1 - 3 * limit;
    if (need > 0 && sharedBigrams(grams, c, used) < need) {
      continue;
    }
    const distance = editDistance(query, c, limit);
    if (distance <= limit) {
      found.push({ key: candidate, distance, exact: 0 });
    }
  }
  for (const f of found) {
    f.exact = editDistance(key, f.key);
  }
  found.sort((x, y) => x.distance - y.distance || x.exact - y.exact || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return found.slice(0, max).map((f) => f.key);
}
