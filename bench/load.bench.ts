/**
 * Loader benchmark: load time and records/s for the largest real BibTeX corpora and for a
 * generated 100,000-record library in each format, plus merge + keys for the whole library.
 * Goals (issue #3): 100k records in under 3 s; 10k BibTeX entries in under 1 s.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildLibrary } from '../src/core/library';
import { decodeUtf8, parseSource, parseSourceBytes } from '../src/core/sources';
import type { ParsedSource } from '../src/core/sources';
import { generateLibrary } from './generate-library';
import { toBibtex, toCslJson, toDailyPapers, toHfJson, toRis } from './formats';

const N = Number(process.env.LOAD_BENCH_N ?? 100_000);

function time<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

function row(label: string, records: number, ms: number, bytes: number, goalMs?: number): string {
  const rate = Math.round(records / (ms / 1000));
  const goal = goalMs === undefined ? '' : ms <= goalMs ? `  goal < ${goalMs} ms: met` : `  goal < ${goalMs} ms: MISSED`;
  const size = bytes > 0 ? `${(bytes / 1048576).toFixed(1).padStart(6)} MB` : '         ';
  return `${label.padEnd(48)} ${String(records).padStart(7)} rec ${size} ${ms.toFixed(0).padStart(6)} ms ${String(rate).padStart(8)} rec/s${goal}`;
}

const root = path.resolve(__dirname, '..');
const realBib = [
  path.join(root, 'node_modules', 'bibtex-parse', 'test', 'valid', 'Better BibTeX Async import, large library #720.bib'),
  path.join(root, 'node_modules', 'bib2json', 'sample-bib', 'nn-bibliography.bib'),
  path.join(root, 'node_modules', 'bib2json', 'sample-bib', 'super.bib'),
];
console.log('Real BibTeX corpora (shipped in npm packages):');
for (const file of realBib.filter((f) => existsSync(f))) {
  const text = readFileSync(file, 'utf8');
  parseSource(file, text.slice(0, 20000)); // warm up the parser
  const { value, ms } = time(() => parseSource(file, text));
  console.log(row(path.basename(file), value.records.length, ms, Buffer.byteLength(text), value.records.length >= 7000 ? Math.round(1000 * (value.records.length / 10000)) : undefined) + `  (${value.problems.length} problems)`);
}

console.log(`\nGenerated library, ${N.toLocaleString('en')} papers with abstracts, one file per format`);
console.log('(timed from the file\'s bytes, as the extension reads them: UTF-8 decode + parse; decode shown apart):');
const papers = generateLibrary(N, 42);
const writers: Array<[string, (p: typeof papers) => string, string]> = [
  ['Daily Papers page', toDailyPapers, 'big.txt'],
  ['Hugging Face JSON', toHfJson, 'big.json'],
  ['BibTeX', toBibtex, 'big.bib'],
  ['CSL-JSON', toCslJson, 'big.csl.json'],
  ['RIS', toRis, 'big.ris'],
];
// File contents as bytes (Buffers live outside the JS heap, so one format's file does not
// slow the garbage collector while another is parsed); each result is dropped after timing.
const files: Array<[string, string, Buffer]> = writers.map(([label, write, name]) => {
  parseSource(name, write(papers.slice(0, 200))); // warm up the parser
  return [label, name, Buffer.from(write(papers), 'utf8')];
});
for (const [label, name, bytes] of files) {
  global.gc?.();
  const decode = time(() => decodeUtf8(name, bytes)).ms;
  global.gc?.();
  const { value, ms } = time(() => parseSourceBytes(name, bytes));
  if (value.records.length !== N) {
    console.log(`  ${label}: expected ${N} records, got ${value.records.length}; first problem: ${value.problems[0]?.message ?? 'none'}`);
  }
  let floor = `decode ${decode.toFixed(0)} ms`;
  if (name.endsWith('.json')) {
    // What any JSON loader pays at least: the decode and the engine's own JSON.parse.
    const text = decodeUtf8(name, bytes).text;
    global.gc?.();
    floor += `, JSON.parse alone ${time(() => JSON.parse(text) as unknown).ms.toFixed(0)} ms`;
  }
  console.log(row(label, value.records.length, ms, bytes.length, 3000) + `  (${floor})`);
}
global.gc?.();
const parsed: ParsedSource[] = files.map(([, name, bytes]) => parseSourceBytes(name, bytes));
global.gc?.();
const { value: lib1, ms: ms1 } = time(() => buildLibrary(parsed.slice(0, 1)));
console.log(row('merge + keys (one format)', lib1.recordCount, ms1, 0) + `  -> ${lib1.papers.length} papers`);
const { value: lib, ms } = time(() => buildLibrary(parsed));
console.log(row('merge + keys (all five formats)', lib.recordCount, ms, 0) + `  -> ${lib.papers.length} papers`);
global.gc?.();
console.log(`\nHeap used after loading everything: ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB`);
