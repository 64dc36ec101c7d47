import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { SAMPLES, SEEDS } from '../../../test/paths';
import type { Library } from '../library';
import { buildLibrary } from '../library';
import type { Paper, SourceFormat } from '../model';
import { parseSource } from '../sources';
import { bibtexType, escapeLatex, toBibtex } from './bibtex';
import { cslType, escapeCslText, toCslJson } from './csl-json';

/** bibtex-parse (a devDependency, no types): an independent parser to validate our output. */
const bibtexParse = createRequire(__filename)('bibtex-parse') as { entries(text: string): Array<Record<string, string>> };

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

function load(files: readonly string[]): Library {
  return buildLibrary(files.map((f) => parseSource(f, readFileSync(f, 'utf8'))));
}

/** Exports, parses the export back with our loaders and rebuilds the library. */
function roundTrip(papers: readonly Paper[], format: 'bibtex' | 'csl-json'): { text: string; library: Library } {
  const text = format === 'bibtex' ? toBibtex(papers) : toCslJson(papers);
  const parsed = parseSource(format === 'bibtex' ? 'export.bib' : 'export.csl.json', text);
  assert.equal(parsed.format, format, 'format detected from the content');
  assert.deepEqual(parsed.problems, [], 'no problems reading the export');
  return { text, library: buildLibrary([parsed]) };
}

/**
 * What survives a round trip: key, title, authors, date (ISO, as precise as the original),
 * year, DOI, arXiv id, abstract, venue, tags, the URL (the arXiv page is added when a paper
 * with an arXiv id has no URL), and the bibliographic fields: container, volume, issue, pages,
 * publisher and its place, edition, editors, series, ISBN, ISSN, note, language, title addon,
 * and whether the paper is untitled. Not compared: organisation, author count, upvotes, PDF
 * link, which the formats or our loaders do not carry (see the module docs), and sources.
 */
function comparable(p: Paper): Record<string, unknown> {
  return {
    key: p.key,
    title: p.title,
    untitled: p.untitled,
    container: p.container ?? p.venue, // a venue without a container is exported as the container
    volume: p.volume,
    issue: p.issue,
    pages: p.pages,
    publisher: p.publisher === p.organization ? undefined : p.publisher, // CSL-JSON: an author-less paper's organisation is its publisher
    publisherPlace: p.publisherPlace,
    edition: p.edition,
    editors: p.editors,
    series: p.series,
    isbn: p.isbn,
    issn: p.issn,
    note: p.note,
    language: p.language,
    doiAsWritten: p.doiAsWritten,
    authors: p.authors,
    date: p.date,
    year: p.year,
    doi: p.doi,
    arxivId: p.arxivId,
    abstract: p.abstract,
    venue: p.venue,
    tags: p.tags,
    url: p.url ?? (p.arxivId ? `https://arxiv.org/abs/${p.arxivId}` : undefined),
  };
}

function assertSamePapers(original: readonly Paper[], back: Library, typeOf: (p: Paper) => string): void {
  assert.equal(back.papers.length, original.length);
  for (const p of original) {
    const q = back.byKey.get(p.key);
    assert.ok(q, `paper ${p.key} is back`);
    assert.deepEqual(comparable(q), comparable(p), p.key);
    assert.equal(q.type, typeOf(p), `type of ${p.key}`);
  }
}

/** Every value's braces balance (BibTeX counts every brace, escaped or not). */
function assertBalanced(bib: string): void {
  let depth = 0;
  for (const [i, c] of [...bib].entries()) {
    depth += c === '{' ? 1 : c === '}' ? -1 : 0;
    assert.ok(depth >= 0, `unbalanced } at ${i}`);
  }
  assert.equal(depth, 0);
}

const paper = (fields: Partial<Paper> & { key: string; title: string }, format: SourceFormat = 'bibtex'): Paper => ({
  authors: [],
  tags: [],
  sources: [{ path: 'x', line: 1, format }],
  ...fields,
});

