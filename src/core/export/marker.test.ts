import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SAMPLES } from '../../../test/paths';
import { buildLibrary, summarizeLibrary } from '../library';
import { parseSource } from '../sources';
import { toBibtex } from './bibtex';
import { bibtexExportHeader, EXPORT_SKIP_REASON, isLitNotesExport, parseExportsFile, recordExport } from './marker';

const bibtexParse = createRequire(__filename)('bibtex-parse') as { entries(text: string): Array<Record<string, string>> };

suite('Lit Notes exports are not loaded back as sources', () => {
  const library = buildLibrary([parseSource('library.bib', readFileSync(path.join(SAMPLES, 'library.bib'), 'utf8'))]);
  const exported = bibtexExportHeader(library.papers.length, '2026-12-03') + toBibtex(library.papers);

  test('a BibTeX export starts with the marker comment, which other BibTeX readers ignore', () => {
    assert.match(exported, /^@comment\{Lit Notes export of \d+ papers, 2026-12-03\. /);
    assert.ok(isLitNotesExport(exported));
    assert.equal(bibtexParse.entries(exported).length, library.papers.length, 'bibtex-parse reads every entry and no extra one');
  });

  test('found by the scan, an export is skipped with a reason, not a problem', () => {
    const parsed = parseSource('lit-notes-export.bib', exported);
    assert.equal(parsed.records.length, 0);
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.skipped, EXPORT_SKIP_REASON);
    assert.match(EXPORT_SKIP_REASON, /litNotes\.sources/, 'says how to load it anyway');
    const both = buildLibrary([parseSource('library.bib', readFileSync(path.join(SAMPLES, 'library.bib'), 'utf8')), parsed]);
    assert.equal(both.papers.length, library.papers.length);
    assert.equal(both.recordCount, library.recordCount, 'no record comes from the export');
    const summary = summarizeLibrary(both);
    assert.deepEqual(summary.sources.find((s) => s.path === 'lit-notes-export.bib'), { path: 'lit-notes-export.bib', format: undefined, records: 0, problems: 0, skipped: EXPORT_SKIP_REASON });
  });

  test('named explicitly, an export loads like any BibTeX file, without a problem', () => {
    const parsed = parseSource('lit-notes-export.bib', exported, { explicit: true });
    assert.equal(parsed.skipped, undefined);
    assert.equal(parsed.format, 'bibtex');
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.records.length, library.papers.length);
  });

  test('only the marker counts: other comments, a marker further down, or a BOM', () => {
    assert.ok(!isLitNotesExport(toBibtex(library.papers)));
    assert.ok(!isLitNotesExport('@comment{jabref-meta: databaseType:bibtex;}\n@article{a, title={T}}\n'));
    assert.ok(!isLitNotesExport('@article{a, title={T}}\n@comment{Lit Notes export of 1 paper}\n'));
    assert.ok(!isLitNotesExport('% Lit Notes export\n@article{a, title={T}}\n'));
    assert.ok(isLitNotesExport('\ufeff\n  @COMMENT{Lit Notes export of 1 paper, 2026-01-01.}\n'));
    assert.ok(isLitNotesExport('@comment( Lit Notes export of 2 papers )\n'));
    assert.match(bibtexExportHeader(1, '2026-01-01'), /of 1 paper,/);
  });

  test('.litnotes/exports.json records each export once, and a foreign file is never overwritten', () => {
    const one = recordExport(undefined, 'b/out.csl.json');
    assert.ok(one);
    const two = recordExport(one, 'a/out.bib');
    assert.deepEqual(parseExportsFile(two), ['a/out.bib', 'b/out.csl.json']);
    assert.equal(recordExport(two, 'a/out.bib'), two);
    assert.deepEqual(parseExportsFile(recordExport(two, 'c.bib', (p) => p !== 'a/out.bib')), ['b/out.csl.json', 'c.bib'], 'files that are gone are dropped');
    assert.deepEqual(parseExportsFile(recordExport('', 'x.json')), ['x.json']);
    assert.equal(recordExport('{"something": "else"}', 'x.json'), undefined);
    assert.equal(recordExport('not json', 'x.json'), undefined);
    assert.deepEqual(parseExportsFile('not json'), []);
    assert.deepEqual(parseExportsFile('{"exports": ["a.json", 3, null]}'), ['a.json']);
  });

  test('the exports file itself is not a paper source', () => {
    const parsed = parseSource('.litnotes/exports.json', recordExport(undefined, 'x.csl.json') ?? '');
    assert.equal(parsed.format, undefined);
    assert.deepEqual(parsed.problems, []);
  });
});
