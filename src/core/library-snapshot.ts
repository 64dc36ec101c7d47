/**
 * The library snapshot (issue #17): the whole loaded library — merged, keyed and sorted — kept
 * in the cache folder, so a reopen whose sources and pins did not change reads one file instead
 * of parsing, merging and keying again. The CLI (`--cache DIR`) and the extension use it
 * through the same code.
 *
 * A snapshot is a memo of `keyLibrary(mergeSources(parsed), pins)` (the one key rule) for one
 * exact input: its id is a digest of the identity of every source (the parse cache's key:
 * URI, path, size, mtime and a sha256 of the whole content; or the problem that replaced a file
 * that could not be read), the pins and the extra problems, the snapshot format, the parser
 * version and the release. Any change gives another id, and a snapshot of another id is never
 * read: never a stale paper.
 *
 * Files of a slot (a slot is one library: the extension's workspace, or one CLI command line):
 *   `<slot>.lnl`: the papers without their abstracts (an abstract is `''` in its place, so
 *     the fields keep their order, until {@link attachAbstracts}), problems and sources;
 *   `<slot>.lna`: the abstracts, read after the papers (the tree does not need them);
 *   `<slot>.lni`: the search index as its typed arrays (`SearchIndex.toSnapshot`).
 * Each is `MAGIC\n`, a header JSON line (format, id, payload length and digest), then the
 * payload; a file is used only when its header names the same id and its payload matches its
 * digest, so a truncated, zeroed, damaged or half-written file is a miss, never wrong data.
 * Papers and abstracts are JSON lines of 1,000 papers, decoded with pauses between lines, so
 * the extension host is never held for long. Writes are atomic (`Store.write`).
 */
import type { Library } from './library';
import { keyMapSteps } from './library';
import type { Paper, Problem } from './model';
import { PARSER_VERSION } from './parse-cache';
import type { Digest, LargeDigest, Pause } from './parse-cache';
import { inOneGo } from './parse-cache';
import type { ReadSource, SourceRef } from './load';
import type { Store, StoreStat } from './store';
import { concat } from './bytes';

/** Bump when the snapshot layout changes. */
export const SNAPSHOT_FORMAT = 1;

const MAGIC = {
  papers: 'LITNOTES-LIBRARY-SNAPSHOT\n',
  abstracts: 'LITNOTES-LIBRARY-ABSTRACTS\n',
  index: 'LITNOTES-LIBRARY-INDEX\n',
} as const;
export type Part = keyof typeof MAGIC;
const SUFFIX: Record<Part, string> = { papers: '.lnl', abstracts: '.lna', index: '.lni' };
/** Papers per payload line. */
const CHUNK = 1000;
const NEWLINE = 0x0a;
const encoder = new TextEncoder();
const noPause: Pause = () => Promise.resolve();

/** Everything a library is built from (besides the code, which the format and versions name). */
export interface LibraryInputs {
  /** The identity of each source, in load order ({@link sourceIdentity}). */
  readonly sources: readonly string[];
  /** The pins given to `keyLibrary`, as given. */
  readonly pins: readonly unknown[];
  /** Problems added to the merged sources before keys (the key lock's). */
  readonly extraProblems?: readonly Problem[];
}

/**
 * The identity of a read source: its parse cache key (content digest included) for a file read,
 * else the problem that stands for it.
 */
export async function sourceIdentity(read: ReadSource, contentDigest: (read: Extract<ReadSource, { bytes: Uint8Array }>) => Promise<string>): Promise<string> {
  if ('done' in read) {
    return JSON.stringify(['done', read.ref.uri, read.ref.path, read.done]);
  }
  return fileIdentity(read.ref, read.stat, await contentDigest(read));
}

/**
 * The identity of a file read with `stat` whose bytes have the content digest `digest`: what
 * {@link sourceIdentity} gives for that read, known without reading it when the digest is.
 */
export function fileIdentity(ref: SourceRef, stat: Pick<StoreStat, 'size' | 'mtime'>, digest: string): string {
  return JSON.stringify(['file', ref.uri, ref.path, ref.explicit, stat.size, stat.mtime, digest]);
}