const HOSTILE_TITLES = [
  'Braces {in} the title',
  'Unbalanced { brace',
  'Unbalanced } brace',
  '}{ reversed }}}',
  'Back\\slash and \\textbf{not a macro} \\',
  '100% sure',
  'R&D',
  '$x^2$ is math, $$y$$ too',
  '#hashtag and C# and ##',
  'snake_case_name',
  'tilde ~ here~',
  'caret ^ here^^',
  '"Quoted" and \'single\' and ``tex quotes\'\' and it\'\'s',
  'dash -- double --- triple - single',
  'Emoji 😀🧪 and ünïcödé and 中文 and עברית',
  '@misc{fake, title = {x}}',
  'A title with `backticks` and ?` and !`',
  '<i>not italic</i> &amp; an entity &#38; and <b> & <',
  'Comma, and "and" and others',
  '{',
  '}',
  '\\{\\}',
  'A "quote inside',
  '% starts with a comment sign',
  'Ends with percent %',
  'Mixed {\\&}% $_#~^ all',
  'ImageNet, BERT and GPT-4: LLMs on TPUs',
];

suite('core/export', () => {
  suite('round trip of the sample workspace and the seed pages', () => {
    const original = load([...filesUnder(SAMPLES), ...filesUnder(SEEDS)]).papers;

    test('the sample library is not trivial', () => {
      assert.ok(original.length > 200);
      assert.ok(original.some((p) => p.doi) && original.some((p) => p.arxivId) && original.some((p) => p.venue) && original.some((p) => p.authors.length > 5) && original.some((p) => p.tags.length > 0));
    });

    test('BibTeX: same keys, titles, authors, dates, DOIs, arXiv ids, abstracts, venues, tags', () => {
      const { text, library } = roundTrip(original, 'bibtex');
      assertSamePapers(original, library, bibtexType);
      assertBalanced(text);
      const entries = bibtexParse.entries(text);
      assert.deepEqual(
        entries.map((e) => e.key),
        original.map((p) => p.key),
        'bibtex-parse reads every entry',
      );
    });

    test('CSL-JSON: same keys, titles, authors, dates, DOIs, arXiv ids, abstracts, venues, tags', () => {
      const { library } = roundTrip(original, 'csl-json');
      assertSamePapers(original, library, cslType);
    });

    test('export is stable: exporting the re-imported library again gives the same text', () => {
      for (const format of ['bibtex', 'csl-json'] as const) {
        const once = roundTrip(original, format);
        const twice = roundTrip(once.library.papers, format);
        const thrice = roundTrip(twice.library.papers, format);
        assert.equal(thrice.text, twice.text, format);
        // Nothing is lost on the first re-import either (organisations included).
        assert.equal(twice.text, once.text, format);
        // BibTeX keeps every organisation; CSL-JSON has a place for it only when there are no authors (publisher).
        const kept = (p: { authors: readonly string[] }): boolean => format === 'bibtex' || p.authors.length === 0;
        assert.deepEqual(
          once.library.papers.filter(kept).map((p) => [p.key, p.organization]).sort(),
          original.filter(kept).map((p) => [p.key, p.organization]).sort(),
          `${format}: organisations survive`,
        );
      }
    });
  });

  suite('bibliographic fields', () => {
    const full = (format: SourceFormat, extra: Partial<Paper> = {}): Paper =>
      paper(
        {
          key: 'lecun2015deep',
          title: 'Deep Learning',
          authors: ['Yann LeCun', 'Yoshua Bengio'],
          editors: ['Jo Smith', 'Ann de la Cruz'],
          container: 'Nature',
          venue: 'Nature',
          volume: '521',
          issue: '7553',
          pages: '436–444',
          publisher: 'Nature Publishing Group',
          publisherPlace: 'London',
          edition: '2',
          series: 'Letters',
          isbn: '978-3-16-148410-0',
          issn: '0028-0836',
          note: 'A note & 50% more',
          language: 'english',
          doi: '10.1038/nature14539',
          doiAsWritten: '10.1038/NATURE14539',
          year: 2015,
          date: '2015-05-28',
          type: format === 'csl-json' ? 'article-journal' : 'article',
          ...extra,
        },
        format,
      );

    for (const format of ['bibtex', 'csl-json'] as const) {
      test(`${format}: container, volume, issue, pages, publisher, place, edition, editors, series, ISBN, ISSN, note, language and the DOI as written come back`, () => {
        const { library } = roundTrip([full(format)], format);
        assertSamePapers([full(format)], library, format === 'bibtex' ? bibtexType : cslType);
      });

      test(`${format}: an untitled paper is exported without a title and comes back untitled, with the same key`, () => {
        const p = full(format, { key: 'untitled2015', title: 'untitled2015', untitled: true });
        const { text, library } = roundTrip([p], format);
        assert.doesNotMatch(text, /title\s*=|"title"/);
        assert.deepEqual([library.papers[0]?.key, library.papers[0]?.title, library.papers[0]?.untitled], ['untitled2015', 'untitled2015', true]);
      });
    }

    test('BibTeX: field names by type (journal/booktitle, publisher/institution/school), `--` in page ranges', () => {
      const bib = (extra: Partial<Paper>): string => toBibtex([full('bibtex', extra)]);
      assert.match(bib({}), /journal += \{Nature\},\n {2}volume += \{521\},\n {2}number += \{7553\},\n {2}pages += \{436--444\},\n {2}publisher += \{Nature Publishing Group\},\n {2}address += \{London\},\n {2}edition += \{2\},\n {2}series += \{Letters\},/);
      assert.match(bib({}), /editor += \{Smith, Jo and de la Cruz, Ann\}/);
      assert.match(bib({}), /doi += \{10\.1038\/NATURE14539\}/);
      assert.match(bib({}), /isbn += \{978-3-16-148410-0\},\n {2}issn += \{0028-0836\},\n {2}note += \{A note \\& 50\\% more\},\n {2}langid += \{english\}/);
      assert.match(bib({ type: 'inproceedings', container: 'Proc. of ICML' }), /booktitle += \{Proc\. of \{ICML\}\}|booktitle += \{Proc\. of ICML\}/);
      assert.match(bib({ type: 'techreport', container: undefined, venue: undefined }), /institution += \{Nature Publishing Group\}/);
      assert.match(bib({ type: 'phdthesis', container: undefined, venue: undefined }), /school += \{Nature Publishing Group\}/);
    });

    test('BibTeX: names and list fields as the source wrote them, while they still read as the values', () => {
      const p = full('bibtex', { authors: ['T. Ibn Abdulaziz', 'American Psychological Association'], publisher: 'Henry Holt and Co.', latex: { authors: '{Ibn Abdulaziz}, T. and {American Psychological Association}', publisher: '{Henry Holt and Co.}' } });
      const text = toBibtex([p]);
      assert.match(text, /author += \{\{Ibn Abdulaziz\}, T\. and \{American Psychological Association\}\}/);
      assert.match(text, /publisher += \{\{Henry Holt and Co\.\}\}/);
      const back = parseSource('x.bib', text).records[0];
      assert.deepEqual([back?.authors, back?.publisher], [p.authors, p.publisher]);
      // Stale LaTeX (the value changed) is not used.
      assert.match(toBibtex([{ ...p, authors: ['Someone Else'] }]), /author += \{Else, Someone\}/);
    });

    test('the LaTeX of a BibTeX title survives our own round trip (case protection, markup)', () => {
      const text = '@article{k, title = {{BERT}: Pre-training of \\emph{Deep} Bidirectional {T}ransformers}, journal = {{IEEE} Trans.}, year = 2019}\n';
      const once = buildLibrary([parseSource('a.bib', text)]).papers;
      assert.equal(once[0]?.title, 'BERT: Pre-training of Deep Bidirectional Transformers');
      const exported = toBibtex(once);
      assert.match(exported, /title {3}= \{\{BERT\}: Pre-training of \\emph\{Deep\} Bidirectional \{T\}ransformers\}/);
      assert.match(exported, /journal = \{\{IEEE\} Trans\.\}/);
      assert.equal(toBibtex(buildLibrary([parseSource('b.bib', exported)]).papers), exported);
    });

    test('CSL-JSON: nocase spans and markup become LaTeX in the BibTeX export; capitals are protected', () => {
      const json = JSON.stringify([{ id: 'x', type: 'article-journal', title: 'Enabling <span class="nocase">iPhone</span> drug discovery by <i>de novo</i> Design' }]);
      const text = toBibtex(buildLibrary([parseSource('a.json', json)]).papers);
      assert.match(text, /title = \{Enabling \{iPhone\} drug discovery by \\textit\{de novo\} \{Design\}\}/);
    });
  });

  suite('hostile values', () => {
    const papers = HOSTILE_TITLES.map((title, i) =>
      paper({
        key: `hostile${i}`,
        title,
        authors: ['Jean de la Fontaine', 'Martin Luther King Jr.', 'danah boyd', 'Plato', 'World Health Organization', 'Johnson and Johnson', 'Ann {Curly} Br_ce', 'Émile Zola-Ça', 'Conan O\'Brien', 'Others', 'Tilde~Name And'],
        venue: `Proc. of {ACM} & IEEE 50% _special_ ${title}`,
        abstract: `First paragraph with ${title}.\n\n@article{x, title={y}}\n\nLast % paragraph \\par with } and {.`,
        tags: ['a_b', 'c&d', 'x, y', '{t}'],
        doi: `10.1000/x_y%20#z${i}`,
        url: `https://example.com/a_b?x=1&y=%20#frag~${i}`,
        date: '2024-05-01',
        year: 2024,
      }),
    );

    for (const format of ['bibtex', 'csl-json'] as const) {
      test(`${format}: titles, names, venues, abstracts, tags, DOIs and URLs come back unchanged`, () => {
        const { text, library } = roundTrip(papers, format);
        assertSamePapers(papers, library, format === 'bibtex' ? bibtexType : cslType);
        if (format === 'bibtex') {
          assertBalanced(text);
          const entries = bibtexParse.entries(text);
          assert.equal(entries.length, papers.length);
          assert.ok(!/^\s*@(?!article\{hostile)/m.test(text), 'no line starts a fake entry');
        } else {
          assert.equal((JSON.parse(text) as unknown[]).length, papers.length);
        }
      });
    }

    test('every title alone, with no other field', () => {
      for (const format of ['bibtex', 'csl-json'] as const) {
        for (const [i, title] of HOSTILE_TITLES.entries()) {
          const { library } = roundTrip([paper({ key: `t${i}`, title })], format);
          assert.equal(library.papers[0]?.title, title, `${format}: ${title}`);
        }
      }
    });
  });

  suite('toBibtex', () => {
    const vaswani = paper({
      key: 'vaswani2017attention',
      title: 'Attention Is All You Need',
      authors: ['Ashish Vaswani', 'Noam Shazeer', 'Łukasz Kaiser'],
      venue: 'Advances in Neural Information Processing Systems',
      year: 2017,
      date: '2017-06-12',
      arxivId: '1706.03762',
      type: 'article',
      tags: ['transformers', 'attention'],
      abstract: 'The dominant sequence transduction models…',
    });

    test('a complete entry', () => {
      assert.equal(
        toBibtex([vaswani]),
        [
          '@article{vaswani2017attention,',
          '  title         = {Attention Is All You Need},',
          '  author        = {Vaswani, Ashish and Shazeer, Noam and Kaiser, Łukasz},',
          '  year          = {2017},',
          '  month         = jun,',
          '  date          = {2017-06-12},',
          '  journal       = {Advances in Neural Information Processing Systems},',
          '  url           = {https://arxiv.org/abs/1706.03762},',
          '  eprint        = {1706.03762},',
          '  archivePrefix = {arXiv},',
          '  abstract      = {The dominant sequence transduction models…},',
          '  keywords      = {transformers, attention}',
          '}',
          '',
        ].join('\n'),
      );
    });

    test('entries are separated by a blank line; no papers give an empty file', () => {
      assert.equal(toBibtex([]), '');
      assert.match(toBibtex([vaswani, { ...vaswani, key: 'b' }]), /^}\n\n@article\{b,$/m);
    });

    test('dates: date only with a day, month as a macro, year alone', () => {
      const fieldsOf = (p: Partial<Paper>): string => toBibtex([paper({ key: 'k', title: 'T', ...p })]);
      assert.match(fieldsOf({ date: '2024-05', year: 2024 }), /year\s+= \{2024\},\n\s+month = may\n/);
      assert.doesNotMatch(fieldsOf({ date: '2024-05', year: 2024 }), /date/);
      assert.match(fieldsOf({ year: 1999 }), /year\s+= \{1999\}\n/);
      assert.doesNotMatch(fieldsOf({}), /year|month|date/);
    });

    test('types: BibTeX, CSL and RIS names map to BibTeX types; a venue needs a venue field', () => {
      const t = (type: string | undefined, format: SourceFormat = 'bibtex', venue?: string): string => bibtexType(paper({ key: 'k', title: 'T', ...(type ? { type } : {}), ...(venue ? { venue } : {}) }, format));
      assert.equal(t('inproceedings'), 'inproceedings');
      assert.equal(t('paper-conference', 'csl-json'), 'inproceedings');
      assert.equal(t('article-journal', 'csl-json'), 'article');
      assert.equal(t('article', 'csl-json'), 'misc'); // a CSL "article" is a preprint
      assert.equal(t('article', 'csl-json', 'arXiv preprint'), 'article');
      assert.equal(t('CPAPER', 'ris'), 'inproceedings');
      assert.equal(t('JOUR', 'ris'), 'article');
      assert.equal(t('THES', 'ris'), 'phdthesis');
      assert.equal(t('preprint', 'daily-papers'), 'misc');
      assert.equal(t(undefined), 'misc');
      assert.equal(t('weird'), 'misc');
      assert.equal(t('online', 'bibtex', 'Blog'), 'article');
      assert.equal(t('book', 'bibtex', 'Series'), 'book');
    });

    test('venues: journal for articles, booktitle otherwise', () => {
      assert.match(toBibtex([paper({ key: 'k', title: 'T', type: 'inproceedings', venue: 'ICML' })]), /booktitle = \{ICML\}/);
      assert.match(toBibtex([paper({ key: 'k', title: 'T', type: 'preprint', venue: 'arXiv preprint arXiv:2101.00001' }, 'hf-json')]), /^@article\{k,\n[^]*journal\s+= \{arXiv preprint arXiv:2101.00001\}/);
    });

    test('organisation-only papers: organization field, no author', () => {
      const text = toBibtex([paper({ key: 'k', title: 'T', organization: 'AT&T Labs', authorCount: 13 })]);
      assert.match(text, /organization = \{AT\\&T Labs\}/);
      assert.doesNotMatch(text, /author/);
    });

    test('names: family first, particles and suffixes, organisations braced', () => {
      const authors = (names: string[]): string => /author = \{(.*)\}/.exec(toBibtex([paper({ key: 'k', title: 'T', authors: names })]))?.[1] ?? '';
      assert.equal(authors(['Ludwig van Beethoven', 'Martin Luther King Jr.', 'Plato']), 'van Beethoven, Ludwig and King, Jr., Martin Luther and Plato');
      assert.equal(authors(['World Health Organization', 'Johnson & Johnson', 'Others']), '{World Health Organization} and {Johnson \\& Johnson} and {Others}');
      assert.equal(authors(['Smith, J.']), '{Smith, J.}');
    });

    test('title capitals: as the BibTeX source wrote them; from other sources, protected', () => {
      // Not from BibTeX: the case is meant as written, every capitalised word is braced.
      assert.match(toBibtex([paper({ key: 'k', title: 'BERT on ImageNet: 50% of R&D_x' }, 'hf-json')]), /title = \{\{BERT\} on \{ImageNet:\} 50\\% of \{R\\&D\\_x\}\}/);
      assert.match(toBibtex([paper({ key: 'k', title: 'Attention Is All You Need' }, 'csl-json')]), /title = \{Attention \{Is\} \{All\} \{You\} \{Need\}\}/);
      // From BibTeX without LaTeX: escaped only, no braces the source did not have.
      assert.match(toBibtex([paper({ key: 'k', title: 'BERT on ImageNet: 50% of R&D_x' })]), /title = \{BERT on ImageNet: 50\\% of R\\&D\\_x\}/);
      // From BibTeX with LaTeX: written as the source wrote it, while it still reads as the title.
      const latex = { title: '{BERT} on \\emph{ImageNet}' };
      assert.match(toBibtex([paper({ key: 'k', title: 'BERT on ImageNet', latex })]), /title = \{\{BERT\} on \\emph\{ImageNet\}\}/);
      assert.match(toBibtex([paper({ key: 'k', title: 'Edited title', latex })]), /title = \{Edited title\}/);
    });

    test('escapeLatex', () => {
      assert.equal(escapeLatex('\\{}&%$#_~^`'), '\\textbackslash{}\\textbraceleft{}\\textbraceright{}\\&\\%\\$\\#\\_\\textasciitilde{}\\textasciicircum{}\\textasciigrave{}');
      assert.equal(escapeLatex("a--b ''c''"), "a-{}-b '{}'c'{}'");
      assert.equal(escapeLatex('@a x@y\n  @b'), '{}@a x@y\n  {}@b');
      assert.equal(escapeLatex('plain ünïcödé 😀 "q" <>|'), 'plain ünïcödé 😀 "q" <>|');
    });

    test('verbatim fields keep URLs and DOIs as they are (braces, spaces percent-encoded)', () => {
      const text = toBibtex([paper({ key: 'k', title: 'T', doi: '10.1000/a_b', url: 'https://x.org/a_b%20c{d} e' })]);
      assert.match(text, /doi {3}= \{10\.1000\/a_b\}/);
      assert.match(text, /url {3}= \{https:\/\/x\.org\/a_b%20c%7Bd%7D%20e\}/);
    });

    test('keys are written verbatim; only whitespace, commas and braces (unreadable in a key) are replaced', () => {
      for (const key of ['DBLP:journals/corr/abs-1104-5069', 'conf/aaai/Bresina15', "O'Hara_1999", '9.8:9', '9iPKk1T', 'url:https://openreview.net/pdf?id=rJWF0Fywf', 'a#b%c~d"e\\f', 'ü:ß']) {
        assert.ok(toBibtex([paper({ key, title: 'T' })]).startsWith(`@misc{${key},\n`), key);
        assert.equal(parseSource('x.bib', toBibtex([paper({ key, title: 'T' })])).records[0]?.key, key, key);
      }
      assert.match(toBibtex([paper({ key: 'a b,c{d}', title: 'T' })]), /^@misc\{a_b_c_d_,$/m);
    });
  });

  suite('toCslJson', () => {
    test('a complete item', () => {
      const p = paper(
        {
          key: 'liang2025torchtitan',
          title: 'TorchTitan',
          authors: ['Wanchao Liang', 'Ludwig van Beethoven', 'Martin Luther King Jr.', 'PyTorch Team'],
          venue: 'ICLR',
          date: '2024-10-08',
          year: 2024,
          doi: '10.48550/arxiv.2410.06511',
          arxivId: '2410.06511',
          type: 'paper-conference',
          abstract: 'Abstract.',
          tags: ['systems', 'llm'],
        },
        'csl-json',
      );
      assert.deepEqual(JSON.parse(toCslJson([p])), [
        {
          id: 'liang2025torchtitan',
          'citation-key': 'liang2025torchtitan',
          type: 'paper-conference',
          title: 'TorchTitan',
          author: [{ family: 'Liang', given: 'Wanchao' }, { family: 'van Beethoven', given: 'Ludwig' }, { family: 'King', given: 'Martin Luther', suffix: 'Jr.' }, { literal: 'PyTorch Team' }],
          issued: { 'date-parts': [[2024, 10, 8]] },
          'container-title': 'ICLR',
          DOI: '10.48550/arxiv.2410.06511',
          URL: 'https://arxiv.org/abs/2410.06511',
          archive: 'arXiv',
          number: '2410.06511',
          abstract: 'Abstract.',
          keyword: 'systems, llm',
        },
      ]);
    });

    test('pretty-printed array; empty list', () => {
      assert.equal(toCslJson([]), '[]\n');
      assert.match(toCslJson([paper({ key: 'k', title: 'T' })]), /^\[\n {2}\{\n {4}"id": "k",/);
    });

    test('dates as precise as known; organisation as publisher', () => {
      const item = (p: Partial<Paper>): Record<string, unknown> => (JSON.parse(toCslJson([paper({ key: 'k', title: 'T', ...p })])) as Array<Record<string, unknown>>)[0] ?? {};
      assert.deepEqual(item({ date: '2024-05', year: 2024 }).issued, { 'date-parts': [[2024, 5]] });
      assert.deepEqual(item({ year: 2024 }).issued, { 'date-parts': [[2024]] });
      assert.equal(item({}).issued, undefined);
      assert.equal(item({ organization: 'NVIDIA' }).publisher, 'NVIDIA');
      assert.equal(item({ organization: 'NVIDIA', authors: ['A B'] }).publisher, undefined);
    });

    test('types: read in the vocabulary of their source format', () => {
      const t = (type: string | undefined, format: SourceFormat, extra: Partial<Paper> = {}): string => cslType(paper({ key: 'k', title: 'T', ...(type ? { type } : {}), ...extra }, format));
      assert.equal(t('article', 'bibtex'), 'article-journal');
      assert.equal(t('article', 'csl-json'), 'article');
      assert.equal(t('inproceedings', 'bibtex'), 'paper-conference');
      assert.equal(t('phdthesis', 'bibtex'), 'thesis');
      assert.equal(t('JOUR', 'ris'), 'article-journal');
      assert.equal(t('CPAPER', 'ris'), 'paper-conference');
      assert.equal(t('preprint', 'daily-papers'), 'article');
      assert.equal(t('misc', 'bibtex', { arxivId: '2101.00001' }), 'article');
      assert.equal(t('misc', 'bibtex', { venue: 'Some Journal' }), 'article-journal');
      assert.equal(t('misc', 'bibtex'), 'document');
      assert.equal(t(undefined, 'hf-json'), 'document');
    });

    test('only text that reads as CSL markup is escaped', () => {
      assert.equal(escapeCslText('Tom & Jerry < 3 <i>x</i> &amp; <span class="nocase">y</span>'), 'Tom & Jerry < 3 &lt;i>x&lt;/i> &amp;amp; &lt;span class="nocase">y&lt;/span>');
    });
  });
});
