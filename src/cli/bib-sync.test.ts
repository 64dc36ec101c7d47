/**
 * `litnotes bib sync`, with Debian's pandoc as the real client: a manuscript citing Hugging Face
 * papers, BibTeX papers and a locator is synced, then `pandoc --citeproc` renders it with its own
 * `bibliography:` and finds every citation. Entries already in the file stay byte-identical.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT, SAMPLES } from '../../test/paths';

function cli(args: readonly string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), ...args], { encoding: 'utf8', cwd, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Report {
  added: string[];
  unused: string[];
  unknown: string[];
  bibliography: string[];
}

interface Records {
  records: Array<{ key: string; title: string; sources: Array<{ format: string }> }>;
  problems: Array<{ path: string; message: string }>;
}

function pandocAvailable(): boolean {
  return spawnSync('pandoc', ['--version'], { encoding: 'utf8' }).status === 0;
}

const EXISTING = [
  '% Hand-written: these bytes must never change.',
  '@string{neurips = "Advances in Neural Information Processing Systems"}',
  '',
  '@inproceedings{vaswani2017attention,',
  '  title     = {Attention Is {All} You Need},',
  '  author    = {Vaswani, Ashish and Shazeer, Noam},',
  '  booktitle = neurips,',
  '  year      = 2017,',
  '}',
  '',
  '@book{nobodycites1999,',
  '  title = {An Entry Nobody Cites},',
  '  author = {Doe, Jane},',
  '  year = {1999}',
  '}',
].join('\n');

suite('cli: bib sync', function () {
  this.timeout(300_000);
  let work = '';
  let hfKeys: string[] = [];
  let dailyKey = '';
  let bibKeys: string[] = [];

  suiteSetup(() => {
    work = mkdtempSync(path.join(tmpdir(), 'litnotes-bib-'));
    const all = JSON.parse(cli(['records', '--json', SAMPLES]).stdout) as Records;
    hfKeys = all.records.filter((r) => r.sources.some((s) => s.format === 'hf-json')).map((r) => r.key);
    dailyKey = all.records.find((r) => r.sources.every((s) => s.format === 'daily-papers'))?.key ?? '';
    bibKeys = all.records.filter((r) => r.sources.some((s) => s.format === 'bibtex')).map((r) => r.key).filter((k) => k !== 'vaswani2017attention');
    assert.ok(hfKeys.length >= 2 && dailyKey !== '' && bibKeys.length >= 2, 'samples hold Hugging Face, Daily Papers and BibTeX papers');
  });

  suiteTeardown(() => {
    rmSync(work, { recursive: true, force: true });
  });

  function manuscript(dir: string, bibliography: string): string {
    mkdirSync(dir, { recursive: true });
    const doc = path.join(dir, 'draft.md');
    const [hf1, hf2] = hfKeys;
    const [b1, b2] = bibKeys;
    writeFileSync(
      doc,
      [
        '---',
        'title: A Draft',
        `bibliography: ${bibliography}`,
        '---',
        '',
        `Low precision training [@${hf1}, p. 4; @${hf2}] builds on residual nets [see @${b1}, chap. 2].`,
        `@${b2} says so, as does [@vaswani2017attention] and the daily paper [-@${dailyKey}].`,
        '',
        'Mail me at someone@example.org; `@notacitation` is code.',
        '',
      ].join('\n'),
    );
    return doc;
  }

  test('appends every missing cited paper; --json has exactly added/unused/unknown/bibliography; pandoc finds every citation', function () {
    const dir = path.join(work, 'md');
    const doc = manuscript(dir, 'refs.bib');
    const bib = path.join(dir, 'refs.bib');
    writeFileSync(bib, EXISTING);
    const r = cli(['bib', 'sync', '--doc', doc, '--json', SAMPLES]);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual(Object.keys(report), ['added', 'unused', 'unknown', 'bibliography']);
    assert.deepEqual(report.added, [hfKeys[0], hfKeys[1], bibKeys[0], bibKeys[1], dailyKey]);
    assert.deepEqual(report.unused, ['nobodycites1999']);
    assert.deepEqual(report.unknown, []);
    assert.deepEqual(report.bibliography, [bib]);
    const after = readFileSync(bib, 'utf8');
    assert.ok(after.startsWith(EXISTING), 'the entries already in the file stay byte-identical');

    // idempotent: a second sync adds nothing and leaves the file as it is
    const again = JSON.parse(cli(['bib', 'sync', '--doc', doc, '--json', SAMPLES]).stdout) as Report;
    assert.deepEqual(again.added, []);
    assert.equal(readFileSync(bib, 'utf8'), after);

    // the bibliography is a library source too: the appended entries merge with their papers
    const merged = JSON.parse(cli(['records', '--json', SAMPLES, bib]).stdout) as Records;
    const base = JSON.parse(cli(['records', '--json', SAMPLES]).stdout) as Records;
    assert.equal(merged.records.length, base.records.length + 1, 'only nobodycites1999 is new');
    assert.deepEqual(merged.problems.filter((p) => p.path === bib), []);
    for (const key of report.added) {
      assert.equal(merged.records.find((x) => x.key === key)?.title, base.records.find((x) => x.key === key)?.title, key);
    }

    if (!pandocAvailable()) {
      if (process.env.CI) {
        throw new Error('pandoc is not installed (apt-get install -y pandoc): CI must run the real-client tests');
      }
      console.log('    (pandoc check skipped: pandoc not installed; apt-get install -y pandoc)');
      this.skip();
    }
    const out = spawnSync('pandoc', ['--citeproc', '-t', 'plain', 'draft.md'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    assert.equal(out.status, 0, out.stderr);
    assert.deepEqual(out.stderr.split('\n').filter((l) => /not found/i.test(l)), []);
    assert.match(out.stdout, /\d{4}, 4[;)]/, 'the locator is rendered (Chicago author-date: "2025, 4")');
    assert.match(out.stdout, /Attention Is All You Need/);
  });

  test('a CSL-JSON bibliography gets CSL-JSON items; pandoc resolves them', function () {
    const dir = path.join(work, 'csl');
    const doc = manuscript(dir, 'refs.json');
    const bib = path.join(dir, 'refs.json');
    const existing = '[\n  {"id": "vaswani2017attention", "type": "paper-conference", "title": "Attention Is All You Need", "issued": {"date-parts": [[2017]]}}\n]\n';
    writeFileSync(bib, existing);
    const report = JSON.parse(cli(['bib', 'sync', '--doc', doc, '--json', SAMPLES]).stdout) as Report;
    assert.equal(report.added.length, 5);
    const after = readFileSync(bib, 'utf8');
    assert.ok(after.startsWith(existing.slice(0, existing.lastIndexOf('}') + 1)), 'existing items byte-identical');
    const ids = (JSON.parse(after) as Array<{ id: string }>).map((i) => i.id);
    assert.deepEqual(ids, ['vaswani2017attention', ...report.added]);
    if (!pandocAvailable()) {
      this.skip();
    }
    const out = spawnSync('pandoc', ['--citeproc', '-t', 'plain', 'draft.md'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    assert.equal(out.status, 0, out.stderr);
    assert.deepEqual(out.stderr.split('\n').filter((l) => /not found/i.test(l)), []);
  });

  test('LaTeX: \\bibliography{refs} means refs.bib, created when missing; --dry-run writes nothing', () => {
    const dir = path.join(work, 'tex');
    mkdirSync(dir, { recursive: true });
    const doc = path.join(dir, 'main.tex');
    writeFileSync(doc, `\\documentclass{article}\n\\begin{document}\n\\cite{${bibKeys[0]}, ${hfKeys[0]}}\n% \\cite{commented2020}\n\\bibliography{refs}\n\\end{document}\n`);
    const dry = JSON.parse(cli(['bib', 'sync', '--doc', doc, '--dry-run', '--json', SAMPLES]).stdout) as Report;
    assert.deepEqual(dry.added, [bibKeys[0], hfKeys[0]]);
    assert.ok(!existsSync(path.join(dir, 'refs.bib')));
    const report = JSON.parse(cli(['bib', 'sync', '--doc', doc, '--json', SAMPLES]).stdout) as Report;
    assert.deepEqual(report.bibliography, [path.join(dir, 'refs.bib')]);
    assert.match(readFileSync(path.join(dir, 'refs.bib'), 'utf8'), new RegExp(`^@inproceedings\\{${bibKeys[0]},`));
  });

  test('unknown keys are reported with exit status 1; with --workspace generated keys go into the key lock', () => {
    const dir = path.join(work, 'ws');
    const doc = path.join(dir, 'draft.md');
    mkdirSync(dir, { recursive: true });
    writeFileSync(doc, `---\nbibliography: [refs.bib]\n---\n[@${hfKeys[0]}; @ghost2020nothing]\n`);
    const r = cli(['bib', 'sync', '--doc', doc, '--workspace', dir, '--json', SAMPLES]);
    assert.equal(r.status, 1);
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual(report.unknown, ['ghost2020nothing']);
    assert.deepEqual(report.added, [hfKeys[0]]);
    assert.match(r.stderr, /ghost2020nothing/);
    assert.match(readFileSync(path.join(dir, '.litnotes', 'citekeys.json'), 'utf8'), new RegExp(`"key":"${hfKeys[0]}"`));
  });

  test('usage: --doc required, a document without a bibliography is an error naming what to add', () => {
    assert.equal(cli(['bib', 'sync', SAMPLES]).status, 2);
    assert.equal(cli(['bib', 'tidy', '--doc', 'x.md', SAMPLES]).status, 2);
    const doc = path.join(work, 'plain.md');
    writeFileSync(doc, 'No frontmatter [@x].\n');
    const r = cli(['bib', 'sync', '--doc', doc, SAMPLES]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /names no bibliography/);
  });
});
