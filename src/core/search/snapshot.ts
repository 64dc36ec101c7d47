/**
 * The search index as bytes (`SearchIndex.toSnapshot` / `SearchIndex.fromSnapshot`): every
 * typed array of a complete, warmed segment, 8-byte aligned, so a restore is a read of the
 * bytes plus views on them, not a rebuild.
 *
 * Layout (little-endian; `u32` = 4 bytes):
 *
 * | at | what |
 * | --- | --- |
 * | 0 | magic `LNSEARCH` (8 bytes) |
 * | 8 | u32 {@link SNAPSHOT_VERSION} |
 * | 12 | u32 `0x01020304` (byte order: a big-endian machine reads another value and refuses) |
 * | 16 | u32 number of papers |
 * | 20 | u32 × 2 fingerprint of the papers ({@link papersFingerprint}) |
 * | 28 | u32 number of sections |
 * | 32 | u32 total length in bytes |
 * | 36 | u32 checksum of bytes 64..end ({@link checksum}) |
 * | 40 | 20 bytes zero (reserved) |
 * | 60 | u32 checksum of bytes 0..60 |
 * | 64 | section table: per section u32 element type, u32 byte offset, u32 element count |
 * | … | the sections, in the table's order, each at an offset that is a multiple of 8, zero padding between |
 *
 * The sections come in a fixed order ({@link SECTIONS}): per field index (short fields, then
 * abstracts) the dictionary as one UTF-16 blob plus offsets, the CSR postings (offsets, doc
 * ids, field bits for the short fields) and the trigram index; then the per-document arrays
 * (title tokens, author names, title hashes, prior, exact-title lookup, key order); then the
 * answers for 1–2 character prefixes.
 *
 * Reading checks everything structural and returns undefined instead of throwing: magic,
 * version, byte order, the header checksum, the number of papers and their fingerprint, the
 * total length, every section's type, alignment, offset and length against the buffer and
 * against each other (postings offsets ascending and ending at the doc ids' length, doc ids
 * and term ranks in range, the dictionary sorted, the key order a permutation, …). Damage
 * inside the payloads that leaves the structure valid (a doc id changed to another valid one)
 * is caught by the payload checksum, a 4-lane multiply-xorshift hash of 32-bit words that
 * always detects a single damaged word and detects other damage with a probability of about
 * 1 − 2⁻³², but is not cryptographic. A caller that keeps its own digest of the bytes (sha256,
 * as the parse cache does) may pass `verify: false` to skip it.
 */
import type { Paper } from '../model';
import type { FieldParts, SegmentParts } from './segment';
import { DOC_SPACE } from './segment';
import { NAME_BREAK } from './field-index';
import { TRIGRAM_SLOTS } from './typo';

/** Bump whenever the layout, or what the builder puts in the arrays (tokenisation, fields, prior…), changes. */
export const SNAPSHOT_VERSION = 1;

const MAGIC = [0x4c, 0x4e, 0x53, 0x45, 0x41, 0x52, 0x43, 0x48]; // "LNSEARCH"
const BYTE_ORDER = 0x01020304;
const HEADER = 64;
/** Bytes of a section table entry. */
const ENTRY = 12;

/** Element types of the sections. */
const U8 = 1;
const U16 = 2;
const U32 = 3;
const I32 = 4;
const F32 = 5;
const F64 = 6;
type Kind = typeof U8 | typeof U16 | typeof U32 | typeof I32 | typeof F32 | typeof F64;
type Typed = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
const SIZE: Record<Kind, number> = { [U8]: 1, [U16]: 2, [U32]: 4, [I32]: 4, [F32]: 4, [F64]: 8 };

/** The sections, in order, with their element types. */
const SECTIONS: readonly Kind[] = [
  // short fields: dictionary (UTF-16 blob, offsets), postings (offsets, docs, flags), trigrams (offsets, ranks)
  U16, U32, U32, U32, U8, U32, U32,
  // abstracts: the same without flags
  U16, U32, U32, U32, U32, U32,
  // titleOffsets, titleRanks, titleStarts, titleEnds, titleHashes, nameOffsets, nameRanks, prior, titleLookup, keyDocs
  U32, U32, U16, U16, U32, U32, U32, F32, F64, I32,
  // prefixes (UTF-16 blob, offsets), prefixOffsets, prefixDocs, prefixScores, prefixMasks
  U16, U32, U32, I32, F32, U32,
];

