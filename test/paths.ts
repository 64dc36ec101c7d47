/** Paths used by tests: committed fixtures, and the optional third-party corpora beside the project. */
import * as path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';

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

/**
 * A suite's view of one folder of ../shared/data: skips the suite clearly when it is absent,
 * and parses each file at most once. Call inside a `suite`.
 */
export function sharedCorpus<T>(subdir: string, parse: (text: string, name: string) => T): { readonly dir: () => string; readonly load: (name: string) => T } {
  let dir = '';
  const cache = new Map<string, T>();
  suiteSetup(function () {
    dir = path.join(requireSharedData(this), subdir);
  });
  return {
    dir: () => dir,
    load: (name) => {
      let result = cache.get(name);
      if (result === undefined) {
        result = parse(readFileSync(path.join(dir, name), 'utf8'), name);
        cache.set(name, result);
      }
      return result;
    },
  };
}
