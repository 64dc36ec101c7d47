/**
 * The complexity suite (issue #18): for each class of algorithmic attack a hostile repository
 * could mount, a crafted input at two sizes, with an assertion on the growth of the time (a
 * ratio, never an absolute time; see ./growth.ts) and on the result (the report is valid, the
 * other entries and sources are intact). Not random fuzzing: every input is the worst case
 * known for the code it targets.
 */
import * as assert from 'node:assert/strict';
import { buildLibrary } from '../library';
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