export interface ReadOptions {
  /**
   * Check the payload checksum (default true; about 1 ms per 3 MB here). Pass false only when
   * the bytes are already verified by a stronger digest of their own.
   */
  readonly verify?: boolean;
}

/**
 * A fingerprint of the papers an index is built from: a hash (two 32-bit lanes) of, in order,
 * each paper's key, its title's length and first and last 8 units, whether it has an abstract
 * (not its length: a library read from its snapshot gets its abstracts after its index is
 * restored), the lengths of its authors (each), venue, organisation and tags, and its year,
 * date and upvotes.
 * Cheap (about 20 ms at 100,000 papers; no abstract or whole title is read), so it guards
 * against a snapshot of another library, another order, papers added or removed, and most
 * edits; it is not a digest of everything indexed: the caller keys the snapshot by its
 * sources' content (a title changed in its middle, same length, same key, is not seen here).
 */
export function papersFingerprint(papers: readonly Paper[]): [number, number] {
  return drain(fingerprintSteps(papers));
}

/** Runs a step generator to its end. */
export function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) {
      return r.value;
    }
  }
}

/** Papers fingerprinted, 32-bit words hashed or bytes copied, elements checked per step. */
const FINGERPRINT_STEP = 8192;
const WORDS_STEP = 1 << 20;
const COPY_STEP = 1 << 22;
const CHECK_STEP = 1 << 18;
const STRINGS_STEP = 16384;

/** {@link papersFingerprint} in steps of {@link FINGERPRINT_STEP} papers. */
function* fingerprintSteps(papers: readonly Paper[]): Generator<void, [number, number], void> {
  // Lane a: FNV-1a of the UTF-16 units; lane b: the same units, another multiplier and a
  // xorshift. Inlined loops: this runs over every key and title on each restore.
  let a = 0x811c9dc5 | 0;
  let b = 0x9747b28c | 0;
  let v = papers.length;
  a = Math.imul(a ^ v, 16777619);
  b = Math.imul(b ^ v, 0x5bd1e995);
  for (let d = 0; d < papers.length; d++) {
    const p = papers[d];
    if (d % FINGERPRINT_STEP === FINGERPRINT_STEP - 1) {
      yield;
    }
    if (!p) {
      continue;
    }
    const key = p.key;
    for (let i = 0; i < key.length; i++) {
      v = key.charCodeAt(i);
      a = Math.imul(a ^ v, 16777619);
      b = Math.imul(b ^ v, 0x5bd1e995);
      b ^= b >>> 15;
    }
    // The title's length and its first and last 8 units (all of it would double the cost).
    const title = p.title;
    const tl = title.length;
    for (let i = 0; i < tl; i = i === 7 && tl > 16 ? tl - 8 : i + 1) {
      v = title.charCodeAt(i);
      a = Math.imul(a ^ v, 16777619);
      b = Math.imul(b ^ v, 0x5bd1e995);
      b ^= b >>> 15;
    }
    const list = p.authors;
    let authors = 0;
    for (let i = 0; i < list.length; i++) {
      authors = Math.imul(authors ^ (list[i]?.length ?? 0), 31) + 1;
    }
    const date = p.date ?? '';
    let dateHash = date.length;
    for (let i = 0; i < date.length; i++) {
      dateHash = Math.imul(dateHash, 31) + date.charCodeAt(i);
    }
    a = mix(a, 16777619, 0x110000 + key.length, 0x120000 + tl, p.abstract === undefined ? -1 : 0, list.length, authors, p.venue?.length ?? -1);
    b = mix(b, 0x5bd1e995, 0x110000 + key.length, 0x120000 + tl, p.abstract === undefined ? -1 : 0, list.length, authors, p.venue?.length ?? -1);
    a = mix(a, 16777619, p.organization?.length ?? -1, p.tags.length, p.year ?? -1, dateHash, p.upvotes ?? -1, d);
    b = mix(b, 0x5bd1e995, p.organization?.length ?? -1, p.tags.length, p.year ?? -1, dateHash, p.upvotes ?? -1, d);
  }
  return [a >>> 0, b >>> 0];
}

/** Six values into a hash lane (multiply-xorshift). */
function mix(h: number, m: number, v1: number, v2: number, v3: number, v4: number, v5: number, v6: number): number {
  h = Math.imul(h ^ v1, m);
  h = Math.imul((h ^ (h >>> 15)) ^ v2, m);
  h = Math.imul((h ^ (h >>> 15)) ^ v3, m);
  h = Math.imul((h ^ (h >>> 15)) ^ v4, m);
  h = Math.imul((h ^ (h >>> 15)) ^ v5, m);
  h = Math.imul((h ^ (h >>> 15)) ^ v6, m);
  return h ^ (h >>> 15);
}

