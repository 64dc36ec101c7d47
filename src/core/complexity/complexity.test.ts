/**
 * The complexity suite (issue #18): for each class of algorithmic attack a hostile repository
 * could mount, a crafted input at two sizes, with an assertion on the growth of the time (a
 * ratio, never an absolute time; see ./growth.ts) and on the result (the report is valid, the
 * other entries and sources are intact). Not random fuzzing: every input is the worst case
 * known for the code it targets.
 */
import * as assert from 'node:assert/strict';
import { findLatexCitations } from '../cite/latex-citations';
import { findMarkdownCitations, findWikiLinks } from '../cite/markdown-citations';
import { toBibtex } from '../export/bibtex';
import { buildLibrary } from '../library';
import { mergeRecords } from '../merge';
import type { Paper, PaperRecord } from '../model';
import { safeFileName } from '../notes/file-name';
import { noteMeta, readFrontmatter, rewriteRefusal, setStatusText, updateNoteText } from '../notes/frontmatter';
import { TEMPLATE_OUTPUT_BUDGET, renderNote } from '../notes/template';
import { arxivFromText, doiOf, firstUrl } from '../sources/fields';
import { parseSource } from '../sources';
import { MAX_EXPANDED_CHARS } from '../sources/bibtex';
import { RECORD_BUDGETS } from '../sources/budgets';
import { growth } from './growth';

const GOOD = '@article{good1, title = {A Good Paper Before}, author = {Ann Smith}, year = 2020}\n';
const GOOD2 = '@article{good2, title = {Another Good Paper After}, author = {Bob Jones}, year = 2021}\n';

/** `@string{aN = aN-1 # aN-1}` doubling `levels` times, used in a title, between two good entries. */
function macroBomb(levels: number): string {
  let s = GOOD + '@string{a0 = "xy"}\n';
  for (let i = 1; i <= levels; i++) {
    s += `@string{a${i} = a${i - 1} # a${i - 1}}\n`;
  }
  return s + `@article{bomb, title = a${levels} # { end}, note = a${levels}, year = 2022}\n` + GOOD2;
}

suite('complexity: H1 BibTeX @string expansion', () => {
  test('28 doublings (a 1 KB file) load with the entry kept, truncated and reported; no other entry lost', () => {
    const parsed = parseSource('bomb.bib', macroBomb(28));
    const keys = parsed.records.map((r) => r.key);
    assert.deepEqual(keys, ['good1', 'bomb', 'good2']);
    const bomb = parsed.records[1];
    assert.ok(bomb && bomb.title.length <= RECORD_BUDGETS.title, `title length ${bomb?.title.length}`);
    assert.ok(parsed.problems.some((p) => /over 1,000,000 characters after @string expansion; truncated/.test(p.message)), JSON.stringify(parsed.problems));
    assert.ok(parsed.problems.every((p) => p.path === 'bomb.bib' && p.line >= 1));
    const library = buildLibrary([parsed]);
    assert.equal(library.papers.length, 3);
  });

  test('the per-file budget: 200 doublings stay bounded and macros past the budget keep their names', () => {
    const parsed = parseSource('bomb.bib', macroBomb(200));
    assert.deepEqual(
      parsed.records.map((r) => r.key),
      ['good1', 'bomb', 'good2'],
    );
    assert.ok(parsed.problems.some((p) => /expansion budget of this file .* is used up/.test(p.message)));
    assert.ok(MAX_EXPANDED_CHARS >= 1_000_000);
  });

  test('growth: doubling the number of doublings (40 → 80) does not grow the time past the bound', () => {
    const g = growth('H1 macro doublings', 40, 2, macroBomb, (text) => buildLibrary([parseSource('bomb.bib', text)]));
    console.log(`      ${g.text}`);
    assert.ok(g.ok, g.text);
  });
});

function paper(title: string): Paper {
  return { key: 'k', title, authors: [], tags: [], sources: [{ path: 'a.bib', line: 1, format: 'bibtex' }] };
}

