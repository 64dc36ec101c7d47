import * as assert from 'node:assert/strict';
import { CITING_GLOB, documentLanguageOfPath, languageOfId, languageOfPath } from './languages';

suite('core/cite/languages', () => {
  test('language ids', () => {
    assert.equal(languageOfId('markdown'), 'markdown');
    assert.equal(languageOfId('quarto'), 'markdown');
    assert.equal(languageOfId('latex'), 'latex');
    assert.equal(languageOfId('doctex'), 'latex');
    assert.equal(languageOfId('bibtex'), undefined);
    assert.equal(languageOfId('plaintext'), undefined);
  });

  test('scanned files by extension (any case); LaTeX sources only when named', () => {
    assert.equal(languageOfPath('/w/a.md'), 'markdown');
    assert.equal(languageOfPath('/w/a.Rmd'), 'markdown');
    assert.equal(languageOfPath('/w/paper.TEX'), 'latex');
    assert.equal(languageOfPath('/w/a.ltx'), 'latex');
    assert.equal(languageOfPath('/w/pkg.sty'), undefined);
    assert.equal(languageOfPath('/w.md/notes'), undefined);
    assert.equal(documentLanguageOfPath('pkg.sty'), 'latex');
    assert.equal(documentLanguageOfPath('doc.dtx'), 'latex');
    assert.equal(documentLanguageOfPath('README'), 'markdown');
    assert.equal(CITING_GLOB, '**/*.{md,markdown,qmd,rmd,Rmd,tex,ltx,latex}');
  });
});