/**
 * Checksum of the 32-bit words `words[from..to)`: four interleaved lanes of
 * `h = (h ^ w) × odd constant; h ^= h >>> 15` (each step a bijection of h, so one damaged word
 * always changes the result), combined at the end.
 */
export function checksum(words: Uint32Array, from: number, to: number): number {
  return drain(checksumSteps(words, from, to));
}

/** {@link checksum} in steps of {@link WORDS_STEP} words. */
function* checksumSteps(words: Uint32Array, from: number, to: number): Generator<void, number, void> {
  let h0 = 0x243f6a88 | 0;
  let h1 = 0x85a308d3 | 0;
  let h2 = 0x13198a2e | 0;
  let h3 = 0x03707344 | 0;
  let i = from;
  while (i + 4 <= to) {
    const stop = Math.min(to - ((to - i) % 4), i + WORDS_STEP);
    for (; i < stop; i += 4) {
      h0 = Math.imul(h0 ^ (words[i] ?? 0), 0x9e3779b1);
      h1 = Math.imul(h1 ^ (words[i + 1] ?? 0), 0x85ebca77);
      h2 = Math.imul(h2 ^ (words[i + 2] ?? 0), 0xc2b2ae3d);
      h3 = Math.imul(h3 ^ (words[i + 3] ?? 0), 0x27d4eb2f);
      h0 ^= h0 >>> 15;
      h1 ^= h1 >>> 15;
      h2 ^= h2 >>> 15;
      h3 ^= h3 >>> 15;
    }
    if (i + 4 <= to) {
      yield;
    }
  }
  for (; i < to; i++) {
    h0 = Math.imul(h0 ^ (words[i] ?? 0), 0x9e3779b1);
    h0 ^= h0 >>> 15;
  }
  let h = Math.imul(h0 ^ (to - from), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16) ^ h1, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 13) ^ h2, 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 16) ^ h3, 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** Strings as one UTF-16 blob and their end offsets (`offsets[0] = 0`). */
function encodeStrings(strings: readonly string[]): [Uint16Array, Uint32Array] {
  const offsets = new Uint32Array(strings.length + 1);
  let total = 0;
  strings.forEach((s, i) => {
    total += s.length;
    offsets[i + 1] = total;
  });
  const blob = new Uint16Array(total);
  let at = 0;
  for (const s of strings) {
    for (let k = 0; k < s.length; k++) {
      blob[at++] = s.charCodeAt(k);
    }
  }
  return [blob, offsets];
}

/**
 * The snapshot of a complete segment over `papers` (see the layout above), in steps of a few
 * milliseconds (fingerprint, string blobs, copies of up to 4 MB, checksum).
 */
export function* writeSnapshotSteps(papers: readonly Paper[], parts: SegmentParts): Generator<void, Uint8Array, void> {
  const [fa, fb] = yield* fingerprintSteps(papers);
  const field = (f: FieldParts, flags: boolean): Typed[] => {
    const [blob, offsets] = encodeStrings(f.terms);
    return [blob, offsets, f.offsets, f.docs, ...(flags ? [f.flags ?? new Uint8Array(f.docs.length)] : []), f.gramOffsets, f.gramRanks];
  };
  const short = field(parts.short, true);
  yield;
  const abstract = field(parts.abstract, false);
  yield;
  const [prefixBlob, prefixStrings] = encodeStrings(parts.prefixes);
  const arrays: Typed[] = [
    ...short,
    ...abstract,
    parts.titleOffsets,
    parts.titleRanks,
    parts.titleStarts,
    parts.titleEnds,
    parts.titleHashes,
    parts.nameOffsets,
    parts.nameRanks,
    parts.prior,
    parts.titleLookup,
    parts.keyDocs,
    prefixBlob,
    prefixStrings,
    parts.prefixOffsets,
    parts.prefixDocs,
    parts.prefixScores,
    parts.prefixMasks,
  ];
  const table = HEADER + SECTIONS.length * ENTRY;
  let total = align8(table);
  const offsets = arrays.map((a) => {
    const at = total;
    total = align8(at + a.byteLength);
    return at;
  });
  if (total > 0xfffffff8) {
    throw new RangeError(`search snapshot: ${total} bytes is more than the format's 4 GB`);
  }
  const buffer = new ArrayBuffer(total);
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  bytes.set(MAGIC, 0);
  view.setUint32(8, SNAPSHOT_VERSION, true);
  view.setUint32(12, BYTE_ORDER, true);
  view.setUint32(16, papers.length, true);
  view.setUint32(20, fa, true);
  view.setUint32(24, fb, true);
  view.setUint32(28, SECTIONS.length, true);
  view.setUint32(32, total, true);
  for (let i = 0; i < arrays.length; i++) {
    const a = arrays[i] ?? new Uint8Array(0);
    const at = offsets[i] ?? 0;
    const e = HEADER + i * ENTRY;
    view.setUint32(e, SECTIONS[i] ?? 0, true);
    view.setUint32(e + 4, at, true);
    view.setUint32(e + 8, a.length, true);
    const source = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let from = 0; from < source.length; from += COPY_STEP) {
      bytes.set(source.subarray(from, from + COPY_STEP), at + from);
      yield;
    }
  }
  const words = new Uint32Array(buffer);
  view.setUint32(36, yield* checksumSteps(words, HEADER / 4, total / 4), true);
  view.setUint32(60, checksum(words, 0, 15), true);
  return bytes;
}

