/**
 * The day a paper was listed on Daily Papers (`listed`, issue #15 item 2): read from saved
 * pages and API lists, kept apart from the publication date, kept by merging, and used for
 * generated keys only when there is no publication year. Pinned keys never move.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { SAMPLES, SEEDS, SHARED_DATA } from '../../test/paths';
import { assignCitekeys, baseKey } from './citekey';
import { buildLibrary } from './library';
import type { PaperRecord } from './model';
import { effectiveDate } from './model';
import { dateLabel } from './paper-info';
import { parseSource } from './sources';
import { parseDailyPapers } from './sources/daily-papers';
import { parseHfJson } from './sources/hf-json';

const HEADER = ['new', '', 'Get trending papers in your email inbox!', '', 'Subscribe', '', 'Daily Papers', '', 'byAK and the research community', ''].join('\n');
const ABSTRACT = 'We study things. '.repeat(20).trim();

function sampleLibrary(): ReturnType<typeof buildLibrary> {
  const files = ['hf-daily-papers.json', 'library.bib', 'zotero-export.csl.json', 'reading-list.ris', ...readdirSync(path.join(SAMPLES, 'daily-papers')).sort().map((f) => `daily-papers/${f}`)];
  return buildLibrary(files.map((f) => parseSource(f, readFileSync(path.join(SAMPLES, f), 'utf8'))));
}

suite('core: listing date (Daily Papers)', () => {
  test('a saved page: its own date is every paper\'s listing day, apart from the publication date', () => {
    const text = [HEADER, 'Jul 28', '', 'Dated paper', '', ABSTRACT, '', '  • 3 authors', '\u00b7', 'Oct 8, 2024 1', '', 'Undated paper', '', ABSTRACT, ''].join('\n');
    const { records } = parseDailyPapers(text, 'p.txt');
    assert.deepEqual(
      records.map((r) => [r.title, r.date, r.year, r.listed]),
      [
        ['Dated paper', '2024-10-08', 2024, '2025-07-28'],
        ['Undated paper', undefined, undefined, '2025-07-28'],
      ],
    );
  });

  test('a page whose year cannot be known gives no listing day (never a guessed one)', () => {
    const { records } = parseDailyPapers([HEADER, 'Jul 28', '', 'Undated paper', '', ABSTRACT, ''].join('\n'), 'p.txt');
    assert.equal(records[0]?.listed, undefined);
    const withYear = parseDailyPapers([HEADER, 'Jul 28', '', 'Undated paper', '', ABSTRACT, ''].join('\n'), 'p.txt', { referenceYear: 2025 });
    assert.equal(withYear.records[0]?.listed, '2025-07-28');
  });

  test('the seed pages: every paper of a page with a year is listed on the page date', () => {
    const { records } = parseDailyPapers(readFileSync(path.join(SEEDS, '002_8447c0b0c75fdbb5.txt'), 'utf8'), '002.txt');
    assert.ok(records.length > 40);
    assert.ok(records.every((r) => r.listed === '2026-05-05'), [...new Set(records.map((r) => r.listed))].join(', '));
  });

  test('Hugging Face JSON: submittedOnDailyAt, the list item\'s own publishedAt, the saved list\'s file name', () => {
    const item = (extra: object, paper: object = {}): object => ({ paper: { id: '2410.17243', title: 'T', publishedAt: '2024-10-22T17:34:15.000Z', ...paper }, ...extra });
    const listedOf = (json: unknown, file = 'list.json'): string | undefined => parseHfJson(JSON.stringify(json), file).records[0]?.listed;
    assert.equal(listedOf([item({ publishedAt: '2024-10-22T12:34:15.000Z' }, { submittedOnDailyAt: '2024-10-25T00:20:18.797Z' })]), '2024-10-25');
    // 2024 lists: the item's publishedAt is the listing time.
    assert.equal(listedOf([item({ publishedAt: '2024-10-25T03:50:58.348Z' })]), '2024-10-25');
    // Early-2025 lists: the item's publishedAt is the arXiv time in another zone, not a listing.
    assert.equal(listedOf([item({ publishedAt: '2024-10-22T13:34:15.000Z' })]), undefined);
    assert.equal(listedOf([item({ publishedAt: '2024-10-22T13:34:15.000Z' })], 'papers/sources/hf-daily-2024-10-25.json'), '2024-10-25');
    // A single /api/papers object: its own publishedAt is the arXiv date.
    assert.equal(listedOf({ id: '2410.17243', title: 'T', publishedAt: '2024-10-22T17:34:15.000Z' }), undefined);
    const paper = parseHfJson(JSON.stringify([item({ publishedAt: '2024-10-25T03:50:58.348Z' })]), 'list.json').records[0];
    assert.equal(paper?.date, '2024-10-22', 'the publication date stays the paper\'s own');
  });

  test('the real /api/daily_papers lists: every item is listed on the list\'s day', function () {
    if (!SHARED_DATA) {
      console.log('    (skipped: ../shared/data not found)');
      this.skip();
    }
    const dir = path.join(SHARED_DATA, 'hf');
    for (const file of readdirSync(dir).filter((f) => /^daily_papers_\d{4}-\d{2}-\d{2}\.json$/.test(f))) {
      const day = file.slice('daily_papers_'.length, -'.json'.length);
      const { records } = parseHfJson(readFileSync(path.join(dir, file), 'utf8'), file);
      assert.ok(records.length > 0, file);
      assert.deepEqual([...new Set(records.map((r) => r.listed))], [day], file);
      // Read without its file name, the day still comes from the API's own fields where it has them.
      const anonymous = parseHfJson(readFileSync(path.join(dir, file), 'utf8'), 'list.json').records;
      assert.ok(anonymous.every((r) => r.listed === undefined || r.listed === day), file);
    }
  });

  test('merging keeps the first listing day; a publication date wins for grouping', () => {
    const a: PaperRecord = { title: 'Same paper', arxivId: '2501.00001', authors: [], tags: [], listed: '2025-05-05', sources: [{ path: 'a.txt', line: 1, format: 'daily-papers' }] };
    const b: PaperRecord = { title: 'Same paper', arxivId: '2501.00001', authors: [], tags: [], listed: '2025-02-17', sources: [{ path: 'b.txt', line: 1, format: 'daily-papers' }] };
    const lib = buildLibrary([
      { path: 'a.txt', format: 'daily-papers', records: [a], problems: [] },
      { path: 'b.txt', format: 'daily-papers', records: [b], problems: [] },
    ]);
    assert.equal(lib.papers.length, 1);
    assert.equal(lib.papers[0]?.listed, '2025-02-17');
    assert.deepEqual(effectiveDate(lib.papers[0]), { date: '2025-02-17', year: 2025, fromListing: true });
    assert.deepEqual(effectiveDate({ date: '2017-06-12', year: 2017, listed: '2025-02-17' }), { date: '2017-06-12', year: 2017, fromListing: false });
    assert.equal(dateLabel(lib.papers[0]), 'listed 2025-02-17');
    assert.equal(dateLabel({ year: 2017, listed: '2025-02-17' }), '2017');
  });

  test('generated keys: the listing year stands in for a missing publication year', () => {
    assert.equal(baseKey({ title: 'A Bag of Tricks for Few-Shot Learning', authors: [], listed: '2025-07-28' }), 'bag2025');
    assert.equal(baseKey({ title: 'Attention Is All You Need', authors: ['Ashish Vaswani'], year: 2017, listed: '2025-07-28' }), 'vaswani2017attention');
    assert.equal(baseKey({ title: 'A Bag of Tricks', authors: [] }), 'bag');
  });

  test('a key already pinned (note or key lock) does not move when the paper gains a listing day', () => {
    const record: PaperRecord = { title: 'A Bag of Tricks for Few-Shot Learning', authors: [], tags: [], listed: '2025-07-28', sources: [{ path: 'p.txt', line: 5, format: 'daily-papers' }] };
    const [unpinned] = assignCitekeys([record]).papers;
    assert.equal(unpinned?.key, 'bag2025');
    for (const origin of ['note', 'lock'] as const) {
      const [pinned] = assignCitekeys([record], [{ key: 'bag', title: record.title, origin, path: origin === 'note' ? 'papers/bag.md' : '.litnotes/citekeys.json', line: 1 }]).papers;
      assert.equal(pinned?.key, 'bag', origin);
      assert.equal(pinned?.keyOrigin, 'pinned');
    }
  });

  test('the sample library: fewer undated papers, none of them with a bare-word key when listed', () => {
    const lib = sampleLibrary();
    const undated = lib.papers.filter((p) => effectiveDate(p) === undefined);
    const listedOnly = lib.papers.filter((p) => p.date === undefined && p.year === undefined && p.listed !== undefined);
    assert.ok(listedOnly.length > 0);
    assert.ok(listedOnly.every((p) => /\d{4}/.test(p.key)), listedOnly.map((p) => p.key).join(', '));
    assert.ok(undated.every((p) => p.listed === undefined));
  });
});
