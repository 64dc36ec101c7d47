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
import type { Pin } from '../src/core/citekey';
import type { Library } from '../src/core/library';
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

/** CPU time of this process in ms (user + system): on a busy machine, what wall time would be on an idle one. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function timed<T>(run: () => T): [T, number, number] {
  global.gc?.();
  const t = performance.now();
  const c = cpuNow();
  const value = run();
  return [value, performance.now() - t, cpuNow() - c];
}

interface Sliced<T> {
  value: T;
  /** Longest slice, wall clock and CPU. */
  wall: number;
  cpu: number;
  /** Longest single step (CPU): how far a slice can overrun its budget. */
  step: number;
  slices: number;
}

/** Drives steps in slices of SLICE_MS (wall clock) as the extension does. */
function sliced<T>(steps: Steps<T>): Sliced<T> {
  const out = { wall: 0, cpu: 0, step: 0, slices: 0 };
  for (;;) {
    const started = performance.now();
    const startedCpu = cpuNow();
    const deadline = started + SLICE_MS;
    let r: IteratorResult<void, T>;
    do {
      const c = cpuNow();
      r = steps.next();
      out.step = Math.max(out.step, cpuNow() - c);
    } while (!r.done && performance.now() < deadline);
    out.wall = Math.max(out.wall, performance.now() - started);
    out.cpu = Math.max(out.cpu, cpuNow() - startedCpu);
    out.slices++;
    if (r.done) {
      return { value: r.value, ...out };
    }
  }
}

/** A rekey as after writing notes: 200 papers' keys pinned by notes (every 500th paper). */
function notePins(library: Library): Pin[] {
  return library.papers
    .filter((_, i) => i % 500 === 0)
    .map((p, i) => ({ key: p.key, ...(p.arxivId ? { arxiv: p.arxivId } : {}), ...(p.doi ? { doi: p.doi } : {}), title: p.title, origin: 'note' as const, path: `notes/${i}.md`, line: 2 }));
}

const figures: Record<string, number[]> = {};
const note = (label: string, ms: number): void => {
  (figures[label] ??= []).push(ms);
};
let count = 0;
for (let rep = 0; rep < REPEAT; rep++) {
  if (ONLY !== 'new') {
    const [refMerged, refMergeMs, refMergeCpu] = timed(() => referenceMergeSources(parsed));
    note('reference merge', refMergeMs);
    note('reference merge CPU', refMergeCpu);
    const [refLib, refKeysMs, refKeysCpu] = timed(() => referenceKeyLibrary(refMerged));
    note('reference keys', refKeysMs);
    note('reference keys CPU', refKeysCpu);
    const [, refRekeyMs, refRekeyCpu] = timed(() => referenceKeyLibrary(refMerged, notePins(refLib)));
    note('reference rekey', refRekeyMs);
    note('reference rekey CPU', refRekeyCpu);
  }
  if (ONLY !== 'ref') {
    const [merged, mergeMs, mergeCpu] = timed(() => mergeSources(parsed));
    note('merge', mergeMs);
    note('merge CPU', mergeCpu);
    const [lib, keysMs, keysCpu] = timed(() => keyLibrary(merged));
    note('keys', keysMs);
    note('keys CPU', keysCpu);
    count = lib.papers.length;
    const [, rekeyMs, rekeyCpu] = timed(() => keyLibrary(merged, notePins(lib)));
    note('rekey', rekeyMs);
    note('rekey CPU', rekeyCpu);
    global.gc?.();
    const m = sliced(mergeSourcesSteps(parsed));
    note('merge slices', m.slices);
    note('merge longest slice', m.wall);
    note('merge longest slice CPU', m.cpu);
    note('merge longest step CPU', m.step);
    global.gc?.();
    const k = sliced(keyLibrarySteps(m.value));
    global.gc?.();
    const rk = sliced(keyLibrarySteps(m.value, notePins(k.value)));
    note('rekey slices', rk.slices);
    note('rekey longest slice', rk.wall);
    note('rekey longest slice CPU', rk.cpu);
    note('keys slices', k.slices);
    note('keys longest slice', k.wall);
    note('keys longest slice CPU', k.cpu);
    note('keys longest step CPU', k.step);
  }
}
const fmt = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0]?.toFixed(0)}–${s[s.length - 1]?.toFixed(0)} (median ${s[Math.floor(s.length / 2)]?.toFixed(0)})`;
};
console.log(`${which} N=${N}, ${count} papers, ${REPEAT} runs:`);
for (const [label, xs] of Object.entries(figures)) {
  console.log(`  ${label.padEnd(26)} ${fmt(xs)}${label.includes('slices') ? '' : ' ms'}`);
}
