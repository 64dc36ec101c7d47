/**
 * Pandoc as a real client of our BibTeX export: for every BibTeX and CSL-JSON file of
 * ../shared/data that pandoc's own reader accepts, pandoc converts the original and our BibTeX
 * export of it to CSL JSON, and the two must say the same for what a reference needs: title,
 * authors, year, container, volume, issue, pages, publisher and DOI.
 *
 * Entries are matched by the key the source gave (`sources[].key`), mapped through the
 * paper's key to the entry of the export, so the test holds whether keys are kept verbatim or
 * not. Skips with a message when ../shared/data or pandoc is missing.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SHARED_DATA } from '../../../test/paths';
import { buildLibrary } from '../library';
import { parseSource } from '../sources';
import { toBibtex } from './bibtex';

type CslItem = Record<string, unknown> & { id: string };

/** What a reference needs, under pandoc's CSL names; `year` is the first date part of `issued`. */
const FIELDS = ['title', 'author', 'year', 'container-title', 'volume', 'issue', 'page', 'publisher', 'DOI'] as const;

const PANDOC_TIMEOUT_MS = 120_000;

function pandocAvailable(): boolean {
  try {
    execFileSync('pandoc', ['--version'], { timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return true;
  } catch {
    return false;
  }
}

/** pandoc's CSL JSON reading of a file or of text; undefined when pandoc's reader rejects it. */
function pandocCsl(from: string, input: { file: string } | { text: string }): CslItem[] | undefined {
  try {
    const out = execFileSync('pandoc', ['-f', from, '-t', 'csljson', ...('file' in input ? [input.file] : [])], {
      input: 'text' in input ? input.text : undefined,
      timeout: PANDOC_TIMEOUT_MS,
      maxBuffer: 512 * 1024 * 1024,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return JSON.parse(out) as CslItem[];
  } catch {
    return undefined;
  }
}

function fieldOf(item: CslItem | undefined, field: (typeof FIELDS)[number]): unknown {
  if (!item) {
    return undefined;
  }
  if (field === 'year') {
    const issued = item.issued as { 'date-parts'?: unknown[][]; literal?: string; raw?: string } | undefined;
    return issued?.['date-parts']?.[0]?.[0] ?? issued?.literal ?? issued?.raw;
  }
  return item[field];
}

interface FileResult {
  readonly file: string;
  readonly identical: number;
  readonly total: number;
  /** Differences as `key field: original ≠ export`, for the assertion messages. */
  readonly differences: string[];
}

function compareFile(dir: string, name: string, from: 'biblatex' | 'csljson'): FileResult | undefined {
  const file = path.join(dir, name);
  const original = pandocCsl(from, { file });
  if (!original) {
    return undefined; // pandoc's own reader does not accept this file
  }
  const parsed = parseSource(file, readFileSync(file, 'utf8'));
  const library = buildLibrary([parsed]);
  const exported = pandocCsl('biblatex', { text: toBibtex(library.papers) });
  assert.ok(exported, `pandoc reads our BibTeX export of ${name}`);
  const exportById = new Map(exported.map((item) => [item.id, item]));
  const paperKeyBySourceKey = new Map<string, string>();
  for (const p of library.papers) {
    for (const s of p.sources) {
      if (s.key !== undefined && !paperKeyBySourceKey.has(s.key)) {
        paperKeyBySourceKey.set(s.key, p.key);
      }
    }
  }
  let identical = 0;
  let total = 0;
  const differences: string[] = [];
  for (const item of original) {
    const key = paperKeyBySourceKey.get(item.id);
    const back = key !== undefined ? exportById.get(key) : undefined;
    for (const field of FIELDS) {
      const a = fieldOf(item, field);
      const b = fieldOf(back, field);
      if (a === undefined && b === undefined) {
        continue;
      }
      total++;
      if (JSON.stringify(a) === JSON.stringify(b)) {
        identical++;
      } else {
        differences.push(`${name} \`${item.id}\` ${field}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}${back ? '' : ' (entry missing from the export)'}`);
      }
    }
  }
  return { file: name, identical, total, differences };
}

suite('core/export: pandoc reads the original and our BibTeX export to the same fields', function () {
  this.timeout(600_000);
  const results: FileResult[] = [];

  suiteSetup(function () {
    if (!SHARED_DATA) {
      console.log('    (skipped: ../shared/data not found; set LIT_NOTES_SHARED_DATA to run the pandoc round trip)');
      this.skip();
    }
    if (!pandocAvailable()) {
      console.log('    (skipped: pandoc is not installed; `apt-get install pandoc` to run the pandoc round trip)');
      this.skip();
    }
    const data = SHARED_DATA;
    for (const [sub, from] of [
      ['bibtex', 'biblatex'],
      ['csl-json', 'csljson'],
    ] as const) {
      const dir = path.join(data, sub);
      for (const name of readdirSync(dir).sort()) {
        const r = compareFile(dir, name, from);
        if (r) {
          results.push(r);
        }
      }
    }
    const identical = results.reduce((n, r) => n + r.identical, 0);
    const total = results.reduce((n, r) => n + r.total, 0);
    console.log(
      `    pandoc round trip: ${identical} of ${total} fields identical (${results.map((r) => `${r.file} ${r.identical}/${r.total}`).join(', ')})`,
    );
  });

  test('pandoc accepts the files the issue names, and our export of each', () => {
    const names = results.map((r) => r.file);
    for (const name of ['biblatex-examples.bib', 'bbt-97-jabref-groups.bib', 'bbt-2660-plus-in-field-name.bib']) {
      assert.ok(names.includes(name), name);
    }
  });

  test('every field comes back identical', () => {
    const differences = results.flatMap((r) => r.differences);
    if (process.env.LIT_NOTES_PANDOC_DIFF) {
      writeFileSync(process.env.LIT_NOTES_PANDOC_DIFF, differences.join('\n'));
    }
    assert.deepEqual(differences.slice(0, 40), [], `${differences.length} differences`);
  });
});