/**
 * The parts of the segment snapshotted in `bytes` for exactly `papers` (same papers, same
 * order), as views on `bytes` (copied once first if `bytes` is not 8-byte aligned in its
 * buffer); undefined when anything does not check out. Never throws.
 */
export function readSnapshot(papers: readonly Paper[], input: Uint8Array, options: ReadOptions = {}): SegmentParts | undefined {
  return drain(readSnapshotSteps(papers, input, options));
}

/** {@link readSnapshot} in steps of a few milliseconds (fingerprint, checksum, checks of up to 256K elements). */
export function* readSnapshotSteps(papers: readonly Paper[], input: Uint8Array, options: ReadOptions = {}): Generator<void, SegmentParts | undefined, void> {
  try {
    return yield* read(papers, input, options.verify ?? true);
  } catch {
    return undefined; // Not expected (everything is checked first); a damaged snapshot is never an error.
  }
}

function* read(papers: readonly Paper[], input: Uint8Array, verify: boolean): Generator<void, SegmentParts | undefined, void> {
  if (!(input instanceof Uint8Array) || input.byteLength < HEADER || input.byteLength % 8 !== 0) {
    return undefined;
  }
  // Views need aligned offsets: copy once if the caller's bytes sit at an odd place (a new buffer:
  // `input.slice()` on a node Buffer would be a view at the same offset).
  const bytes = input.byteOffset % 8 === 0 ? input : new Uint8Array(input);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number): number => view.getUint32(at, true);
  if (MAGIC.some((b, i) => bytes[i] !== b) || u32(8) !== SNAPSHOT_VERSION || u32(12) !== BYTE_ORDER) {
    return undefined;
  }
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  if (u32(60) !== checksum(words, 0, 15)) {
    return undefined;
  }
  for (let at = 40; at < 60; at += 4) {
    if (u32(at) !== 0) {
      return undefined;
    }
  }
  const n = papers.length;
  const total = u32(32);
  if (u32(16) !== n || u32(28) !== SECTIONS.length || total !== bytes.byteLength) {
    return undefined;
  }
  const [fa, fb] = yield* fingerprintSteps(papers);
  if (u32(20) !== fa || u32(24) !== fb) {
    return undefined;
  }
  if (verify && u32(36) !== (yield* checksumSteps(words, HEADER / 4, total / 4))) {
    return undefined;
  }
  yield;
  // The section table: types as expected, each section right after the previous one (aligned), inside the buffer.
  const arrays: Typed[] = [];
  let end = align8(HEADER + SECTIONS.length * ENTRY);
  for (let i = 0; i < SECTIONS.length; i++) {
    const e = HEADER + i * ENTRY;
    const kind = SECTIONS[i] ?? U8;
    const at = u32(e + 4);
    const count = u32(e + 8);
    const size = SIZE[kind];
    if (u32(e) !== kind || at !== end || count > (total - at) / size) {
      return undefined;
    }
    arrays.push(viewOf(kind, bytes, at, count));
    end = align8(at + count * size);
  }
  if (end !== total) {
    return undefined;
  }
  let s = 0;
  const next = <T extends Typed>(): T => arrays[s++] as T;
  function* field(flags: boolean): Generator<void, FieldParts | undefined, void> {
    const terms = yield* decodeStrings(next<Uint16Array>(), next<Uint32Array>(), true);
    const offsets = next<Uint32Array>();
    const docs = next<Uint32Array>();
    const fieldFlags = flags ? next<Uint8Array>() : undefined;
    const gramOffsets = next<Uint32Array>();
    const gramRanks = next<Uint32Array>();
    yield;
    if (
      !terms ||
      !(yield* isCsr(offsets, terms.length, docs.length)) ||
      (fieldFlags && fieldFlags.length !== docs.length) ||
      !(yield* below(docs, n)) ||
      !(yield* isCsr(gramOffsets, TRIGRAM_SLOTS, gramRanks.length)) ||
      !(yield* below(gramRanks, terms.length))
    ) {
      return undefined;
    }
    return { terms, offsets, docs, flags: fieldFlags, gramOffsets, gramRanks };
  }
  const short = yield* field(true);
  if (!short) {
    return undefined;
  }
  const abstract = yield* field(false);
  if (!abstract) {
    return undefined;
  }
  const titleOffsets = next<Uint32Array>();
  const titleRanks = next<Uint32Array>();
  const titleStarts = next<Uint16Array>();
  const titleEnds = next<Uint16Array>();
  const titleHashes = next<Uint32Array>();
  const nameOffsets = next<Uint32Array>();
  const nameRanks = next<Uint32Array>();
  const prior = next<Float32Array>();
  const titleLookup = next<Float64Array>();
  const keyDocs = next<Int32Array>();
  const prefixes = yield* decodeStrings(next<Uint16Array>(), next<Uint32Array>(), false);
  const prefixOffsets = next<Uint32Array>();
  const prefixDocs = next<Int32Array>();
  const prefixScores = next<Float32Array>();
  const prefixMasks = next<Uint32Array>();
  const shortTerms = short.terms.length;
  const ok =
    (yield* isCsr(titleOffsets, n, titleRanks.length)) &&
    (yield* below(titleRanks, shortTerms)) &&
    titleStarts.length === titleRanks.length &&
    titleEnds.length === titleRanks.length &&
    titleHashes.length === n &&
    (yield* isCsr(nameOffsets, n, nameRanks.length)) &&
    (yield* nameRanksOk(nameRanks, shortTerms)) &&
    prior.length === n &&
    (yield* finite(prior)) &&
    (n > DOC_SPACE ? titleLookup.length === 0 : yield* isTitleLookup(titleLookup, titleHashes)) &&
    (yield* isPermutation(keyDocs, n)) &&
    prefixes !== undefined &&
    (yield* isCsr(prefixOffsets, prefixes.length, prefixDocs.length)) &&
    prefixScores.length === prefixDocs.length &&
    prefixMasks.length === prefixDocs.length &&
    (yield* docsOk(prefixDocs, n)) &&
    (yield* finite(prefixScores));
  if (!ok || !prefixes) {
    return undefined;
  }
  return {
    short,
    abstract,
    titleOffsets,
    titleRanks,
    titleStarts,
    titleEnds,
    titleHashes,
    nameOffsets,
    nameRanks,
    prior,
    titleLookup,
    keyDocs,
    prefixes,
    prefixOffsets,
    prefixDocs,
    prefixScores,
    prefixMasks,
  };
}