suite('complexity: H3 identifier and trimming regexes', () => {
  const cases: Array<{ name: string; n: number; input: (n: number) => string; task: (s: string) => unknown }> = [
    { name: 'arxivFromText: arxiv + spaces + x', n: 100_000, input: (n) => `arxiv${' '.repeat(n)}x`, task: arxivFromText },
    { name: 'arxivFromText: arxiv preprint arxiv + spaces', n: 100_000, input: (n) => `arxiv preprint arxiv${' '.repeat(n)}x`, task: arxivFromText },
    { name: 'arxivFromText: (arxiv )*', n: 50_000, input: (n) => 'arxiv '.repeat(n), task: arxivFromText },
    { name: 'doiOf: doi × n', n: 50_000, input: (n) => 'doi'.repeat(n), task: doiOf },
    { name: 'doiOf: doi/ + spaces', n: 100_000, input: (n) => `x doi:${' '.repeat(n)}10.1/`, task: doiOf },
    { name: 'firstUrl: ) × n', n: 100_000, input: (n) => `http://a.org/${')'.repeat(n)}x`, task: firstUrl },
    { name: 'safeFileName: " ." × n', n: 50_000, input: (n) => `a${' .'.repeat(n)}x`, task: safeFileName },
    { name: 'BibTeX export: one long word', n: 100_000, input: (n) => 'a'.repeat(n), task: (s) => toBibtex([paper(s)]) },
    { name: 'RIS: a line of spaces', n: 100_000, input: (n) => `TY  - JOUR\nTI  - A title${' '.repeat(n)}x\nER  - \n`, task: (s) => parseSource('a.ris', s) },
    { name: 'RIS: spaces before U+2028', n: 100_000, input: (n) => `TY  - JOUR\nTI  - A title\nAU  -${' '.repeat(n)}\u2028x\nER  - \n`, task: (s) => parseSource('a.ris', s) },
  ];
  for (const c of cases) {
    test(`growth: ${c.name} (×8 input: time within 27×)`, () => {
      const g = growth(c.name, c.n, 8, c.input, c.task);
      console.log(`      ${g.text}`);
      assert.ok(g.ok, g.text);
    });
  }

  test('a CSL-JSON note of arxiv + 150,000 spaces and a BibTeX doi of doi × 133,000 load, other entries intact', () => {
    const csl = JSON.stringify([
      { id: 'good', type: 'article', title: 'Good Paper', note: 'arXiv:2101.00001' },
      { id: 'bad', type: 'article', title: 'Bad Paper', note: `arxiv${' '.repeat(150_000)}x` },
    ]);
    const c = parseSource('a.csl.json', csl);
    assert.deepEqual(
      c.records.map((r) => [r.key, r.arxivId]),
      [
        ['good', '2101.00001'],
        ['bad', undefined],
      ],
    );
    const bib = `${GOOD}@article{bad, title = {Bad}, doi = {${'doi'.repeat(133_000)}}}\n${GOOD2}`;
    const b = parseSource('a.bib', bib);
    assert.deepEqual(
      b.records.map((r) => r.key),
      ['good1', 'bad', 'good2'],
    );
  });
});

