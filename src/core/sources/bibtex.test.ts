import * as assert from 'node:assert/strict';
import { growth } from '../complexity/growth';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { PaperRecord, ParseResult } from '../model';
import { FIXTURES, ROOT, sharedCorpus } from '../../../test/paths';
import { mergeRecords } from '../merge';
import { looksLikeBibtex, parseBibtex } from './bibtex';

const DIR = path.join(FIXTURES, 'bibtex');
const read = (file: string): string => readFileSync(file, 'utf8');
const fixture = (name: string): string => read(path.join(DIR, name));
const byKey = (r: ParseResult, key: string): PaperRecord => {
  const found = r.records.find((x) => x.key === key);
  assert.ok(found, `record ${key} not found`);
  return found;
};

/** Invariants every loader result must satisfy. */
function assertWellFormed(r: ParseResult, file: string): void {
  for (const rec of r.records) {
    assert.ok(rec.title.trim() !== '', `${file}: empty title`);
    for (const [k, v] of Object.entries(rec)) {
      assert.notEqual(v, undefined, `${file}: ${k} present but undefined`);
      assert.ok(typeof v !== 'string' || v.trim() !== '', `${file}: empty string in ${k}`);
    }
    assert.ok(rec.sources.length === 1 && (rec.sources[0]?.line ?? 0) >= 1 && rec.sources[0]?.format === 'bibtex', `${file}: bad source`);
    assert.ok(rec.date === undefined || /^\d{4}(-\d{2}(-\d{2})?)?$/.test(rec.date), `${file}: bad date ${rec.date}`);
    assert.ok(rec.year === undefined || (Number.isInteger(rec.year) && rec.date?.startsWith(String(rec.year).padStart(4, '0'))), `${file}: bad year`);
    assert.ok(rec.doi === undefined || (rec.doi === rec.doi.toLowerCase() && rec.doi.startsWith('10.')), `${file}: bad doi ${rec.doi}`);
    assert.ok(rec.authors.every((a) => a.trim() !== '' && a === a.trim()), `${file}: bad author in ${JSON.stringify(rec.authors)}`);
  }
  for (const p of r.problems) {
    assert.ok(Number.isInteger(p.line) && p.line >= 1 && p.message !== '' && p.path !== '', `${file}: bad problem ${JSON.stringify(p)}`);
  }
}

