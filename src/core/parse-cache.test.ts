import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MemoryStore } from '../../test/memory-store';
import { SAMPLES } from '../../test/paths';
import { sha256 } from '../platform/digest';
import type { SourceRef } from './load';
import { loadSource } from './load';
import type { CacheKey } from './parse-cache';
import { CACHE_FORMAT, PARSER_VERSION, ParseCache, cacheKey, decodeEntry, decodePayload, encodeEntry, encodePayload } from './parse-cache';
import type { ParsedSource } from './sources';
import { parseSourceBytes } from './sources';
import { mulberry32 } from '../../test/fuzz/mutate';

const BIB = readFileSync(path.join(SAMPLES, 'library.bib'));
const RIS = readFileSync(path.join(SAMPLES, 'reading-list.ris'));
const CACHE = '/cache';

/** What a parse looks like after any round trip through JSON (absent and undefined fields are the same). */
function plain(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x)) as unknown;
}

function setup(maxBytes = 64 * 1024 * 1024): { store: MemoryStore; cache: () => ParseCache; ref: SourceRef } {
  const store = new MemoryStore();
  store.set('/ws/library.bib', BIB);
  store.set('/ws/reading-list.ris', RIS);
  return { store, cache: () => new ParseCache({ store, folder: CACHE, digest: sha256, maxBytes }), ref: { uri: '/ws/library.bib', path: 'library.bib', explicit: false } };
}

async function entryFor(records = 0): Promise<{ key: CacheKey; parsed: ParsedSource; bytes: Uint8Array }> {
  const parsed = { ...parseSourceBytes('library.bib', BIB), uri: '/ws/library.bib' };
  const many = records > 0 ? { ...parsed, records: Array.from({ length: records }, (_, i) => parsed.records[i % parsed.records.length]!) } : parsed;
  const key = cacheKey({ uri: '/ws/library.bib', path: 'library.bib', explicit: false }, { type: 'file', size: BIB.length, mtime: 5 }, sha256(BIB));
  return { key, parsed: many, bytes: await encodeEntry(key, many, sha256) };
}

