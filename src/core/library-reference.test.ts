/**
 * The fast, steppable merge and key assignment give exactly what the straightforward reference
 * (`test/support/library-reference.ts`, the code before issue #17) gives: the same records, keys,
 * aliases, problems and order, property for property, on generated libraries built to hit every
 * rule (duplicates to merge, key collisions, aliases, pins) and on the real samples under
 * ../shared/data.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { toBibtex, toCslJson, toHfJson, toRis } from '../../bench/formats';
import { generateLibrary } from '../../bench/generate-library';
import { referenceKeyLibrary, referenceMergeSources } from '../../test/support/library-reference';
import { SHARED_DATA } from '../../test/paths';
import type { Pin } from './citekey';
import type { Library, MergedSources } from './library';
import { keyLibrary, keyLibrarySteps, mergeSources, mergeSourcesSteps, sameKeysSteps } from './library';
import type { Steps } from './steps';
import { runSteps } from './steps';
import type { Paper, PaperRecord } from './model';
import type { ParsedSource } from './sources';
import { parseSource } from './sources';
import { mulberry32 } from '../../test/fuzz/mutate';

/** Collision-prone titles and authors: many papers share a generated key's base, or a base plus a suffix letter. */
const CLASH_TITLES = ['Attention Is All You Need', 'Attentiona Revisited in Depth', 'Attentionb for Everyone Today', 'Model Soups Averaging Weights', 'Modela: One More Time Around'];

interface Scenario {
  readonly parsed: ParsedSource[];
  readonly papers: Paper[];
}

/**
 * Sources in every format over overlapping slices of one generated library: the same paper in
 * several files (merged by DOI, arXiv id, key and title, or kept apart by conflicting ids),
 * duplicate keys, further keys (aliases), untitled entries and many generated-key collisions.
 */
function scenario(n: number, seed: number): Scenario {
  const rand = mulberry32(seed);
  const papers = generateLibrary(n, seed).map((p, i): Paper => {
    if (i % 6 === 0) {
      // The same base key for many papers: same first author, year and first title word.
      const title = `${CLASH_TITLES[i % CLASH_TITLES.length] ?? ''} ${p.title}`;
      return { ...p, title, authors: ['Ashish Vaswani', ...p.authors.slice(1)], year: 2017, date: rand() < 0.5 ? '2017' : '2017-06-12' };
    }
    return p;
  });
  const slice = (from: number, to: number): Paper[] => papers.slice(Math.floor(from * n), Math.floor(to * n));
  // BibTeX: keys as generated, some reused for another paper (duplicate keys).
  const bib = slice(0, 0.5).map((p, i, all) => (i % 13 === 5 ? { ...p, key: all[i - 3]?.key ?? p.key } : p));
  // CSL-JSON: overlaps the BibTeX slice (same key and title: one paper), with retyped titles and new keys for some.
  const csl = slice(0.35, 0.7).map((p, i) => (i % 5 === 0 ? { ...p, title: p.title.toUpperCase() + '!', key: `${p.key}-csl` } : i % 7 === 0 ? { ...p, doi: undefined } : p));
  // Hugging Face JSON: ids come from the position in the file, so two files disagree (id merges across titles).
  const hfA = slice(0.6, 1);
  const hfB = [...slice(0.1, 0.2), ...slice(0.9, 1)].map((p, i) => (i % 3 === 0 ? { ...p, title: p.title.toLowerCase() } : p));
  const ris = slice(0.45, 0.8).map((p, i) => (i % 4 === 0 ? { ...p, date: undefined, year: undefined } : p));
  const parsed = [
    parseSource('lib/main.bib', toBibtex(bib)),
    parseSource('lib/more.csl.json', toCslJson(csl)),
    parseSource('hf/day-a.json', toHfJson(hfA)),
    parseSource('hf/day-b.json', toHfJson(hfB)),
    parseSource('refs/export.ris', toRis(ris)),
  ];
  // Hand-made records for what the writers above do not produce: further keys, untitled entries,
  // keys shared across files, records of a paper also in other files.
  const extra: PaperRecord[] = [];
  for (let i = 0; i < Math.max(20, n / 50); i++) {
    const p = papers[Math.floor(rand() * n)] as Paper;
    const line = 1 + i * 10;
    const kind = i % 5;
    const key = kind === 0 ? p.key : kind === 1 ? `alias${i}` : kind === 2 ? (bib[i]?.key ?? `k${i}`) : `extra${i % 7}`;
    const otherKeys = kind === 1 ? [p.key, `alt${i}`] : kind === 3 ? [`extra${(i + 1) % 7}`, ''] : undefined;
    extra.push({
      title: kind === 4 ? `Untitled stand-in ${i % 3}` : p.title,
      ...(kind === 4 ? { untitled: true as const } : {}),
      authors: kind === 2 ? [] : [...p.authors],
      ...(p.year !== undefined && kind !== 3 ? { year: p.year } : {}),
      ...(kind === 0 && p.doi ? { doi: p.doi } : {}),
      ...(kind === 2 ? { upvotes: i, tags: ['x'], listed: '2024-05-0' + String(1 + (i % 9)) } : {}),
      tags: kind === 2 ? ['x', 'y'] : [],
      sources: [{ path: 'extra/hand.bib', line, format: 'bibtex', key, ...(otherKeys ? { otherKeys } : {}) }],
    });
  }
  parsed.push({ path: 'extra/hand.bib', format: 'bibtex', records: extra, problems: [] });
  // The same file found twice under another name (every record a duplicate of another).
  parsed.push({ ...(parsed[0] as ParsedSource), path: 'copy/main.bib', records: (parsed[0] as ParsedSource).records.slice(0, Math.max(5, n / 20)).map((r) => ({ ...r, sources: r.sources.map((s) => ({ ...s, path: 'copy/main.bib' })) })) });
  return { parsed, papers };
}

