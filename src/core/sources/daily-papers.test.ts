import * as assert from 'node:assert/strict';
import { growth } from '../complexity/growth';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PaperRecord, ParseResult } from '../model';
import { SEEDS } from '../../../test/paths';
import { inferCurrentYear, looksLikeDailyPapers, parseDailyPapers } from './daily-papers';

function seed(name: string): string {
  return readFileSync(path.join(SEEDS, name), 'utf8');
}

/** The one record whose title starts with `prefix` (fails when there is not exactly one). */
function only(records: readonly PaperRecord[], prefix: string): PaperRecord {
  const found = records.filter((r) => r.title.startsWith(prefix));
  assert.equal(found.length, 1, `expected one record titled "${prefix}…", found ${found.length}`);
  return found[0]!;
}

/** The metadata fields of a record, for compact deepEqual checks. */
function meta(r: PaperRecord): Partial<PaperRecord> {
  const { authorCount, organization, date, year, upvotes } = r;
  return Object.fromEntries(Object.entries({ authorCount, organization, date, year, upvotes }).filter(([, v]) => v !== undefined));
}

const HEADER = ['new', '', 'Get trending papers in your email inbox!', '', 'Subscribe', '', 'Daily Papers', '', 'byAK and the research community', ''].join('\n');
const ABSTRACT = 'We study things. '.repeat(30).trim();

/** A page in the seed layout, from [title, abstract, metadata line, date line] tuples (undefined = no block). */
function page(pageDate: string, papers: [string, string | undefined, string?, string?][]): string {
  const parts = [HEADER, pageDate, ''];
  for (const [title, abstract, metaLine, dateLine] of papers) {
    parts.push('', title, '');
    if (abstract !== undefined) {
      parts.push('', abstract, '');
    }
    if (metaLine !== undefined) {
      parts.push('', metaLine, '\u00b7', dateLine ?? '');
    }
  }
  return parts.join('\n');
}

function errors(result: ParseResult): string[] {
  return result.problems.filter((p) => p.severity === 'error').map((p) => `${p.line}: ${p.message}`);
}

