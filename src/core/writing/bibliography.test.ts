import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildLibrary } from '../library';
import type { Library } from '../library';
import { parseSource } from '../sources';
import { SAMPLES } from '../../../test/paths';
import { appendEntries, applyInsertion, bibliographyKeys, bibtexEntry, citedKeys, findBibliographies, joinPath, planSync } from './bibliography';

function samples(): Library {
  const files = ['hf-daily-papers.json', 'library.bib', 'zotero-export.csl.json'];
  return buildLibrary(files.map((f) => parseSource(f, readFileSync(path.join(SAMPLES, f), 'utf8'))));
}

suite('writing: bibliography discovery', () => {
  test('markdown frontmatter: a string, relative to the document', () => {
    const doc = '---\ntitle: Draft\nbibliography: refs.bib\n---\nText [@a].\n';
    assert.deepEqual(findBibliographies(doc, 'markdown', 'paper/draft.md'), [{ raw: 'refs.bib', path: 'paper/refs.bib', line: 3, format: 'bibtex' }]);
  });

  test('markdown frontmatter: a list, `..`, quotes, CSL-JSON, absolute paths', () => {
    const doc = '---\nbibliography:\n  - ../shared/main.bib\n  - "extra refs.json"\n  - /abs/x.bib\n---\n';
    const found = findBibliographies(doc, 'markdown', 'paper/sub/draft.md');
    assert.deepEqual(
      found.map((b) => [b.path, b.line, b.format]),
      [
        ['paper/shared/main.bib', 3, 'bibtex'],
        ['paper/sub/extra refs.json', 4, 'csl-json'],
        ['/abs/x.bib', 5, 'bibtex'],
      ],
    );
  });

  test('markdown without frontmatter, without the field, or with broken YAML names nothing', () => {
    assert.deepEqual(findBibliographies('Text [@a].\n', 'markdown', 'a.md'), []);
    assert.deepEqual(findBibliographies('---\ntitle: x\n---\n', 'markdown', 'a.md'), []);
    assert.deepEqual(findBibliographies('---\nbibliography: [a.bib\n---\n', 'markdown', 'a.md'), []);
    assert.deepEqual(findBibliographies('Body\nbibliography: refs.bib\n', 'markdown', 'a.md'), []);
  });

  test('LaTeX: \\bibliography{a,b} without extension, \\addbibresource with options, comments skipped', () => {
    const tex = [
      '\\documentclass{article}',
      '\\addbibresource[datatype=bibtex]{lib/extra.bib}',
      '% \\bibliography{commented}',
      'Costs 5\\% \\cite{a}',
      '\\bibliography{refs, more.bib ,../up}',
    ].join('\n');
    const found = findBibliographies(tex, 'latex', 'thesis/main.tex');
    assert.deepEqual(
      found.map((b) => [b.raw, b.path, b.line]),
      [
        ['lib/extra.bib', 'thesis/lib/extra.bib', 2],
        ['refs.bib', 'thesis/refs.bib', 5],
        ['more.bib', 'thesis/more.bib', 5],
        ['../up.bib', 'up.bib', 5],
      ],
    );
  });

  test('joinPath normalises', () => {
    assert.equal(joinPath('', 'refs.bib'), 'refs.bib');
    assert.equal(joinPath('a/b', './c/../refs.bib'), 'a/b/refs.bib');
    assert.equal(joinPath('a', '../../x.bib'), '../x.bib');
    assert.equal(joinPath('/w/a', '../x.bib'), '/w/x.bib');
  });

  test('keys held by a BibTeX file (macros, preamble and comments are not entries) and a CSL-JSON file', () => {
    const bib = '@string{j = "J"}\n@preamble{"x"}\n@comment{y}\n@article{DBLP:journals/corr/abs-1,\n title={A}}\n@misc( O\'Hara_1999 ,\n title={B})\n';
    assert.deepEqual(bibliographyKeys(bib, 'bibtex'), ['DBLP:journals/corr/abs-1', "O'Hara_1999"]);
    assert.deepEqual(bibliographyKeys('[{"id": "a", "type": "book"}, {"id": 7}]', 'csl-json'), ['a', '7']);
    assert.equal(bibliographyKeys('{"not": "an array"}', 'csl-json'), undefined);
    assert.deepEqual(bibliographyKeys('', 'csl-json'), []);
  });
});