/** The id of the library built from `inputs` by `release`. */
export function snapshotId(inputs: LibraryInputs, release: string, digest: Digest): string {
  return digest(encoder.encode(JSON.stringify([SNAPSHOT_FORMAT, PARSER_VERSION, release, inputs.sources, inputs.pins, inputs.extraProblems ?? []])));
}

interface Header {
  readonly format: number;
  readonly id: string;
  readonly length: number;
  readonly check: string;
}

interface Meta {
  readonly problems: Problem[];
  readonly sources: Library['sources'];
  readonly recordCount: number;
  readonly papers: number;
  readonly abstracts: number;
}

/** Frames a payload as a snapshot file of `id` (exported for the fuzz tests, which forge well-framed damage). */
export async function frame(part: Part, id: string, payload: Uint8Array, digest: LargeDigest): Promise<Uint8Array> {
  const header: Header = { format: SNAPSHOT_FORMAT, id, length: payload.length, check: await digest(payload) };
  // Spaces pad the header so the payload starts 8-byte aligned: a search index read from the
  // file is then viewed in place, not copied (`SearchIndex.fromSnapshot` needs aligned views).
  const head = MAGIC[part] + JSON.stringify(header);
  return concat([encoder.encode(head + ' '.repeat((8 - ((encoder.encode(head).length + 1) % 8)) % 8) + '\n'), payload]);
}

/** The payload of a framed file made for `id`, or undefined when it is another id's, damaged or of another format. */
async function unframe(part: Part, bytes: Uint8Array, id: string, digest: LargeDigest): Promise<Uint8Array | undefined> {
  try {
    const magic = encoder.encode(MAGIC[part]);
    if (bytes.length < magic.length || magic.some((b, i) => bytes[i] !== b)) {
      return undefined;
    }
    const end = bytes.indexOf(NEWLINE, magic.length);
    if (end < 0 || end - magic.length > 4096) {
      return undefined;
    }
    const header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(magic.length, end))) as Partial<Header> | null;
    if (typeof header !== 'object' || header === null || header.format !== SNAPSHOT_FORMAT || header.id !== id) {
      return undefined;
    }
    const payload = bytes.subarray(end + 1);
    return header.length === payload.length && typeof header.check === 'string' && (await digest(payload)) === header.check ? payload : undefined;
  } catch {
    return undefined;
  }
}

/** The JSON lines of a payload, or undefined when it does not have exactly `count` lines. */
function lines(payload: Uint8Array, count: number): Array<[number, number]> | undefined {
  const out: Array<[number, number]> = [];
  let at = 0;
  while (at < payload.length) {
    const end = payload.indexOf(NEWLINE, at);
    if (end < 0) {
      return undefined;
    }
    out.push([at, end]);
    at = end + 1;
  }
  return out.length === count ? out : undefined;
}

function isPaper(p: unknown): p is Paper {
  const x = p as Partial<Paper> | null;
  return typeof x === 'object' && x !== null && typeof x.key === 'string' && typeof x.title === 'string' && Array.isArray(x.authors) && Array.isArray(x.tags) && Array.isArray(x.sources) && (x.abstract === undefined || x.abstract === '');
}

function isProblem(p: unknown): p is Problem {
  const x = p as Partial<Problem> | null;
  return typeof x === 'object' && x !== null && typeof x.path === 'string' && typeof x.line === 'number' && typeof x.message === 'string' && (x.severity === 'error' || x.severity === 'warning');
}

/** Encodes the papers file and the abstracts file of a library. */
export async function encodeSnapshot(id: string, library: Library, digest: LargeDigest, pause: Pause = noPause): Promise<{ papers: Uint8Array; abstracts: Uint8Array }> {
  const withAbstract = library.papers.reduce((n, p) => n + (p.abstract === undefined ? 0 : 1), 0);
  const meta: Meta = { problems: [...library.problems], sources: library.sources, recordCount: library.recordCount, papers: library.papers.length, abstracts: withAbstract };
  const paperParts: Uint8Array[] = [encoder.encode(JSON.stringify(meta) + '\n')];
  const abstractParts: Uint8Array[] = [];
  for (let i = 0; i < library.papers.length; i += CHUNK) {
    const chunk = library.papers.slice(i, i + CHUNK);
    // An abstract stays in place as '' (so the papers' fields keep their order) until attached.
    paperParts.push(encoder.encode(JSON.stringify(chunk.map((p) => (p.abstract === undefined ? p : { ...p, abstract: '' }))) + '\n'));
    abstractParts.push(encoder.encode(JSON.stringify(chunk.map((p) => p.abstract ?? null)) + '\n'));
    await pause();
  }
  return { papers: await frame('papers', id, concat(paperParts), digest), abstracts: await frame('abstracts', id, concat(abstractParts), digest) };
}

