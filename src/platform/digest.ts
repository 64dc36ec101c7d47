/** The content digest of the parse cache (`core/parse-cache.ts`): sha256, measured at about 1 ms per MB. */
import { createHash } from 'node:crypto';
import type { Digest } from '../core/parse-cache';

export const sha256: Digest = (bytes) => createHash('sha256').update(bytes).digest('hex');
