/** Keys never move, through the CLI: notes and the key lock pin them, exactly as in the extension. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../../test/paths';
import { EXISTING, NEWCOMER, hfJson } from '../../test/hf-papers';

interface RecordsJson {
  records: Array<{ key: string; aliases: string[]; arxivId?: string; title: string }>;
  problems: Array<{ path: string; line: number; message: string; severity: string }>;
}

/** Runs the CLI in `cwd` (tsx is resolved from the repository). */
function cli(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const r = spawnSync(process.execPath, ['--import', tsx, path.join(ROOT, 'src', 'cli.ts'), ...args], { encoding: 'utf8', cwd });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}



suite('cli: keys never move', function () {
  this.timeout(120_000);
  let ws = '';
  setup(() => {
    ws = mkdtempSync(path.join(tmpdir(), 'litnotes-keys-'));
    mkdirSync(path.join(ws, 'sources'));
  });
  teardown(() => rmSync(ws, { recursive: true, force: true }));

  const records = (...extra: string[]): RecordsJson => JSON.parse(cli(ws, 'records', '--json', '--workspace', '.', ...extra, 'sources').stdout) as RecordsJson;
  const keyOf = (out: RecordsJson, arxiv: string): string | undefined => out.records.find((r) => r.arxivId === arxiv)?.key;

  test('a note pins its key: a colliding paper added later gets another key', () => {
    writeFileSync(path.join(ws, 'sources', 'day2.json'), hfJson([EXISTING]));
    assert.equal(keyOf(records(), EXISTING.id), 'cheng2024breaking');
    const made = cli(ws, 'notes', '--workspace', '.', '--json', 'sources');
    assert.equal(made.status, 0, made.stderr);
    assert.deepEqual((JSON.parse(made.stdout) as { created: string[] }).created, ['papers/cheng2024breaking.md']);
    // The newcomer sorts first by identity: unpinned, it would take the key.
    writeFileSync(path.join(ws, 'sources', 'day1.json'), hfJson([NEWCOMER]));
    const out = records();
    assert.equal(keyOf(out, EXISTING.id), 'cheng2024breaking');
    assert.equal(keyOf(out, NEWCOMER.id), 'cheng2024breakinga');
    // Without the workspace, nothing is pinned: the old behaviour, for comparison.
    const unpinned = JSON.parse(cli(ws, 'records', '--json', 'sources').stdout) as RecordsJson;
    assert.equal(keyOf(unpinned, NEWCOMER.id), 'cheng2024breaking');
  });

  test('cite --workspace pins the keys it prints in the lock: sorted, one paper per line', () => {
    writeFileSync(path.join(ws, 'sources', 'day2.json'), hfJson([EXISTING]));
    const cited = cli(ws, 'cite', '--json', '--workspace', '.', '--key', 'cheng2024breaking', 'sources');
    assert.equal(cited.status, 0, cited.stderr);
    assert.deepEqual(JSON.parse(cited.stdout), { citations: [{ key: 'cheng2024breaking', citation: '[@cheng2024breaking]' }], problems: [] });
    const lockFile = path.join(ws, '.litnotes', 'citekeys.json');
    const lock = readFileSync(lockFile, 'utf8');
    assert.match(lock, /^ {4}\{"key":"cheng2024breaking","arxiv":"2410\.00002","title":"Breaking the barrier of scale","year":2024\}$/m);
    writeFileSync(path.join(ws, 'sources', 'day1.json'), hfJson([NEWCOMER]));
    assert.equal(keyOf(records(), EXISTING.id), 'cheng2024breaking');
    // Citing the newcomer adds its line; the file stays sorted with one entry per line.
    cli(ws, 'cite', '--workspace', '.', '--key', 'cheng2024breakinga', 'sources');
    const lines = readFileSync(lockFile, 'utf8').split('\n').filter((l) => l.includes('"key"'));
    assert.deepEqual(lines.map((l) => (JSON.parse(l.replace(/,$/, '')) as { key: string }).key), ['cheng2024breaking', 'cheng2024breakinga']);
  });

  test('a damaged lock (merge conflict) is read line by line, reported with its lines, and never rewritten', () => {
    writeFileSync(path.join(ws, 'sources', 'papers.json'), hfJson([EXISTING, NEWCOMER]));
    mkdirSync(path.join(ws, '.litnotes'));
    const damaged = [
      '{',
      '  "version": 1,',
      '  "keys": [',
      '<<<<<<< HEAD',
      '    {"key":"mine2024","arxiv":"2410.00002"},',
      '=======',
      '    {"key":"theirs2024","arxiv":"2410.00001"},',
      '>>>>>>> branch',
      '    {"key":"truncated',
      '  ]',
      '}',
      '',
    ].join('\n');
    const lockFile = path.join(ws, '.litnotes', 'citekeys.json');
    writeFileSync(lockFile, damaged);
    const out = records();
    assert.equal(keyOf(out, EXISTING.id), 'mine2024');
    assert.equal(keyOf(out, NEWCOMER.id), 'theirs2024');
    const lockProblems = out.problems.filter((p) => p.path === '.litnotes/citekeys.json').map((p) => p.line);
    assert.deepEqual(lockProblems, [4, 6, 8, 9]);
    cli(ws, 'cite', '--workspace', '.', '--key', 'mine2024', 'sources');
    cli(ws, 'notes', '--workspace', '.', 'sources');
    assert.equal(readFileSync(lockFile, 'utf8'), damaged);
  });

  test('a note written before keys were verbatim keeps working: its sanitised key is an alias', () => {
    writeFileSync(path.join(ws, 'sources', 'lib.bib'), '@article{DBLP:journals/corr/abs-1104-5069,\n  title = {A DBLP paper},\n  author = {Ada Lovelace},\n  year = {2011},\n  doi = {10.1000/dblp}\n}\n');
    mkdirSync(path.join(ws, 'papers'));
    writeFileSync(path.join(ws, 'papers', 'DBLPjournalscorrabs-1104-5069.md'), '---\ntitle: A DBLP paper\ncitekey: DBLPjournalscorrabs-1104-5069\ndoi: 10.1000/dblp\n---\nMy notes.\n');
    const out = records();
    assert.deepEqual(out.records.map((r) => [r.key, r.aliases]), [['DBLP:journals/corr/abs-1104-5069', ['DBLPjournalscorrabs-1104-5069']]]);
    const made = JSON.parse(cli(ws, 'notes', '--workspace', '.', '--json', 'sources').stdout) as { created: string[]; existing: string[] };
    assert.deepEqual(made, { created: [], existing: ['papers/DBLPjournalscorrabs-1104-5069.md'], problems: [] });
    const cited = JSON.parse(cli(ws, 'cite', '--json', '--workspace', '.', '--key', 'DBLPjournalscorrabs-1104-5069', '--format', 'latex', 'sources').stdout) as { citations: Array<{ citation: string }> };
    assert.equal(cited.citations[0]?.citation, '\\cite{DBLP:journals/corr/abs-1104-5069}');
    assert.equal(existsSync(path.join(ws, '.litnotes')), false, 'a source key is never written to the lock');
  });

  test('two notes naming one paper: the first by path is its note', () => {
    writeFileSync(path.join(ws, 'sources', 'day2.json'), hfJson([EXISTING]));
    mkdirSync(path.join(ws, 'papers', 'b'), { recursive: true });
    const note = '---\ncitekey: cheng2024breaking\narxiv: "2410.00002"\n---\n';
    writeFileSync(path.join(ws, 'papers', 'b', 'first.md'), note);
    writeFileSync(path.join(ws, 'papers', 'z-second.md'), note);
    const made = JSON.parse(cli(ws, 'notes', '--workspace', '.', '--json', 'sources').stdout) as { existing: string[] };
    assert.deepEqual(made.existing, ['papers/b/first.md']);
  });
});
