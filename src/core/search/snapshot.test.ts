import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateLibrary } from '../../../bench/generate-library';
import { SHARED_DATA } from '../../../test/paths';
import { buildLibrary } from '../library';
import type { Paper } from '../model';
import { parseSource } from '../sources';
import { TermTable } from './dictionary';
import { Collector } from './field-index';
import { SearchIndex } from './search-index';
import { SNAPSHOT_VERSION, checksum, papersFingerprint } from './snapshot';
import { mulberry32 } from '../../../test/fuzz/mutate';

/** Many queries about `papers`: title prefixes, typos, several words, keys, `@` keys, authors, abstract words. */
function queriesFor(papers: readonly Paper[], count: number, seed: number): string[] {
  const rand = mulberry32(seed);
  const pick = (): Paper | undefined => papers[Math.floor(rand() * papers.length)];
  const out = new Set<string>(['a', 'e', 'th', 'de', 'mo', 'learning', 'lerning', 'model', 'deep neural', '2020', '@', '@a', 'zzzzqq', 'x']);
  for (let i = 0; i < count && papers.length > 0; i++) {
    const p = pick();
    if (!p) {
      continue;
    }
    const words = p.title.split(/\s+/).filter((w) => w.length > 0);
    const kind = i % 9;
    if (kind === 0) {
      out.add(p.title.slice(0, 1 + Math.floor(rand() * Math.min(30, p.title.length))));
    } else if (kind === 1) {
      const w = words.find((x) => x.length >= 6) ?? words[0] ?? '';
      const m = Math.floor(w.length / 2);
      out.add(words.slice(0, 4).join(' ').replace(w, w.slice(0, m) + w.slice(m + 1)));
    } else if (kind === 2) {
      out.add(words.slice(0, 6).reverse().join(' '));
    } else if (kind === 3) {
      out.add(`@${p.key.slice(0, 1 + Math.floor(rand() * p.key.length))}`);
    } else if (kind === 4) {
      out.add(p.key);
    } else if (kind === 5) {
      out.add(`${p.authors[0] ?? ''} ${words[0] ?? ''}`.trim());
    } else if (kind === 6) {
      const abs = (p.abstract ?? '').split(/\s+/).filter((w) => w.length >= 5);
      const at = Math.floor(rand() * Math.max(1, abs.length - 3));
      out.add(abs.slice(at, at + 1 + Math.floor(rand() * 3)).join(' '));
    } else if (kind === 7) {
      out.add(p.title);
    } else {
      out.add(`${words[1] ?? ''} ${p.year ?? ''} ${p.venue ?? ''}`.trim());
    }
  }
  return [...out].filter((q) => q.length > 0);
}

/** Everything observable of an index for `queries`: hits (keys, scores, highlights), newest, stats. */
function observe(index: SearchIndex, queries: readonly string[]): string[] {
  const out: string[] = [];
  for (const q of queries) {
    for (const options of [{}, { abstracts: false, limit: 20 }, { limit: 500 }]) {
      out.push(`${q} ${JSON.stringify(options)} ${JSON.stringify(index.search(q, options).map((h) => [h.paper.key, h.score, h.titleMatches]))}`);
    }
  }
  out.push(`newest ${index.newest(30).map((p) => p.key).join(',')}`);
  out.push(`newest all ${index.newest(5000).map((p) => p.key).join(',')}`);
  out.push(`stats ${JSON.stringify(index.stats())} size ${index.size}`);
  return out;
}

function assertSame(restored: SearchIndex, built: SearchIndex, queries: readonly string[], label: string): void {
  const a = observe(restored, queries);
  const b = observe(built, queries);
  assert.equal(a.length, b.length);
  a.forEach((line, i) => assert.equal(line, b[i], `${label}: ${line.slice(0, 80)}`));
}

function restore(papers: readonly Paper[], bytes: Uint8Array, verify = true): SearchIndex | undefined {
  return SearchIndex.fromSnapshot(papers, bytes, { verify });
}

