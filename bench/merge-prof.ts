/**
 * Merging and keying a generated library (issue #17): the library's functions against the
 * straightforward reference (the code before they were made fast), interleaved in one process so
 * a busy machine slows both alike, and the steppable versions driven in 15 ms slices as the
 * extension drives them (the longest slice is what blocks the extension host).
 *
 *     FMT=hf|bib|csl N=100000 REPEAT=3 node --expose-gc -r tsx/cjs bench/merge-prof.ts
 *
 * Profile one side with `ONLY=new` (or `ONLY=ref`) and `node --cpu-prof`.
 */
import { keyLibrary, keyLibrarySteps, mergeSources, mergeSourcesSteps } from '../src/core/library';
import type { Steps } from '../src/core/steps';
import { parseSource } from '../src/core/sources';
import { referenceKeyLibrary, referenceMergeSources } from '../test/support/library-reference';
import { generateLibrary } from './generate-library';
import { toCslJson, toHfJson, toBibtex } from './formats';

const N = Number(process.env.N ?? 100_000);
const REPEAT = Number(process.env.REPEAT ?? 3);
const ONLY = process.env.ONLY;
const SLICE_MS = 15;
const which = process.env.FMT ?? 'hf';
const papers = generateLibrary(N, 42);
const text = which === 'hf' ? toHfJson(papers) : which === 'bib' ? toBibtex(papers) : toCslJson(papers);
const parsed = [parseSource(which === 'hf' ? 'big.json' : which === 'bib' ? 'big.bib' : 'big.csl.json', text)];

function timed<T>(run: () => T): [T, number] {
  global.gc?.();
  const t = performance.now();
  const value = run();
  return [value, performance.now() - t];
}

/** Drives steps in slices of SLICE_MS as the extension does; returns the result, the longest slice and the slice count. */
function sliced<T>(steps: Steps<T>): [T, number, number] {
  let longest = 0;
  let slices = 0;
  for (;;) {
    const started = performance.now();
    const deadline = started + SLICE_MS;
    let r = steps.next();
    while (!r.done && performance.now() < deadline) {
      r = steps.next();
    }
    longest = Math.max(longest, performance.now() - started);
    slices++;
    if (r.done) {
      return [r.value, longest, slices];
    }
  }
}

const figures: Record<string, number[]> = {};
const note = (label: string, ms: number): void => {
  (figures[label] ??= []).push(ms);
};
let count = 0;
for (let rep = 0; rep < REPEAT; rep++) {
  if (ONLY !== 'new') {
    const [refMerged, refMergeMs] = timed(() => referenceMergeSources(parsed));
    note('reference merge', refMergeMs);
    const [, refKeysMs] = timed(() => referenceKeyLibrary(refMerged));
    note('reference keys', refKeysMs);
  }
  if (ONLY !== 'ref') {
    const [merged, mergeMs] = timed(() => mergeSources(parsed));
    note('merge', mergeMs);
    const [lib, keysMs] = timed(() => keyLibrary(merged));
    note('keys', keysMs);
    count = lib.papers.length;
    global.gc?.();
    const [slicedMerged, mergeSlice, mergeSlices] = sliced(mergeSourcesSteps(parsed));
    note('merge longest slice', mergeSlice);
    note('merge slices', mergeSlices);
    global.gc?.();
    const [, keysSlice, keysSlices] = sliced(keyLibrarySteps(slicedMerged));
    note('keys longest slice', keysSlice);
    note('keys slices', keysSlices);
  }
}
const fmt = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0]?.toFixed(0)}–${s[s.length - 1]?.toFixed(0)} (median ${s[Math.floor(s.length / 2)]?.toFixed(0)})`;
};
console.log(`${which} N=${N}, ${count} papers, ${REPEAT} runs:`);
for (const [label, xs] of Object.entries(figures)) {
  console.log(`  ${label.padEnd(22)} ${fmt(xs)}${label.includes('slices') ? '' : ' ms'}`);
}