function viewOf(kind: Kind, bytes: Uint8Array, at: number, count: number): Typed {
  const { buffer } = bytes;
  const offset = bytes.byteOffset + at;
  switch (kind) {
    case U8:
      return new Uint8Array(buffer, offset, count);
    case U16:
      return new Uint16Array(buffer, offset, count);
    case U32:
      return new Uint32Array(buffer, offset, count);
    case I32:
      return new Int32Array(buffer, offset, count);
    case F32:
      return new Float32Array(buffer, offset, count);
    case F64:
      return new Float64Array(buffer, offset, count);
  }
}

/** The strings of a blob; with `sorted`, undefined unless strictly ascending (a dictionary). */
function* decodeStrings(blob: Uint16Array, offsets: Uint32Array, sorted: boolean): Generator<void, string[] | undefined, void> {
  if (offsets.length < 1 || offsets[0] !== 0 || offsets[offsets.length - 1] !== blob.length) {
    return undefined;
  }
  const all = new TextDecoder('utf-16le').decode(blob);
  if (all.length !== blob.length) {
    return undefined;
  }
  yield;
  const out = new Array<string>(offsets.length - 1);
  let previous = '';
  for (let i = 0; i + 1 < offsets.length; i++) {
    const from = offsets[i] ?? 0;
    const to = offsets[i + 1] ?? 0;
    if (to < from) {
      return undefined;
    }
    const s = all.slice(from, to);
    if (sorted && i > 0 && !(previous < s)) {
      return undefined;
    }
    out[i] = previous = s;
    if (i % STRINGS_STEP === STRINGS_STEP - 1) {
      yield;
    }
  }
  return out;
}

