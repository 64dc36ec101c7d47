import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { PaperRecord, ParseResult } from '../model';
import { FIXTURES, sharedCorpus } from '../../../test/paths';
import { cslDate, looksLikeCslJson, parseCslJson } from './csl-json';

const DIR = path.join(FIXTURES, 'csl-json');
const read = (file: string): string => readFileSync(file, 'utf8');
const fixture = (name: string): string => read(path.join(DIR, name));
const byKey = (r: ParseResult, key: string): PaperRecord => {
  const found = r.records.find((x) => x.sources[0]?.key === key);
  assert.ok(found, `record ${key} not found`);
  return found;
};

function assertWellFormed(r: ParseResult, file: string): void {
  for (const rec of r.records) {
    assert.ok(rec.title.trim() !== '', `${file}: empty title`);
    for (const [k, v] of Object.entries(rec)) {
      assert.notEqual(v, undefined, `${file}: ${k} present but undefined`);
      assert.ok(typeof v !== 'string' || v.trim() !== '', `${file}: empty string in ${k}`);
    }
    assert.ok((rec.sources[0]?.line ?? 0) >= 1 && rec.sources[0]?.format === 'csl-json', `${file}: bad source`);
    assert.ok(rec.date === undefined || /^\d{4}(-\d{2}(-\d{2})?)?$/.test(rec.date), `${file}: bad date ${rec.date}`);
    assert.ok(rec.authors.every((a) => a.trim() !== '' && a === a.trim()), `${file}: bad author`);
  }
  for (const p of r.problems) {
    assert.ok(Number.isInteger(p.line) && p.line >= 1 && p.message !== '' && p.path !== '', `${file}: bad problem ${JSON.stringify(p)}`);
  }
}

