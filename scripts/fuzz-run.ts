/**
 * The fuzz harness with I/O: loads the real samples, runs test/fuzz/mutate.ts over them and
 * reports. Used by `npm run fuzz` (scripts/fuzz.mjs spawns `node --import tsx scripts/fuzz-run.ts`)
 * and, with a small count, by test/fuzz/fuzz.test.ts.
 *
 *   node --import tsx scripts/fuzz-run.ts [--count N] [--seed S] [--formats a,b] [--frontmatter N]
 *                                         [--time-limit MS] [--replay target:seed:index [--dump FILE]]
 *
 * Lives outside src/core because it reads files (src/core stays free of fs).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Paper, SourceFormat } from '../src/core/model';
import { buildLibrary } from '../src/core/library';
import { parseSource, parseSourceBytes } from '../src/core/sources';
import { renderNote } from '../src/core/notes/template';
import type { Base, CaseResult, CorpusFile, NoteBase, Stats } from '../test/fuzz/mutate';
import { CATEGORIES, FORMATS, HAND_NOTES, addResult, emptyStats, frontmatterInput, loaderInput, makeBases, mutatedText, runFrontmatterCase, runLoaderCase } from '../test/fuzz/mutate';

const ROOT = path.resolve(__dirname, '..');

function sharedData(): string | undefined {
  const candidates = [process.env.LIT_NOTES_SHARED_DATA, path.resolve(ROOT, '..', 'shared', 'data')];
  return candidates.find((p): p is string => !!p && fs.existsSync(p));
}

function filesIn(dir: string, accept: (name: string) => boolean): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir)
    .filter(accept)
    .sort()
    .map((n) => path.join(dir, n));
}

/** Which real files feed each format (read in place; ../shared/data when present). */
export function corpusFiles(useShared = true): Record<SourceFormat, string[]> {
  const fx = path.join(ROOT, 'test', 'fixtures');
  const samples = path.join(ROOT, 'samples');
  const shared = useShared ? sharedData() : undefined;
  const sh = (sub: string, accept: (n: string) => boolean): string[] => (shared ? filesIn(path.join(shared, sub), accept) : []);
  return {
    'daily-papers': filesIn(path.join(fx, 'seeds'), (n) => n.endsWith('.txt')),
    'hf-json': [path.join(samples, 'hf-daily-papers.json'), ...sh('hf', (n) => n.endsWith('.json'))],
    bibtex: [path.join(samples, 'library.bib'), ...filesIn(path.join(fx, 'bibtex'), (n) => n.endsWith('.bib')), ...sh('bibtex', (n) => n.endsWith('.bib'))],
    'csl-json': [path.join(samples, 'zotero-export.csl.json'), ...filesIn(path.join(fx, 'csl-json'), (n) => n.endsWith('.json')), ...sh('csl-json', (n) => n.endsWith('.json'))],
    ris: [path.join(samples, 'reading-list.ris'), ...filesIn(path.join(fx, 'ris'), (n) => n.endsWith('.ris')), ...sh('ris', (n) => n.endsWith('.ris'))],
  };
}

export interface Corpus {
  readonly bases: Record<SourceFormat, Base[]>;
  readonly notes: NoteBase[];
  readonly papers: Paper[];
  readonly shared: boolean;
}

const CREATED = '2026-11-23';

export function loadCorpus(options: { shared?: boolean; perFile?: number } = {}): Corpus {
  const useShared = options.shared ?? true;
  const files = corpusFiles(useShared);
  const read = (p: string): CorpusFile => ({ name: path.relative(path.dirname(ROOT), p), text: fs.readFileSync(p, 'utf8') });
  const bases = Object.fromEntries(FORMATS.map((f) => [f, makeBases(f, files[f].filter((p) => fs.existsSync(p)).map(read), options.perFile ?? 8)])) as Record<SourceFormat, Base[]>;
  // Notes: rendered for real papers (seed pages and samples), plus hand-written ones.
  const sources = [...files['daily-papers'].slice(0, 2), ...['library.bib', 'zotero-export.csl.json', 'reading-list.ris', 'hf-daily-papers.json'].map((n) => path.join(ROOT, 'samples', n))];
  const library = buildLibrary(sources.filter((p) => fs.existsSync(p)).map((p) => parseSource(p, fs.readFileSync(p, 'utf8'))));
  const papers = library.papers.filter((_, i) => i % Math.max(1, Math.floor(library.papers.length / 40)) === 0);
  const notes: NoteBase[] = [
    ...papers.map((p) => ({ name: `rendered:${p.key}`, text: renderNote(p, CREATED).text })),
    ...HAND_NOTES.map((text, i) => ({ name: `hand:${i}`, text })),
    // A rendered note the user then edited: extra fields and a body of their own.
    ...papers.slice(0, 5).map((p) => ({ name: `edited:${p.key}`, text: renderNote(p, CREATED).text.replace(/^status: unread$/m, 'status: reading\nrating: 4\nproject: "thesis: ch. 2"') + '\n- my note with a [[link]] and `code`\n' })),
  ];
  return { bases, notes, papers, shared: useShared && sharedData() !== undefined };
}

