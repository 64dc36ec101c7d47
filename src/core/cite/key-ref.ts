/** A citation key found in a document, and the cursor lookup over a sorted list of them. */

export interface CiteKeyRef {
  key: string;
  /** Offsets of the key itself, without `@`, `-` or braces: `text.slice(start, end) === key`. */
  start: number;
  end: number;
  /** `pandoc`: inside a bracketed citation `[@a; @b]`; `pandoc-bare`: in-text `@a`; `latex`: a `\cite{}` key. */
  kind: 'pandoc' | 'pandoc-bare' | 'latex';
}

/** The ref whose `[start, end]` contains `offset` (inclusive end: the cursor right after a key). */
export function citationAt(refs: readonly CiteKeyRef[], offset: number): CiteKeyRef | undefined {
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((refs[mid]?.end ?? 0) < offset) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  const ref = refs[lo];
  return ref && ref.start <= offset && offset <= ref.end ? ref : undefined;
}

