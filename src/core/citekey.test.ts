import * as assert from 'node:assert/strict';
import type { Paper, PaperRecord, SourceFormat } from './model';
import type { Pin } from './citekey';
import { assignCitekeys, baseKey } from './citekey';
import { buildLibrary } from './library';
import type { ParsedSource } from './sources';
import { mulberry32 } from '../../test/fuzz/mutate';

function rec(fields: Partial<PaperRecord> & { title: string }, path = 'p.txt', line = 1, format: SourceFormat = 'daily-papers'): PaperRecord {
  const key = fields.key;
  return { authors: [], tags: [], sources: [key !== undefined ? { path, line, format, key } : { path, line, format }], ...fields };
}

function keys(records: readonly PaperRecord[], pins: readonly Pin[] = []): string[] {
  return assignCitekeys(records, pins).papers.map((p) => p.key);
}

function pin(key: string, fields: Partial<Pin> = {}): Pin {
  return { key, origin: 'note', path: `papers/${key}.md`, line: 1, ...fields };
}

suite('core/citekey', () => {
  test('generated keys are readable: author + year + first significant title word, or title word + year', () => {
    assert.equal(baseKey({ title: 'Attention Is All You Need', authors: ['Ashish Vaswani'], year: 2017 }), 'vaswani2017attention');
    assert.equal(baseKey({ title: 'The Élan of Łódź', authors: ['Kaiser, Łukasz'], year: 2020 }), 'kaiser2020elan');
    assert.equal(baseKey({ title: 'TorchTitan: One-stop PyTorch native solution', authors: [], year: 2024 }), 'torchtitan2024');
    assert.equal(baseKey({ title: '3D Gaussians', authors: [], year: undefined }), 'gaussians');
    assert.equal(baseKey({ title: '1 2 3', authors: [] }), 'p1');
    assert.equal(baseKey({ title: '深度学习', authors: [], year: 2020 }), 'paper2020');
  });

  test('source keys are kept verbatim, whatever characters BibTeX, biber or CSL allow', () => {
    const verbatim = ['DBLP:journals/corr/abs-1104-5069', 'conf/aaai/Bresina15', "O'Hara_1999", 'baez/article', '9.8:9', '9iPKk1T', 'url:https://openreview.net/pdf?id=rJWF0Fywf', 'Müller & Co: 2020!'];
    const records = verbatim.map((key, i) => rec({ title: `Paper number ${i}`, key }, 'lib.bib', i + 1, 'bibtex'));
    const papers = assignCitekeys(records).papers;
    assert.deepEqual(papers.map((p) => p.key), verbatim);
    assert.ok(papers.every((p) => p.keyOrigin === 'source' && p.aliases?.length === 0));
  });

  test('generated keys never take a source key; collisions get deterministic suffixes', () => {
    const got = keys([
      rec({ title: 'Scaling laws for neural language models', year: 2020 }, 'b.txt', 4),
      rec({ title: 'Scaling data-constrained language models', year: 2020 }, 'a.txt', 9),
      rec({ title: 'From BibTeX', key: 'scaling2020' }, 'lib.bib', 1, 'bibtex'),
    ]);
    assert.equal(got[2], 'scaling2020');
    assert.deepEqual(got.slice(0, 2).sort(), ['scaling2020a', 'scaling2020b']);
  });

  test('a duplicate key on another paper: the first occurrence owns it, the later one is reported with both lines', () => {
    const result = assignCitekeys([
      rec({ title: 'Second paper with the key', key: 'smith2020' }, 'lib.bib', 40, 'bibtex'),
      rec({ title: 'First paper with the key', key: 'smith2020' }, 'lib.bib', 3, 'bibtex'),
    ]);
    assert.deepEqual(result.papers.map((p) => p.key), ['smith2020a', 'smith2020']);
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0]?.line, 40);
    assert.match(result.problems[0]?.message ?? '', /Duplicate key `smith2020`: lib\.bib:3 .*cited as `smith2020a`/);
  });

  test('a paper with several source keys answers to all of them; the first in source order is its key', () => {
    const merged: PaperRecord = {
      title: 'One paper, two files',
      authors: [],
      tags: [],
      sources: [
        { path: 'a.bib', line: 1, format: 'bibtex', key: 'first:key', otherKeys: ['biblatexId'] },
        { path: 'b.json', line: 5, format: 'csl-json', key: 'second-key' },
      ],
    };
    const [p] = assignCitekeys([merged]).papers;
    assert.equal(p?.key, 'first:key');
    assert.deepEqual(p?.aliases, ['biblatexId', 'second-key']);
  });

  test('a pinned key stays with its paper when a colliding paper arrives', () => {
    const existing = rec({ title: 'Breaking the barrier', authors: ['Wei Cheng'], year: 2024, arxivId: '2410.00002' }, 'day2.json', 9, 'hf-json');
    const newcomer = rec({ title: 'Breaking things apart', authors: ['Li Cheng'], year: 2024, arxivId: '2410.00001' }, 'day1.json', 3, 'hf-json');
    assert.deepEqual(keys([existing]), ['cheng2024breaking']);
    // Without a pin the newcomer, first in identity order, would take the key:
    assert.deepEqual(keys([existing, newcomer]), ['cheng2024breakinga', 'cheng2024breaking']);
    const pins = [pin('cheng2024breaking', { arxiv: '2410.00002' })];
    const [a, b] = assignCitekeys([existing, newcomer], pins).papers;
    assert.equal(a?.key, 'cheng2024breaking');
    assert.equal(a?.keyOrigin, 'pinned');
    assert.equal(b?.key, 'cheng2024breakinga');
  });

  test('a pinned key whose paper is gone stays reserved', () => {
    const other = rec({ title: 'Breaking things apart', authors: ['Li Cheng'], year: 2024, arxivId: '2410.00001' });
    assert.deepEqual(keys([other], [pin('cheng2024breaking', { arxiv: '2410.99999', origin: 'lock', path: 'lock.json' })]), ['cheng2024breakinga']);
  });

  test('an old sanitised note key becomes an alias of the paper with the verbatim source key', () => {
    const bib = rec({ title: 'Some DBLP paper', key: 'DBLP:journals/corr/abs-1104-5069', doi: '10.1000/x' }, 'lib.bib', 1, 'bibtex');
    const [p] = assignCitekeys([bib], [pin('DBLPjournalscorrabs-1104-5069', { doi: 'https://doi.org/10.1000/X' })]).papers;
    assert.equal(p?.key, 'DBLP:journals/corr/abs-1104-5069');
    assert.deepEqual(p?.aliases, ['DBLPjournalscorrabs-1104-5069']);
    const lib = buildLibrary([{ path: 'lib.bib', format: 'bibtex', records: [bib], problems: [] }], [pin('DBLPjournalscorrabs-1104-5069', { doi: '10.1000/x' })]);
    assert.equal(lib.byKey.get('DBLPjournalscorrabs-1104-5069'), lib.papers[0]);
  });

  test('a pin never takes a key a source gives to another paper; two pins of one key: notes win, then the first', () => {
    const bib = rec({ title: 'The bib paper', key: 'taken2020' }, 'lib.bib', 1, 'bibtex');
    const page = rec({ title: 'A page paper', year: 2020, arxivId: '2001.00001' });
    const r1 = assignCitekeys([bib, page], [pin('taken2020', { arxiv: '2001.00001' })]);
    assert.equal(r1.papers[0]?.key, 'taken2020');
    assert.notEqual(r1.papers[1]?.key, 'taken2020');
    assert.match(r1.problems[0]?.message ?? '', /gives it to another paper/);
    const other = rec({ title: 'Another page paper', year: 2021, arxivId: '2101.00001' });
    const r2 = assignCitekeys([page, other], [pin('shared', { arxiv: '2101.00001', origin: 'lock', path: 'lock.json', line: 2 }), pin('shared', { arxiv: '2001.00001' })]);
    assert.equal(r2.papers[0]?.key, 'shared');
    assert.notEqual(r2.papers[1]?.key, 'shared');
  });

  test('collisions cost linear time: 20,000 papers with one base key get distinct keys', () => {
    const records = Array.from({ length: 20000 }, (_, i) => rec({ title: `Zeta ${i}` }, 'z.ris', i + 1, 'ris'));
    const got = keys(records);
    assert.equal(new Set(got).size, got.length);
    assert.ok(got.includes('zeta') && got.includes('zetaa') && got.includes('zetaaaa'));
    const same = Array.from({ length: 20000 }, (_, i) => rec({ title: `Same key ${i}`, key: 'dup' }, 'd.bib', i + 1, 'bibtex'));
    const result = assignCitekeys(same);
    assert.equal(new Set(result.papers.map((p) => p.key)).size, 20000);
    assert.equal(result.problems.length, 19999);
  });

  test('property: random libraries, additions, removals, load orders and pins: a pinned key never moves, keys stay unique', () => {
    const rng = mulberry32(20261203);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
    const words = ['Breaking', 'Scaling', 'Attention', 'Diffusion', 'Agents'];
    const families = ['Cheng', 'Smith', 'Wang'];
    for (let round = 0; round < 200; round++) {
      const pool: PaperRecord[] = Array.from({ length: 40 }, (_, i) => {
        const keyed = rng() < 0.3;
        return rec(
          {
            title: `${pick(words)} ${pick(words)} number ${i}`,
            authors: rng() < 0.7 ? [`A ${pick(families)}`] : [],
            year: 2023 + Math.floor(rng() * 2),
            arxivId: `24${String(10 + (i % 3)).padStart(2, '0')}.${String(10000 + i)}`,
            ...(keyed ? { key: pick(['smith2024breaking', 'cheng2024scaling', `own${i}`, 'DBLP:x/y']) } : {}),
          },
          `${pick(['a', 'b', 'c'])}.${keyed ? 'bib' : 'json'}`,
          i + 1,
          keyed ? 'bibtex' : 'hf-json',
        );
      });
      const before = pool.filter(() => rng() < 0.6);
      const first = assignCitekeys(before).papers;
      // Pin a random subset of the keys that were used (as notes or the lock would).
      const used = first.filter(() => rng() < 0.5);
      const pins: Pin[] = used.map((p, i) => ({ key: p.key, arxiv: p.arxivId, title: p.title, origin: rng() < 0.5 ? 'note' : 'lock', path: 'pins', line: i + 1 }));
      // Add and remove papers (never a pinned one: its key then stays reserved), shuffle the order.
      const kept = before.filter((r) => used.some((u) => u.arxivId === r.arxivId) || rng() < 0.8);
      const after = [...kept, ...pool.filter((r) => !before.includes(r) && rng() < 0.5)];
      for (let i = after.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [after[i], after[j]] = [after[j] as PaperRecord, after[i] as PaperRecord];
      }
      const result = assignCitekeys(after, pins);
      const second = result.papers;
      const all = second.flatMap((p: Paper) => [p.key, ...(p.aliases ?? [])]);
      assert.equal(new Set(all).size, all.length, `round ${round}: keys and aliases unique`);
      for (const u of used) {
        const now = second.find((p) => p.arxivId === u.arxivId);
        assert.ok(now, `round ${round}: pinned paper kept`);
        // The one exception: a source file gives that key to another paper (pandoc would resolve it
        // there too); that is reported where the key is pinned.
        const holder = second.find((p) => p !== now && p.keyOrigin === 'source' && p.sources.some((s) => s.key === u.key));
        if (holder && !now.sources.some((s) => s.key === u.key)) {
          assert.ok(result.problems.some((p) => p.message.includes(`\`${u.key}\``) && p.message.includes('gives it to another paper')), `round ${round}: ${u.key} taken by a source without a report`);
          continue;
        }
        // A pinned key stays on its paper: as its key, or as an alias when a source key takes precedence.
        assert.ok(now.key === u.key || (now.aliases ?? []).includes(u.key), `round ${round}: ${u.key} moved to ${now.key}`);
        for (const p of second) {
          if (p !== now) {
            assert.ok(p.key !== u.key && !(p.aliases ?? []).includes(u.key), `round ${round}: ${u.key} taken by another paper`);
          }
        }
      }
      // The same records in another order with the same pins: the same keys.
      const again = assignCitekeys([...after].reverse(), pins).papers;
      const keyOf = (ps: readonly Paper[]): Map<string, string> => new Map(ps.map((p) => [`${p.sources[0]?.path}:${p.sources[0]?.line}`, p.key]));
      assert.deepEqual(keyOf(again), keyOf(second), `round ${round}: load order changes keys`);
    }
  });

  test('buildLibrary resolves every alias; the library does not depend on the order of the sources', () => {
    const a: ParsedSource = { path: 'a.bib', format: 'bibtex', records: [rec({ title: 'Shared DOI paper', key: 'a:key', doi: '10.5/z' }, 'a.bib', 1, 'bibtex')], problems: [] };
    const b: ParsedSource = { path: 'b.bib', format: 'bibtex', records: [rec({ title: 'Shared DOI paper (copy)', key: 'b:key', doi: '10.5/z' }, 'b.bib', 7, 'bibtex')], problems: [] };
    const lib = buildLibrary([b, a]);
    assert.equal(lib.papers.length, 1);
    assert.equal(lib.papers[0]?.key, 'a:key');
    assert.equal(lib.byKey.get('b:key'), lib.papers[0]);
    assert.deepEqual(buildLibrary([a, b]).papers, lib.papers);
  });
});
