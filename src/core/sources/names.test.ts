import * as assert from 'node:assert/strict';
import { mulberry32 } from '../../../test/fuzz/mutate';
import { formatBibtexName, formatCslName, formatRisName, parseBibtexNames, splitBibtexNameList } from './names';

suite('core/sources/names', () => {
  test('BibTeX name lists split on `and` at brace level 0 only', () => {
    assert.deepEqual(splitBibtexNameList('A and B AND C\nand D'), ['A', 'B', 'C', 'D']);
    assert.deepEqual(splitBibtexNameList('{Barnes and Noble} and Sand, Andy'), ['{Barnes and Noble}', 'Sand, Andy']);
    assert.deepEqual(splitBibtexNameList('Anderson and Andrews'), ['Anderson', 'Andrews']);
  });

  test('BibTeX name forms become "First von Last Jr"', () => {
    assert.equal(formatBibtexName('Donald E. Knuth'), 'Donald E. Knuth');
    assert.equal(formatBibtexName('Knuth, Donald E.'), 'Donald E. Knuth');
    assert.equal(formatBibtexName('Ludwig van Beethoven'), 'Ludwig van Beethoven');
    assert.equal(formatBibtexName('van Beethoven, Ludwig'), 'Ludwig van Beethoven');
    assert.equal(formatBibtexName('de la Fontaine, Jean'), 'Jean de la Fontaine');
    assert.equal(formatBibtexName('Author, Jr., A. A.'), 'A. A. Author Jr.');
    assert.equal(formatBibtexName('{World Health Organization}'), 'World Health Organization');
    assert.equal(formatBibtexName('Charles {de Gaulle}'), 'Charles de Gaulle'); // braced: not a von part
    assert.equal(formatBibtexName(String.raw`{\"O}zkal, Erhan`), 'Erhan Özkal');
    assert.equal(formatBibtexName(String.raw`Aks{\i}n, {\"O}zge`), 'Özge Aksın');
    assert.equal(formatBibtexName(String.raw`Jean-Marc J{\'e}z{\'e}quel`), 'Jean-Marc Jézéquel');
    assert.equal(formatBibtexName('Plato'), 'Plato');
    assert.equal(formatBibtexName('family=Smith, given=Jo, prefix=van'), 'Jo van Smith');
    assert.equal(formatBibtexName('  '), undefined);
  });

  test('a plain name (words only) gives what the full name path gives', () => {
    // Plain names take a shortcut; a trailing empty group ` {}` sends the same name down the
    // full path (tokens, von parts, LaTeX) without changing its text.
    const rand = mulberry32(20261204);
    const alphabet = ['a', 'Z', 'é', 'Ö', 'ß', 'ł', '.', '-', '1', ' ', ' ', ' ', '  ', '\t', '\n', '\u00a0', 'van', 'de', 'and'];
    let plain = 0;
    for (let i = 0; i < 3000; i++) {
      let raw = '';
      const n = Math.floor(rand() * 12);
      for (let j = 0; j < n; j++) {
        raw += alphabet[Math.floor(rand() * alphabet.length)];
      }
      const full = formatBibtexName(`${raw} {}`);
      assert.equal(formatBibtexName(raw), full, JSON.stringify(raw));
      plain += full === undefined ? 0 : 1;
    }
    assert.ok(plain > 2000, `${plain} names were not empty`);
    assert.equal(formatBibtexName('ludwig van beethoven'), 'ludwig van beethoven');
    assert.equal(formatBibtexName(' Linda\u00a0 Park\n'), 'Linda Park');
  });

  test('`and others` is dropped', () => {
    assert.deepEqual(parseBibtexNames('Smith, J. and Doe, A. and others'), ['J. Smith', 'A. Doe']);
  });

  test('CSL names', () => {
    assert.equal(formatCslName({ family: 'Beethoven', given: 'Ludwig', 'non-dropping-particle': 'van' }), 'Ludwig van Beethoven');
    assert.equal(formatCslName({ family: 'Gaulle', given: 'Charles', 'dropping-particle': 'de' }), 'Charles de Gaulle');
    assert.equal(formatCslName({ family: 'King', given: 'Martin Luther', suffix: 'Jr.' }), 'Martin Luther King Jr.');
    assert.equal(formatCslName({ literal: 'The ACME Consortium' }), 'The ACME Consortium');
    assert.equal(formatCslName({ family: 'NIH', given: '' }), 'NIH');
    assert.equal(formatCslName({}), undefined);
    assert.equal(formatCslName(42), undefined);
  });

  test('RIS names', () => {
    assert.equal(formatRisName('Smith, Jane'), 'Jane Smith');
    assert.equal(formatRisName('King, Martin Luther, Jr.'), 'Martin Luther King Jr.');
    assert.equal(formatRisName('Banks, Ferdinand E. '), 'Ferdinand E. Banks');
    assert.equal(formatRisName('ACME Consortium'), 'ACME Consortium');
    assert.equal(formatRisName(' , '), undefined);
  });
});
