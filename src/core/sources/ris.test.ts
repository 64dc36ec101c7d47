import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { ParseResult } from '../model';
import { FIXTURES, sharedCorpus } from '../../../test/paths';
import { mulberry32 } from '../../../test/fuzz/mutate';
import { looksLikeRis, parseRis, parseRisDate, tagLine, usesSingleSpaceTags } from './ris';

const DIR = path.join(FIXTURES, 'ris');
const COCHRANE_TY_LINES = [5, 79, 131];
const read = (file: string): string => readFileSync(file, 'utf8');
const fixture = (name: string): string => read(path.join(DIR, name));

function assertWellFormed(r: ParseResult, file: string): void {
  for (const rec of r.records) {
    assert.ok(rec.title.trim() !== '', `${file}: empty title`);
    for (const [k, v] of Object.entries(rec)) {
      assert.notEqual(v, undefined, `${file}: ${k} present but undefined`);
      assert.ok(typeof v !== 'string' || v.trim() !== '', `${file}: empty string in ${k}`);
    }
    assert.ok((rec.sources[0]?.line ?? 0) >= 1 && rec.sources[0]?.format === 'ris', `${file}: bad source`);
    assert.ok(rec.date === undefined || /^\d{4}(-\d{2}(-\d{2})?)?$/.test(rec.date), `${file}: bad date ${rec.date}`);
    assert.ok(rec.authors.every((a) => a.trim() !== '' && a === a.trim() && !a.endsWith(',')), `${file}: bad author`);
  }
  for (const p of r.problems) {
    assert.ok(Number.isInteger(p.line) && p.line >= 1 && p.message !== '' && p.path !== '', `${file}: bad problem ${JSON.stringify(p)}`);
  }
}

