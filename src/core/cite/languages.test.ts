import * as assert from 'node:assert/strict';
import { CITING_GLOB, documentLanguageOfPath, languageOfId, languageOfPath } from './languages';

suite('core/cite/languages', () => {
  test('language ids', () => {
    const ids = ['markdown', 'quarto', 'latex', 'doctex', 'bibtex', 'plaintext'];
    assert.deepEqual(ids.map(languageOfId), ['markdown', 'markdown', 'latex', 'latex', undefined, undefined]);
  });

  test('scanned files by extension (any case); LaTeX sources only when named', () => {
    const scanned = ['/w/a.md', '/w/a.Rmd', '/w/paper.TEX', '/w/a.ltx', '/w/pkg.sty', '/w.md/notes'];
    assert.deepEqual(scanned.map(languageOfPath), ['markdown', 'markdown', 'latex', 'latex', undefined, undefined]);
    assert.deepEqual(['pkg.sty', 'doc.dtx', 'README'].map(documentLanguageOfPath), ['latex', 'latex', 'markdown']);
    assert.equal(CITING_GLOB, '**/*.{md,markdown,qmd,rmd,Rmd,tex,ltx,latex}');
  });
});