suite('core/parse-cache', () => {
  test('a parse written after a load is read back by the next load instead of parsing', async () => {
    const { store, cache } = setup();
    const first = cache();
    const ref = { uri: '/ws/library.bib', path: 'library.bib', explicit: false };
    const fresh = await loadSource(store, ref, { maxBytes: 1e9, cache: first });
    assert.ok(fresh.records.length >= 3, `${fresh.records.length} records`);
    assert.deepEqual({ hits: first.stats.hits, misses: first.stats.misses }, { hits: 0, misses: 1 });
    assert.equal(store.writes, 0, 'nothing is written during the load');
    await first.flush();
    assert.equal(first.stats.written, 1);

    const second = cache();
    let parses = 0;
    const warm = await loadSource(store, ref, {
      maxBytes: 1e9,
      cache: second,
      parse: (r, b) => {
        parses++;
        return Promise.resolve(parseSourceBytes(r.path, b));
      },
    });
    assert.equal(parses, 0, 'no parse on a warm load');
    assert.equal(second.stats.hits, 1);
    assert.deepEqual(plain(warm), plain(fresh));
    assert.equal(warm.uri, '/ws/library.bib');
  });

  test('a source changed behind the same size and mtime is parsed again, never served stale', async () => {
    const { store, cache } = setup();
    const ref = { uri: '/ws/library.bib', path: 'library.bib', explicit: false };
    const first = cache();
    await loadSource(store, ref, { maxBytes: 1e9, cache: first });
    await first.flush();
    const mtime = store.files.get('/ws/library.bib')!.mtime;
    const changed = BIB.toString('utf8').replace('Deep Residual Learning', 'Deep Residual Yearning');
    assert.equal(Buffer.byteLength(changed), BIB.length, 'same size');
    store.set('/ws/library.bib', changed, mtime);
    const second = cache();
    const result = await loadSource(store, ref, { maxBytes: 1e9, cache: second });
    assert.equal(second.stats.hits, 0);
    assert.ok(result.records.some((r) => r.title.includes('Yearning')));
    assert.ok(!result.records.some((r) => r.title.includes('Deep Residual Learning')));
    // A changed mtime alone, a changed display path or explicitness are other keys too.
    await second.flush();
    for (const [r, stat] of [
      [ref, { type: 'file' as const, size: Buffer.byteLength(changed), mtime: mtime + 1 }],
      [{ ...ref, path: 'other/library.bib' }, undefined],
      [{ ...ref, explicit: true }, undefined],
    ] as const) {
      const c = cache();
      await loadSource(store, r, { maxBytes: 1e9, cache: c }, stat);
      assert.equal(c.stats.hits, 0, JSON.stringify(r));
    }
  });

  test('after an edit, the stale entry this cache wrote is not even read', async () => {
    const { store, cache, ref } = setup();
    const c = cache();
    await loadSource(store, ref, { maxBytes: 1e9, cache: c });
    await c.flush();
    store.set('/ws/library.bib', BIB.toString('utf8') + '\n% edited\n');
    const reads = store.reads;
    const edited = await loadSource(store, ref, { maxBytes: 1e9, cache: c });
    assert.equal(store.reads - reads, 1, 'only the source is read, not its old entry');
    assert.equal(c.stats.hits, 0);
    assert.ok(edited.records.length > 0);
    await c.flush();
    store.set('/ws/library.bib', BIB); // back to the first content: its entry was replaced, so parsed again
    await loadSource(store, ref, { maxBytes: 1e9, cache: c });
    assert.equal(c.stats.hits, 0);
  });

  test('another cache format or parser version is never read', async () => {
    const { key, parsed, bytes } = await entryFor();
    assert.deepEqual(plain(await decodeEntry(bytes, key, sha256)), plain(parsed));
    const text = new TextDecoder().decode(bytes);
    for (const [field, value] of [
      ['format', CACHE_FORMAT],
      ['parser', PARSER_VERSION],
    ] as const) {
      const other = text.replace(`"${field}":${value},`, `"${field}":${value + 1},`);
      assert.notEqual(other, text);
      assert.equal(await decodeEntry(new TextEncoder().encode(other), key, sha256), 'stale');
    }
    assert.equal(await decodeEntry(bytes, { ...key, parser: PARSER_VERSION + 1 }, sha256), 'stale', 'a newer parser does not read this entry');
    assert.equal(await decodeEntry(bytes, { ...key, release: '9.9.9' }, sha256), 'stale', 'another release does not read this entry');
  });

  test('truncated and zeroed entries are discarded as damaged, never thrown, never read', async () => {
    const { key, bytes } = await entryFor(2500); // three chunks of records
    for (let n = 0; n < bytes.length; n += Math.max(1, Math.floor(bytes.length / 997))) {
      const result = await decodeEntry(bytes.subarray(0, n), key, sha256);
      assert.ok(result === 'damaged', `truncated to ${n} bytes: ${typeof result}`);
    }
    assert.equal(await decodeEntry(new Uint8Array(bytes.length), key, sha256), 'damaged');
    const tail = bytes.slice();
    tail.fill(0, Math.floor(bytes.length / 2));
    assert.equal(await decodeEntry(tail, key, sha256), 'damaged');
    assert.equal(await decodeEntry(new Uint8Array(0), key, sha256), 'damaged');
  });

  test('random byte flips and splices never crash and never give other records', async () => {
    const { key, parsed, bytes } = await entryFor(1500);
    const expected = JSON.stringify(plain(parsed));
    const random = mulberry32(17);
    for (let trial = 0; trial < 300; trial++) {
      const damaged = bytes.slice();
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f++) {
        // Half the flips land in the header, where every field matters.
        const at = random() < 0.5 ? Math.floor(random() * 400) : Math.floor(random() * damaged.length);
        damaged[at] = (damaged[at]! ^ (1 << Math.floor(random() * 8))) & 0xff;
      }
      const result = await decodeEntry(damaged, key, sha256);
      assert.ok(typeof result === 'string' || JSON.stringify(plain(result)) === expected, `trial ${trial} gave records that differ`);
    }
  });

  test('a cache written by another release is parsed again; a cap of 0 empties the folder', async () => {
    const { store, ref } = setup();
    const old = new ParseCache({ store, folder: CACHE, digest: sha256, maxBytes: 1e9, release: '0.1.0' });
    await loadSource(store, ref, { maxBytes: 1e9, cache: old });
    await old.flush();
    const next = new ParseCache({ store, folder: CACHE, digest: sha256, maxBytes: () => 0, release: '0.2.0' });
    await loadSource(store, ref, { maxBytes: 1e9, cache: next });
    assert.deepEqual({ hits: next.stats.hits, damaged: next.stats.damaged }, { hits: 0, damaged: 0 });
    await next.flush();
    assert.deepEqual([...store.files.keys()].filter((k) => k.startsWith(CACHE)), []);
  });

  test('a damaged entry in the folder is counted, reparsed and rewritten whole', async () => {
    const { store, cache, ref } = setup();
    const first = cache();
    const fresh = await loadSource(store, ref, { maxBytes: 1e9, cache: first });
    await first.flush();
    const entry = `${CACHE}/${first.entryName(ref.uri)}`;
    const bytes = store.files.get(entry)!.bytes;
    store.set(entry, bytes.subarray(0, bytes.length - 10));
    const second = cache();
    const again = await loadSource(store, ref, { maxBytes: 1e9, cache: second });
    assert.deepEqual({ hits: second.stats.hits, damaged: second.stats.damaged }, { hits: 0, damaged: 1 });
    assert.deepEqual(plain(again), plain(fresh));
    await second.flush();
    const third = cache();
    await loadSource(store, ref, { maxBytes: 1e9, cache: third });
    assert.equal(third.stats.hits, 1, 'rebuilt');
  });

  test('the folder stays under the size cap (oldest first), forgets sources that are gone, and clears', async () => {
    const { store, cache, ref } = setup();
    const ris = { uri: '/ws/reading-list.ris', path: 'reading-list.ris', explicit: false };
    const probe = cache();
    await loadSource(store, ref, { maxBytes: 1e9, cache: probe });
    await loadSource(store, ris, { maxBytes: 1e9, cache: probe });
    await probe.flush();
    const sizes = [...store.files.entries()].filter(([k]) => k.startsWith(CACHE)).map(([, f]) => f.bytes.length);
    assert.equal(sizes.length, 2);
    // A cap that holds only the bigger entry: the older one goes.
    const small = new ParseCache({ store, folder: CACHE, digest: sha256, maxBytes: Math.max(...sizes) });
    store.set('/ws/library.bib', BIB.toString('utf8') + '\n'); // changed: written again, so it is the newest
    await loadSource(store, ref, { maxBytes: 1e9, cache: small });
    await small.flush();
    assert.ok(small.stats.evicted >= 1);
    const left = [...store.files.keys()].filter((k) => k.startsWith(CACHE));
    assert.deepEqual(left, [`${CACHE}/${small.entryName(ref.uri)}`].filter((k) => store.files.get(k)!.bytes.length <= Math.max(...sizes)));
    // keep: entries of sources no longer loaded are deleted.
    const pruning = cache();
    await loadSource(store, ris, { maxBytes: 1e9, cache: pruning });
    await pruning.flush([ris.uri]);
    assert.deepEqual([...store.files.keys()].filter((k) => k.startsWith(CACHE)), [`${CACHE}/${pruning.entryName(ris.uri)}`]);
    assert.ok((await pruning.clear()) > 0);
    assert.deepEqual([...store.files.keys()].filter((k) => k.startsWith(CACHE)), []);
  });

  test('an entry bigger than the whole cap is not written; a failing store costs only speed', async () => {
    const { store, ref } = setup();
    const tiny = new ParseCache({ store, folder: CACHE, digest: sha256, maxBytes: 100 });
    await loadSource(store, ref, { maxBytes: 1e9, cache: tiny });
    await tiny.flush();
    assert.equal(tiny.stats.written, 0);
    const broken = new ParseCache({ store: Object.assign(Object.create(store) as MemoryStore, { write: () => Promise.reject(new Error('disk full')) }), folder: CACHE, digest: sha256, maxBytes: 1e9 });
    const parsed = await loadSource(store, ref, { maxBytes: 1e9, cache: broken });
    await broken.flush();
    assert.ok(parsed.records.length > 0);
    assert.equal(broken.stats.written, 0);
  });

  test("the parse worker's answer (the payload alone) gives back every sample's parse; another file's answer is damaged", async () => {
    const files = ['library.bib', 'reading-list.ris', 'zotero-export.csl.json', 'hf-daily-papers.json'];
    for (const file of files) {
      const parsed = parseSourceBytes(file, readFileSync(path.join(SAMPLES, file)));
      assert.ok(parsed.records.length > 0, file);
      // a chunk boundary: more records than one payload line holds
      const many = { ...parsed, records: Array.from({ length: 2500 }, (_, i) => parsed.records[i % parsed.records.length]!) };
      for (const p of [parsed, many]) {
        const back = await decodePayload(encodePayload(p), file, undefined);
        assert.deepEqual(back, plain(p), file);
      }
      assert.equal(await decodePayload(encodePayload(parsed), 'other.bib', undefined), 'damaged');
      const cut = encodePayload(many);
      assert.equal(await decodePayload(cut.subarray(0, cut.lastIndexOf(0x0a, cut.length - 2) + 1), file, undefined), 'damaged', 'a line short');
    }
    // the cache writes the worker's payload as it is: the entry reads back as the parse
    const { key, parsed } = await entryFor();
    const entry = await encodeEntry(key, parsed, sha256, undefined, undefined, encodePayload({ ...parsed, uri: undefined }));
    assert.deepEqual(await decodeEntry(entry, key, sha256), plain(parsed));
  });
});
