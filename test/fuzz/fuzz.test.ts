/**
 * Seeded fuzzing in the unit suite: the same harness as `npm run fuzz` (scripts/fuzz-run.ts),
 * with a small count so the file stays well under 20 s. `npm run fuzz` runs ≥ 10,000 inputs
 * per format; see docs/reliability.md.
 */
import * as assert from 'node:assert/strict';
import type { Paper } from '../../src/core/model';
import { parseSource } from '../../src/core/sources';
import { readFrontmatter, setStatusText, splitNote, updateNoteText } from '../../src/core/notes/frontmatter';
import { CATEGORIES, FORMATS, categoryOf, frontmatterInput, loaderInput, mulberry32, mutate, mutatedText, runLoaderCase } from './mutate';
import type { Corpus } from '../../scripts/fuzz-run';
import { formatReport, loadCorpus, runFuzz } from '../../scripts/fuzz-run';

/** Inputs per format in the unit suite (each category of the 20-slot cycle at least 5 times). */
const COUNT = 100;
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

function paper(fields: Partial<Paper> = {}): Paper {
  return { key: 'vaswani2017attention', title: 'Attention Is All You Need', authors: ['Ashish Vaswani'], year: 2017, tags: [], sources: [{ path: 'lib.bib', line: 1, format: 'bibtex' }], ...fields };
}

/** A per-input bound that only a hang exceeds. */
const HANG_MS = 60_000;

suite('fuzz', function () {
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
    // The per-input time bound here only catches hangs (a minute); speed is `npm run fuzz`'s and
    // the complexity suite's business, not a unit test's on a busy machine.
    const report = runFuzz(corpus, { count: COUNT, frontmatterCount: 0, seed: SEED, timeLimitMs: HANG_MS });
    const summary = formatReport(report, corpus, { count: COUNT, frontmatterCount: 0, seed: SEED });
    assert.equal(report.failures.length, 0, summary);
    for (const format of FORMATS) {
      assert.equal(report.stats[format]?.cases, COUNT);
    }
  });

  test(`frontmatter: ${COUNT} mutated notes keep bodies and user fields`, () => {
    const report = runFuzz(corpus, { count: 0, frontmatterCount: COUNT, seed: SEED, timeLimitMs: HANG_MS });
    assert.equal(report.failures.length, 0, formatReport(report, corpus, { count: 0, frontmatterCount: COUNT, seed: SEED }));
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
    const r = parseSource('deep.bib', deep(2000));
    assert.equal(r.records.length, 1);
    assert.equal(r.records[0]?.title, 'x');
    const r2 = parseSource('deep.bib', deep(100_000));
    assert.ok(r2.problems.every((p) => p.path === 'deep.bib' && p.line >= 1 && p.line <= 5));
    const big = JSON.stringify([{ id: 'a', type: 'book', title: 'x'.repeat(1_000_000) }]);
    assert.equal(parseSource('big.csl.json', big).records.length, 1);
  });

  // Found by the fuzzer (npm run fuzz -- --seed 7 --replay bibtex:7:148): Converter.sequence
  // recursed once per `{` group, so ~6,400 nested groups overflowed the stack and the entry was lost.
  test('fixed: a BibTeX title nested 10,000 (and 100,000) braces deep loads, and so does a deep macro chain', () => {
    for (const d of [10_000, 100_000]) {
      const text = `@article{deep,\n  title = {${'{'.repeat(d)}x${'}'.repeat(d)}},\n  year = 2020\n}\n`;
      const r = parseSource('deep.bib', text);
      assert.deepEqual(r.problems, []);
      assert.equal(r.records.length, 1);
      assert.equal(r.records[0]?.title, 'x');
    }
    const chain = `@article{chain,\n  title = {${'\\emph{'.repeat(20_000)}Deep \\& wide${'}'.repeat(20_000)}},\n  year = 2020\n}\n`;
    const r = parseSource('chain.bib', chain);
    assert.deepEqual(r.problems, []);
    assert.equal(r.records[0]?.title, 'Deep & wide');
    assert.equal(parseSource('x.bib', '@article{a, title = {\\emph{\\textbf{Nested} macros}}, year = 2020}').records[0]?.title, 'Nested macros');
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

  test('fixed: a line starting with --- inside the block never loses user fields (frontmatter:3:293)', () => {
    // The splitter took "---\ntitle: …" as the YAML but gray-matter, re-reading it, closed the block
    // at that line and read {}: the rewrite dropped the user's fields. Now one splitter decides,
    // with the rule every other tool uses: `---\n---\n` is an empty block, the rest is body.
    const text = '---\n---\ntitle: T\ntags: [a]\nstatus: reading\nmine: 1\n---\nBody\n';
    assert.deepEqual(splitNote(text), { yaml: '', body: 'title: T\ntags: [a]\nstatus: reading\nmine: 1\n---\nBody\n', eol: '\n' });
    const out = setStatusText(text, 'read');
    assert.equal(out, '---\nstatus: read\n---\ntitle: T\ntags: [a]\nstatus: reading\nmine: 1\n---\nBody\n');
    // Lines that merely start with --- inside the YAML: read and rewrite agree, or the note is left alone.
    for (const yamlText of ['mine: 1\n---x: 2', 'mine: 1\nquote: |\n  ---\n  kept', 'mine: 1\n--- # comment\nother: 2', 'mine: 1\n----\nother: 2']) {
      const note = `---\n${yamlText}\n---\nBody\n`;
      const before = readFrontmatter(note);
      const update = updateNoteText(note, paper());
      if (before.error !== undefined) {
        assert.equal(update.text, undefined, `rewrote a note whose YAML it could not read: ${JSON.stringify(note)}`);
        continue;
      }
      assert.ok(update.text !== undefined);
      const after = readFrontmatter(update.text).data;
      for (const [k, v] of Object.entries(before.data)) {
        if (k !== 'title' && k !== 'citekey') {
          assert.deepEqual(after[k], v, `${k} changed in ${JSON.stringify(note)}`);
        }
      }
      assert.ok(update.text.endsWith('---\nBody\n'));
    }
  });
});