export interface FuzzOptions {
  readonly count: number;
  readonly frontmatterCount?: number;
  readonly seed: number;
  readonly formats?: readonly SourceFormat[];
  readonly timeLimitMs?: number;
  /** Called after every case (progress, hang watchdog). */
  readonly onCase?: (target: string, seed: number, index: number) => void;
}

export interface FuzzReport {
  readonly stats: Record<string, Stats>;
  readonly failures: CaseResult[];
  readonly ms: number;
}

export function runFuzz(corpus: Corpus, options: FuzzOptions): FuzzReport {
  const start = performance.now();
  const stats: Record<string, Stats> = {};
  const failures: CaseResult[] = [];
  const record = (r: CaseResult): void => {
    addResult((stats[r.target] ??= emptyStats()), r);
    if (r.failures.length > 0) {
      failures.push(r);
    }
  };
  for (const format of options.formats ?? FORMATS) {
    const bases = corpus.bases[format];
    for (let i = 0; i < options.count; i++) {
      options.onCase?.(format, options.seed, i);
      record(runLoaderCase(format, bases, options.seed, i, { timeLimitMs: options.timeLimitMs }));
    }
  }
  const fmCount = options.frontmatterCount ?? options.count;
  for (let i = 0; i < fmCount; i++) {
    options.onCase?.('frontmatter', options.seed, i);
    record(runFrontmatterCase(corpus.notes, corpus.papers, options.seed, i, { timeLimitMs: options.timeLimitMs }));
  }
  return { stats, failures, ms: performance.now() - start };
}

function pad(s: string | number, n: number): string {
  return String(s).padStart(n);
}

export function formatReport(report: FuzzReport, corpus: Corpus, options: FuzzOptions): string {
  const out: string[] = [];
  const targets = Object.keys(report.stats);
  out.push(`seed ${options.seed}; ${options.count} inputs per format, ${options.frontmatterCount ?? options.count} frontmatter inputs; shared data: ${corpus.shared ? 'yes' : 'no'}`);
  out.push(`bases: ${FORMATS.map((f) => `${f} ${corpus.bases[f].length}`).join(', ')}, notes ${corpus.notes.length}`);
  out.push('');
  out.push(`${'category'.padEnd(16)}${targets.map((t) => pad(t, 14)).join('')}${pad('total', 10)}`);
  for (const c of CATEGORIES) {
    const row = targets.map((t) => report.stats[t]?.byCategory[c]?.cases ?? 0);
    out.push(`${c.padEnd(16)}${row.map((n) => pad(n, 14)).join('')}${pad(row.reduce((a, b) => a + b, 0), 10)}`);
  }
  const totals = targets.map((t) => report.stats[t]?.cases ?? 0);
  out.push(`${'total'.padEnd(16)}${totals.map((n) => pad(n, 14)).join('')}${pad(totals.reduce((a, b) => a + b, 0), 10)}`);
  out.push('');
  out.push(`${'per format'.padEnd(16)}${pad('failures', 10)}${pad('detected', 10)}${pad('records', 10)}${pad('mean ms', 10)}${pad('max ms', 10)}  slowest input`);
  for (const t of targets) {
    const s = report.stats[t];
    if (!s) {
      continue;
    }
    const detected = Object.values(s.byCategory).reduce((a, c) => a + c.detected, 0);
    const records = Object.values(s.byCategory).reduce((a, c) => a + c.records, 0);
    out.push(`${t.padEnd(16)}${pad(s.failures, 10)}${pad(t === 'frontmatter' ? '-' : `${((100 * detected) / Math.max(1, s.cases)).toFixed(0)}%`, 10)}${pad(records, 10)}${pad((s.totalMs / Math.max(1, s.cases)).toFixed(2), 10)}${pad(s.maxMs.toFixed(0), 10)}  ${s.maxCase}`);
  }
  out.push('');
  out.push(`max ms per category: ${CATEGORIES.map((c) => `${c} ${Math.max(0, ...targets.map((t) => report.stats[t]?.byCategory[c]?.maxMs ?? 0)).toFixed(0)}`).join(', ')}`);
  out.push(`time: ${(report.ms / 1000).toFixed(1)} s`);
  if (report.failures.length > 0) {
    out.push('');
    out.push(`${report.failures.length} failing input(s) (replay: npm run fuzz -- --replay <target>:<seed>:<index> --dump /tmp/input):`);
    for (const f of report.failures.slice(0, 50)) {
      out.push(`  ${f.target}:${f.seed}:${f.index} [${f.category}, base ${f.base}, ${f.size} units, ${f.ms.toFixed(0)} ms]`);
      for (const m of [...new Set(f.failures)].slice(0, 5)) {
        out.push(`      ${m}`);
      }
    }
  }
  return out.join('\n');
}