suite('core/sources/ris', () => {
  suite('detection', () => {
    test('RIS in its dialects, not MEDLINE or other text', () => {
      assert.equal(looksLikeRis(fixture('basic.ris')), true);
      assert.equal(looksLikeRis(fixture('dialects.ris')), true);
      assert.equal(looksLikeRis('\ufeffTY  - JOUR\r\nTI  - T\r\nER  - \r\n'), true);
      assert.equal(looksLikeRis(fixture('medline.txt')), false);
      assert.equal(looksLikeRis('@article{a, title = {TY  - JOUR}}'), false);
      assert.equal(looksLikeRis(''), false);
    });
  });

  suite('hand-written fixtures', () => {
    test('basic.ris: names, wrapped lines, dates, links, keys', () => {
      const r = parseRis(fixture('basic.ris'), 'basic.ris');
      assert.deepEqual(r.problems, []);
      assertWellFormed(r, 'basic.ris');
      const [a, b, c] = r.records;
      assert.equal(a?.title, 'Cats and Dogs: A Comparative Study'); // continuation line
      assert.deepEqual(a?.authors, ['Jane Smith', 'Martin Luther King Jr.', 'ACME Consortium']);
      assert.equal(a?.key, 'smith2019cats'); // ID that looks like a citation key
      assert.equal(a?.date, '2019-05-03'); // 2019/05/03/
      assert.equal(a?.doi, '10.1000/abc.123');
      assert.equal(a?.url, 'https://example.org/article/123');
      assert.equal(a?.pdfUrl, 'https://example.org/article/123.pdf'); // L1
      assert.equal(a?.venue, 'Journal of Feline Studies'); // JF before JO
      assert.equal(a?.abstract, 'The first line of a wrapped abstract, continued here.');
      assert.deepEqual(a?.tags, ['cats', 'dogs', 'pets']);
      assert.equal(a?.type, 'JOUR');
      assert.deepEqual(a?.sources, [{ path: 'basic.ris', line: 1, format: 'ris', key: 'smith2019cats' }]);
      assert.equal(b?.key, undefined); // EndNote record number 889
      assert.equal(b?.sources[0]?.key, '889');
      assert.deepEqual([b?.title, b?.date, b?.venue, b?.abstract, b?.type], ['A Chapter', '2018', 'The Book It Is In', 'An abstract in N2.', 'CHAP']);
      assert.equal(b?.sources[0]?.line, 20);
      assert.equal(c?.key, undefined); // ERIC accession number
      assert.equal(c?.date, '2017-11-02'); // PY 2017 + DA 2017/11/02
      assert.equal(c?.arxivId, '1711.00002');
    });

    test('dialects: header lines, single-space tags, keyword lines, missing ER, stray tags', () => {
      const r = parseRis(fixture('dialects.ris'), 'dialects.ris');
      assertWellFormed(r, 'dialects.ris');
      assert.deepEqual(r.records.map((x) => [x.title, x.type, x.date, x.sources[0]?.line]), [
        ['Single-space Tag Separators', 'JOUR', '2016', 7],
        ['Two Spaces After the Dash', 'BOOK', '2015-12', 19],
        ['Untitled (Has Nobody, 2014)', 'JOUR', '2014', 25], // no title, no ID: loaded with a warning
        ['Missing ER Tag at the End', 'JOUR', '2013', 30],
      ]);
      assert.equal(r.records[2]?.untitled, true);
      assert.deepEqual(r.records[0]?.tags, ['first keyword', 'second keyword', 'third keyword']);
      assert.deepEqual(r.records[0]?.authors, ['Space Single']);
      assert.deepEqual(r.problems.map((p) => [p.line, p.severity]), [
        [5, 'warning'], // AU before any TY
        [25, 'warning'], // record without a title or an ID
        [30, 'warning'], // no ER at the end
      ]);
      assert.match(r.problems[2]?.message ?? '', /no `ER {2}-` end tag/);
    });

    test('a record with an ID but no title loads by its ID; volume, issue, pages, publisher, editors, ISSN/ISBN are kept', () => {
      const r = parseRis(
        [
          'TY  - JOUR', 'ID  - smith2020', 'AU  - Smith, Jo', 'JO  - Nature', 'VL  - 3', 'IS  - 4', 'SP  - 10', 'EP  - 20', 'PY  - 2020', 'ER  - ',
          'TY  - BOOK', 'TI  - A Book', 'PB  - MIT Press', 'CY  - Cambridge', 'ET  - 2', 'ED  - Doe, Ann', 'SN  - 978-0-262-03384-8', 'T3  - Series', 'N1  - A note', 'LA  - English', 'ER  - ',
          'TY  - JOUR', 'TI  - T', 'SN  - 0028-0836', 'SP  - 5-9', 'ER  - ',
        ].join('\n'),
        'x.ris',
      );
      const [a, b, c] = r.records;
      assert.deepEqual([a?.title, a?.untitled, a?.key, a?.container, a?.volume, a?.issue, a?.pages], ['smith2020', true, 'smith2020', 'Nature', '3', '4', '10–20']);
      assert.deepEqual([b?.publisher, b?.publisherPlace, b?.edition, b?.editors, b?.isbn, b?.series, b?.note, b?.language], ['MIT Press', 'Cambridge', '2', ['Ann Doe'], '978-0-262-03384-8', 'Series', 'A note', 'English']);
      assert.deepEqual([c?.issn, c?.pages], ['0028-0836', '5–9']);
      assert.deepEqual(r.problems, []);
    });

    test('PubMed/MEDLINE is not RIS: one clear problem, no records', () => {
      const r = parseRis(fixture('medline.txt'), 'medline.txt');
      assert.equal(r.records.length, 0);
      assert.deepEqual(r.problems.map((p) => [p.line, p.severity]), [[1, 'error']]);
      assert.match(r.problems[0]?.message ?? '', /PubMed\/MEDLINE/);
    });

    test('the single-space dialect is found as the multiline regex finds it', () => {
      const rand = mulberry32(20261205);
      const pieces = ['TY -', 'TY  -', ' ', 'x', 'A', '\n', '\r', '\r\n', '\u2028', '\u2029', '\ufeff'];
      let found = 0;
      for (let i = 0; i < 5000; i++) {
        let text = '';
        for (let n = Math.floor(rand() * 8); n > 0; n--) {
          text += pieces[Math.floor(rand() * pieces.length)];
        }
        const expected = /^\uFEFF?TY -(?: |$)/m.test(text);
        assert.equal(usesSingleSpaceTags(text), expected, JSON.stringify(text));
        found += expected ? 1 : 0;
      }
      assert.ok(found > 300 && found < 4700, `${found} of 5000 use the dialect`);
    });

    test('tag lines are read by character codes as the tag regexes read them', () => {
      const rand = mulberry32(20261204);
      const pieces = ['TY', 'AU', 'A1', 'a1', '1A', 'T', ' ', '  ', '-', ' - ', '  - ', 'x', 'É', '\u2028', '\t', '\ufeff'];
      const regexes = [/^([A-Z][A-Z0-9]) {2}-(?: ([\s\S]*))?$/, /^([A-Z][A-Z0-9]) {1,2}-(?: ([\s\S]*))?$/];
      let tags = 0;
      for (let i = 0; i < 20000; i++) {
        const pick = (from: string[]): string => from[Math.floor(rand() * from.length)] ?? '';
        let line = rand() < 0.7 ? pick(['TY', 'AU', 'A1', 'a1', '1A', 'T']) + pick([' - ', '  - ', ' -', '  -', '   - ', '  -  ', '-', ' ']) : '';
        for (let n = Math.floor(rand() * 4); n > 0; n--) {
          line += pick(pieces);
        }
        const pad = '\n'.repeat(Math.floor(rand() * 3)); // the line read in place, inside a bigger text
        const body = pad + line + pad;
        for (const oneSpace of [false, true]) {
          const m = regexes[oneSpace ? 1 : 0]?.exec(line);
          const at = tagLine(body, pad.length, pad.length + line.length, oneSpace);
          const got = at < 0 ? undefined : body.slice(at, pad.length + line.length);
          assert.equal(got, m ? (m[2] ?? '') : undefined, `${JSON.stringify(line)} oneSpace=${oneSpace}`);
          tags += m ? 1 : 0;
        }
      }
      assert.ok(tags > 4000 && tags < 36000, `${tags} of 40000 are tag lines`);
    });

    test('CRLF, lone CR, BOM and missing ER give the same records', () => {
      const lf = parseRis(fixture('basic.ris'), 'x.ris');
      assert.deepEqual(parseRis('\ufeff' + fixture('basic.ris').replace(/\n/g, '\r\n'), 'x.ris'), lf);
      assert.deepEqual(parseRis(fixture('basic.ris').replace(/\n/g, '\r'), 'x.ris'), lf);
      const noEr = parseRis(fixture('basic.ris').replace(/^ER {2}- ?$/gm, ''), 'x.ris');
      assert.deepEqual(noEr.records, lf.records);
      assert.equal(noEr.problems.length, 3);
    });

    test('empty, truncated, other formats, replacement characters, huge abstract', () => {
      assert.deepEqual(parseRis('', 'e.ris'), { records: [], problems: [] });
      assert.deepEqual(parseRis('\n\n', 'e.ris'), { records: [], problems: [] });
      const bib = parseRis('@article{a, title = {T}}', 'b.ris');
      assert.deepEqual(bib.problems.map((p) => [p.line, p.severity, p.message]), [[1, 'error', 'No RIS records found (no `TY  - ` line)']]);
      const text = fixture('basic.ris');
      for (let i = 0; i <= text.length; i += 5) {
        assertWellFormed(parseRis(text.slice(0, i), 'cut.ris'), `prefix ${i}`);
      }
      const bad = parseRis('TY  - JOUR\nTI  - Caf\ufffd\nAU  - M\ufffdller, J.\nER  - \n', 'r.ris');
      assert.deepEqual([bad.records[0]?.title, bad.records[0]?.authors], ['Caf\ufffd', ['J. M\ufffdller']]);
      const abstract = 'word '.repeat(400_000).trim();
      const big = parseRis(`TY  - JOUR\nTI  - Big\nAB  - ${abstract}\nER  - \nTY  - JOUR\nTI  - Next\nER  - \n`, 'big.ris');
      assert.deepEqual(big.records.map((x) => x.sources[0]?.line), [1, 5]);
      assert.equal(big.records[0]?.abstract?.length, abstract.length);
    });

    test('parseRisDate: the date shapes tools write', () => {
      assert.deepEqual(parseRisDate('2019'), { year: 2019, month: undefined, day: undefined });
      assert.deepEqual(parseRisDate('2019///'), { year: 2019, month: undefined, day: undefined });
      assert.deepEqual(parseRisDate('2019/05/03/'), { year: 2019, month: 5, day: 3 });
      assert.deepEqual(parseRisDate('2019/05'), { year: 2019, month: 5, day: undefined });
      assert.deepEqual(parseRisDate('1989//'), { year: 1989, month: undefined, day: undefined });
      assert.deepEqual(parseRisDate('2016-12//'), { year: 2016, month: 12, day: undefined });
      assert.deepEqual(parseRisDate('2024-02-01'), { year: 2024, month: 2, day: 1 });
      assert.deepEqual(parseRisDate('SEP 22'), { month: 9, day: 22 });
      assert.deepEqual(parseRisDate('2010 Sep 22'), { year: 2010, month: 9, day: 22 });
    });
  });

  suite('shared data (../shared/data/ris)', () => {
    const corpus = sharedCorpus('ris', parseRis);
    const load = corpus.load;

    test('record counts for every export (README: `ER  -` count); no problems', () => {
      const expected: Record<string, number> = {
        'lens-baseline.ris': 100,
        'citavi.ris': 100,
        'zotero.ris': 10,
        'endnote.ris': 10,
        'mendeley.ris': 10,
        'scopus.ris': 10,
        'embase.ris': 10,
        'googlescholar.ris': 10,
        'rayyan.ris': 10,
        'mdpi.ris': 11,
        'ovid-eric.ris': 10,
        'cochrane-endnote.ris': 3,
        'webofscience.ris': 10,
        'refworks.ris': 10,
        'openalex.ris': 9,
      };
      const files = readdirSync(corpus.dir()).filter((f) => f.endsWith('.ris')).sort();
      assert.deepEqual(files, Object.keys(expected).sort(), 'a new shared file needs expectations here');
      for (const [file, count] of Object.entries(expected)) {
        assert.equal(looksLikeRis(read(path.join(corpus.dir(), file))), true, `${file} detection`);
        const r = load(file);
        assertWellFormed(r, file);
        assert.equal(r.records.length, count, file);
        assert.deepEqual(r.problems, [], file);
        assert.equal(r.records.every((x) => x.year !== undefined), true, `${file}: every record dated`);
      }
    });

    test('pubmed-medline-format-not-ris.txt: rejected by detection and by the parser', () => {
      const text = read(path.join(corpus.dir(), 'pubmed-medline-format-not-ris.txt'));
      assert.equal(looksLikeRis(text), false);
      const r = parseRis(text, 'pubmed.txt');
      assert.equal(r.records.length, 0);
      assert.deepEqual(r.problems.map((p) => [p.line, p.severity]), [[1, 'error']]);
      assert.match(r.problems[0]?.message ?? '', /Not RIS: this is PubMed\/MEDLINE/);
    });

    test('spot values across tools', () => {
      const wos = load('webofscience.ris').records[0]; // BOM, 3-space continuation lines
      assert.equal(wos?.title, 'New Horned Dinosaurs from Utah Provide Evidence for Intracontinental Dinosaur Endemism');
      assert.deepEqual(wos?.authors.slice(0, 2), ['SD Sampson', 'MA Loewen']);
      assert.equal(wos?.date, '2010-09-22'); // PY 2010 + DA "SEP 22"
      assert.equal(wos?.doi, '10.1371/journal.pone.0012292');
      assert.equal(wos?.venue, 'PLOS ONE');
      assert.match(wos?.abstract ?? '', /Background: During much of the Late Cretaceous.* Methodology\/Principal Findings: Here we describe/);
      const refworks = load('refworks.ris').records[0]; // starts with an empty line; T1/A1/Y1
      assert.equal(refworks?.title, 'Description of a new specimen of Haplocanthosaurus from the Dry Mesa Dinosaur Quarry');
      assert.equal(refworks?.key, 'boisvert2024description'); // from `ID  - RefID:888-boisvert2024description`
      assert.equal(refworks?.sources[0]?.line, 2);
      const openalex = load('openalex.ris').records[0];
      assert.equal(openalex?.title, 'A bioprovince for the Barremian–Aptian charophytes of the Central Tethyan Archipelago');
      assert.equal(openalex?.date, '2024-02-01');
      assert.equal(openalex?.doi, '10.1016/j.cretres.2023.105752');
      assert.equal(openalex?.venue, 'Cretaceous Research');
      const endnote = load('endnote.ris').records[0]; // keywords on untagged lines
      assert.deepEqual(endnote?.tags, ['article', 'biostratigraphy', 'Colorado', 'dinosaur', 'nonhuman', 'tibia', 'transverse process', 'Upper Jurassic']);
      assert.equal(endnote?.key, undefined); // `ID  - 889`
      const lens = load('lens-baseline.ris').records[0]; // CRLF, wrapped abstracts, L1 pdf
      assert.equal(lens?.date, '2012-07-03');
      assert.equal(lens?.pdfUrl, 'https://link.springer.com/content/pdf/10.1007%2Fs11307-012-0572-0.pdf');
      assert.deepEqual(lens?.authors[0], 'Björn A. Blomberg');
      assert.equal(lens?.key, undefined); // Lens id 000-463-679-101-319
      const citavi = load('citavi.ris').records[0]; // BOM before the first TY
      assert.equal(citavi?.title, 'Postoperative headache after surgical treatment of cerebellopontine angle tumors: a systematic review');
      assert.equal(citavi?.sources[0]?.line, 1);
      const mdpi = load('mdpi.ris').records[0];
      assert.deepEqual([mdpi?.type, mdpi?.authors], ['EJOUR', ['Ferdinand E. Banks']]); // trailing spaces trimmed
      const ovid = load('ovid-eric.ris').records[0]; // `6. ` line before TY, Y1 1989//
      assert.deepEqual([ovid?.title, ovid?.date, ovid?.sources[0]?.line], ['Creationism and the Dinosaur Boom.', '1989', 2]);
      const cochrane = load('cochrane-endnote.ris').records;
      assert.deepEqual(cochrane.map((x) => x.sources[0]?.line), COCHRANE_TY_LINES); // after `Record #n of 18` headers
      assert.equal(cochrane[0]?.type, 'JOUR'); // `TY  -  JOUR`
      assert.equal(cochrane[0]?.title.startsWith('The Incredible Years Therapeutic Dinosaur Programme'), true);
      assert.deepEqual(cochrane[0]?.authors, ['T Bywater', 'J Hutchings', 'C Whitaker', 'C Evans', 'L Parry']);
      const rayyan = load('rayyan.ris').records[0]; // `UR  - … U2  - …` on one line
      assert.equal(rayyan?.url, 'https://www.embase.com/search/results?subaction=viewrecord&id=L2029880245&from=export');
      const scholar = load('googlescholar.ris').records[0];
      assert.equal(scholar?.title, 'Did dinosaurs invent flowers? Dinosaur–angiosperm coevolution revisited');
      assert.deepEqual(scholar?.authors, ['Paul M Barrett', 'Katherine J Willis']);
    });

    test('the same paper exported by different tools gets the same DOI and title', () => {
      const doi = '10.1038/s41467-024-48400-3';
      const titles = ['zotero.ris', 'rayyan.ris', 'embase.ris'].map((f) => load(f).records.find((x) => x.doi === doi)?.title);
      assert.equal(new Set(titles).size, 1);
      assert.equal(titles[0], 'Cellular structure of dinosaur scales reveals retention of reptile-type skin during the evolutionary transition to feathers');
    });
  });
});
