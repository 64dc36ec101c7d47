import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT, SAMPLES, SEEDS } from '../../test/paths';
import { readFrontmatter } from '../core/notes/frontmatter';

interface RecordsJson {
  records: Array<{ key: string; title: string; sources: Array<{ path: string; line: number }> }>;
  problems: Array<{ path: string; line: number; message: string }>;
}

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), ...args], { encoding: 'utf8', cwd: ROOT });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

suite('cli', function () {
  this.timeout(60_000);

  test('--help names every command and prints LaTeX commands as written', () => {
    const r = cli('--help');
    assert.equal(r.status, 0, r.stderr);
    for (const command of ['records', 'notes', 'search', 'export', 'cite', 'fetch daily', 'fetch paper', 'bib sync']) {
      assert.match(r.stdout, new RegExp(`^  ${command} `, 'm'), command);
    }
    assert.ok(r.stdout.includes('\\bibliography{} or \\addbibresource{}'), 'backslashes kept');
    assert.doesNotMatch(r.stdout, /[\x00-\x08]/, 'no control characters');
  });

  test('records --json over the seed pages lists every paper once, with its page lines', () => {
    const r = cli('records', '--json', SEEDS);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as RecordsJson;
    assert.deepEqual(out.problems, []);
    const titles = out.records.map((x) => x.title.toLowerCase());
    assert.equal(new Set(titles).size, titles.length, 'no paper twice');
    assert.ok(out.records.length > 100);
    const soups = out.records.find((x) => x.title.startsWith('Model soups'));
    assert.ok(soups);
    assert.ok(soups.sources.every((s) => s.path.endsWith('.txt') && s.line > 0));
  });

  test('records prints a table, reports problems as path:line, and fails only when nothing was read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'litnotes-cli-'));
    try {
      writeFileSync(path.join(dir, 'broken.bib'), 'not bibtex at all');
      writeFileSync(path.join(dir, 'unknown.xyz'), 'hello');
      const table = cli('records', path.join(SAMPLES, 'library.bib'), path.join(dir, 'broken.bib'), path.join(dir, 'missing.ris'));
      assert.equal(table.status, 0);
      assert.match(table.stdout, /^KEY\s+DATE\s+TITLE/m);
      assert.match(table.stdout, /he2016deep\s+2016-06\s+Deep Residual Learning/);
      assert.match(table.stderr, /broken\.bib:1: error: /);
      assert.match(table.stderr, /missing\.ris:1: error: Cannot read: ENOENT/);
      const nothing = cli('records', '--json', path.join(dir, 'unknown.xyz'));
      assert.equal(nothing.status, 1);
      assert.equal((JSON.parse(nothing.stdout) as RecordsJson).problems[0]?.message.startsWith('Unknown format'), true);
      assert.equal(cli('records').status, 2);
      assert.equal(cli('frobnicate', 'x').status, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('notes creates stubs once, never overwrites, honours --key and --dry-run', () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'litnotes-notes-'));
    try {
      const bib = path.join(SAMPLES, 'library.bib');
      const dry = JSON.parse(cli('notes', '--workspace', ws, '--dry-run', '--json', bib).stdout) as { created: string[] };
      assert.deepEqual(dry.created.sort(), ['papers/he2016deep.md', 'papers/vaswani2017attention.md', 'papers/wortsman2022soups.md']);
      assert.throws(() => readdirSync(path.join(ws, 'papers')), 'dry run writes nothing');

      const one = JSON.parse(cli('notes', '--workspace', ws, '--key', 'he2016deep', '--json', bib).stdout) as { created: string[]; existing: string[] };
      assert.deepEqual(one, { created: ['papers/he2016deep.md'], existing: [], problems: [] });
      const file = path.join(ws, 'papers', 'he2016deep.md');
      assert.equal(readFrontmatter(readFileSync(file, 'utf8')).data.citekey, 'he2016deep');
      writeFileSync(file, 'my own words, no frontmatter');

      const all = JSON.parse(cli('notes', '--workspace', ws, '--json', bib).stdout) as { created: string[]; existing: string[] };
      assert.deepEqual(all.existing, ['papers/he2016deep.md']);
      assert.equal(all.created.length, 2);
      assert.equal(readFileSync(file, 'utf8'), 'my own words, no frontmatter');
      assert.deepEqual(readdirSync(path.join(ws, 'papers')).sort(), ['he2016deep.md', 'vaswani2017attention.md', 'wortsman2022soups.md'], 'no temporary files left');
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  test('symbolic links out of the workspace: notes are not written through them, walked folders do not follow them (#18 M4)', () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'litnotes-ws-'));
    const outside = mkdtempSync(path.join(tmpdir(), 'litnotes-outside-'));
    try {
      writeFileSync(path.join(outside, 'theirs.bib'), '@article{theirs, title = {Outside Paper Title}}\n');
      symlinkSync(outside, path.join(ws, 'papers'));
      symlinkSync(outside, path.join(ws, 'linked-src'));
      mkdirSync(path.join(ws, 'src'));
      writeFileSync(path.join(ws, 'src', 'mine.bib'), '@article{mine, title = {My Own Paper Title}}\n');
      const out = JSON.parse(cli('notes', '--workspace', ws, '--json', path.join(ws, 'src')).stdout) as { created: string[]; problems: Array<{ message: string }> };
      assert.deepEqual(out.created, []);
      assert.match(out.problems[0]?.message ?? '', /resolves through a symbolic link .* outside the workspace; no notes written/);
      assert.deepEqual(readdirSync(outside), ['theirs.bib'], 'nothing written outside');
      const records = JSON.parse(cli('records', '--json', ws).stdout) as RecordsJson;
      assert.deepEqual(
        records.records.map((r) => r.key),
        ['mine'],
      );
    } finally {
      rmSync(ws, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('notes: keys differing only in case get names that differ when case is ignored (#18 L3)', () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'litnotes-notes-'));
    try {
      const bib = path.join(ws, 'case.bib');
      writeFileSync(bib, '@article{smith2020, title = {Lower Case Paper One}}\n@article{Smith2020, title = {Upper Case Paper Two}}\n');
      const out = JSON.parse(cli('notes', '--workspace', ws, '--json', bib).stdout) as { created: string[] };
      assert.deepEqual(out.created.sort(), ['papers/Smith2020.md', 'papers/smith2020-2.md']);
      const keys = readdirSync(path.join(ws, 'papers')).map((f) => readFrontmatter(readFileSync(path.join(ws, 'papers', f), 'utf8')).data.citekey);
      assert.deepEqual(keys.sort(), ['Smith2020', 'smith2020']);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});

suite('cli search and export', function () {
  this.timeout(60_000);

  test('search finds a misspelled title; --queries answers one JSON line per query with its time', () => {
    const r = cli('search', '--json', 'atention is all you ned', SAMPLES);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { results: Array<{ key: string }> };
    assert.equal(out.results[0]?.key, 'vaswani2017attention');
    const dir = mkdtempSync(path.join(tmpdir(), 'litnotes-q-'));
    try {
      writeFileSync(path.join(dir, 'q.txt'), '@he2016\nsoups model\n\n');
      const lines = cli('search', '--queries', path.join(dir, 'q.txt'), '--limit', '3', SAMPLES).stdout.trim().split('\n').map((l) => JSON.parse(l) as { query: string; keys: string[]; ms: number });
      assert.deepEqual(lines.map((l) => l.query), ['@he2016', 'soups model']);
      assert.equal(lines[0]?.keys[0], 'he2016deep');
      assert.equal(lines[1]?.keys[0], 'wortsman2022soups');
      assert.ok(lines.every((l) => l.keys.length <= 3 && typeof l.ms === 'number' && l.ms >= 0));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('export writes BibTeX and CSL-JSON that load back to the same papers', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'litnotes-x-'));
    try {
      const original = JSON.parse(cli('records', '--json', SAMPLES).stdout) as RecordsJson;
      for (const [format, name] of [['bibtex', 'out.bib'], ['csl-json', 'out.csl.json']] as const) {
        const file = path.join(dir, name);
        assert.equal(cli('export', '--format', format, '--out', file, SAMPLES).status, 0);
        const back = JSON.parse(cli('records', '--json', file).stdout) as RecordsJson;
        assert.deepEqual(back.problems, [], format);
        assert.deepEqual(back.records.map((r) => [r.key, r.title]).sort(), original.records.map((r) => [r.key, r.title]).sort(), format);
      }
      assert.equal(cli('export', SAMPLES).status, 2, '--format is required');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