suite('core/sources/bibtex', () => {
  suite('detection', () => {
    test('recognises BibTeX by content, after % comments and junk text', () => {
      assert.equal(looksLikeBibtex(fixture('basic.bib')), true);
      assert.equal(looksLikeBibtex('\ufeff@article{a, title={T}}'), true);
      assert.equal(looksLikeBibtex(`${'%'.repeat(70)}\n`.repeat(200) + '@Preamble{"x"}\n@book{b, title={T}}'), true);
      assert.equal(looksLikeBibtex('Some notes before the entries.\n\n@ARTICLE{key1,\n  title = "X",\n}'), true);
    });
    test('says no to other formats', () => {
      assert.equal(looksLikeBibtex(''), false);
      assert.equal(looksLikeBibtex('[{"id": "a", "note": "@article{x, y}"}]'), false);
      assert.equal(looksLikeBibtex('TY  - JOUR\nTI  - T\nER  - \n'), false);
      assert.equal(looksLikeBibtex('# Daily Papers\nmail me at someone@example.org {soon}\n'), false);
    });
  });

  suite('hand-written fixtures', () => {
    const basic = parseBibtex(fixture('basic.bib'), 'basic.bib');

    test('basic.bib: records, LaTeX to Unicode, names, macros, dates', () => {
      assert.deepEqual(basic.problems, []);
      assert.deepEqual(
        basic.records.map((r) => r.key),
        ['knuth1984', 'child2020', 'parent2020', 'online2021', 'paren2019'],
      );
      assertWellFormed(basic, 'basic.bib');
      const knuth = byKey(basic, 'knuth1984');
      assert.equal(knuth.title, 'The TeXbook: A Guide to LaTeX and β-Catenin — really');
      assert.deepEqual(knuth.authors, ['Donald E. Knuth', 'Özge Aksın', 'Ludwig van Beethoven']);
      assert.equal(knuth.venue, 'J. Amer. Math. Soc.'); // @string with `~`
      assert.equal(knuth.date, '1984-03'); // month macro
      assert.equal(knuth.year, 1984);
      assert.equal(knuth.doi, '10.1000/xyz_123'); // resolver prefix and `\_` removed
      assert.deepEqual(knuth.tags, ['typesetting', 'fonts']);
      assert.equal(knuth.type, 'article'); // lower-cased
      assert.deepEqual(knuth.sources, [{ path: 'basic.bib', line: 8, format: 'bibtex', key: 'knuth1984' }]);
    });

    test('basic.bib: crossref inheritance, # concatenation, eprint, () delimiters, file links', () => {
      const child = byKey(basic, 'child2020');
      assert.equal(child.title, 'Proceedings Child Paper');
      assert.deepEqual(child.authors, ['Jörg Müller', 'Jean de la Fontaine']);
      assert.equal(child.venue, 'Proceedings of the 1st Workshop on Tests'); // parent title -> booktitle
      assert.equal(child.date, '2020-07'); // year + `jul # "~15"` inherited
      assert.equal(child.arxivId, '2001.01234');
      assert.equal(child.doi, undefined, 'the volume DOI is not the paper DOI');
      assert.equal(byKey(basic, 'parent2020').doi, '10.1000/proc.2020');
      const online = byKey(basic, 'online2021');
      assert.deepEqual(online.authors, ['World Health Organization']);
      assert.equal(online.date, '2021-05-03'); // biblatex date range: start
      assert.equal(online.url, 'https://example.org/report_2021.pdf');
      assert.equal(online.pdfUrl, 'https://example.org/report_2021.pdf');
      const paren = byKey(basic, 'paren2019');
      assert.equal(paren.url, 'https://arxiv.org/abs/1905.00001');
      assert.equal(paren.arxivId, '1905.00001');
      assert.equal(paren.sources[0]?.line, 44);
      assert.equal(basic.records.some((r) => r.key === 'commented'), false, '@comment content is not an entry');
    });

    test('a broken entry in the middle is reported with its line and skipped; the rest loads', () => {
      const r = parseBibtex(fixture('broken-middle.bib'), 'broken-middle.bib');
      assertWellFormed(r, 'broken-middle.bib');
      assert.deepEqual(r.records.map((x) => x.key), ['good1', 'good2', 'good3']);
      assert.deepEqual(
        r.problems.map((p) => [p.line, p.severity]),
        [
          [6, 'error'],
          [16, 'error'],
        ],
      );
      assert.match(r.problems[0]?.message ?? '', /Entry `broken` skipped: unbalanced braces in field `title`.*line 8/);
      assert.match(r.problems[1]?.message ?? '', /expected `,` after the key `nocomma`/);
      assert.equal(r.problems[0]?.path, 'broken-middle.bib');
    });

    test('a truncated file keeps the complete entries and reports the cut one', () => {
      const r = parseBibtex(fixture('truncated.bib'), 'truncated.bib');
      assert.deepEqual(r.records.map((x) => x.key), ['complete']);
      assert.equal(r.problems.length, 1);
      assert.equal(r.problems[0]?.line, 7);
      assert.match(r.problems[0]?.message ?? '', /`cut`.*end of the file/);
      // An entry whose fields are complete but whose closing brace is missing is kept, with a warning.
      const open = parseBibtex('@article{a,\n  title = {Open},\n  year = 2000,\n', 'open.bib');
      assert.deepEqual(open.records.map((x) => [x.key, x.title, x.year]), [['a', 'Open', 2000]]);
      assert.deepEqual(open.problems.map((p) => [p.line, p.severity]), [[1, 'warning']]);
      assert.match(open.problems[0]?.message ?? '', /not closed before the end of the file/);
    });

    test('every prefix of a file parses without throwing, with valid problem lines', () => {
      const text = fixture('basic.bib');
      for (let i = 0; i <= text.length; i += 3) {
        const r = parseBibtex(text.slice(0, i), 'cut.bib');
        assertWellFormed(r, `prefix ${i}`);
      }
    });

    test('duplicate keys: both kept, warned with lines; undefined macros warned once with lines', () => {
      const r = parseBibtex(fixture('duplicates-and-macros.bib'), 'd.bib');
      assert.deepEqual(r.records.map((x) => [x.key, x.title, x.venue]), [
        ['dup', 'First', 'Known Journal'],
        ['dup', 'Second', 'unknownmacro'],
        ['Dup', 'Third', 'unknownmacro Suffix'],
        ['notitle', 'notitle', undefined], // no title: loaded, shown by its key
      ]);
      assert.equal(r.records[3]?.untitled, true);
      assert.deepEqual(r.problems.map((p) => [p.line, p.severity, p.message]), [
        [3, 'warning', 'Undefined @string macro `unknownmacro` in field `journal`; its name is used as the value (2 uses; also at line 4)'],
        [3, 'warning', 'Duplicate key `dup` (first at line 2); both entries are kept'],
        [4, 'warning', 'Duplicate key `Dup` (first at line 2); both entries are kept'],
      ]);
    });

    test('a field with unbalanced braces followed by more fields is repaired with a warning', () => {
      const r = parseBibtex(fixture('unbalanced-field.bib'), 'u.bib');
      assert.deepEqual(r.records.map((x) => x.key), ['damaged', 'after']);
      const damaged = byKey(r, 'damaged');
      assert.equal(damaged.doi, '10.1080/08990229771042'); // fields after the damaged one survive
      assert.equal(damaged.venue, 'Somatosensory & Motor Research');
      assert.equal(damaged.year, 2009);
      assert.deepEqual(r.problems.map((p) => [p.line, p.severity]), [[3, 'warning']]);
      assert.match(r.problems[0]?.message ?? '', /unbalanced braces in field `publisher` \(line 5\)/);
    });

    test('CRLF line ends and a BOM give the same records and lines', () => {
      const lf = parseBibtex(fixture('broken-middle.bib'), 'x.bib');
      const crlf = parseBibtex('\ufeff' + fixture('broken-middle.bib').replace(/\n/g, '\r\n'), 'x.bib');
      assert.deepEqual(crlf.records, lf.records);
      assert.deepEqual(crlf.problems, lf.problems);
      const cr = parseBibtex(fixture('basic.bib').replace(/\n/g, '\r'), 'basic.bib');
      assert.deepEqual(cr.records, basic.records);
    });

    test('empty, blank and non-BibTeX input', () => {
      assert.deepEqual(parseBibtex('', 'e.bib'), { records: [], problems: [] });
      assert.deepEqual(parseBibtex('\ufeff \n\n', 'e.bib'), { records: [], problems: [] });
      const ris = parseBibtex(read(path.join(FIXTURES, 'ris', 'basic.ris')), 'wrong.bib');
      assert.equal(ris.records.length, 0);
      assert.deepEqual(ris.problems.map((p) => [p.line, p.severity]), [[1, 'error']]);
      assert.match(ris.problems[0]?.message ?? '', /No BibTeX entries found/);
      const comments = parseBibtex('@comment{only a comment}\n@string{a = "b"}\n', 'c.bib');
      assert.deepEqual(comments, { records: [], problems: [] });
    });

    test('invalid UTF-8 (replacement characters) and odd characters do not disturb parsing', () => {
      const text = '@article{k\ufffdy,\n  title = {Caf\ufffd au lait},\n  author = {M\ufffdller, J.},\n  year = 2001\n}\n\u0000@misc{z, title={Z}}';
      const r = parseBibtex(text, 'bad.bib');
      assert.deepEqual(r.records.map((x) => [x.key, x.title, x.authors]), [
        ['k\ufffdy', 'Caf\ufffd au lait', ['J. M\ufffdller']],
        ['z', 'Z', []],
      ]);
    });

    test('a 2 MB abstract loads intact, in linear time', () => {
      const file = (words: number): string => `@article{big,\n  title = {Big},\n  abstract = {${'word '.repeat(words).trim()}},\n}\n@article{next, title = {Next}}`;
      const r = parseBibtex(file(400_000), 'big.bib');
      assert.deepEqual(r.records.map((x) => x.key), ['big', 'next']);
      assert.equal(r.records[0]?.abstract?.length, 'word '.repeat(400_000).trim().length);
      const g = growth('2 MB abstract', 50_000, 8, file, (text) => parseBibtex(text, 'big.bib'));
      assert.ok(g.ok, g.text);
    });

    test('name forms: von, Jr, corporate, extended biblatex names, `and others`', () => {
      const r = parseBibtex(
        '@book{n, title={N}, author = {von Neumann, John and Author, Jr., A. A. and {Barnes and Noble} and family=Smith, given=Jo and Charles {de Gaulle} and others}}',
        'n.bib',
      );
      assert.deepEqual(r.records[0]?.authors, ['John von Neumann', 'A. A. Author Jr.', 'Barnes and Noble', 'Jo Smith', 'Charles de Gaulle']);
    });
  });

  suite('nothing citable is dropped; every field a reference needs is kept', () => {
    test('an entry with a key but no title loads, shown by its key (or by nothing else than a stand-in), marked untitled', () => {
      const r = parseBibtex(
        [
          '@book{9.8:1, author = {A. A. Author and B. B. Author}, date = {2014}}',
          '@article{nojournal, journal = {Nature}, volume = 3}',
          '@misc{, author = {Jo Nobody}, year = 2001}',
          '@article{titled, title = {A Title}}',
        ].join('\n'),
        'u.bib',
      );
      assert.deepEqual(r.records.map((x) => [x.key, x.title, x.untitled, x.sources[0]?.line]), [
        ['9.8:1', '9.8:1', true, 1],
        ['nojournal', 'nojournal', true, 2],
        [undefined, 'Untitled (Jo Nobody, 2001)', true, 3],
        ['titled', 'A Title', undefined, 4],
      ]);
      assert.equal(r.records[1]?.container, 'Nature');
      // Only the keyless one is worth a word: it has nothing to cite it by.
      assert.deepEqual(r.problems.map((p) => [p.line, p.severity]), [[3, 'warning']]);
    });

    test('only an entry that cannot be read at all is skipped: an error with its line and its key in backticks', () => {
      const r = parseBibtex('@article{good, title = {G}}\n@article{broken, title = {B}, year = }\n@article{after, title = {A}}\n', 'b.bib');
      assert.deepEqual(r.records.map((x) => x.key), ['good', 'after']);
      assert.deepEqual(r.problems.map((p) => [p.line, p.severity]), [[2, 'error']]);
      assert.match(r.problems[0]?.message ?? '', /^Entry `broken` skipped/);
    });

    test('container, volume, number, pages, publisher, address, edition, editors, series, ISBN, ISSN, note, titleaddon, langid', () => {
      const r = parseBibtex(
        [
          '@string{jmlr = {Journal of Machine Learning Research}}',
          '@article{a, title = {{BERT}: Pre-training}, journal = jmlr, volume = {12}, number = 3, pages = {1--10},',
          '  publisher = {{Henry Holt and Co.}}, address = {Cambridge, MA}, edition = {2nd}, editor = {Smith, Jo and {Ibn Nidal}, A.},',
          '  series = {LNCS}, isbn = {978-3-16}, issn = {1532-4435}, note = {Reprint \\& more}, titleaddon = {Editorial}, langid = {english},',
          '  doi = {10.1007/BF00614717}, author = {{Ibn Abdulaziz}, T.}}',
          '@phdthesis{t, title = {T}, school = {MIT}}',
          '@techreport{r, title = {R}, institution = {CERN}, author = {A B}}',
          '@inproceedings{p, title = {P}, booktitle = {Proc. of {ICML}}, issue = {4}}',
          '@book{b, title = {Book}, booktitle = {Book}}',
        ].join('\n'),
        'f.bib',
      );
      const [a, t, rep, p, b] = r.records;
      assert.deepEqual(
        [a?.container, a?.venue, a?.volume, a?.issue, a?.pages, a?.publisher, a?.publisherPlace, a?.edition, a?.editors, a?.series, a?.isbn, a?.issn, a?.note, a?.titleAddon, a?.language, a?.doi, a?.doiAsWritten],
        ['Journal of Machine Learning Research', 'Journal of Machine Learning Research', '12', '3', '1–10', 'Henry Holt and Co.', 'Cambridge, MA', '2nd', ['Jo Smith', 'A. Ibn Nidal'], 'LNCS', '978-3-16', '1532-4435', 'Reprint & more', 'Editorial', 'english', '10.1007/bf00614717', '10.1007/BF00614717'],
      );
      assert.equal(a?.title, 'BERT: Pre-training');
      assert.deepEqual(a?.latex, { title: '{BERT}: Pre-training', publisher: '{Henry Holt and Co.}', authors: '{Ibn Abdulaziz}, T.', editors: 'Smith, Jo and {Ibn Nidal}, A.' });
      assert.equal(t?.publisher, 'MIT');
      assert.equal(rep?.publisher, 'CERN');
      assert.deepEqual([p?.container, p?.issue, p?.latex], ['Proc. of ICML', '4', { container: 'Proc. of {ICML}' }]);
      assert.deepEqual([b?.container, b?.venue], [undefined, undefined]); // a book's own booktitle is not a container
    });
  });

  suite('bibtex-parse and bib2json corpora (node_modules)', () => {
    const valid = path.join(ROOT, 'node_modules', 'bibtex-parse', 'test', 'valid');
    const invalid = path.join(ROOT, 'node_modules', 'bibtex-parse', 'test', 'invalid');
    const bib2json = path.join(ROOT, 'node_modules', 'bib2json', 'sample-bib');

    test('keys agree with bibtex-parse expected entries (untitled ones too) for all 51 cases', function () {
      if (!existsSync(valid)) {
        this.skip();
      }
      let compared = 0;
      for (const f of readdirSync(valid).filter((n) => n.endsWith('-entries.json'))) {
        const bib = path.join(valid, f.replace(/-entries\.json$/, '.bib'));
        if (!existsSync(bib)) {
          continue;
        }
        // An entry with a bare field name (`{foo, bar}`, a `null` value here) cannot be read: skipped with an error.
        const expected = (JSON.parse(read(path.join(valid, f))) as Array<{ key?: string | null } & Record<string, unknown>>)
          .filter((e) => !Object.entries(e).some(([k, v]) => k !== 'key' && v === null))
          .map((e) => e.key ?? undefined);
        const r = parseBibtex(read(bib), bib);
        if (f === 'php-bibtex-parser-tag-contents-escaped-entries.json') {
          // `{the \} …}`: BibTeX counts every brace, escaped or not, so the entry cannot be read.
          assert.deepEqual([r.records.length, r.problems.map((p) => p.severity)], [0, ['error']], f);
          compared++;
          continue;
        }
        assert.deepEqual(r.records.map((x) => x.key), expected, f);
        compared++;
      }
      assert.equal(compared, 51);
    });

    test('every .bib (valid and invalid) parses without throwing; problems have lines', function () {
      if (!existsSync(valid)) {
        this.skip();
      }
      // The multi-MB files are covered (with counts) by the next test.
      const files = [valid, invalid, bib2json]
        .filter(existsSync)
        .flatMap((d) => readdirSync(d).filter((n) => n.endsWith('.bib')).map((n) => path.join(d, n)))
        .filter((f) => statSync(f).size < 1_500_000);
      assert.ok(files.length >= 170, `only ${files.length} files`);
      for (const f of files) {
        assertWellFormed(parseBibtex(read(f), f), f);
      }
    });

    test('invalid inputs: broken entries reported, nothing thrown', function () {
      if (!existsSync(invalid)) {
        this.skip();
      }
      const half = parseBibtex(read(path.join(invalid, 'orcid-citation_half.bib')), 'half.bib');
      assert.equal(half.records.length, 1); // fields complete, closing brace missing: kept with a warning
      assert.equal(half.problems[0]?.severity, 'warning');
      const quotes = parseBibtex(read(path.join(invalid, 'orcid-open_value_quotes_throws_errors.bib')), 'q.bib');
      assert.equal(quotes.records.length, 0);
      assert.deepEqual(quotes.problems.map((p) => [p.line, p.severity]), [[1, 'error']]);
    });

    test('large real files: counts and timings (bib2json, Better BibTeX #720)', function () {
      const big = path.join(valid, 'Better BibTeX Async import, large library #720.bib');
      if (!existsSync(big)) {
        this.skip();
      }
      const counts: [string, number, number][] = [
        [big, 9057, 0],
        [path.join(bib2json, 'ieeetranspardistsys.bib'), 2660, 0],
        // 7,718 `@type{` lines; 8 entries with unclosed quotes are skipped with errors (1 has no title: loaded).
        [path.join(bib2json, 'nn-bibliography.bib'), 7710, 8],
      ];
      for (const [file, records, errors] of counts) {
        const text = read(file);
        const t0 = performance.now();
        const r = parseBibtex(text, file);
        const ms = performance.now() - t0;
        console.log(`      ${path.basename(file)}: ${r.records.length} records, ${r.problems.length} problems, ${ms.toFixed(0)} ms`);
        assert.equal(r.records.length, records, file);
        assert.equal(r.problems.filter((p) => p.severity === 'error').length, errors, file);
      }
    });
  });

  suite('shared data (../shared/data/bibtex)', () => {
    const corpus = sharedCorpus('bibtex', parseBibtex);
    const load = corpus.load;

    test('record and problem counts for every file', () => {
      // [file, README entry count, records, errors, warnings]
      const expected: [string, number, number, number, number][] = [
        ['biblatex-examples.bib', 92, 92, 0, 0], // the 2 @set entries are citable (pandoc and biblatex resolve them): loaded, titled by their members
        ['bbt-2660-plus-in-field-name.bib', 283, 283, 0, 0], // 73 APA name/date tests without a title: loaded, shown by their keys
        ['bbt-873-entries-quietly-discarded.bib', 988, 988, 0, 229],
        ['bbt-mendeley-export.bib', 512, 512, 0, 25],
        ['bbt-97-jabref-groups.bib', 911, 911, 0, 0], // 10 entries without a title: loaded, shown by their keys
        ['beebe-super.bib', 4324, 4324, 0, 6],
        ['papers3-library.bib', 3725, 3725, 0, 23],
      ];
      const files = readdirSync(corpus.dir()).filter((f) => f.endsWith('.bib')).sort();
      assert.deepEqual(files, expected.map((e) => e[0]).sort(), 'a new shared file needs expectations here');
      for (const [file, , records, errors, warnings] of expected) {
        const r = load(file);
        assertWellFormed(r, file);
        assert.equal(r.records.length, records, `${file} records`);
        assert.equal(r.problems.filter((p) => p.severity === 'error').length, errors, `${file} errors`);
        assert.equal(r.problems.filter((p) => p.severity === 'warning').length, warnings, `${file} warnings`);
      }
    });

    test('bbt-2660-plus-in-field-name.bib: all 283 entries load; the 73 without a title show their keys and never merge by title', () => {
      const r = load('bbt-2660-plus-in-field-name.bib');
      const untitled = r.records.filter((x) => x.untitled);
      assert.equal(untitled.length, 73);
      assert.ok(untitled.every((x) => x.key !== undefined && x.title === x.key));
      assert.ok(byKey(r, '9.8:1').authors.length === 2);
      const papers = mergeRecords(r.records);
      assert.equal(papers.filter((p) => p.untitled).length, 73, 'no untitled record merged with another');
    });

    test('biblatex-examples.bib: accents, @string, crossref, biblatex dates and eprints', () => {
      const r = load('biblatex-examples.bib');
      const aksin = byKey(r, 'aksin');
      assert.equal(aksin.title, 'Effect of immobilization on catalytic characteristics of saturated Pd-N-heterocyclic carbenes in Mizoroki-Heck reactions');
      assert.deepEqual(aksin.authors, ['Özge Aksın', 'Hayati Türkmen', 'Levent Artok', 'Bekir Çetinkaya', 'Chaoying Ni', 'Orhan Büyükgüngör', 'Erhan Özkal']);
      assert.equal(aksin.venue, 'J. Organomet. Chem.'); // journaltitle = jomch (@string)
      assert.equal(aksin.date, '2006');
      assert.equal(aksin.sources[0]?.line, 43);
      const space = byKey(r, 'westfahl:space');
      assert.equal(space.title, 'The True Frontier: Confronting and Avoiding the Realities of Space in American Science Fiction Films');
      assert.equal(space.venue, 'Space and Beyond: The Frontier Theme in Science Fiction'); // from crossref westfahl:frontier
      assert.equal(space.year, 2000); // inherited
      assert.equal(byKey(r, 'angenendt').title, 'In Honore Salvatoris – Vom Sinn und Unsinn der Patrozinienkunde');
      assert.equal(byKey(r, 'kastenholz').title.includes('methodology-independent'), true); // \hyphen
      const baez = byKey(r, 'baez/online');
      assert.equal(baez.arxivId, 'math/0307200'); // eprint + eprinttype = arxiv
      assert.equal(baez.date, '2004-10-27');
      assert.equal(byKey(r, 'sigfridsson').doi, '10.1002/(sici)1096-987x(199803)19:4<377::aid-jcc1>3.0.co;2-p');
      assert.equal(byKey(r, 'stdmodel').title, 'Set: glashow, weinberg, salam'); // an @set: citable as its members together
    });

    test('bbt-873: undefined macros, duplicate keys, alias crossref, missing crossref targets', () => {
      const r = load('bbt-873-entries-quietly-discarded.bib');
      const undefinedMacros = r.problems.filter((p) => p.message.startsWith('Undefined @string macro'));
      assert.equal(undefinedMacros.length, 85); // distinct names, case-insensitive; all uses listed by line
      const aaai = undefinedMacros.find((p) => p.message.includes('`AAAI-91`'));
      assert.equal(aaai?.line, 121);
      assert.equal(r.problems.filter((p) => p.message.startsWith('Duplicate key')).length, 14);
      assert.equal(r.problems.filter((p) => /crossref target .* not found/.test(p.message)).length, 129);
      const alias = byKey(r, 'NguyenETAL:DiversityAIJ'); // only `crossref = {journals/ai/NguyenDGSSK12}`
      assert.equal(alias.title, 'Generating diverse plans to handle unknown and partially known user preferences');
      assert.equal(alias.doi, '10.1016/j.artint.2012.05.005');
      assert.equal(alias.authors.length, 6);
      const thiebaux = byKey(r, 'Thiebaux:93'); // `@TECHREPORT( ... )`
      assert.equal(thiebaux.date, '1993-05');
      assert.equal(thiebaux.authors.length, 4);
    });

    test('bbt-mendeley-export.bib: non-standard types, a broken escape, duplicate keys', () => {
      const r = load('bbt-mendeley-export.bib');
      const black = r.records[0];
      assert.equal(black?.key, 'Black2020');
      assert.equal(black?.title, 'Fiction and morality: Investigating the associations between reading exposure, empathy, morality, and moral judgment');
      assert.deepEqual(black?.authors, ['Jessica E Black', 'Jennifer L Barnes']);
      assert.equal(black?.doi, '10.1037/ppm0000281');
      assert.equal(byKey(r, 'Doyle2011').type, 'web_page');
      const willis = byKey(r, 'Willis2015');
      assert.match(willis.abstract ?? '', /global events\. This article attempts/); // `\ud \ud` dropped, words kept apart
      assert.equal(new Set(r.records.map((x) => x.type)).has('book_section'), true);
    });

    test('bbt-97-jabref-groups.bib: math in titles, JabRef metadata ignored, stray @ inside an abstract', () => {
      const r = load('bbt-97-jabref-groups.bib');
      assert.equal(byKey(r, 'Olsen_1980_proc').title, 'Investigation of Cu₂O solar cells');
      assert.deepEqual(byKey(r, 'Aggarwal_1997').authors, ['Sanjeev Aggarwal', 'Jörg Töpfer', 'Tse-Lun Tsai', 'Rüdiger Dieckmann']);
      assert.equal(byKey(r, 'Aggarwal_1997').doi, '10.1016/s0167-2738(97)84048-9');
      assert.match(byKey(r, 'Trivich_1978').abstract ?? '', /^cuprous oxide/); // the entry with the stray `@.`
      assert.deepEqual(byKey(r, 'Trivich_1978').tags, ['doping', 'resistivity', 'sputtering']);
    });

    test('beebe-super.bib: 443 @string macros, # concatenation, crossref to @Proceedings, timing', () => {
      const text = read(path.join(corpus.dir(), 'beebe-super.bib'));
      const t0 = performance.now();
      const r = parseBibtex(text, 'beebe-super.bib');
      const ms = performance.now() - t0;
      console.log(`      beebe-super.bib: ${r.records.length} records in ${ms.toFixed(0)} ms`); // speed: npm run bench
      const rama = byKey(r, 'Ramamoorthy:1977:PA');
      assert.equal(rama.venue, 'ACM Computing Surveys'); // journal = j-COMP-SURV
      assert.equal(rama.date, '1977-03');
      assert.deepEqual(rama.tags, ['computer architecture']);
      const moriarty = byKey(r, 'Moriarty:1984:EIL');
      assert.equal(moriarty.title, 'Efficient implementation of the SU(3) lattice gauge theory algorithm on the Fujitsu VP200 vector processor');
      assert.equal(moriarty.date, '1984-11'); // month = nov # "\slash " # dec
      assert.equal(moriarty.doi, '10.1016/0010-4655(84)90153-x');
      const wallis = byKey(r, 'Wallis:1982:PRS'); // booktitle from crossref Vichnevetsky:1982:IWC
      assert.equal(wallis.venue, '10th IMACS World Congress: proceeding, August 8–13, 1982, Montréal, Canada');
      const undefinedMacros = r.problems.map((p) => /`([^`]+)`/.exec(p.message)?.[1]);
      assert.deepEqual(undefinedMacros.sort(), ['ack-bnb', 'ack-nj', 'ack-pb', 'ack-rbk', 'ack-spqr', 'ack-vk']);
    });

    test('papers3-library.bib: the 23 entries with unbalanced braces are repaired, not dropped', () => {
      const r = load('papers3-library.bib');
      assert.equal(r.records[0]?.key, 'Abawi:2004ks');
      assert.equal(r.records.at(-1)?.key, 'Zwicky:1967dh');
      const damaged = r.problems.map((p) => /^Entry `([^`]+)`: unbalanced braces in field `publisher`/.exec(p.message)?.[1]);
      assert.deepEqual(
        damaged.sort(),
        ('AGESCHEIDER:2009dk Barniskis:2013hs Berger:2017ea Braun:2008dw Brewster:2009wu Cheverst:wa Copley:2004gu ' +
          'CushmanRoisin:2014vc DeCouvreur:2011ki Druin:2010kh Herholz:2015bz Kim:2008koa Light:2007dd Lipson:2013va ' +
          'Mosadegh:2014hz Mourtzis:2013ig Norton:2012cy Ong:2008de Phillips:2010jn Stevens:2009dr Wasserstein:2019ji ' +
          'Wendrich:2010ii Zhang:2010di').split(' ').sort(),
      );
      const first = byKey(r, 'AGESCHEIDER:2009dk');
      assert.equal(first.sources[0]?.line, 267);
      assert.equal(first.date, '2009-07'); // year = 2009 (bare number), month = jul
      assert.equal(first.doi, '10.1080/08990229771042');
      assert.equal(first.venue, 'Somatosensory & Motor Research'); // a field after the damaged one
      assert.deepEqual(first.authors, ['G A Gescheider', 'J M THORPE', 'J GOODARZ', 'S J BOLANOWSKI']);
      assert.equal(first.pdfUrl, 'file://localhost/Users/dan/Dropbox/Apps/Library.papers3/Files/DC/DC099B89-3526-49BB-8247-F13FDF370E34.pdf');
      // 2,093 doi fields: 2,092 hold a DOI (3 of them as doi.acm.org / info:doi URLs); one holds author names.
      assert.equal(r.records.filter((x) => x.doi).length, 2092);
      assert.equal(byKey(r, 'brashear2006').doi, '10.1145/1168987.1169002');
    });
  });
});
