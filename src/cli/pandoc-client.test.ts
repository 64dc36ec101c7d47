/**
 * Real client: Debian's pandoc. Every citation `litnotes cite` prints for a real third-party
 * library must resolve in `pandoc --citeproc --bibliography <that file>`, and every key of every
 * BibTeX / CSL-JSON file must come out verbatim in `\cite{…}`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT, requireSharedData } from '../../test/paths';

interface CiteJson {
  citations: Array<{ key: string; citation: string | null }>;
  problems: Array<{ message: string }>;
}

function cli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), ...args], { encoding: 'utf8', cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function citeAll(file: string, keys: readonly string[], format: string): CiteJson {
  const r = cli(['cite', '--json', '--format', format, ...keys.flatMap((k) => ['--key', k]), file]);
  return JSON.parse(r.stdout) as CiteJson;
}

function pandocAvailable(): boolean {
  return spawnSync('pandoc', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** The ids pandoc's own reader finds in a bibliography, or undefined when it cannot read the file. */
function pandocIds(file: string): string[] | undefined {
  const from = file.endsWith('.bib') ? 'biblatex' : 'csljson';
  const r = spawnSync('pandoc', ['-f', from, '-t', 'csljson', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  if (r.status !== 0) {
    return undefined;
  }
  return (JSON.parse(r.stdout) as Array<{ id: string | number }>).map((item) => String(item.id));
}

/** The keys our loader reads from a file (verbatim source keys, including further keys). */
function ourKeys(file: string): string[] {
  const r = cli(['records', '--json', file]);
  const out = JSON.parse(r.stdout) as { records: Array<{ sources: Array<{ path: string; key?: string; otherKeys?: string[] }> }> };
  const keys = new Set<string>();
  for (const rec of out.records) {
    for (const s of rec.sources) {
      if (s.key !== undefined) {
        keys.add(s.key);
      }
      s.otherKeys?.forEach((k) => keys.add(k));
    }
  }
  return [...keys];
}

suite('real client: pandoc resolves every citation Lit Notes inserts', function () {
  this.timeout(600_000);
  let files: string[] = [];

  suiteSetup(function () {
    const data = requireSharedData(this);
    if (!pandocAvailable()) {
      if (process.env.CI) {
        throw new Error('pandoc is not installed (apt-get install -y pandoc): CI must run the real-client tests');
      }
      console.log('    (skipped: pandoc not installed; apt-get install -y pandoc)');
      this.skip();
    }
    files = [
      ...readdirSync(path.join(data, 'bibtex')).map((f) => path.join(data, 'bibtex', f)),
      ...readdirSync(path.join(data, 'csl-json')).map((f) => path.join(data, 'csl-json', f)),
    ].sort();
  });

  test('every key of every BibTeX and CSL-JSON file cites verbatim: \\cite{key}, [@key] or [@{key}]', () => {
    let total = 0;
    const wrong: string[] = [];
    for (const file of files) {
      const keys = ourKeys(file);
      total += keys.length;
      const latex = citeAll(file, keys, 'latex').citations;
      const pandoc = citeAll(file, keys, 'pandoc').citations;
      keys.forEach((key, i) => {
        if (latex[i]?.citation !== `\\cite{${key}}`) {
          wrong.push(`${path.basename(file)}: ${key} -> ${String(latex[i]?.citation)}`);
        }
        if (pandoc[i]?.citation !== `[@${key}]` && pandoc[i]?.citation !== `[@{${key}}]`) {
          wrong.push(`${path.basename(file)}: ${key} -> ${String(pandoc[i]?.citation)}`);
        }
      });
    }
    console.log(`      ${total} keys in ${files.length} files, ${total - wrong.length} cited verbatim`);
    assert.deepEqual(wrong, []);
    assert.ok(total > 5000, `only ${total} keys read`);
  });

  test('pandoc --citeproc finds every citation printed for every key pandoc reads, and for every paper', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'litnotes-pandoc-'));
    try {
      let checked = 0;
      const failures: string[] = [];
      for (const file of files) {
        const ids = pandocIds(file);
        if (!ids) {
          console.log(`      ${path.basename(file)}: pandoc's own reader rejects it; not rendered`);
          continue;
        }
        const byKey = citeAll(file, ids, 'pandoc');
        for (const c of byKey.citations) {
          if (c.citation === null) {
            failures.push(`${path.basename(file)}: pandoc reads \`${c.key}\`, Lit Notes cannot cite it`);
          }
        }
        const perPaper = JSON.parse(cli(['cite', '--json', '--format', 'pandoc', file]).stdout) as CiteJson;
        const citations = [...byKey.citations, ...perPaper.citations].filter((c) => c.citation !== null).map((c) => c.citation ?? '');
        const doc = path.join(work, 'doc.md');
        writeFileSync(doc, citations.map((c) => `Cited ${c}.`).join('\n\n') + '\n');
        const r = spawnSync('pandoc', ['--citeproc', '--bibliography', file, '-t', 'plain', doc], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 300_000 });
        assert.equal(r.status, 0, r.stderr);
        const notFound = r.stderr.split('\n').filter((l) => /not found/i.test(l));
        console.log(`      ${path.basename(file)}: ${ids.length} keys + ${perPaper.citations.length} papers cited, ${notFound.length} not found`);
        failures.push(...notFound.map((l) => `${path.basename(file)}: ${l}`));
        checked++;
      }
      assert.deepEqual(failures, []);
      assert.ok(checked >= 5, `pandoc read only ${checked} files`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