/** A library read from a snapshot: the papers have no abstracts until {@link attachAbstracts} ran. */
export interface SnapshotLibrary {
  readonly library: Library;
  /** Papers that have an abstract in the abstracts file. */
  readonly abstracts: number;
}

/** Decodes a papers file made for `id`; undefined when it is another id's or damaged. Never throws. */
export async function decodeSnapshot(bytes: Uint8Array, id: string, digest: LargeDigest, pause: Pause = noPause): Promise<SnapshotLibrary | undefined> {
  try {
    const payload = await unframe('papers', bytes, id, digest);
    if (!payload) {
      return undefined;
    }
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const first = payload.indexOf(NEWLINE);
    if (first < 0) {
      return undefined;
    }
    const meta = JSON.parse(decoder.decode(payload.subarray(0, first))) as Partial<Meta> | null;
    if (typeof meta !== 'object' || meta === null || typeof meta.papers !== 'number' || typeof meta.recordCount !== 'number' || typeof meta.abstracts !== 'number' || !Array.isArray(meta.problems) || !meta.problems.every(isProblem) || !Array.isArray(meta.sources)) {
      return undefined;
    }
    const rest = payload.subarray(first + 1);
    const spans = lines(rest, Math.ceil(meta.papers / CHUNK));
    if (!spans) {
      return undefined;
    }
    const papers: Paper[] = [];
    for (const [start, end] of spans) {
      const chunk = JSON.parse(decoder.decode(rest.subarray(start, end))) as unknown;
      if (!Array.isArray(chunk) || !chunk.every(isPaper)) {
        return undefined;
      }
      for (const p of chunk) {
        papers.push(p);
      }
      await pause();
    }
    if (papers.length !== meta.papers) {
      return undefined;
    }
    return { library: await libraryOf(papers, meta.problems, meta.sources, meta.recordCount, pause), abstracts: meta.abstracts };
  } catch {
    return undefined;
  }
}

/** A library over sorted, keyed papers (what `keyLibrary` returns), its key map rebuilt as `keyLibrary` builds it. */
async function libraryOf(papers: readonly Paper[], problems: readonly Problem[], sources: Library['sources'], recordCount: number, pause: Pause): Promise<Library> {
  const steps = keyMapSteps(papers);
  for (let next = steps.next(); ; next = steps.next()) {
    if (next.done === true) {
      return { papers, byKey: next.value, problems, sources, recordCount };
    }
    await pause();
  }
}

/**
 * Reads the abstracts file made for `id` into the papers of its library (in place). False
 * (nothing attached) when it is another id's or damaged. Never throws.
 */
export async function attachAbstracts(bytes: Uint8Array, id: string, snapshot: SnapshotLibrary, digest: LargeDigest, pause: Pause = noPause): Promise<boolean> {
  try {
    const payload = await unframe('abstracts', bytes, id, digest);
    const papers = snapshot.library.papers as Paper[];
    const spans = payload && lines(payload, Math.ceil(papers.length / CHUNK));
    if (!payload || !spans) {
      return false;
    }
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const all: Array<string | null> = [];
    for (const [start, end] of spans) {
      const chunk = JSON.parse(decoder.decode(payload.subarray(start, end))) as unknown;
      if (!Array.isArray(chunk) || !chunk.every((a) => a === null || typeof a === 'string')) {
        return false;
      }
      for (const a of chunk as Array<string | null>) {
        all.push(a);
      }
      await pause();
    }
    // Exactly the papers holding a place ('') get an abstract.
    if (all.length !== papers.length || all.reduce((n, a) => n + (a === null ? 0 : 1), 0) !== snapshot.abstracts || papers.some((p, i) => (all[i] === null) !== (p.abstract === undefined))) {
      return false;
    }
    all.forEach((a, i) => {
      const paper = papers[i];
      if (a !== null && paper) {
        paper.abstract = a;
      }
    });
    return true;
  } catch {
    return false;
  }
}