suite('core/sources/daily-papers', () => {
  suite('seed pages', () => {
    /*
     * Expected counts, established independently of this parser with a throw-away Python script:
     * split each file into blocks of consecutive non-blank lines; the first 6 blocks are the header
     * (5 lines + page date); after that the blocks are strictly title (1 line), abstract (1 line),
     * then optionally a 3-line block (metadata, `·`, date). So papers = number of `·` lines (papers
     * with metadata) + title/abstract pairs not followed by a 3-line block. Every field of all 317
     * papers was then compared with this parser's output. The test below re-checks the `·` part.
     */
    const EXPECTED = [
      { file: '000_642832e2e0a7286f.txt', papers: 51, withMeta: 50, withoutMeta: 1, yearless: 0 },
      { file: '001_cab24428e2c7b779.txt', papers: 112, withMeta: 0, withoutMeta: 112, yearless: 0 },
      { file: '002_8447c0b0c75fdbb5.txt', papers: 51, withMeta: 48, withoutMeta: 3, yearless: 8 },
      { file: '003_661c8fe0eb8c6340.txt', papers: 54, withMeta: 49, withoutMeta: 5, yearless: 4 },
      { file: '004_dce83e5bff01ffb2.txt', papers: 49, withMeta: 48, withoutMeta: 1, yearless: 0 },
    ];

    for (const e of EXPECTED) {
      test(`${e.file}: ${e.papers} papers, ${e.withMeta} with metadata, no problems`, () => {
        const text = seed(e.file);
        assert.ok(looksLikeDailyPapers(text));
        const result = parseDailyPapers(text, e.file);
        assert.deepEqual(result.problems, []);
        assert.equal(result.records.length, e.papers);
        const lines = text.split('\n');
        assert.equal(lines.filter((l) => l === '\u00b7').length, e.withMeta);
        assert.equal(result.records.filter((r) => r.date !== undefined).length, e.withMeta);
        assert.equal(result.records.filter((r) => (r.authorCount === undefined) === (r.organization === undefined)).length, e.withoutMeta);
        for (const r of result.records) {
          const source = r.sources[0]!;
          assert.deepEqual(r.sources, [{ path: e.file, line: source.line, format: 'daily-papers' }]);
          // The title is on the source line and the abstract two lines below it, verbatim.
          assert.equal(r.title, lines[source.line - 1]);
          assert.equal(r.abstract, lines[source.line + 1]);
          assert.deepEqual(r.authors, []);
          assert.deepEqual(r.tags, []);
          assert.equal(r.type, 'preprint');
          assert.equal(r.url, undefined);
          assert.equal(r.arxivId, undefined);
          if (r.date !== undefined) {
            assert.match(r.date, /^\d{4}-\d{2}-\d{2}$/);
            assert.equal(r.year, Number(r.date.slice(0, 4)));
          }
        }
        const dateLinesWithoutYear = lines.filter((l) => /^[A-Z][a-z]{2} \d{1,2}( \d+)?$/.test(l)).length - 1; // minus the page date
        assert.equal(dateLinesWithoutYear, e.yearless);
      });
    }

    test('000 (Jan 2): author counts, the NVIDIA organisation, upvotes, a paper without metadata', () => {
      const { records } = parseDailyPapers(seed('000_642832e2e0a7286f.txt'), 'p.txt');
      const first = records[0]!;
      assert.equal(first.title, 'TorchTitan: One-stop PyTorch native solution for production ready LLM pre-training');
      assert.ok(first.abstract?.startsWith('The development of large language models (LLMs) has been instrumental'));
      assert.ok(first.abstract?.endsWith('on NVIDIA H100 GPUs over optimized baselines.'));
      assert.equal(first.sources[0]!.line, 13);
      assert.deepEqual(meta(first), { authorCount: 13, date: '2024-10-08', year: 2024, upvotes: 1 });
      assert.deepEqual(meta(records[1]!), { authorCount: 5, date: '2024-05-28', year: 2024 }); // no count shown: no upvotes
      assert.deepEqual(meta(only(records, 'Pretraining Large Language Models with NVFP4')), { organization: 'NVIDIA', date: '2025-09-29', year: 2025, upvotes: 2 });
      assert.deepEqual(meta(only(records, 'Quantizing deep convolutional networks')), { authorCount: 1, date: '2018-06-21', year: 2018 });
      const quartet = only(records, 'Quartet: Native FP4 Training');
      assert.deepEqual(meta(quartet), {});
      assert.equal(quartet.sources[0]!.line, 125);
      assert.ok(quartet.abstract?.startsWith('The rapid advancement of large language models'));
      const last = records[records.length - 1]!;
      assert.equal(last.title, 'Sketch to Adapt: Fine-Tunable Sketches for Efficient LLM Adaptation');
      assert.deepEqual(meta(last), { authorCount: 6, date: '2024-10-08', year: 2024 }); // last line of the file, no newline
    });

    test('001 (Jul 28): no paper has metadata, so nothing is dated', () => {
      const { records, problems } = parseDailyPapers(seed('001_cab24428e2c7b779.txt'), 'p.txt');
      assert.deepEqual(problems, []);
      assert.ok(records.every((r) => Object.keys(meta(r)).length === 0));
      assert.equal(records[0]!.title, 'MINT-CoT: Enabling Interleaved Visual Tokens in Mathematical Chain-of-Thought Reasoning');
      assert.ok(records[0]!.abstract?.startsWith('Chain-of-Thought (CoT) has widely enhanced mathematical reasoning'));
      assert.equal(only(records, 'NLoRA').title, 'NLoRA: Nyström-Initiated Low-Rank Adaptation for Large Language Models');
      const last = records[111]!;
      assert.equal(last.sources[0]!.line, 457);
      assert.ok(last.title.startsWith('Tiny Time Mixers (TTMs): Fast Pre-trained Models'));
      assert.ok(last.abstract?.endsWith('Code and pre-trained models will be open-sourced.')); // end of file, no newline
    });

    test('002 (May 5): year-less dates are in 2026, organisations with odd handles', () => {
      const { records } = parseDailyPapers(seed('002_8447c0b0c75fdbb5.txt'), 'p.txt');
      assert.deepEqual(meta(records[0]!), { authorCount: 4, date: '2026-04-15', year: 2026 }); // "Apr 15"
      assert.equal(records[0]!.title, 'StoSignSGD: Unbiased Structural Stochasticity Fixes SignSGD for Training Large Language Models');
      assert.deepEqual(meta(only(records, 'ECO: Quantized Training')), { organization: 'Google', date: '2026-01-29', year: 2026, upvotes: 3 }); // "Jan 29 3"
      assert.deepEqual(meta(only(records, 'Jet-RL:')), { organization: 'NVIDIA', date: '2026-01-20', year: 2026, upvotes: 3 });
      assert.deepEqual(meta(only(records, 'daVinci-LLM')), { organization: 'SII-GAIR', date: '2026-03-28', year: 2026, upvotes: 2 }); // "SII-GAIR-NLP SII-GAIR"
      assert.deepEqual(meta(only(records, 'What do Language Models Learn and When?')), { authorCount: 7, date: '2026-04-08', year: 2026, upvotes: 1 });
      assert.deepEqual(meta(only(records, 'AfriqueLLM')), { authorCount: 6, date: '2026-01-09', year: 2026 });
      assert.deepEqual(meta(only(records, 'H2LooP Spark Preview')), { authorCount: 5, date: '2026-03-12', year: 2026 });
      assert.deepEqual(meta(only(records, 'PretrainZero')), { authorCount: 6, date: '2025-12-02', year: 2025, upvotes: 3 });
      assert.deepEqual(meta(only(records, 'A Comprehensive Survey on Pretrained Foundation Models')), { authorCount: 19, date: '2023-02-18', year: 2023 });
      for (const title of ['Value-Based Pre-Training with Downstream Feedback', 'Self-Improving Pretraining', 'Quartet: Native FP4']) {
        assert.deepEqual(meta(only(records, title)), {});
      }
      assert.equal(records.filter((r) => r.title.startsWith('RLP: Reinforcement') || r.title.startsWith('Front-Loading Reasoning')).every((r) => r.organization === 'NVIDIA'), true);
    });

    test('003 (Apr 17): Princeton University, 47 authors, year-less dates', () => {
      const { records } = parseDailyPapers(seed('003_661c8fe0eb8c6340.txt'), 'p.txt');
      assert.deepEqual(meta(records[0]!), { authorCount: 11, date: '2022-05-20', year: 2022 });
      assert.deepEqual(meta(only(records, 'ERNIE 5.0 Technical Report')), {});
      assert.ok(only(records, 'ERNIE 5.0').abstract?.startsWith('In this report, we introduce ERNIE 5.0'));
      assert.deepEqual(meta(only(records, 'Fast Spatial Memory')), { authorCount: 6, date: '2026-04-07', year: 2026, upvotes: 2 }); // "Apr 7 2"
      assert.deepEqual(meta(only(records, 'Elastic Diffusion Transformer')), { authorCount: 8, date: '2026-02-15', year: 2026 });
      assert.deepEqual(meta(only(records, 'ETR: Outcome-Guided')), { authorCount: 8, date: '2026-01-07', year: 2026 });
      assert.deepEqual(meta(only(records, 'Avoid Catastrophic Forgetting')), { authorCount: 4, date: '2026-01-25', year: 2026 });
      assert.deepEqual(meta(only(records, 'Skill-Targeted Adaptive Training')), { organization: 'Princeton University', date: '2025-10-11', year: 2025, upvotes: 2 });
      assert.deepEqual(meta(only(records, 'A Domain-Agnostic Approach')), { authorCount: 47, date: '2023-01-18', year: 2023 });
      assert.deepEqual(meta(only(records, 'TÜLU 3')), { authorCount: 23, date: '2024-11-22', year: 2024, upvotes: 3 });
      assert.equal(records.filter((r) => r.date === undefined).length, 5);
      assert.deepEqual(meta(records[53]!), { authorCount: 9, date: '2025-05-02', year: 2025, upvotes: 3 });
    });

    test('004 (Feb 17): a multi-word display name whose handle has a hyphen', () => {
      const { records } = parseDailyPapers(seed('004_dce83e5bff01ffb2.txt'), 'p.txt');
      assert.equal(records[0]!.title, 'ERNIE 5.0 Technical Report');
      assert.deepEqual(meta(records[0]!), {});
      assert.deepEqual(meta(records[1]!), { authorCount: 6, date: '2024-02-27', year: 2024 });
      assert.deepEqual(meta(only(records, 'MUG-V 10B')), { organization: 'shopee-llm-mug team', date: '2025-10-20', year: 2025, upvotes: 2 }); // "MUG-V shopee-llm-mug team"
      assert.deepEqual(meta(only(records, 'Chain-of-Model Learning')), { authorCount: 17, date: '2025-05-17', year: 2025, upvotes: 8 });
      assert.deepEqual(meta(only(records, 'Benchmarking LLMs for Predictive Applications')), { authorCount: 7, date: '2025-12-23', year: 2025 });
      const last = records[48]!;
      assert.equal(last.title, 'Revisiting the Superficial Alignment Hypothesis');
      assert.deepEqual(meta(last), { authorCount: 3, date: '2024-09-27', year: 2024 });
    });

    test('a paper recurring on two pages is parsed the same each time', () => {
      const a = parseDailyPapers(seed('003_661c8fe0eb8c6340.txt'), 'a').records;
      const b = parseDailyPapers(seed('004_dce83e5bff01ffb2.txt'), 'b').records;
      const inA = only(a, 'Chain-of-Model Learning');
      const inB = only(b, 'Chain-of-Model Learning');
      assert.deepEqual(meta(inA), meta(inB));
      assert.equal(inA.abstract, inB.abstract);
    });
  });

  suite('year inference', () => {
    test('the year after the largest explicit year; referenceYear only when there is none', () => {
      assert.equal(inferCurrentYear([2019, 2025, 2021]), 2026);
      assert.equal(inferCurrentYear([2025], 2030), 2026);
      assert.equal(inferCurrentYear([], 2024), 2024);
      assert.equal(inferCurrentYear([]), undefined);
    });

    test('a page whose largest year is 2023 dates its year-less papers 2024', () => {
      const text = page('Jun 1', [
        ['Paper A', ABSTRACT, '  • 2 authors', 'Dec 31, 2023 4'],
        ['Paper B', ABSTRACT, '  • 3 authors', 'May 30'],
        ['Paper C', ABSTRACT, '  • 3 authors', 'Feb 29'], // valid: 2024 is a leap year
      ]);
      const { records, problems } = parseDailyPapers(text, 'p.txt');
      assert.deepEqual(problems, []);
      assert.deepEqual(records.map((r) => r.date), ['2023-12-31', '2024-05-30', '2024-02-29']);
      assert.deepEqual(records.map((r) => r.year), [2023, 2024, 2024]);
    });

    test('no explicit year: year-less dates stay undated with one warning, or use referenceYear', () => {
      const text = page('Mar 9', [
        ['Paper A', ABSTRACT, '  • 2 authors', 'Mar 8 5'],
        ['Paper B', ABSTRACT, 'openai OpenAI', 'Jan 3'],
      ]);
      const undated = parseDailyPapers(text, 'p.txt');
      assert.deepEqual(undated.records.map(meta), [{ authorCount: 2, upvotes: 5 }, { organization: 'OpenAI' }]);
      assert.equal(undated.problems.length, 1);
      assert.equal(undated.problems[0]!.severity, 'warning');
      assert.equal(undated.problems[0]!.line, text.split('\n').indexOf('Mar 8 5') + 1);
      assert.match(undated.problems[0]!.message, /2 date\(s\).*referenceYear/);

      const dated = parseDailyPapers(text, 'p.txt', { referenceYear: 2031 });
      assert.deepEqual(dated.problems, []);
      assert.deepEqual(dated.records.map((r) => r.date), ['2031-03-08', '2031-01-03']);
    });

    test('page evidence wins over referenceYear', () => {
      const { records } = parseDailyPapers(seed('002_8447c0b0c75fdbb5.txt'), 'p.txt', { referenceYear: 2040 });
      assert.equal(records[0]!.date, '2026-04-15');
    });

    test('an explicit year on the page date counts too; an invalid referenceYear is reported and ignored', () => {
      const text = page('Jan 5, 2022', [['Paper A', ABSTRACT, '  • 2 authors', 'Jan 3']]);
      const { records, problems } = parseDailyPapers(text, 'p.txt', { referenceYear: 20.5 });
      assert.equal(records[0]!.date, '2023-01-03');
      assert.deepEqual(problems.map((p) => p.severity), ['warning']);
      assert.match(problems[0]!.message, /referenceYear/);
    });

    test('each page of a file with two concatenated pages is dated on its own', () => {
      const text = page('Jan 2', [['Old page paper', ABSTRACT, '  • 1 authors', 'Mar 3, 2024']]) + '\n\n' +
        page('Jan 2', [['Newer page paper', ABSTRACT, '  • 1 authors', 'Mar 3, 2026'], ['Year-less', ABSTRACT, '  • 1 authors', 'Jan 1']]) + '\n\n' +
        page('Jan 2', [['Other', ABSTRACT, '  • 1 authors', 'Dec 3, 2020'], ['Year-less too', ABSTRACT, '  • 1 authors', 'Jan 1']]);
      const { records, problems } = parseDailyPapers(text, 'p.txt');
      assert.deepEqual(problems, []);
      assert.deepEqual(records.map((r) => r.date), ['2024-03-03', '2026-03-03', '2027-01-01', '2020-12-03', '2021-01-01']);
    });
  });

  suite('robustness', () => {
    test('empty and blank files: no records, no problems', () => {
      for (const text of ['', '\ufeff', '\n\n  \r\n\t']) {
        assert.deepEqual(parseDailyPapers(text, 'e.txt'), { records: [], problems: [] });
        assert.equal(looksLikeDailyPapers(text), false);
      }
    });

    test('text in another format is one error, not records', () => {
      const samples = [
        '@article{key,\n  title = {A Title},\n  year = 2020\n}\n',
        '[{"id": "ITEM-1", "title": "x"}]',
        'TY  - JOUR\nTI  - Something\nER  - \n',
        'Just some notes.\n\nAnother paragraph.\n',
      ];
      for (const text of samples) {
        assert.equal(looksLikeDailyPapers(text), false, text);
        const result = parseDailyPapers(text, 'x.txt');
        assert.deepEqual(result.records, []);
        assert.equal(result.problems.length, 1);
        assert.equal(result.problems[0]!.severity, 'error');
        assert.match(result.problems[0]!.message, /Not a Hugging Face Daily Papers page/);
      }
    });

    test('detection: header lines, or a metadata block when the header was not copied', () => {
      assert.ok(looksLikeDailyPapers('Daily Papers\n\nbyAK and the research community\n\nJan 2\n'));
      assert.ok(looksLikeDailyPapers('Title\n\nAbstract.\n\n  • 3 authors\n\u00b7\nOct 8, 2024 1\n'));
      assert.equal(looksLikeDailyPapers('Daily Papers\n\nare great.\n'), false);
    });

    test('a list copied without the header is parsed, with a warning', () => {
      const text = 'Paper A\n\nAbstract A.\n\n  • 3 authors\n\u00b7\nOct 8, 2024 1\n\nPaper B\n\nAbstract B.\n';
      const { records, problems } = parseDailyPapers(text, 'p.txt');
      assert.deepEqual(records.map((r) => [r.title, r.abstract, r.date]), [['Paper A', 'Abstract A.', '2024-10-08'], ['Paper B', 'Abstract B.', undefined]]);
      assert.deepEqual(problems.map((p) => [p.line, p.severity]), [[1, 'warning']]);
    });

    test('a header-only page is a warning', () => {
      const { records, problems } = parseDailyPapers(`${HEADER}\nJan 2\n`, 'p.txt');
      assert.deepEqual(records, []);
      assert.deepEqual(problems.map((p) => [p.line, p.severity]), [[11, 'warning']]);
    });

    test('CRLF, lone CR, a BOM and trailing whitespace give the same records and line numbers', () => {
      const text = seed('003_661c8fe0eb8c6340.txt');
      const expected = parseDailyPapers(text, 'p.txt');
      const variants = [
        text.replace(/\n/g, '\r\n'),
        text.replace(/\n/g, '\r'),
        `\ufeff${text}`,
        text.replace(/\n/g, ' \t\n'),
        `\ufeff${text.replace(/\n/g, '  \r\n')}\r\n`,
      ];
      for (const variant of variants) {
        assert.deepEqual(parseDailyPapers(variant, 'p.txt'), expected);
        assert.ok(looksLikeDailyPapers(variant));
      }
    });

    test('replacement characters from invalid UTF-8 pass through (the registry reports the bytes)', () => {
      const bytes = Buffer.from(page('Jan 2', [['Caf\u00e9 ML', 'Abstract with caf\u00e9.', '  • 2 authors', 'Oct 8, 2024']]), 'utf8');
      const broken = Buffer.from(bytes.toString('latin1').replace(/\u00c3\u00a9/g, '\u00e9'), 'latin1'); // é as a lone 0xE9 byte
      const text = new TextDecoder('utf-8').decode(broken);
      assert.ok(text.includes('\ufffd'));
      const { records, problems } = parseDailyPapers(text, 'p.txt');
      assert.deepEqual(problems, []);
      assert.equal(records[0]!.title, 'Caf\ufffd ML');
      assert.deepEqual(meta(records[0]!), { authorCount: 2, date: '2024-10-08', year: 2024 });
    });

    test('a 2 MB abstract is read in linear time', () => {
      const huge = 'word '.repeat(400_000).trim() + '.';
      const text = page('Jan 2', [['Huge', huge, '  • 1 authors', 'Oct 8, 2024 3'], ['Next', ABSTRACT, 'nvidia NVIDIA', 'Jan 1']]);
      const { records, problems } = parseDailyPapers(text, 'p.txt');
      assert.deepEqual(problems, []);
      assert.equal(records[0]!.abstract?.length, huge.length);
      assert.deepEqual(meta(records[1]!), { organization: 'NVIDIA', date: '2025-01-01', year: 2025 });
      const g = growth('abstract', 50_000, 8, (n) => page('Jan 2', [['Huge', 'word '.repeat(n).trim() + '.', '  • 1 authors', 'Oct 8, 2024 3']]), (t) => parseDailyPapers(t, 'p.txt'));
      assert.ok(g.ok, g.text);
      assert.ok(looksLikeDailyPapers(text));
    });

    test('titles containing "·" or looking like dates stay titles', () => {
      const text = page('Jan 2', [
        ['May 2', 'A paper titled like a date.', '  • 2 authors', 'Oct 8, 2024 1'],
        ['Attention \u00b7 Is \u00b7 All', 'Dots in the title.', '  • 3 authors', 'Oct 9, 2024'],
        ['Oct 8, 2024 1', 'Title like a date line, paper without metadata.'],
      ]);
      const { records, problems } = parseDailyPapers(text, 'p.txt');
      assert.deepEqual(problems, []);
      assert.deepEqual(records.map((r) => [r.title, r.abstract, r.date, r.upvotes]), [
        ['May 2', 'A paper titled like a date.', '2024-10-08', 1],
        ['Attention \u00b7 Is \u00b7 All', 'Dots in the title.', '2024-10-09', undefined],
        ['Oct 8, 2024 1', 'Title like a date line, paper without metadata.', undefined, undefined],
      ]);
    });

    test('organisation lines: the first token is the handle, the rest the display name', () => {
      const text = page('Jan 2', [
        ['A', ABSTRACT, 'umd-zhou-lab Tianyi Lab', 'Oct 8, 2024'],
        ['B', ABSTRACT, 'muset-ai muset.ai', 'Oct 8, 2024'],
        ['C', ABSTRACT, 'RLinf RLinf', 'Oct 8, 2024'],
        ['D', ABSTRACT, 'ustc university of science and technology  of china', 'Oct 8, 2024'],
        ['E', ABSTRACT, 'solo', 'Oct 8, 2024'],
      ]);
      const { records } = parseDailyPapers(text, 'p.txt');
      assert.deepEqual(records.map((r) => r.organization), ['Tianyi Lab', 'muset.ai', 'RLinf', 'university of science and technology  of china', 'solo']);
    });

    test('truncated files keep every complete paper and report the cut-off one at its title line', () => {
      const text = seed('000_642832e2e0a7286f.txt');
      const lines = text.split('\n');
      const full = parseDailyPapers(text, 'p.txt').records;
      const cut = (n: number, tail = ''): ParseResult => parseDailyPapers(lines.slice(0, n).join('\n') + tail, 'p.txt');
      // "Sketch to Adapt" is the last paper: title 409, abstract 411, authors 413, `·` 414, date 415.
      for (const [n, tail] of [[409, ''], [410, ''], [413, ''], [414, ''], [414, '\nOct 8, 20']] as const) {
        const result = cut(n, tail);
        assert.deepEqual(result.records, full.slice(0, 50), `cut after line ${n}`);
        assert.deepEqual(result.problems.map((p) => [p.line, p.severity]), [[409, 'error']], `cut after line ${n}`);
        assert.match(result.problems[0]!.message, /cut off and was skipped/);
      }
      // Cut right after the abstract: indistinguishable from a paper without metadata, so kept.
      const afterAbstract = cut(411);
      assert.equal(afterAbstract.records.length, 51);
      assert.deepEqual(afterAbstract.problems, []);
      assert.deepEqual(meta(afterAbstract.records[50]!), {});
      // Cut in the very first paper: nothing complete, one error.
      const early = cut(17);
      assert.deepEqual(early.records, []);
      assert.deepEqual(errors(early), [`13: ${early.problems[0]!.message}`]);
    });

    test('a missing abstract or a two-paragraph abstract is recovered from the structure', () => {
      const long2 = 'Second paragraph. '.repeat(30).trim();
      const text = [HEADER, 'Jan 2', '',
        'Paper without abstract', '', 'Next paper', '', ABSTRACT, '', '  • 2 authors', '\u00b7', 'Oct 8, 2024', '',
        'Two paragraphs', '', ABSTRACT, '', long2, '', 'org Org Name', '\u00b7', 'Oct 9, 2024 7', '',
        'Third', '', ABSTRACT, '', '  • 4 authors', '\u00b7', 'Oct 10, 2024'].join('\n');
      const { records, problems } = parseDailyPapers(text, 'p.txt');
      assert.deepEqual(records.map((r) => [r.title, r.abstract?.length, r.date]), [
        ['Paper without abstract', undefined, undefined],
        ['Next paper', ABSTRACT.length, '2024-10-08'],
        ['Two paragraphs', ABSTRACT.length + 2 + long2.length, '2024-10-09'],
        ['Third', ABSTRACT.length, '2024-10-10'],
      ]);
      assert.equal(records[2]!.abstract, `${ABSTRACT}\n\n${long2}`);
      assert.deepEqual(meta(records[2]!), { organization: 'Org Name', date: '2024-10-09', year: 2024, upvotes: 7 });
      assert.deepEqual(problems.map((p) => [p.line, p.severity, p.message]), [[text.split('\n').indexOf('Paper without abstract') + 1, 'warning', 'Paper without an abstract']]);
    });

    test('odd metadata: no date, unreadable date, unknown text after the date, impossible day, no "·"', () => {
      const text = page('Jan 2', [
        ['No date', ABSTRACT, '  • 2 authors', ''],
        ['Bad date', ABSTRACT, '  • 2 authors', 'Yesterday'],
        ['Odd count', ABSTRACT, '  • 2 authors', 'Oct 8, 2024 1.2k'],
        ['Feb 30', ABSTRACT, '  • 2 authors', 'Feb 30, 2023'],
        ['Last', ABSTRACT, '  • 1 authors', 'Oct 8, 2024'],
      ]).replace('\n\n  • 1 authors\n\u00b7\n', '\n\n  • 1 authors\n');
      const { records, problems } = parseDailyPapers(text, 'p.txt');
      assert.deepEqual(records.map((r) => r.title), ['No date', 'Bad date', 'Odd count', 'Feb 30', 'Last']);
      assert.deepEqual(records.map(meta), [
        { authorCount: 2 },
        { authorCount: 2 },
        { authorCount: 2, date: '2024-10-08', year: 2024 },
        { authorCount: 2, date: '2023-02', year: 2023 },
        { authorCount: 1, date: '2024-10-08', year: 2024 },
      ]);
      assert.ok(problems.every((p) => p.severity === 'warning'));
      const lines = text.split('\n');
      const lineOf = (l: string): number => lines.indexOf(l) + 1;
      assert.deepEqual(problems.map((p) => [p.line, p.message]), [
        [lineOf('Oct 8, 2024') - 1, "No '\u00b7' line between the author count and the date"],
        [lines.lastIndexOf('\u00b7', lines.indexOf('Bad date')) + 1, 'Paper metadata without a date line'], // the "·" of "No date"
        [lineOf('Yesterday'), 'Unrecognised date line: "Yesterday"'],
        [lineOf('Oct 8, 2024 1.2k'), 'Unrecognised text after the date: "1.2k"'],
        [lineOf('Feb 30, 2023'), 'Invalid day 30 for 2023-02; kept the month only'],
      ]);
    });

    test('text above the header is ignored with a warning', () => {
      const text = `Saved from the web\n\n${page('Jan 2', [['A', ABSTRACT, '  • 2 authors', 'Oct 8, 2024']])}`;
      const { records, problems } = parseDailyPapers(text, 'p.txt');
      assert.equal(records.length, 1);
      assert.deepEqual(problems.map((p) => [p.line, p.severity]), [[1, 'warning']]);
    });

    test('never throws on arbitrary input', () => {
      const pieces = ['\u00b7', '  • 3 authors', 'Jan 2', 'Oct 8, 2024 1', 'Daily Papers', 'Subscribe', 'x'.repeat(400), 'Title', '', '', '\r', '\ufeff', 'nvidia NVIDIA'];
      let seedValue = 7;
      const next = (): number => (seedValue = (seedValue * 1103515245 + 12345) % 2147483648);
      for (let round = 0; round < 300; round++) {
        const n = next() % 40;
        const text = Array.from({ length: n }, () => pieces[next() % pieces.length]!).join('\n');
        const result = parseDailyPapers(text, 'fuzz.txt');
        assert.ok(Array.isArray(result.records));
        assert.ok(!result.problems.some((p) => p.message.startsWith('Internal error')), text);
        for (const r of result.records) {
          assert.ok(r.title.length > 0);
          assert.ok(r.date === undefined || /^\d{4}(-\d{2}){0,2}$/.test(r.date));
        }
      }
    });
  });
});
