import * as assert from 'node:assert/strict';
import type { PaperRecord, SourceFormat } from './model';
import { mergeRecords } from './merge';

function rec(fields: Partial<PaperRecord> & { title: string }, format: SourceFormat = 'bibtex', path = 'a.bib', line = 1): PaperRecord {
  return { authors: [], tags: [], sources: [{ path, line, format }], ...fields };
}

suite('core/merge', () => {
  test('records sharing a DOI, an arXiv id or a normalised title become one paper', () => {
    const merged = mergeRecords([
      rec({ title: 'Attention Is All You Need', arxivId: '1706.03762' }, 'bibtex', 'lib.bib', 10),
      rec({ title: 'attention is all you need!', upvotes: 5, organization: 'Google' }, 'daily-papers', 'day.txt', 3),
      rec({ title: 'A different title', arxivId: '1706.03762', abstract: 'The dominant…' }, 'hf-json', 'hf.json', 2),
      rec({ title: 'Unrelated paper about soups', doi: '10.1/x' }, 'ris', 'r.ris', 1),
      rec({ title: 'Same DOI other title', doi: '10.1/x' }, 'csl-json', 'c.json', 1),
    ]);
    assert.equal(merged.length, 2);
    const attention = merged.find((r) => r.arxivId === '1706.03762')!;
    assert.equal(attention.title, 'Attention Is All You Need'); // BibTeX wins the title
    assert.equal(attention.upvotes, 5);
    assert.equal(attention.organization, 'Google');
    assert.equal(attention.abstract, 'The dominant…');
    assert.deepEqual(attention.sources.map((s) => s.path), ['lib.bib', 'hf.json', 'day.txt']);
  });

  test('untitled records never merge by their stand-in title; bibliographic fields are carried', () => {
    const merged = mergeRecords([
      rec({ title: 'Handbook of Things', untitled: true, key: 'a' }, 'bibtex', 'a.bib', 1),
      rec({ title: 'Handbook of Things', untitled: true, key: 'b' }, 'bibtex', 'a.bib', 5),
      rec({ title: 'Handbook of Things', key: 'c' }, 'bibtex', 'a.bib', 9),
    ]);
    assert.equal(merged.length, 3);
    const [one] = mergeRecords([
      rec({ title: 'untitled-key', untitled: true, doi: '10.1/y', volume: '3', editors: ['E D'] }, 'bibtex', 'a.bib', 1),
      rec({ title: 'The Real Title', doi: '10.1/y', pages: '1–2', publisher: 'P', container: 'C', issue: '4', latex: { title: 'The {Real} Title', container: '{C}' } }, 'csl-json', 'b.json', 1),
    ]);
    assert.equal(one?.title, 'The Real Title'); // a real title wins over a stand-in
    assert.equal(one?.untitled, undefined);
    assert.deepEqual(
      [one?.volume, one?.issue, one?.pages, one?.publisher, one?.container, one?.editors, one?.latex],
      ['3', '4', '1–2', 'P', 'C', ['E D'], { title: 'The {Real} Title', container: '{C}' }],
    );
  });

  test('the result does not depend on input order', () => {
    const input = [
      rec({ title: 'Model soups: averaging weights', upvotes: 1, date: '2022-03' }, 'daily-papers', 'b.txt', 5),
      rec({ title: 'Model Soups: Averaging Weights', upvotes: 7, date: '2022-03-10' }, 'daily-papers', 'a.txt', 9),
      rec({ title: 'Model soups — averaging weights', authors: ['Mitchell Wortsman'], key: 'wortsman2022' }, 'bibtex', 'lib.bib', 1),
    ];
    const one = mergeRecords(input);
    const two = mergeRecords([...input].reverse());
    assert.deepEqual(one, two);
    assert.equal(one.length, 1);
    assert.equal(one[0]?.date, '2022-03-10'); // the most precise date
    assert.equal(one[0]?.upvotes, 7); // the highest count
    assert.equal(one[0]?.key, 'wortsman2022');
  });

  test('a title match never joins papers with different DOIs, and short generic titles never merge', () => {
    const merged = mergeRecords([
      rec({ title: 'A Survey of Large Language Models', doi: '10.1/a' }),
      rec({ title: 'A survey of large language models', doi: '10.1/b' }, 'bibtex', 'a.bib', 2),
      rec({ title: 'A Survey of Large Language Models' }, 'daily-papers', 'd.txt', 1),
      rec({ title: 'Preface' }, 'bibtex', 'a.bib', 3),
      rec({ title: 'Preface' }, 'bibtex', 'a.bib', 4),
    ]);
    assert.equal(merged.length, 4);
  });

  test('tags are united; authors come from the first record that has them; the inputs are untouched', () => {
    const a = rec({ title: 'Deep residual learning for image recognition', tags: ['cv'] }, 'daily-papers', 'd.txt');
    const b = rec({ title: 'Deep Residual Learning for Image Recognition', tags: ['resnet', 'cv'], authors: ['Kaiming He'] }, 'ris', 'r.ris');
    const [m] = mergeRecords([a, b]);
    assert.deepEqual(m?.tags, ['resnet', 'cv']);
    assert.deepEqual(m?.authors, ['Kaiming He']);
    assert.deepEqual(a.tags, ['cv']);
  });
});