export interface SnapshotStats {
  hits: number;
  misses: number;
  damaged: number;
  written: number;
}

export interface LibrarySnapshotsOptions {
  readonly store: Store;
  /** The folder of the snapshots (beside the parse cache's entries). */
  readonly folder: string;
  readonly digest: Digest;
  /** The digest of whole payloads (default: {@link digest} in one go). */
  readonly largeDigest?: LargeDigest;
  /** The running release: its snapshots only. */
  readonly release: string;
  /** Slots kept in the folder (oldest deleted first); the extension uses one. */
  readonly keep?: number;
  /** Largest snapshot written, in bytes (the cache's size cap). */
  readonly maxBytes?: number | (() => number);
  readonly pause?: Pause;
  readonly log?: (message: string) => void;
}

/** The snapshots of a cache folder: read by slot and id, written in the background. */
export class LibrarySnapshots {
  readonly stats: SnapshotStats = { hits: 0, misses: 0, damaged: 0, written: 0 };
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: LibrarySnapshotsOptions) {}

  private get large(): LargeDigest {
    return this.options.largeDigest ?? inOneGo(this.options.digest);
  }

  id(inputs: LibraryInputs): string {
    return snapshotId(inputs, this.options.release, this.options.digest);
  }

  private uri(slot: string, part: Part): string {
    return this.options.store.join(this.options.folder, slot + SUFFIX[part]);
  }

  private async readPart(slot: string, part: Part): Promise<Uint8Array | undefined> {
    try {
      return await this.options.store.read(this.uri(slot, part));
    } catch {
      return undefined;
    }
  }

  /** The library of `id` in `slot`, without abstracts, or undefined. Never throws. */
  async read(slot: string, id: string): Promise<SnapshotLibrary | undefined> {
    await this.writing;
    const bytes = await this.readPart(slot, 'papers');
    const result = bytes && (await decodeSnapshot(bytes, id, this.large, this.options.pause));
    return this.counted(slot, id, bytes, result);
  }

  /**
   * Reads the library in `slot` before the id it must have is known (a reopened window reads it
   * while its sources are read and hashed, which its id needs). `wanted` resolves with that id, or
   * with undefined when no snapshot is needed after all; decoding stops as soon as the file is
   * known to hold another id. The result is what {@link read} would give for the wanted id.
   * Never throws.
   */
  async readAhead(slot: string, wanted: Promise<string | undefined>): Promise<SnapshotLibrary | undefined> {
    let want: string | undefined | null = null; // null: not known yet
    const known = wanted.then(
      (id) => (want = id),
      () => (want = undefined),
    );
    await this.writing;
    const bytes = await this.readPart(slot, 'papers');
    const id = bytes && headerId('papers', bytes);
    const stillWanted = (): boolean => want === null || (want !== undefined && want === id);
    const pause = this.options.pause ?? noPause;
    const pauseOrStop: Pause = async () => {
      await pause();
      if (!stillWanted()) {
        throw new Error('another snapshot is wanted'); // decodeSnapshot gives undefined
      }
    };
    const result = bytes && id !== undefined && stillWanted() ? await decodeSnapshot(bytes, id, this.large, pauseOrStop) : undefined;
    const needed = await known;
    return needed === undefined ? undefined : this.counted(slot, needed, bytes, needed === id ? result : undefined);
  }

  /** Counts a read of `id` (a hit, a miss, or damage to log) and returns its result. */
  private counted(slot: string, id: string, bytes: Uint8Array | undefined, result: SnapshotLibrary | undefined): SnapshotLibrary | undefined {
    if (result) {
      this.stats.hits++;
    } else {
      this.stats.misses++;
      if (bytes && headerId('papers', bytes) === id) {
        this.stats.damaged++;
        this.options.log?.(`Library snapshot ${slot} is damaged; it is discarded and rebuilt`);
      }
    }
    return result;
  }

  /** Puts the abstracts of the snapshot `id` into its papers. False when they could not be read (the caller loads without the snapshot). */
  async abstracts(slot: string, id: string, snapshot: SnapshotLibrary): Promise<boolean> {
    const bytes = await this.readPart(slot, 'abstracts');
    const ok = bytes !== undefined && (await attachAbstracts(bytes, id, snapshot, this.large, this.options.pause));
    if (!ok) {
      // The snapshot cannot be used after all.
      this.stats.hits--;
      this.stats.misses++;
      this.stats.damaged++;
      this.options.log?.(`Library snapshot ${slot}: its abstracts are missing or damaged; it is discarded and rebuilt`);
    }
    return ok;
  }

  /** The search index bytes stored for `id`, or undefined. */
  async index(slot: string, id: string): Promise<Uint8Array | undefined> {
    const bytes = await this.readPart(slot, 'index');
    return bytes && unframe('index', bytes, id, this.large);
  }

  private maxBytes(): number {
    const cap = this.options.maxBytes;
    return cap === undefined ? Infinity : typeof cap === 'function' ? cap() : cap;
  }

  /**
   * Writes the snapshot of `library` as `id` in `slot` (abstracts first, papers last, so a
   * papers file is never newer than its abstracts). Serialised with other writes; never throws.
   */
  write(slot: string, id: string, library: Library): Promise<void> {
    const run = async (): Promise<void> => {
      const { store, pause } = this.options;
      try {
        const { papers, abstracts } = await encodeSnapshot(id, library, this.large, pause);
        if (papers.length + abstracts.length > this.maxBytes()) {
          this.options.log?.(`Library snapshot not written: ${((papers.length + abstracts.length) / 1048576).toFixed(1)} MB is over the cache's size limit`);
          return;
        }
        await store.write(this.uri(slot, 'abstracts'), abstracts);
        await store.write(this.uri(slot, 'papers'), papers);
        this.stats.written++;
        await this.prune(slot);
      } catch (error) {
        this.options.log?.(`Library snapshot: cannot write ${slot}: ${store.reason(error)}`);
      }
    };
    this.writing = this.writing.then(run, run);
    return this.writing;
  }

  /** Stores the search index bytes for `id` (after its library's snapshot). Never throws. */
  writeIndex(slot: string, id: string, bytes: Uint8Array): Promise<void> {
    const run = async (): Promise<void> => {
      const { store } = this.options;
      try {
        const framed = await frame('index', id, bytes, this.large);
        if (framed.length > this.maxBytes()) {
          return;
        }
        await store.write(this.uri(slot, 'index'), framed);
      } catch (error) {
        this.options.log?.(`Library snapshot: cannot write the search index of ${slot}: ${store.reason(error)}`);
      }
    };
    this.writing = this.writing.then(run, run);
    return this.writing;
  }

  /** Waits for pending writes. */
  flush(): Promise<void> {
    return this.writing;
  }

  /** Keeps the newest `keep` slots (by their papers file's time); `current` always stays. */
  private async prune(current: string): Promise<void> {
    const keep = this.options.keep ?? 1;
    const { store, folder } = this.options;
    const slots: Array<{ slot: string; mtime: number }> = [];
    for (const e of await store.list(folder)) {
      if (e.type === 'file' && e.name.endsWith(SUFFIX.papers)) {
        const slot = e.name.slice(0, -SUFFIX.papers.length);
        if (slot !== current) {
          slots.push({ slot, mtime: (await store.stat(e.uri).catch(() => undefined))?.mtime ?? 0 });
        }
      }
    }
    slots.sort((a, b) => b.mtime - a.mtime);
    for (const { slot } of slots.slice(Math.max(0, keep - 1))) {
      for (const part of Object.keys(SUFFIX) as Part[]) {
        await store.delete(this.uri(slot, part));
      }
    }
  }
}

/** The id a framed file's header names (to tell damage from another id's file), or undefined. */
function headerId(part: Part, bytes: Uint8Array): string | undefined {
  try {
    const magic = encoder.encode(MAGIC[part]);
    const end = bytes.indexOf(NEWLINE, magic.length);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(magic.length, end))) as Partial<Header>;
    return typeof header.id === 'string' ? header.id : undefined;
  } catch {
    return undefined;
  }
}
