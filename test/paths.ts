/** Paths used by tests: committed fixtures, and the optional third-party corpora beside the project. */
import * as path from 'node:path';
import { existsSync } from 'node:fs';

export const ROOT = path.resolve(__dirname, '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const SEEDS = path.join(FIXTURES, 'seeds');
export const SAMPLES = path.join(ROOT, 'samples');

/**
 * Third-party sample files (`../shared/data`), read in place and never copied into the repository.
 * Override with LIT_NOTES_SHARED_DATA. Undefined when the folder is absent.
 */
export const SHARED_DATA: string | undefined = (() => {
  const candidates = [process.env.LIT_NOTES_SHARED_DATA, path.resolve(ROOT, '..', 'shared', 'data')];
  return candidates.find((p): p is string => !!p && existsSync(p));
})();

/** Skips the current mocha suite/test with a clear reason when ../shared/data is not there. */
export function requireSharedData(ctx: Mocha.Context): string {
  if (!SHARED_DATA) {
    console.log('    (skipped: ../shared/data not found; set LIT_NOTES_SHARED_DATA to run the real-corpus tests)');
    ctx.skip();
  }
  return SHARED_DATA;
}