/**
 * Pins as notes and the key lock give them, drawn from a library keyed without pins: keys kept
 * for their papers, keys pinned to another paper than the source gives them to, duplicate pins,
 * pins of papers that are gone (reserved keys, some on generated keys' bases), a duplicate key
 * carried by a pin to its later paper.
 */
function pinsFor(library: Library, seed: number): Pin[] {
  const rand = mulberry32(seed);
  const papers = library.papers;
  const pins: Pin[] = [];
  const at = (): Paper => papers[Math.floor(rand() * papers.length)] as Paper;
  for (let i = 0; i < Math.max(30, papers.length / 8); i++) {
    const p = at();
    const origin = rand() < 0.6 ? 'note' : 'lock';
    const where = { origin, path: origin === 'note' ? `notes/n${i}.md` : '.litnotes/keys.json', line: origin === 'note' ? 2 : i + 1 } as const;
    switch (i % 8) {
      case 0:
        pins.push({ key: p.key, ...(p.arxivId ? { arxiv: `arXiv:${p.arxivId}` } : {}), ...where });
        break;
      case 1:
        pins.push({ key: p.key, ...(p.doi ? { doi: `https://doi.org/${p.doi.toUpperCase()}` } : {}), title: p.title, ...where });
        break;
      case 2: // a key pinned to another paper
        pins.push({ key: p.key, title: at().title, ...where });
        break;
      case 3: // a paper that is gone: its key stays reserved
        pins.push({ key: rand() < 0.5 ? p.key.replace(/[a-z]?$/, '') : `gone${i}`, title: `A paper that is gone ${i}`, year: 2001, ...where });
        break;
      case 4: // two pins, one key, two papers
        pins.push({ key: `shared${i % 3}`, title: p.title, ...(p.year !== undefined ? { year: p.year } : {}), ...where });
        pins.push({ key: `shared${i % 3}`, title: at().title, origin: 'lock', path: '.litnotes/keys.json', line: 1000 + i });
        break;
      case 5: // a new key for a paper that has one
        pins.push({ key: `${p.key}x`, title: p.title.toLowerCase(), ...where });
        break;
      case 6: // a generated key's base, pinned to nothing that loads
        pins.push({ key: 'vaswani2017attention' + (i % 16 === 6 ? '' : 'b'), ...where });
        break;
      default:
        pins.push({ key: p.aliases?.[0] ?? p.key, title: p.title, ...where });
    }
  }
  // A duplicate source key used before for its later paper: the pin carries the key over.
  for (const problemOf of library.problems.filter((x) => x.message.startsWith('Duplicate key')).slice(0, 5)) {
    const key = /`([^`]+)`/.exec(problemOf.message)?.[1];
    const later = papers.find((p) => p.sources.some((s) => s.key === key && s.path === problemOf.path && s.line === problemOf.line));
    if (key !== undefined && later) {
      pins.push({ key, title: later.title, origin: 'note', path: `notes/carried-${key}.md`, line: 3 });
    }
  }
  return pins;
}

/** Fails with the first difference, comparing the values and their JSON (which keeps property order). */
function assertSameMerged(actual: MergedSources, expected: MergedSources): void {
  assert.equal(actual.records.length, expected.records.length, 'merged records');
  actual.records.forEach((r, i) => assert.equal(JSON.stringify(r), JSON.stringify(expected.records[i]), `record ${i}`));
  assert.deepStrictEqual(actual, expected);
}

function assertSameLibrary(actual: Library, expected: Library): void {
  assert.equal(actual.papers.length, expected.papers.length, 'papers');
  actual.papers.forEach((p, i) => assert.equal(JSON.stringify(p), JSON.stringify(expected.papers[i]), `paper ${i}`));
  assert.deepStrictEqual(actual.problems, expected.problems);
  // The map's order too, and every key to the very paper object of the list.
  const positions = (l: Library): Array<[string, number | undefined]> => {
    const at = new Map(l.papers.map((p, i) => [p, i]));
    return [...l.byKey].map(([k, p]) => [k, at.get(p)]);
  };
  assert.deepStrictEqual(positions(actual), positions(expected));
  assert.deepStrictEqual(actual.sources, expected.sources);
  assert.equal(actual.recordCount, expected.recordCount);
}

function check(parsed: readonly ParsedSource[], pinSets: ReadonlyArray<readonly Pin[]>): void {
  const expectedMerged = referenceMergeSources(parsed);
  const merged = mergeSources(parsed);
  assertSameMerged(merged, expectedMerged);
  // Keyed again and again with other pins (as the extension does when notes change).
  for (const pins of [[], ...pinSets, []]) {
    assertSameLibrary(keyLibrary(merged, pins), referenceKeyLibrary(expectedMerged, pins));
  }
}

suite('core/library: fast merge and keys equal the reference', () => {
  for (const [n, seed] of [
    [400, 1],
    [3000, 7],
  ] as const) {
    test(`generated library of ${n} papers in five formats, with duplicates, collisions, aliases and pins`, () => {
      const { parsed } = scenario(n, seed);
      const library = referenceKeyLibrary(referenceMergeSources(parsed));
      assert.ok(library.problems.some((p) => p.message.startsWith('Duplicate key')), 'the scenario has duplicate keys');
      assert.ok(library.papers.some((p) => (p.aliases?.length ?? 0) > 0), 'the scenario has aliases');
      assert.ok(library.papers.some((p) => /^vaswani2017attention[a-z]+$/.test(p.key)), 'the scenario has generated-key collisions');
      assert.ok(library.recordCount > library.papers.length * 1.2, 'the scenario merges duplicates');
      const pins = pinsFor(library, seed);
      const shuffled = [...pins].sort((a, b) => (a.key < b.key ? 1 : -1));
      check(parsed, [pins, shuffled, pins.slice(0, pins.length / 2)]);
    });
  }

  test('a library of 12,000 papers (sorts of many runs) and the empty library', () => {
    const { parsed } = scenario(12_000, 3);
    const merged = referenceMergeSources(parsed);
    check(parsed, [pinsFor(referenceKeyLibrary(merged), 3)]);
    check([], [[]]);
  });

  test('in steps: the same result, and no step handles more than a few thousand records', () => {
    const { parsed } = scenario(12_000, 4);
    const drive = <T>(steps: Steps<T>): [T, number] => {
      let count = 0;
      let r = steps.next();
      while (!r.done) {
        count++;
        r = steps.next();
      }
      return [r.value, count];
    };
    const [merged, mergeSteps] = drive(mergeSourcesSteps(parsed));
    assertSameMerged(merged, referenceMergeSources(parsed));
    // Every pass over the records yields at least every 2,048 of them.
    assert.ok(mergeSteps >= (merged.recordCount / 2048) * 4, `${mergeSteps} steps for ${merged.recordCount} records`);
    const pins = pinsFor(referenceKeyLibrary(merged), 4);
    const [library, keySteps] = drive(keyLibrarySteps(merged, pins));
    assertSameLibrary(library, referenceKeyLibrary(merged, pins));
    assert.ok(keySteps >= (library.papers.length / 2048) * 4, `${keySteps} steps for ${library.papers.length} papers`);
    // What a rekey compares: the same keys, or not.
    assert.equal(runSteps(sameKeysSteps(library, keyLibrary(merged, pins))), true);
    assert.equal(runSteps(sameKeysSteps(library, keyLibrary(merged))), false);
  });

  test('the real samples under ../shared/data, each folder and all together', function () {
    if (!SHARED_DATA) {
      console.log('    (skipped: ../shared/data not found; set LIT_NOTES_SHARED_DATA to run the real-corpus tests)');
      this.skip();
    }
    this.timeout(60_000);
    const all: ParsedSource[] = [];
    for (const folder of readdirSync(SHARED_DATA, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const dir = path.join(SHARED_DATA, folder.name);
      const parsed = readdirSync(dir)
        .filter((name) => !name.endsWith('.md'))
        .map((name) => parseSource(`${folder.name}/${name}`, readFileSync(path.join(dir, name), 'utf8')));
      all.push(...parsed);
      check(parsed, [pinsFor(referenceKeyLibrary(referenceMergeSources(parsed)), 11)]);
    }
    assert.ok(all.length > 10, `${all.length} files`);
    check(all, [pinsFor(referenceKeyLibrary(referenceMergeSources(all)), 5), pinsFor(referenceKeyLibrary(referenceMergeSources(all)), 6)]);
  });
});