/**
 * Runs `check(from, to)` over `[0, n)` in chunks of {@link CHECK_STEP}, yielding between
 * them; false as soon as a chunk fails.
 */
function* chunks(n: number, check: (from: number, to: number) => boolean): Generator<void, boolean, void> {
  for (let from = 0; from < n; from += CHECK_STEP) {
    if (!check(from, Math.min(n, from + CHECK_STEP))) {
      return false;
    }
    if (from + CHECK_STEP < n) {
      yield;
    }
  }
  return true;
}

/** CSR offsets for `rows` rows over `length` entries: `rows + 1` of them, from 0, ascending, ending at `length`. */
function* isCsr(offsets: Uint32Array, rows: number, length: number): Generator<void, boolean, void> {
  if (offsets.length !== rows + 1 || offsets[0] !== 0 || offsets[rows] !== length) {
    return false;
  }
  return yield* chunks(rows, (from, to) => {
    for (let i = from; i < to; i++) {
      if ((offsets[i + 1] ?? 0) < (offsets[i] ?? 0)) {
        return false;
      }
    }
    return true;
  });
}

/** Every value below `limit`. */
function* below(values: Uint32Array, limit: number): Generator<void, boolean, void> {
  return yield* chunks(values.length, (from, to) => {
    let max = 0;
    for (let i = from; i < to; i++) {
      const v = values[i] ?? 0;
      if (v > max) {
        max = v;
      }
    }
    return max < limit;
  });
}

/** Term ranks below `terms`, or {@link NAME_BREAK}. */
function* nameRanksOk(ranks: Uint32Array, terms: number): Generator<void, boolean, void> {
  return yield* chunks(ranks.length, (from, to) => {
    for (let i = from; i < to; i++) {
      const r = ranks[i] ?? 0;
      if (r >= terms && r !== NAME_BREAK) {
        return false;
      }
    }
    return true;
  });
}

function* finite(values: Float32Array): Generator<void, boolean, void> {
  return yield* chunks(values.length, (from, to) => {
    for (let i = from; i < to; i++) {
      if (!Number.isFinite(values[i])) {
        return false;
      }
    }
    return true;
  });
}

/** Docs in `[0, n)`. */
function* docsOk(docs: Int32Array, n: number): Generator<void, boolean, void> {
  return yield* chunks(docs.length, (from, to) => {
    for (let i = from; i < to; i++) {
      const d = docs[i] ?? -1;
      if (d < 0 || d >= n) {
        return false;
      }
    }
    return true;
  });
}

/** Each of 0..n-1 exactly once. */
function* isPermutation(docs: Int32Array, n: number): Generator<void, boolean, void> {
  if (docs.length !== n) {
    return false;
  }
  const seen = new Uint8Array(n);
  return yield* chunks(n, (from, to) => {
    for (let i = from; i < to; i++) {
      const d = docs[i] ?? -1;
      if (d < 0 || d >= n || seen[d] === 1) {
        return false;
      }
      seen[d] = 1;
    }
    return true;
  });
}

/** `hash × DOC_SPACE + doc` for every doc, each matching its title hash, ascending. */
function* isTitleLookup(lookup: Float64Array, hashes: Uint32Array): Generator<void, boolean, void> {
  if (lookup.length !== hashes.length) {
    return false;
  }
  return yield* chunks(lookup.length, (from, to) => {
    let previous = from > 0 ? (lookup[from - 1] ?? NaN) : -1;
    for (let i = from; i < to; i++) {
      const v = lookup[i] ?? NaN;
      if (!(v > previous) || !Number.isInteger(v)) {
        return false;
      }
      const d = v % DOC_SPACE;
      if (d >= hashes.length || (v - d) / DOC_SPACE !== hashes[d]) {
        return false;
      }
      previous = v;
    }
    return true;
  });
}
