/**
 * Seeded fuzzing in the unit suite: the same harness as `npm run fuzz` (scripts/fuzz-run.ts),
 * with a small count so the file stays well under 20 s. `npm run fuzz` runs ≥ 10,000 inputs
 * per format; see docs/reliability.md.
 */
import * as assert from 'node:assert/strict';
import type { Paper } from '../model';
import { parseSource } from '../sources';
import { readFrontmatter, setStatusText, splitNote, updateNoteText } from '../notes/frontmatter';
import type { CaseResult } from './mutate';
import { CATEGORIES, FORMATS, categoryOf, frontmatterInput, loaderInput, mulberry32, mutate, mutatedText, runLoaderCase } from './mutate';
import type { Corpus } from '../../../scripts/fuzz-run';
import { formatReport, loadCorpus, runFuzz } from '../../../scripts/fuzz-run';

/** Inputs per format in the unit suite (each category of the 20-slot cycle at least 5 times). */
const COUNT = 100;
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

function paper(fields: Partial<Paper> = {}): Paper {
  return { key: 'vaswani2017attention', title: 'Attention Is All You Need', authors: ['Ashish Vaswani'], year: 2017, tags: [], sources: [{ path: 'lib.bib', line: 1, format: 'bibtex' }], ...fields };
}

/**
 * Known frontmatter bugs, reported to the lead (see the skipped tests below for reproducers).
 * Until they are fixed, fuzz failures that are exactly these are tolerated here (and still
 * reported by `npm run fuzz`); once fixed, these predicates simply never match.
 */
function knownFrontmatterBug(corpus: Corpus, r: CaseResult): boolean {
  const text = frontmatterInput(corpus.notes, r.seed, r.index);
  const bomWithoutBlock = text.startsWith('\ufeff') && splitNote(text).yaml === undefined;
  const raw = splitNote(text).yaml;
  const dashLineInYaml = raw !== undefined && /^---/m.test(raw);
  return r.failures.every((f) => (bomWithoutBlock && /: body changed/.test(f)) || (/^updateNoteText: user fields changed/.test(f) && /\b__proto__\b/.test(f)) || (dashLineInYaml && /: user fields changed/.test(f)));
}

/** The deep-nesting stack overflow in latex.ts (see the skipped test below). */
function knownLoaderBug(r: CaseResult): boolean {
  return r.target === 'bibtex' && r.failures.every((f) => /could not be converted: RangeError: Maximum call stack size exceeded/.test(f));
}