/** Regenerates one input, writes it to `dump` if asked, and re-runs its checks. */
export function replay(corpus: Corpus, spec: string, dump: string | undefined, timeLimitMs?: number): CaseResult {
  const m = /^([\w-]+):(\d+):(\d+)$/.exec(spec);
  if (!m) {
    throw new Error(`--replay wants target:seed:index, got ${spec}`);
  }
  const [target, seed, index] = [m[1] as string, Number(m[2]), Number(m[3])];
  if (target === 'frontmatter') {
    if (dump) {
      fs.writeFileSync(dump, frontmatterInput(corpus.notes, seed, index));
    }
    return runFrontmatterCase(corpus.notes, corpus.papers, seed, index, { timeLimitMs });
  }
  if (!(FORMATS as readonly string[]).includes(target)) {
    throw new Error(`unknown target ${target}`);
  }
  const format = target as SourceFormat;
  const { input, path: p } = loaderInput(format, corpus.bases[format], seed, index);
  if (dump) {
    fs.writeFileSync(dump, input.kind === 'text' ? input.text : input.bytes);
  }
  const parsed = input.kind === 'text' ? parseSource(p, input.text, { explicit: true }) : parseSourceBytes(p, input.bytes, { explicit: true });
  console.log(`${spec}: ${mutatedText(input).length} chars, detected ${parsed.format ?? 'none'}, ${parsed.records.length} records, ${parsed.problems.length} problems`);
  for (const pr of parsed.problems.slice(0, 10)) {
    console.log(`  line ${pr.line}: ${pr.message.slice(0, 160)}`);
  }
  return runLoaderCase(format, corpus.bases[format], seed, index, { timeLimitMs });
}

function arg(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function main(argv: readonly string[]): number {
  const corpus = loadCorpus({ shared: !argv.includes('--no-shared') });
  const timeLimitMs = Number(arg(argv, '--time-limit') ?? 2000);
  const replaySpec = arg(argv, '--replay');
  if (replaySpec) {
    const r = replay(corpus, replaySpec, arg(argv, '--dump'), timeLimitMs);
    console.log(`${r.category} from ${r.base}, ${r.ms.toFixed(0)} ms: ${r.failures.length === 0 ? 'ok' : ''}`);
    r.failures.forEach((f) => console.log(`  FAIL ${f}`));
    return r.failures.length === 0 ? 0 : 1;
  }
  const count = Number(arg(argv, '--count') ?? 10_000);
  const formats = arg(argv, '--formats')?.split(',').filter((f): f is SourceFormat => (FORMATS as readonly string[]).includes(f));
  const progressFd = process.env.FUZZ_PROGRESS_FD ? Number(process.env.FUZZ_PROGRESS_FD) : undefined;
  let last = 0;
  const options: FuzzOptions = {
    count,
    frontmatterCount: Number(arg(argv, '--frontmatter') ?? count),
    seed: Number(arg(argv, '--seed') ?? process.env.FUZZ_SEED ?? 1),
    formats,
    timeLimitMs,
    onCase: (target, seed, index) => {
      if (progressFd !== undefined) {
        fs.writeSync(progressFd, `${target}:${seed}:${index}\n`); // synchronous: the parent knows the case even if this one hangs
      }
      const now = Date.now();
      if (now - last > 10_000) {
        last = now;
        process.stderr.write(`  … ${target} ${index}\n`);
      }
    },
  };
  const report = runFuzz(corpus, options);
  console.log(formatReport(report, corpus, options));
  return report.failures.length === 0 ? 0 : 1;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
