/** The content digest of the parse cache (`core/parse-cache.ts`): sha256, measured at about 1 ms per MB. */
import { createHash } from 'node:crypto';
import type { Digest, LargeDigest } from '../core/parse-cache';

export const sha256: Digest = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Bytes hashed between two pauses: a few milliseconds of work. */
const SLICE_BYTES = 4 * 1024 * 1024;

/**
 * sha256 of a large input in slices of {@link SLICE_BYTES}, calling `pause` between them, so the
 * extension host is not held for a whole 150 MB source file (about 130 ms in one go here).
 */
export function sha256InSlices(pause: () => Promise<void>): LargeDigest {
  return async (bytes) => {
    const hash = createHash('sha256');
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
      hash.update(bytes.subarray(at, at + SLICE_BYTES));
      if (at + SLICE_BYTES < bytes.length) {
        await pause();
      }
    }
    return hash.digest('hex');
  };
}
