/** Byte helpers shared by the cache formats (`parse-cache.ts`, `library-snapshot.ts`). */

/** The parts, one after another, in one new array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