/** A copy of `bytes` in a fresh buffer, with the header checksum made right again (to test one check at a time). */
function rehead(bytes: Uint8Array, edit: (view: DataView) => void): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  edit(view);
  view.setUint32(60, checksum(new Uint32Array(copy.buffer, 0, 16), 0, 15), true);
  return copy;
}

/** Section table entry i: [type, byte offset, count]. */
function section(bytes: Uint8Array, i: number): [number, number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(64 + i * 12, true), view.getUint32(64 + i * 12 + 4, true), view.getUint32(64 + i * 12 + 8, true)];
}

const SECTION_COUNT = 29;

suite('core/search snapshot', () => {
  const papers = generateLibrary(1500, 7);
  const built = SearchIndex.build(papers);
  built.warm();
  const bytes = built.toSnapshot();
  const queries = queriesFor(papers, 140, 1);

  test('a restored index answers exactly as the built one (hits, scores, highlights, newest, stats)', () => {
    const restored = restore(papers, bytes);
    assert.ok(restored, 'restores');
    assert.equal(restored.abstractsReady, true);
    assert.equal(restored.warm(0), true, 'nothing left to warm');
    assertSame(restored, built, queries, 'generated');
    // Abstract-only words: in some abstract but in no title, author, key or venue.
    const shortWords = new Set(papers.flatMap((p) => [p.title, p.key, ...p.authors, p.venue ?? '', p.organization ?? ''].join(' ').toLowerCase().split(/[^a-z0-9]+/)));
    const abstractOnly = [...new Set(papers.flatMap((p) => (p.abstract ?? '').toLowerCase().split(/[^a-z]+/)))].filter((w) => w.length >= 6 && !shortWords.has(w)).slice(0, 40);
    assert.ok(abstractOnly.length >= 10, 'the library has abstract-only words');
    assert.ok(restored.search(abstractOnly[0] ?? '').length > 0, 'abstract-only words are found');
    assertSame(restored, built, abstractOnly, 'abstract-only words');
  });

  test('snapshot header: magic, version, paper count, fingerprint, 8-byte aligned sections', () => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    assert.equal(new TextDecoder().decode(bytes.subarray(0, 8)), 'LNSEARCH');
    assert.equal(view.getUint32(8, true), SNAPSHOT_VERSION);
    assert.equal(view.getUint32(16, true), papers.length);
    assert.deepEqual([view.getUint32(20, true), view.getUint32(24, true)], papersFingerprint(papers));
    assert.equal(view.getUint32(32, true), bytes.length);
    assert.equal(bytes.length % 8, 0);
    for (let i = 0; i < SECTION_COUNT; i++) {
      assert.equal(section(bytes, i)[1] % 8, 0, `section ${i} aligned`);
    }
  });

  test('restoring is a read plus views: no tokenising, no dictionary, no copy of the arrays', () => {
    const calls: string[] = [];
    const spied: [object, string][] = [
      [Collector.prototype, 'scan'],
      [Collector.prototype, 'scanPlain'],
      [Collector.prototype, 'sortTermsSteps'],
      [Collector.prototype, 'fillPostings'],
      [TermTable.prototype, 'intern'],
    ];
    const originals = spied.map(([proto, name]) => (proto as Record<string, unknown>)[name]);
    spied.forEach(([proto, name], i) => {
      const original = originals[i] as (...args: unknown[]) => unknown;
      (proto as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]): unknown {
        calls.push(name);
        return original.apply(this, args);
      };
    });
    let restored: SearchIndex | undefined;
    try {
      restored = restore(papers, bytes);
      assert.ok(restored);
      restored.search('learning model');
      restored.search('lerning modle');
    } finally {
      spied.forEach(([proto, name], i) => {
        (proto as Record<string, unknown>)[name] = originals[i];
      });
    }
    assert.deepEqual(calls, [], 'no build work when restoring or searching');
    // The postings are views on the snapshot's buffer.
    const base = (restored as unknown as { base: { short: { docs: Uint32Array }; abstract: { docs: Uint32Array } } }).base;
    assert.equal(base.short.docs.buffer, bytes.buffer);
    assert.equal(base.abstract.docs.buffer, bytes.buffer);
  });

  test('a snapshot of a deferred build is complete (abstracts and warm-up included)', () => {
    const deferred = SearchIndex.build(papers, { deferAbstracts: true });
    assert.equal(deferred.abstractsReady, false);
    const snap = deferred.toSnapshot();
    assert.equal(deferred.abstractsReady, true);
    const restored = restore(papers, snap);
    assert.ok(restored);
    assertSame(restored, built, queries, 'deferred');
    assert.deepEqual(snap, bytes, 'the same bytes as the snapshot of a full build');
  });

  test('a snapshot of an index built in steps, not yet warmed, restores to the same answers', () => {
    const steps = SearchIndex.buildSteps(papers, { deferAbstracts: true });
    let r = steps.next();
    while (!r.done) {
      r = steps.next();
    }
    const restored = restore(papers, r.value.toSnapshot());
    assert.ok(restored);
    assertSame(restored, built, queries, 'steps');
  });

  test('in steps: snapshotSteps gives the same bytes, restoreSteps the same index; an update meanwhile gives up', () => {
    const index = SearchIndex.build(papers, { deferAbstracts: true });
    const steps = index.snapshotSteps();
    let count = 0;
    let r = steps.next();
    while (!r.done) {
      count++;
      r = steps.next();
    }
    assert.ok(count > 3, `${count} steps`);
    assert.deepEqual(r.value, bytes);
    const restoring = SearchIndex.restoreSteps(papers, bytes);
    let s = restoring.next();
    while (!s.done) {
      s = restoring.next();
    }
    assert.ok(s.value);
    assertSame(s.value, built, queries.slice(0, 30), 'restoreSteps');
    // An update between two steps: the snapshot is abandoned (undefined), the update kept.
    const changing = SearchIndex.build(papers);
    const interrupted = changing.snapshotSteps();
    interrupted.next();
    changing.update({ removed: [papers[0]?.key ?? ''] });
    let t = interrupted.next();
    while (!t.done) {
      t = interrupted.next();
    }
    assert.equal(t.value, undefined);
    assert.equal(changing.size, papers.length - 1);
    // With pending updates, the steps compact first (in steps too).
    const updated = SearchIndex.build(papers);
    updated.update({ removed: [papers[1]?.key ?? ''] });
    const compacting = updated.snapshotSteps();
    let u = compacting.next();
    while (!u.done) {
      u = compacting.next();
    }
    assert.ok(u.value);
    const again = restore(updated.papers, u.value);
    assert.ok(again);
    assertSame(again, updated, queries.slice(0, 20), 'compacted in steps');
  });

  test('updates after a restore match the same updates after a build, through compaction', () => {
    const restored = restore(papers, bytes);
    const fresh = SearchIndex.build(papers);
    fresh.warm();
    assert.ok(restored);
    const extra = generateLibrary(3200, 99).map((p) => ({ ...p, key: `new-${p.key}` }));
    const p3 = papers[3];
    const p10 = papers[10];
    assert.ok(p3 && p10);
    const steps: Parameters<SearchIndex['update']>[0][] = [
      { added: extra.slice(0, 5) },
      { removed: [papers[0]?.key ?? '', papers[1]?.key.toUpperCase() ?? '', 'no-such-key'] },
      { added: [{ ...p3, title: 'Completely Replaced Title About Quasicrystal Lattices' }] },
      { added: [{ ...p10, abstract: 'quasicrystal phonon lattice spectroscopy' }], removed: [extra[0]?.key ?? ''] },
      // Past the delta threshold (2,000 papers): the index compacts itself.
      { added: extra.slice(5, 2600) },
    ];
    const more = [...queries.slice(0, 35), 'quasicrystal', 'replaced title', ...queriesFor(extra.slice(0, 200), 30, 5)];
    for (const [i, change] of steps.entries()) {
      restored.update(change);
      fresh.update(change);
      assert.equal(restored.stats().delta, fresh.stats().delta);
      assertSame(restored, fresh, more, `after update ${i}`);
    }
    assert.equal(restored.stats().delta, 0, 'compacted');
  });

  test('toSnapshot after updates compacts, and restores for index.papers', () => {
    const index = SearchIndex.build(papers);
    const extra = generateLibrary(20, 123).map((p) => ({ ...p, key: `extra-${p.key}` }));
    index.update({ added: extra, removed: [papers[5]?.key ?? ''] });
    const snap = index.toSnapshot();
    assert.equal(index.stats().delta, 0);
    assert.equal(index.papers.length, papers.length + extra.length - 1);
    const restored = restore(index.papers, snap);
    assert.ok(restored);
    assertSame(restored, index, queries.slice(0, 40), 'compacted');
    const rebuilt = SearchIndex.build(index.papers);
    rebuilt.warm();
    assertSame(restored, rebuilt, queries.slice(0, 40), 'as a build over index.papers');
    assert.equal(restore(papers, snap), undefined, 'not for the papers before the update');
  });

  test('an empty library and a one-paper library round-trip', () => {
    for (const list of [[], papers.slice(0, 1)]) {
      const index = SearchIndex.build(list);
      const restored = restore(list, index.toSnapshot());
      assert.ok(restored);
      assertSame(restored, index, ['a', 'learning', '@', list[0]?.key ?? 'x'], `${list.length} papers`);
    }
  });

  test('bytes at any offset in a larger buffer (unaligned: copied once) restore the same', () => {
    for (const shift of [1, 3, 4, 8]) {
      const big = new Uint8Array(bytes.length + 16);
      big.set(bytes, shift);
      const restored = restore(papers, big.subarray(shift, shift + bytes.length));
      assert.ok(restored, `shift ${shift}`);
      assertSame(restored, built, queries.slice(0, 30), `shift ${shift}`);
      // A node Buffer, as a file read gives it: its slice() is a view, not a copy.
      const file = Buffer.alloc(bytes.length + 16);
      file.set(bytes, shift);
      const fromFile = restore(papers, file.subarray(shift, shift + bytes.length));
      assert.ok(fromFile, `node Buffer at shift ${shift}`);
      assertSame(fromFile, built, queries.slice(0, 10), `node Buffer at shift ${shift}`);
    }
  });

  test('made for other papers: undefined', () => {
    const swapped = papers.slice();
    [swapped[4], swapped[9]] = [swapped[9] as Paper, swapped[4] as Paper];
    const retitled = papers.map((p, i) => (i === 17 ? { ...p, title: `${p.title} Revisited` } : p));
    const rekeyed = papers.map((p, i) => (i === 3 ? { ...p, key: `${p.key}x` } : p));
    const abstractEdited = papers.map((p, i) => (i === 8 ? { ...p, abstract: `${p.abstract ?? ''} more` } : p));
    const authorAdded = papers.map((p, i) => (i === 2 ? { ...p, authors: [...p.authors, 'Ada Lovelace'] } : p));
    const abstractAdded = papers.map((p, i) => (i === 8 ? { ...p, abstract: p.abstract === undefined ? 'An abstract now' : undefined } : p));
    const others = [generateLibrary(1500, 8), papers.slice(1), papers.slice(0, -1), [...papers, ...generateLibrary(1, 9)], swapped, retitled, rekeyed, abstractAdded, authorAdded, []];
    others.forEach((list, i) => assert.equal(restore(list, bytes), undefined, `other papers #${i}`));
    // The text of an abstract is not in the fingerprint: a library read from its snapshot holds
    // '' in each abstract's place until the abstracts are read, and its index is restored first
    // (the snapshot's id, a digest of the sources' content, is what tells content apart).
    const placeholders = papers.map((p) => (p.abstract === undefined ? p : { ...p, abstract: '' }));
    assert.ok(restore(placeholders, bytes), 'abstracts not read yet');
    assert.ok(restore(abstractEdited, bytes), 'the abstract text is not fingerprinted');
  });

  test('truncated at many lengths: undefined, never a throw', () => {
    const lengths = new Set<number>([0, 1, 7, 8, 60, 63, 64, 65, 64 + 12 * SECTION_COUNT, bytes.length - 1, bytes.length - 4, bytes.length - 8]);
    for (let i = 0; i < SECTION_COUNT; i++) {
      const [, at, count] = section(bytes, i);
      [at - 8, at, at + 8, at + count].forEach((n) => lengths.add(n));
    }
    const rand = mulberry32(3);
    for (let i = 0; i < 40; i++) {
      lengths.add(Math.floor(rand() * bytes.length));
    }
    for (const n of lengths) {
      if (n >= 0 && n < bytes.length) {
        for (const verify of [true, false]) {
          assert.equal(restore(papers, bytes.slice(0, n), verify), undefined, `truncated to ${n} (verify ${verify})`);
        }
      }
    }
    // Longer than written (trailing bytes) is damage too.
    const longer = new Uint8Array(bytes.length + 8);
    longer.set(bytes);
    assert.equal(restore(papers, longer, false), undefined);
  });

  test('zeroed: the whole snapshot, the header, the table or one section — undefined', () => {
    assert.equal(restore(papers, new Uint8Array(bytes.length)), undefined);
    assert.equal(restore(papers, new Uint8Array(bytes.length), false), undefined);
    const ranges: [number, number][] = [
      [0, 64],
      [64, 64 + 12 * SECTION_COUNT],
    ];
    for (let i = 0; i < SECTION_COUNT; i++) {
      const [kind, at, count] = section(bytes, i);
      const size = [0, 1, 2, 4, 4, 4, 8][kind] ?? 1;
      if (count > 0) {
        ranges.push([at, at + count * size]);
      }
    }
    for (const [from, to] of ranges) {
      const copy = bytes.slice();
      copy.fill(0, from, to);
      assert.equal(restore(papers, copy), undefined, `zeroed ${from}..${to}`);
    }
  });

  test('wrong version, byte order, count or fingerprint: undefined even with a valid header checksum', () => {
    const edits: [string, (v: DataView) => void][] = [
      ['version + 1', (v) => v.setUint32(8, SNAPSHOT_VERSION + 1, true)],
      ['version 0', (v) => v.setUint32(8, 0, true)],
      ['byte order', (v) => v.setUint32(12, 0x04030201, true)],
      ['paper count', (v) => v.setUint32(16, papers.length + 1, true)],
      ['fingerprint', (v) => v.setUint32(20, v.getUint32(20, true) ^ 1, true)],
      ['section count', (v) => v.setUint32(28, SECTION_COUNT - 1, true)],
      ['total length', (v) => v.setUint32(32, bytes.length - 8, true)],
      ['reserved', (v) => v.setUint32(44, 1, true)],
      ['magic', (v) => v.setUint8(0, 0x6c)],
    ];
    for (const [label, edit] of edits) {
      for (const verify of [true, false]) {
        assert.equal(restore(papers, rehead(bytes, edit), verify), undefined, `${label} (verify ${verify})`);
      }
    }
  });

  test('structural damage (header, section table, lengths, offsets, ranges) is detected without the checksum', () => {
    // Every byte of the header and of the section table, flipped in two ways.
    for (let at = 0; at < 64 + 12 * SECTION_COUNT; at++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const copy = bytes.slice();
        copy[at] = (copy[at] ?? 0) ^ mask;
        assert.equal(restore(papers, copy, false), undefined, `byte ${at} ^ ${mask}`);
      }
    }
    // Lengths and offsets inside the arrays, out of range, with the payload checksum skipped.
    const u32 = (i: number, k: number | 'last', value: (old: number) => number): Uint8Array => {
      const copy = bytes.slice();
      const [, at, count] = section(copy, i);
      const view = new Uint32Array(copy.buffer, at, count);
      const j = k === 'last' ? count - 1 : k;
      view[j] = value(view[j] ?? 0);
      return copy;
    };
    const damaged: [string, Uint8Array][] = [
      ['dictionary offsets past the blob', u32(1, 'last', (x) => x + 1)],
      ['dictionary not sorted (an empty term)', u32(1, 1, () => new Uint32Array(bytes.buffer, section(bytes, 1)[1], 3)[2] ?? 0)],
      ['postings offsets past the doc ids', u32(2, 'last', (x) => x + 1)],
      ['postings offsets descending', u32(2, 5, () => 0xffffffff)],
      ['a doc id out of range', u32(3, 0, () => papers.length)],
      ['trigram offsets past the ranks', u32(5, 'last', (x) => x + 1)],
      ['a trigram rank out of range', u32(6, 0, () => 0x7fffffff)],
      ['abstract postings offsets', u32(9, 'last', (x) => x - 1)],
      ['an abstract doc id out of range', u32(10, 3, () => papers.length + 5)],
      ['title offsets', u32(13, 'last', (x) => x + 2)],
      ['a title rank out of range', u32(14, 0, () => 0xfffffff0)],
      ['name offsets', u32(18, 7, () => 0xffffffff)],
      ['a name rank out of range', u32(19, 0, () => 0xfffffff0)],
      ['key order not a permutation', u32(22, 0, () => 1)],
      ['prefix offsets', u32(25, 'last', (x) => x + 1)],
      ['a prefix answer out of range', u32(26, 0, () => papers.length)],
    ];
    for (const [label, copy] of damaged) {
      assert.equal(restore(papers, copy, false), undefined, label);
      assert.equal(restore(papers, copy, true), undefined, `${label} (checksum)`);
    }
  });

  test('random byte flips (seeded): undefined with the checksum; without it, never a throw', () => {
    const rand = mulberry32(20261203);
    const probe = queries.slice(0, 12);
    const expected = observe(built, probe);
    for (let trial = 0; trial < 300; trial++) {
      const copy = bytes.slice();
      const flips = 1 + (trial % 4);
      for (let f = 0; f < flips; f++) {
        const at = Math.floor(rand() * copy.length);
        copy[at] = (copy[at] ?? 0) ^ (1 + Math.floor(rand() * 255));
      }
      const checked = restore(papers, copy);
      if (checked) {
        // Only when every flip cancelled out (the same byte flipped back): identical answers.
        assert.deepEqual(observe(checked, probe), expected, `trial ${trial}`);
      }
      // Without the checksum, a flip inside a payload may pass the structural checks (that is
      // what the checksum or the caller's digest is for), but nothing throws.
      const unchecked = restore(papers, copy, false);
      if (unchecked) {
        assert.doesNotThrow(() => {
          for (const q of probe) {
            unchecked.search(q);
          }
          unchecked.newest(10);
          unchecked.update({ added: generateLibrary(2, trial), removed: [papers[trial]?.key ?? ''] });
          unchecked.search('learning');
        }, `trial ${trial}`);
      }
    }
  });

  test('not a snapshot at all: undefined', () => {
    const junk: Uint8Array[] = [new Uint8Array(0), new TextEncoder().encode('LNSEARCH but not really a snapshot, just text.'), new Uint8Array(4096).fill(0xff)];
    for (const b of junk) {
      assert.equal(restore(papers, b), undefined);
      assert.equal(restore(papers, b, false), undefined);
    }
    assert.equal(SearchIndex.fromSnapshot(papers, 'text' as unknown as Uint8Array), undefined);
  });
});

suite('core/search snapshot: real libraries (../shared/data)', () => {
  const files: string[] = [];
  suiteSetup(function () {
    if (!SHARED_DATA) {
      console.log('    (skipped: ../shared/data not found; set LIT_NOTES_SHARED_DATA to run the real-corpus tests)');
      this.skip();
    }
    for (const dir of ['bibtex', 'csl-json', 'hf', 'ris']) {
      const full = path.join(SHARED_DATA, dir);
      for (const name of readdirSync(full).sort()) {
        files.push(path.join(full, name));
      }
    }
  });

  test('every sample: the restored index answers exactly as the built one', function () {
    this.timeout(300_000);
    let total = 0;
    for (const file of files) {
      const library = buildLibrary([parseSource(file, readFileSync(file, 'utf8'))]);
      const list = library.papers;
      total += list.length;
      const index = SearchIndex.build(list);
      const restored = restore(list, index.toSnapshot());
      assert.ok(restored, path.basename(file));
      assertSame(restored, index, queriesFor(list, 60, list.length), path.basename(file));
    }
    assert.ok(total > 1000, `${total} real papers`);
  });
});
