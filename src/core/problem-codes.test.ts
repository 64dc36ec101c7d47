import * as assert from 'node:assert/strict';
import { buildLibrary } from './library';
import { problem } from './model';
import { problemCode, relatedLocations } from './problem-codes';
import { parseSource } from './sources';

suite('problem codes', () => {
  test('BibTeX problems get the code of their kind', () => {
    const bib = [
      '@article{a, title = {One}, year = 2020}', // 1
      '@article{a, title = {Two}, year = 2021}', // 2: duplicate key
      '@article{b, title = {Three}, journal = nomacro}', // 3: undefined macro
      '@article{c, title = {Four}, title = {Again}}', // 4: field twice
      '@article{d, title = {Five}, crossref = {zzz}}', // 5: crossref not found
      '@article{e, title = {Unclosed', // 6
      '',
    ].join('\n');
    const codes = parseSource('x.bib', bib).problems.map((p) => [p.line, problemCode(p)]);
    assert.deepEqual(codes, [
      [2, 'duplicate-key'],
      [3, 'undefined-macro'],
      [4, 'duplicate-field'],
      [5, 'crossref'],
      [6, 'unbalanced-braces'],
    ]);
  });

  test('file-level problems', () => {
    assert.equal(problemCode(problem('a.bib', 1, 'Skipped: 300.0 MB is over the litNotes.maxFileSizeMB limit (200 MB)')), 'file-too-large');
    assert.equal(problemCode(problem('a.bib', 1, 'Cannot read: FileNotFound')), 'not-loaded');
    assert.equal(problemCode(problem('a.bib', 1, 'Not loaded: loading was cancelled (run Lit Notes: Refresh to load it)', 'warning')), 'not-loaded');
    assert.equal(problemCode(parseSource('a.bib', 'hello').problems[0]!), 'unknown-format');
    assert.equal(problemCode(parseSource('a.csl.json', '[{"id": "x", "title": "T"').problems[0]!), 'unknown-format');
    assert.equal(problemCode(problem('a.json', 3, 'Invalid JSON: Unexpected token')), 'invalid-json');
    assert.equal(problemCode(problem('a.bib', 9, 'Entry `e` is not closed before the end of the file (truncated?); its complete fields were loaded', 'warning')), 'unclosed');
    assert.equal(problemCode(problem('a.bib', 1, 'Something new')), 'format');
  });

  test('a duplicate key points at the first entry; a key used elsewhere at that file and line', () => {
    const lib = buildLibrary([parseSource('x.bib', '@article{a, title = {One}}\n@article{a, title = {Two}}\n')]);
    const dup = lib.problems.find((p) => problemCode(p) === 'duplicate-key');
    assert.ok(dup);
    assert.deepEqual(relatedLocations(dup), [{ path: undefined, line: 1 }]);
    const cross = buildLibrary([parseSource('x.bib', '@article{a, title = {One}}\n'), parseSource('y.bib', '\n\n@article{a, title = {Another paper entirely}}\n')]);
    const other = cross.problems.find((p) => problemCode(p) === 'duplicate-key');
    assert.ok(other, cross.problems.map((p) => p.message).join('; '));
    assert.deepEqual(relatedLocations(other), [{ path: 'x.bib', line: 1 }]);
  });
});