suite('writing: bibliography sync plan and append', () => {
  const lib = samples();
  const hf = lib.papers.find((p) => p.sources[0]?.format === 'hf-json');
  const bibPaper = lib.byKey.get('he2016deep');

  test('missing, unused and unknown keys', () => {
    assert.ok(hf && bibPaper);
    const cited = citedKeys(`See [@${hf.key}; @he2016deep, p. 4] and @nobody2020x.\n`, 'markdown');
    const plan = planSync(cited, ['he2016deep', 'orphan2001'], lib.byKey);
    assert.deepEqual(plan.missing.map((m) => m.key), [hf.key]);
    assert.deepEqual(plan.unused, ['orphan2001']);
    assert.deepEqual(plan.unknown, ['nobody2020x']);
  });

  test('BibTeX: appended after the existing bytes, under the verbatim key; a second sync adds nothing', () => {
    assert.ok(hf && bibPaper);
    const existing = '% my refs\n@article{keep,\n  title = {Kept   as   is},\n}';
    const plan = planSync([hf.key, 'keep'], bibliographyKeys(existing, 'bibtex') ?? [], lib.byKey);
    const ins = appendEntries(existing, plan.missing, 'bibtex');
    assert.ok(ins);
    const next = applyInsertion(existing, ins);
    assert.ok(next.startsWith(existing), 'prefix byte-identical');
    assert.match(next, new RegExp(`\\n\\n@misc\\{${hf.key},\\n`));
    const again = planSync([hf.key, 'keep'], bibliographyKeys(next, 'bibtex') ?? [], lib.byKey);
    assert.deepEqual(again.missing, []);
    assert.equal(appendEntries(next, again.missing, 'bibtex'), undefined);
  });

  test('a key BibTeX allows is written verbatim even where the exporter would sanitise it', () => {
    assert.ok(bibPaper);
    assert.match(bibtexEntry(bibPaper, "O'Hara_1999"), /^@inproceedings\{O'Hara_1999,\n/);
    assert.match(bibtexEntry(bibPaper, 'DBLP:journals/corr/abs-1104-5069'), /^@inproceedings\{DBLP:journals\/corr\/abs-1104-5069,\n/);
  });

  test('CSL-JSON: inserted before the closing bracket, existing items byte-identical, valid JSON; new and empty files', () => {
    assert.ok(hf);
    const existing = '[\n  {"id": "keep", "type": "book", "title": "K"}\n]\n';
    const ins = appendEntries(existing, [{ key: hf.key, paper: hf }], 'csl-json');
    assert.ok(ins);
    const next = applyInsertion(existing, ins);
    assert.ok(next.startsWith('[\n  {"id": "keep", "type": "book", "title": "K"}'));
    assert.deepEqual(bibliographyKeys(next, 'csl-json'), ['keep', hf.key]);
    const fresh = appendEntries(undefined, [{ key: hf.key, paper: hf }], 'csl-json');
    assert.ok(fresh);
    assert.deepEqual(bibliographyKeys(applyInsertion('', fresh), 'csl-json'), [hf.key]);
    const empty = appendEntries('[]', [{ key: hf.key, paper: hf }], 'csl-json');
    assert.ok(empty);
    assert.deepEqual(bibliographyKeys(applyInsertion('[]', empty), 'csl-json'), [hf.key]);
    assert.equal(appendEntries('{"x": 1}', [{ key: hf.key, paper: hf }], 'csl-json'), undefined, 'a non-array file is never rewritten');
  });

  test('CRLF files keep CRLF', () => {
    assert.ok(hf);
    const existing = '@misc{keep,\r\n  title = {K}\r\n}\r\n';
    const ins = appendEntries(existing, [{ key: hf.key, paper: hf }], 'bibtex');
    assert.ok(ins);
    assert.doesNotMatch(ins.text.replace(/\r\n/g, ''), /\n/);
  });

  test('an appended bibliography loaded as a library source merges with the paper: no duplicate-key problem, same keys', () => {
    const files = ['hf-daily-papers.json', 'library.bib', 'zotero-export.csl.json'];
    const daily = ['000_642832e2e0a7286f.txt', '001_cab24428e2c7b779.txt'];
    const base = [...files.map((f) => parseSource(f, readFileSync(path.join(SAMPLES, f), 'utf8'))), ...daily.map((f) => parseSource(`daily-papers/${f}`, readFileSync(path.join(SAMPLES, 'daily-papers', f), 'utf8')))];
    const before = buildLibrary(base);
    const keys = before.papers.map((p) => p.key);
    const plan = planSync(keys, [], before.byKey);
    assert.equal(plan.missing.length, before.papers.length);
    const refs = applyInsertion('', appendEntries(undefined, plan.missing, 'bibtex') ?? { offset: 0, text: '' });
    const after = buildLibrary([...base, parseSource('paper/refs.bib', refs)]);
    assert.equal(after.papers.length, before.papers.length, 'no paper doubled');
    for (const key of keys) {
      assert.equal(after.byKey.get(key)?.title, before.byKey.get(key)?.title, `${key} still names the same paper`);
      assert.equal(after.byKey.get(key)?.key, key, `${key} is still the paper's key`);
    }
    assert.deepEqual(after.problems.filter((p) => p.path === 'paper/refs.bib'), []);
  });
});