suite('core/sources/csl-json', () => {
  suite('detection', () => {
    test('CSL arrays and {items} objects, not Hugging Face or other JSON', () => {
      assert.equal(looksLikeCslJson(fixture('basic.csl.json')), true);
      assert.equal(looksLikeCslJson(fixture('items-object.json')), true);
      assert.equal(looksLikeCslJson('\ufeff[{"id": "x", "type": "book", "title": "T"}]'), true);
      assert.equal(looksLikeCslJson('[{"paper": {"id": "2405.1"}, "title": "T", "numComments": 0}]'), false);
      assert.equal(looksLikeCslJson('{"name": "lit-notes", "version": "0.1.0", "type": "module"}'), false);
      assert.equal(looksLikeCslJson('@article{a, title = {"issued": 1}}'), false);
      assert.equal(looksLikeCslJson(''), false);
    });
  });

  suite('hand-written fixtures', () => {
    test('basic.csl.json: names, markup, dates, identifiers', () => {
      const r = parseCslJson(fixture('basic.csl.json'), 'basic.csl.json');
      assert.deepEqual(r.problems, []);
      assertWellFormed(r, 'basic');
      assert.equal(r.records.length, 6);
      const smith = byKey(r, 'smith2020');
      assert.equal(smith.key, 'smith2020'); // the id, verbatim: what pandoc and citeproc resolve
      assert.deepEqual(smith.sources[0]?.otherKeys, ['smith2020deep']); // the citation-key answers too
      assert.equal(smith.title, 'Deep Learning for Cats & Dogs'); // <i> and &amp;
      assert.deepEqual(smith.authors, ['Jane Smith', 'Ludwig van Beethoven', 'Charles de Gaulle', 'Martin Luther King Jr.', 'The ACME Consortium', 'Plato']);
      assert.equal(smith.date, '2020-05-07'); // ["2020", 5, "7"]
      assert.equal(smith.doi, '10.48550/arxiv.2005.01234');
      assert.equal(smith.arxivId, '2005.01234');
      assert.equal(smith.venue, 'Journal of Feline Studies');
      assert.equal(smith.type, 'article-journal');
      assert.deepEqual(smith.tags, ['cats', 'dogs', 'deep learning']);
      assert.equal(smith.abstract, 'First line of the abstract.');
      assert.deepEqual(smith.sources, [{ path: 'basic.csl.json', line: 2, format: 'csl-json', key: 'smith2020', otherKeys: ['smith2020deep'] }]);
      assert.deepEqual([byKey(r, 'season2019').date, byKey(r, 'season2019').year], ['2019', 2019]); // month 14: season
      assert.deepEqual([byKey(r, 'bce').date, byKey(r, 'bce').year], [undefined, undefined]);
      const zotero = byKey(r, 'http://zotero.org/users/1/items/ABCD1234');
      assert.equal(zotero.key, 'http://zotero.org/users/1/items/ABCD1234', 'a URL-like id is the key pandoc resolves, verbatim');
      assert.equal(zotero.date, '2018-03'); // raw
      assert.equal(zotero.arxivId, '1801.00001'); // number + publisher arXiv
      const literal = byKey(r, '42');
      assert.equal(literal.key, '42', 'a numeric id is a key too (pandoc reads @42)');
      assert.equal(literal.date, '1999'); // literal "Spring 1999"
      assert.equal(literal.pdfUrl, 'https://example.org/paper.pdf');
      const range = byKey(r, 'range2011');
      assert.equal(range.date, '2011-05-25'); // start of the range
      assert.equal(range.arxivId, '1106.5730'); // from note
      assert.equal(range.sources[0]?.line, 49);
    });

    test('an object with `items` (after another array property)', () => {
      const r = parseCslJson(fixture('items-object.json'), 'o.json');
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.records.map((x) => [x.key, x.sources[0]?.line, x.date]), [
        ['first', 5, '2001'],
        ['second', 12, '2002-02'],
      ]);
    });

    test('invalid JSON: one problem with the line, no records', () => {
      const r = parseCslJson(fixture('invalid.json'), 'invalid.json');
      assert.equal(r.records.length, 0);
      assert.equal(r.problems.length, 1);
      assert.equal(r.problems[0]?.line, 10);
      assert.equal(r.problems[0]?.severity, 'error');
      assert.match(r.problems[0]?.message ?? '', /^Invalid JSON/);
    });

    test('truncated JSON: problem on the last line', () => {
      const text = fixture('basic.csl.json');
      const cut = text.slice(0, text.indexOf('"A Negative Year"'));
      const r = parseCslJson(cut, 'cut.json');
      assert.equal(r.records.length, 0);
      assert.equal(r.problems[0]?.line, cut.split('\n').length);
      for (let i = 0; i < text.length; i += 7) {
        assertWellFormed(parseCslJson(text.slice(0, i), 'cut.json'), `prefix ${i}`);
      }
    });

    test('items that are not objects or have no title: problems with their lines; duplicate ids warned', () => {
      const r = parseCslJson(fixture('bad-items.json'), 'bad.json');
      assert.deepEqual(r.records.map((x) => x.title), ['Kept A', 'Kept B', 'Same id as the first']);
      assert.deepEqual(r.problems.map((p) => [p.line, p.severity]), [
        [3, 'error'],
        [4, 'warning'],
        [5, 'error'],
        [6, 'error'],
        [8, 'warning'],
      ]);
      assert.match(r.problems[0]?.message ?? '', /Item 2 is not a CSL item object \(found number\)/);
      assert.match(r.problems[1]?.message ?? '', /`untitled`.*no title/);
      assert.match(r.problems[4]?.message ?? '', /Duplicate id `a` \(first at line 2\)/);
    });

    test('BOM, CRLF, empty input, wrong top-level shape, replacement characters, huge abstract', () => {
      const lf = parseCslJson(fixture('basic.csl.json'), 'x.json');
      const crlf = parseCslJson('\ufeff' + fixture('basic.csl.json').replace(/\n/g, '\r\n'), 'x.json');
      assert.deepEqual(crlf, lf);
      assert.deepEqual(parseCslJson('', 'e.json'), { records: [], problems: [] });
      assert.deepEqual(parseCslJson('  \n', 'e.json'), { records: [], problems: [] });
      const shape = parseCslJson('{"version": 1}', 's.json');
      assert.deepEqual(shape.problems.map((p) => [p.line, p.severity]), [[1, 'error']]);
      assert.deepEqual(parseCslJson('[]', 'a.json'), { records: [], problems: [] });
      const bad = parseCslJson('[{"id": "r", "type": "book", "title": "Caf\ufffd"}]', 'r.json');
      assert.equal(bad.records[0]?.title, 'Caf\ufffd');
      const abstract = 'word '.repeat(400_000).trim();
      const big = parseCslJson(JSON.stringify([{ id: 'big', type: 'book', title: 'Big', abstract }, { id: 'n', type: 'book', title: 'Next' }]), 'big.json');
      assert.equal(big.records[0]?.abstract?.length, abstract.length);
      assert.equal(big.records[1]?.sources[0]?.line, 1);
    });

    test('cslDate: parts as strings or numbers, 1..3 parts, seasons, ranges, BCE, raw, literal', () => {
      assert.deepEqual(cslDate({ 'date-parts': [['2016', 6, 1]] }), { date: '2016-06-01', year: 2016 });
      assert.deepEqual(cslDate({ 'date-parts': [[2016, '6']] }), { date: '2016-06', year: 2016 });
      assert.deepEqual(cslDate({ 'date-parts': [[2016]] }), { date: '2016', year: 2016 });
      assert.deepEqual(cslDate({ 'date-parts': [['2017', 21]], season: 1 }), { date: '2017', year: 2017 });
      assert.deepEqual(cslDate({ 'date-parts': [['2011', 5, 25], ['2012', 6, 26]] }), { date: '2011-05-25', year: 2011 });
      assert.deepEqual(cslDate({ 'date-parts': [['-2012', 13]] }), {});
      assert.deepEqual(cslDate({ 'date-parts': [[2019, 2, 30]] }), { date: '2019-02', year: 2019 }); // invalid day
      assert.deepEqual(cslDate({ raw: '2011-05-25~/2012-06-26~' }), { date: '2011-05-25', year: 2011 });
      assert.deepEqual(cslDate({ literal: 'printemps 1985' }), { date: '1985', year: 1985 });
      assert.deepEqual(cslDate({ 'date-parts': [[null]] }), {});
      assert.deepEqual(cslDate('2020-01-02'), { date: '2020-01-02', year: 2020 });
      assert.deepEqual(cslDate(undefined), {});
    });
  });

  suite('shared data (../shared/data/csl-json)', () => {
    const corpus = sharedCorpus('csl-json', parseCslJson);
    const load = corpus.load;

    test('record and problem counts for every file', () => {
      // [file, README item count, records, problems]
      const expected: [string, number, number, number][] = [
        ['bbt-1179-csl-exporters.csl.json', 26, 26, 0],
        ['bbt-811-date-export.csl.json', 15, 15, 0],
        ['bbt-825-creator-fields.csl.json', 7, 6, 1], // item 4 `emptybook` has no title
        ['bbt-860-season-ranges.csl.json', 6, 6, 0],
        ['manubot-deep-review-manual-references.json', 36, 36, 0],
        ['manubot-deep-review-references.json', 615, 614, 1], // item 594 `SqhJCztH` has no title
        ['manubot-knowledge-graph-review-references.json', 210, 210, 0],
      ];
      const files = readdirSync(corpus.dir()).sort();
      assert.deepEqual(files, expected.map((e) => e[0]).sort(), 'a new shared file needs expectations here');
      for (const [file, , records, problems] of expected) {
        const text = read(path.join(corpus.dir(), file));
        assert.equal(looksLikeCslJson(text), true, `${file} detection`);
        const r = load(file);
        assertWellFormed(r, file);
        assert.equal(r.records.length, records, `${file} records`);
        assert.equal(r.problems.length, problems, `${file} problems`);
      }
      assert.deepEqual(load('bbt-825-creator-fields.csl.json').problems.map((p) => [p.line, p.severity]), [[5, 'warning']]);
      assert.deepEqual(load('manubot-deep-review-references.json').problems.map((p) => [p.line, p.severity]), [[26434, 'warning']]);
    });

    test('seasons, ranges and BCE years (bbt-860, bbt-811)', () => {
      const seasons = load('bbt-860-season-ranges.csl.json');
      assert.deepEqual(
        seasons.records.map((x) => [x.key, x.date]),
        [
          ['00002100002400', undefined], // year -1
          ['001121001222-11', undefined], // year -12
          ['00112100122211', '0011'], // year "11", season 13
          ['201121201222-2011', undefined], // year -2012
          ['monthsoutrange2017', '2017'],
          ['SeasonrangesEDTF2017', '2017'],
        ],
      );
      const dates = load('bbt-811-date-export.csl.json');
      const date = (k: string): string | undefined => dates.records.find((x) => x.key === k)?.date;
      assert.equal(date('doe10_edtf_2011'), '2011-05-25'); // circa range
      assert.equal(date('doe12_edtf_2011'), '2011-05');
      assert.equal(date('doe13_season_2017'), '2017'); // season
      assert.equal(date('t3'), '2014-12-31'); // open-ended range
      assert.equal(date('t5'), undefined); // BC
      assert.equal(date('t2'), undefined); // no `issued`
      assert.deepEqual(byKey(dates, 'doe14_date2010_2010').authors, ['Doe14']); // literal name
    });

    test('Better BibTeX exports: citation-key, string/number date parts, short DOIs', () => {
      const r = load('bbt-1179-csl-exporters.csl.json');
      const brittain = byKey(r, 'brittain2004');
      assert.equal(brittain.key, 'brittain2004');
      assert.equal(brittain.title, 'Perceptions of disability and their impact upon involvement in sport for people with disabilities at all levels');
      assert.deepEqual(brittain.authors, ['Ian Brittain']);
      assert.equal(brittain.date, '2004'); // ["2004"]
      assert.equal(brittain.doi, '10.1177/0193723504268729'); // `DOI` is the short form 10/fqd6hj: taken from the URL
      assert.equal(brittain.venue, 'Journal of Sport and Social Issues');
      assert.equal(byKey(r, 'cody2016').date, '2016-06-01'); // ["2016", 6, 1]
      const creators = load('bbt-825-creator-fields.csl.json');
      assert.equal(byKey(creators, 'Blair2004').doi, '10.1093/ref:odnb/10183');
      assert.equal(byKey(creators, 'friends:leia:tv').date, '1996-09-16');
    });

    test('Manubot references: ids as keys, arXiv ids, counts', () => {
      const deep = load('manubot-deep-review-references.json');
      const first = deep.records[0];
      assert.equal(first?.key, '3qm8sXnB');
      assert.equal(first?.title, 'HOGWILD!: A Lock-Free Approach to Parallelizing Stochastic Gradient Descent');
      assert.deepEqual(first?.authors, ['Feng Niu', 'Benjamin Recht', 'Christopher Re', 'Stephen J. Wright']);
      assert.equal(first?.date, '2011-11-14');
      assert.equal(first?.arxivId, '1106.5730');
      assert.equal(first?.url, 'https://arxiv.org/abs/1106.5730');
      assert.match(first?.abstract ?? '', /^Stochastic Gradient Descent \(SGD\) is a popular algorithm/);
      assert.equal(deep.records.filter((x) => x.doi).length, 436); // 435 `DOI` + one publisher URL `…/doi/abs/10.1096/…`
      assert.equal(byKey(deep, 'waowNTz7').doi, '10.1096/fasebj.30.1_supplement.406.3');
      assert.equal(deep.records.filter((x) => x.year === undefined).length, 6); // README: 7 without issued, one of them untitled
      const kg = load('manubot-knowledge-graph-review-references.json');
      assert.equal(kg.records[0]?.key, 'FoztezBR');
      assert.equal(kg.records.at(-1)?.key, 'fx486doV');
      assert.equal(kg.records.filter((x) => x.doi).length, 162);
      assert.equal(kg.records.reduce((n, x) => n + x.authors.length, 0), 1080); // 1,070 family+given + 10 literal
      const types = new Map<string, number>();
      for (const x of kg.records) {
        types.set(x.type ?? '', (types.get(x.type ?? '') ?? 0) + 1);
      }
      assert.deepEqual(Object.fromEntries(types), { 'article-journal': 160, report: 33, 'paper-conference': 10, chapter: 3, entry: 3, book: 1 });
      const manual = load('manubot-deep-review-manual-references.json');
      const nih = manual.records.find((x) => x.sources[0]?.key === 'url:https://www.nigms.nih.gov/Education/Documents/curiosity.pdf');
      assert.deepEqual(nih?.authors, ['NIH']); // family-only name
      assert.equal(nih?.key, 'url:https://www.nigms.nih.gov/Education/Documents/curiosity.pdf'); // URL-like ids are keys too, verbatim
      assert.equal(manual.records.every((x) => x.key === x.sources[0]?.key), true);
    });

    test('Hugging Face JSON is not CSL-JSON', () => {
      const hf = path.join(path.dirname(corpus.dir()), 'hf');
      for (const f of readdirSync(hf)) {
        assert.equal(looksLikeCslJson(read(path.join(hf, f))), false, f);
      }
    });
  });
});