suite('complexity: M1 citation scanning', () => {
  const cases: Array<{ name: string; n: number; input: (n: number) => string; task: (s: string) => unknown }> = [
    { name: 'markdown: @{ × n on one line', n: 20_000, input: (n) => 'x @{'.repeat(n), task: findMarkdownCitations },
    { name: 'markdown: a fence line of backticks before U+2028', n: 50_000, input: (n) => `${'`'.repeat(n)}\u2028\n@a`, task: findMarkdownCitations },
    { name: 'markdown: a wiki link of # before U+2028', n: 50_000, input: (n) => `[[a${'#'.repeat(n)}\u2028]]`, task: findWikiLinks },
    { name: 'LaTeX: \\cite{ × n, never closed', n: 20_000, input: (n) => '\\cite{'.repeat(n), task: findLatexCitations },
    { name: 'LaTeX: \\cite[ × n, never closed', n: 20_000, input: (n) => '\\cite['.repeat(n), task: findLatexCitations },
    { name: 'LaTeX: \\cites(…) × n, never closed', n: 20_000, input: (n) => '\\cites('.repeat(n), task: findLatexCitations },
    { name: 'LaTeX: \\cite{ nested n deep', n: 20_000, input: (n) => `${'\\cite{a,'.repeat(n)}${'}'.repeat(n)}`, task: findLatexCitations },
    { name: 'LaTeX: \\begin{ × n, never closed', n: 20_000, input: (n) => '\\begin{'.repeat(n), task: findLatexCitations },
  ];
  for (const c of cases) {
    test(`growth: ${c.name} (×8 input: time within 27×)`, () => {
      const g = growth(c.name, c.n, 8, c.input, c.task);
      console.log(`      ${g.text}`);
      assert.ok(g.ok, g.text);
    });
  }

  test('results stay right around hostile text: keys before and after are found', () => {
    const md = `[@good1] ${'@{'.repeat(10_000)}\n\n[@good2]`;
    assert.deepEqual(
      findMarkdownCitations(md).map((r) => r.key),
      ['good1', 'good2'],
    );
    const tex = `\\cite{good1} ${'\\cite{a,'.repeat(1000)}${'}'.repeat(1000)} \\cite{good2} ${'\\cite{'.repeat(10_000)}`;
    const keys = findLatexCitations(tex).map((r) => r.key);
    assert.equal(keys[0], 'good1');
    assert.ok(keys.includes('good2'));
    assert.equal(keys.filter((k) => k === 'a').length, 1000);
  });
});

/** Frontmatter nesting YAML aliases `levels` deep, 10 wide (10^levels leaves when expanded). */
function laughs(levels: number): string {
  let yaml = 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
  for (let i = 1; i <= levels; i++) {
    yaml += `l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]\n`;
  }
  return yaml;
}

suite('complexity: M2 YAML aliases and template output', () => {
  const p: Paper = { key: 'smith2020', title: 'New Title', authors: ['Ann Smith'], tags: [], sources: [{ path: 'a.bib', line: 1, format: 'bibtex' }], abstract: 'An abstract. '.repeat(100) };

  test('a note whose frontmatter nests aliases 6 deep is not rewritten (clear reason), fast, and still read', () => {
    const note = `---\ntitle: Old Title\nstatus: reading\n${laughs(6)}---\nMy own text.\n`;
    const update = updateNoteText(note, p);
    assert.equal(update.text, undefined);
    assert.match(update.error ?? '', /YAML anchors or aliases/);
    assert.equal(setStatusText(note, 'read'), undefined);
    assert.match(rewriteRefusal(note) ?? '', /aliases/);
    assert.equal(noteMeta(readFrontmatter(note).data).status, 'reading');
    // a note without anchors is still rewritten
    assert.ok(updateNoteText('---\ntitle: Old\nmine: "a & b"\n---\nx\n', p).text?.includes('New Title'));
  });

  test('a template whose frontmatter nests aliases, or repeats {{abstract}} 100,000 times, writes no note', () => {
    const aliased = renderNote(p, '2026-01-01', `---\n${laughs(6)}---\n# {{title}}\n`);
    assert.equal(aliased.text, '');
    assert.match(aliased.error ?? '', /anchors or aliases/);
    const repeated = renderNote(p, '2026-01-01', '{{abstract}}'.repeat(100_000));
    assert.equal(repeated.text, '');
    assert.match(repeated.error ?? '', /over 2,000,000 characters/);
    const fine = renderNote(p, '2026-01-01', '{{abstract}}\n'.repeat(10));
    assert.equal(fine.error, undefined);
    assert.ok(fine.text.length < TEMPLATE_OUTPUT_BUDGET + 10_000);
  });

  test('growth: alias nesting 8 → 64 levels (×8 input: time within 27×)', () => {
    const g = growth('M2 alias levels', 8, 8, (n) => `---\ntitle: Old\n${laughs(n)}---\nbody\n`, (note) => [updateNoteText(note, p), setStatusText(note, 'read')], { floorMs: 2 });
    console.log(`      ${g.text}`);
    assert.ok(g.ok, g.text);
  });

  test('growth: {{abstract}} × n in a template (×8 input: time within 27×)', () => {
    const g = growth('M2 template repeats', 20_000, 8, (n) => '{{abstract}}'.repeat(n), (t) => renderNote(p, '2026-01-01', t));
    console.log(`      ${g.text}`);
    assert.ok(g.ok, g.text);
  });
});

suite('complexity: M3/L4 huge merge groups and long lists', () => {
  test('150,000 copies of one paper merge into one (no Math.max(...values)); the other paper loads too', () => {
    const records: PaperRecord[] = [];
    for (let i = 0; i < 150_000; i++) {
      records.push({ title: 'The Same Paper Every Time', doi: '10.1000/same', upvotes: i, authorCount: i % 7, authors: [], tags: [], sources: [{ path: 'a.json', line: i + 1, format: 'hf-json' }] });
    }
    records.push({ title: 'My Own Paper Is Intact', authors: ['Me'], tags: [], sources: [{ path: 'mine.bib', line: 1, format: 'bibtex' }], key: 'mine' });
    const merged = mergeRecords(records);
    assert.equal(merged.length, 2);
    const same = merged.find((r) => r.doi === '10.1000/same');
    assert.equal(same?.upvotes, 149_999);
    assert.equal(same?.authorCount, 6);
    assert.equal(same?.sources.length, 150_000);
  });

  test('a RIS KW line with 300,000 `;` keeps its record and file (tags cut to the budget, reported)', () => {
    const kw = Array.from({ length: 300_000 }, (_, i) => `k${i}`).join(';');
    const parsed = parseSource('a.ris', `TY  - JOUR\nTI  - First Record\nER  - \nTY  - JOUR\nTI  - Keyword Bomb\nKW  - ${kw}\nER  - \nTY  - JOUR\nTI  - Last Record\nER  - \n`);
    assert.deepEqual(
      parsed.records.map((r) => r.title),
      ['First Record', 'Keyword Bomb', 'Last Record'],
    );
    assert.equal(parsed.records[1]?.tags.length, RECORD_BUDGETS.tags);
    assert.ok(parsed.problems.some((p) => p.line === 4 && /tags \(300,000, budget 2,000\)/.test(p.message)), JSON.stringify(parsed.problems));
  });
});

suite('complexity: H2 key collisions', () => {
  /** One BibTeX key repeated n times (distinct titles, so nothing merges). */
  const sameKey = (n: number): string => Array.from({ length: n }, (_, i) => `@article{same, title = {Distinct Paper Number ${i} Here}}\n`).join('');
  /** n keyless RIS records titled `Zeta <i>`: every generated key is `zeta`. */
  const zeta = (n: number): string => Array.from({ length: n }, (_, i) => `TY  - JOUR\nTI  - Zeta ${i}\nER  - \n`).join('');

  // citekey.ts takes the next free suffix per base (#12, merged from main): enabled.
  test('growth: one BibTeX key × 5,000 → 40,000 and keyless RIS `Zeta <i>` × 5,000 → 40,000 (×8 input: time within 27×); keys unique', () => {
    for (const [name, n, input, path] of [
      ['H2 same BibTeX key', 5_000, sameKey, 'same.bib'],
      ['H2 keyless RIS Zeta <i>', 5_000, zeta, 'zeta.ris'],
    ] as const) {
      const parsed = parseSource(path, input(n * 8));
      const library = buildLibrary([parsed]);
      assert.equal(library.papers.length, n * 8);
      assert.equal(library.byKey.size, n * 8, 'keys unique');
      const g = growth(name, n, 8, (size) => parseSource(path, input(size)), (p) => buildLibrary([p]), { runs: 2 });
      console.log(`      ${g.text}`);
      assert.ok(g.ok, g.text);
    }
  });
});