suite('core/fuzz', function () {
  this.timeout(60_000);
  let corpus: Corpus;
  suiteSetup(() => {
    corpus = loadCorpus({ perFile: 4 });
  });

  test('inputs are a function of (format, seed, index)', () => {
    for (const format of FORMATS) {
      for (const index of [0, 1, 7, 8, 15]) {
        const a = loaderInput(format, corpus.bases[format], SEED, index);
        const b = loaderInput(format, corpus.bases[format], SEED, index);
        assert.equal(a.base.name, b.base.name);
        assert.equal(a.category, categoryOf(index));
        assert.equal(a.input.kind, b.input.kind);
        assert.deepEqual(mutatedText(a.input), mutatedText(b.input));
      }
      const other = loaderInput(format, corpus.bases[format], SEED + 1, 0);
      assert.notDeepEqual(mutatedText(other.input), mutatedText(loaderInput(format, corpus.bases[format], SEED, 0).input));
    }
    assert.equal(frontmatterInput(corpus.notes, SEED, 3), frontmatterInput(corpus.notes, SEED, 3));
  });

  test('every category mutates, and the heavy ones are heavy', () => {
    const base = '@article{a,\n  title = {A title},\n  author = {Doe, Jane and Roe, Rick},\n  year = 2020\n}\n@book{b,\n  title = {B}\n}\n';
    for (const category of CATEGORIES) {
      let changed = 0;
      for (let s = 0; s < 20; s++) {
        const m = mutate('bibtex', category, base, mulberry32(s));
        changed += mutatedText(m) !== base ? 1 : 0;
      }
      assert.ok(changed >= 10, `${category} changed only ${changed} of 20 inputs`);
    }
    const deep = mutatedText(mutate('bibtex', 'deep-nesting', base, mulberry32(1)));
    assert.ok(deep.length >= base.length + 10_000);
    const huge = mutatedText(mutate('csl-json', 'huge-field', '[{"id": "a", "type": "book", "title": "T", "author": [{"family": "F"}]}]', mulberry32(2)));
    assert.ok(huge.length >= 1_000_000);
    const flipped = mutate('ris', 'byte-flip', 'TY  - JOUR\nTI  - x\nER  - \n', mulberry32(3));
    assert.equal(flipped.kind, 'bytes');
  });

  test(`loaders: ${COUNT} mutated inputs per format keep the contract`, () => {
    const report = runFuzz(corpus, { count: COUNT, frontmatterCount: 0, seed: SEED });
    const unknown = report.failures.filter((r) => !knownLoaderBug(r));
    const summary = formatReport({ ...report, failures: unknown }, corpus, { count: COUNT, frontmatterCount: 0, seed: SEED });
    assert.equal(unknown.length, 0, summary);
    for (const format of FORMATS) {
      assert.equal(report.stats[format]?.cases, COUNT);
      assert.ok((report.stats[format]?.maxMs ?? 0) < 2000, summary);
    }
  });

  test(`frontmatter: ${COUNT} mutated notes keep bodies and user fields`, () => {
    const report = runFuzz(corpus, { count: 0, frontmatterCount: COUNT, seed: SEED });
    const unknown = report.failures.filter((r) => !knownFrontmatterBug(corpus, r));
    assert.equal(unknown.length, 0, formatReport({ ...report, failures: unknown }, corpus, { count: 0, frontmatterCount: COUNT, seed: SEED }));
    assert.equal(report.stats.frontmatter?.cases, COUNT);
  });

  test('a replayed failure is the same input', () => {
    // runLoaderCase regenerates its input from (format, seed, index): results agree exactly.
    const a = runLoaderCase('bibtex', corpus.bases.bibtex, SEED, 8);
    const b = runLoaderCase('bibtex', corpus.bases.bibtex, SEED, 8);
    assert.deepEqual({ ...a, ms: 0 }, { ...b, ms: 0 });
  });

  test('BibTeX nesting 2,000 levels deep converts; deeper is reported, never thrown', () => {
    const deep = (d: number): string => `@article{deep,\n  title = {${'{'.repeat(d)}x${'}'.repeat(d)}},\n  year = 2020\n}\n`;
    const t0 = performance.now();
    const r = parseSource('deep.bib', deep(2000));
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(r.records.length, 1);
    assert.equal(r.records[0]?.title, 'x');
    const r2 = parseSource('deep.bib', deep(100_000));
    assert.ok(r2.problems.every((p) => p.path === 'deep.bib' && p.line >= 1 && p.line <= 5));
    const big = JSON.stringify([{ id: 'a', type: 'book', title: 'x'.repeat(1_000_000) }]);
    assert.equal(parseSource('big.csl.json', big).records.length, 1);
  });

  // Bug found by the fuzzer in src/core/sources/latex.ts (reported to the lead, not fixed here):
  // Converter.sequence recurses once per `{` group, so a value nested deeper than ~6,400 groups
  // overflows the stack; bibtex.ts catches it per entry and drops the entry.
  // Reproducer: npm run fuzz -- --seed 7 --replay bibtex:7:148 --dump /tmp/deep.bib
  test.skip('BUG: a BibTeX title nested 10,000 braces deep loses its entry (RangeError in latex.ts)', () => {
    const text = `@article{deep,\n  title = {${'{'.repeat(10_000)}x${'}'.repeat(10_000)}},\n  year = 2020\n}\n`;
    const r = parseSource('deep.bib', text);
    assert.deepEqual(r.problems, []);
    assert.equal(r.records.length, 1);
  });

  // Bugs the fuzzer found in src/core/notes/frontmatter.ts: the first two are fixed, the third is open.
  test('fixed: a note with a BOM and no frontmatter keeps one BOM, in front of the new block (frontmatter:20261123:*)', () => {
    const text = '\ufeffNo frontmatter but a BOM.\n';
    for (const out of [updateNoteText(text, paper()).text, setStatusText(text, 'read')]) {
      assert.ok(out !== undefined);
      assert.equal(out.indexOf('\ufeff', 1), -1, 'U+FEFF appears again after the new frontmatter');
      assert.equal(splitNote(out).body, '\nNo frontmatter but a BOM.\n');
    }
  });

  test('fixed: updateNoteText keeps a user field named __proto__', () => {
    const text = '---\n__proto__: {polluted: true}\nstatus: unread\n---\nBody\n';
    const out = updateNoteText(text, paper()).text;
    assert.ok(out !== undefined);
    const data = readFrontmatter(out).data;
    assert.ok(Object.hasOwn(data, '__proto__'), `lost: ${out}`);
    assert.ok(Object.hasOwn(readFrontmatter(setStatusText(text, 'read') ?? '').data, '__proto__'));
  });

  test.skip('BUG: a frontmatter block whose YAML has a line starting with --- loses its user fields on update (frontmatter:3:293)', () => {
    // splitNote takes "---\ntitle: …\ntags: [a]" as the YAML (js-yaml reads it: `---` starts the
    // document), but readFrontmatter re-wraps it for gray-matter, which closes the block at that
    // line and reads {}: updateNoteText/setStatusText then rewrite the block without the user's fields.
    const text = '---\n---\ntitle: T\ntags: [a]\nstatus: reading\nmine: 1\n---\nBody\n';
    assert.deepEqual(readFrontmatter(text).data, { title: 'T', tags: ['a'], status: 'reading', mine: 1 });
    const out = setStatusText(text, 'read');
    assert.ok(out !== undefined);
    assert.equal(readFrontmatter(out).data.mine, 1);
  });
});
