/**
 * The persistent parse cache (issue #17): each source file's parse (`ParsedSource`) kept in a
 * folder of the store, one entry per file, so a reopen reads a cache instead of parsing again.
 *
 * An entry is used only when everything it was made from is the same: the cache format,
 * parser version and release, the file's URI and display path, whether it was named explicitly, its size,
 * its mtime and a digest of its whole content (measured cheap: about 1 ms per MB, against about
 * 60 ms per MB to parse; see docs/cache.md). So a file changed behind the same size and mtime is
 * parsed again. An entry is checked by a digest of its payload before it is read: a truncated,
 * zeroed or damaged entry is discarded (and rewritten after the next parse), never trusted, and
 * never throws.
 *
 * Entry layout (UTF-8):
 *   `LITNOTES-PARSE-CACHE\n`
 *   header JSON line: the key fields, the payload's length in bytes and its digest
 *   payload: a JSON line with the file's path, uri, format and problems, then one JSON line per
 *   chunk of records, so reading and writing can pause between chunks and never hold the
 *   extension host for long.
 *
 * Writes are atomic (the store writes a temporary file and renames it) and happen after a load,
 * in the background (`flush`). The folder is kept under a size cap, oldest entries first.
 */
import type { ParseCacheLike, PayloadBytes, SourceRef } from './load';
import type { PaperRecord, Problem } from './model';
import type { ParsedSource } from './sources';
import type { Store, StoreStat } from './store';
import { concat } from './bytes';

/** Bump when the entry layout changes. */
export const CACHE_FORMAT = 1;
/** Bump when any loader's output changes (a release never reads another release's parses). */
/* 2: Daily Papers pages and Hugging Face lists give `listed` (#15); 3: a Lit Notes export found by a scan is skipped (`skipped`). */
export const PARSER_VERSION = 3;

/** The default size cap of a cache folder (`litNotes.cache.maxSizeMB`, and the CLI's). */
export const DEFAULT_CACHE_MAX_MB = 1024;

const MAGIC = 'LITNOTES-PARSE-CACHE\n';
const ENTRY_SUFFIX = '.lnc';
/** Records per payload line. */
const CHUNK = 1000;
/** Temporary files this old are leftovers of an interrupted write. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** A content digest as hex: node's sha256 in the CLI and the extension. */
export type Digest = (bytes: Uint8Array) => string;
/**
 * The same digest for large inputs (a whole source file, a cache payload): the extension hashes
 * in slices with pauses between them, so a 150 MB file is not one long task on its host.
 */
export type LargeDigest = (bytes: Uint8Array) => Promise<string>;

/** A {@link LargeDigest} that hashes in one go (the CLI, tests). */
export function inOneGo(digest: Digest): LargeDigest {
  return (bytes) => Promise.resolve(digest(bytes));
}

/** Everything an entry is keyed by. */
export interface CacheKey {
  readonly format: number;
  readonly parser: number;
  /** The release that wrote the entry (the extension's version): another release never reads it. */
  readonly release: string;
  readonly uri: string;
  readonly path: string;
  readonly explicit: boolean;
  readonly size: number;
  readonly mtime: number;
  /** Digest of the file's content. */
  readonly content: string;
}

interface Header extends CacheKey {
  /** Payload length in bytes. */
  readonly length: number;
  /** Digest of the payload. */
  readonly check: string;
}

const KEY_FIELDS: ReadonlyArray<keyof CacheKey> = ['format', 'parser', 'release', 'uri', 'path', 'explicit', 'size', 'mtime', 'content'];

export function cacheKey(ref: SourceRef, stat: StoreStat, content: string, release = ''): CacheKey {
  return { format: CACHE_FORMAT, parser: PARSER_VERSION, release, uri: ref.uri, path: ref.path, explicit: ref.explicit, size: stat.size, mtime: stat.mtime, content };
}

/** Lets other work run (the extension passes a macrotask yield); resolves at once by default. */
export type Pause = () => Promise<void>;
const noPause: Pause = () => Promise.resolve();

const encoder = new TextEncoder();

/**
 * The payload of an entry, line by line: a JSON line with the file's path, uri, format and
 * problems, then one JSON line per {@link CHUNK} records. The parse worker sends a parse result
 * to the extension host in this form too (`parse-worker.ts`): decoding it with `JSON.parse`
 * gives compact strings (one byte per character where the text allows), where a structured
 * clone keeps each field as the parser made it (two bytes per character when the file has a
 * single character past U+00FF).
 */
export function* payloadLines(parsed: ParsedSource): Generator<Uint8Array, void, void> {
  for (const text of payloadTexts(parsed)) {
    yield encoder.encode(text);
  }
}

/**
 * {@link payloadLines} as text, each line ending in `\n`. The parse worker posts these as it
 * makes them, so the host decodes one while the worker writes the next, and encodes them to
 * bytes (for the cache) only after the last one is posted.
 */
export function* payloadTexts(parsed: ParsedSource): Generator<string, void, void> {
  yield JSON.stringify({ path: parsed.path, uri: parsed.uri, format: parsed.format ?? null, problems: parsed.problems, ...(parsed.skipped === undefined ? {} : { skipped: parsed.skipped }), chunks: Math.ceil(parsed.records.length / CHUNK) }) + '\n';
  for (let i = 0; i < parsed.records.length; i += CHUNK) {
    yield JSON.stringify(parsed.records.slice(i, i + CHUNK)) + '\n';
  }
}

/** The whole payload of `parsed` at once (the parse worker: it has no other work to let run). */
export function encodePayload(parsed: ParsedSource): Uint8Array {
  return concat([...payloadLines(parsed)]);
}

/**
 * Encodes one entry; pauses between chunks of records. `payload`, when given, is the payload of
 * `parsed` made already (by the parse worker): it is used as it is, not encoded again.
 */
export async function encodeEntry(key: CacheKey, parsed: ParsedSource, digest: Digest, pause: Pause = noPause, large: LargeDigest = inOneGo(digest), made?: Uint8Array): Promise<Uint8Array> {
  let payload = made;
  if (!payload) {
    const parts: Uint8Array[] = [];
    for (const line of payloadLines(parsed)) {
      if (parts.length > 1) {
        await pause();
      }
      parts.push(line);
    }
    payload = concat(parts);
  }
  const header: Header = { ...pick(key), length: payload.length, check: await large(payload) };
  return concat([encoder.encode(MAGIC + JSON.stringify(header) + '\n'), payload]);
}

function pick(key: CacheKey): CacheKey {
  return { format: key.format, parser: key.parser, release: key.release, uri: key.uri, path: key.path, explicit: key.explicit, size: key.size, mtime: key.mtime, content: key.content };
}

/** Why an entry was not used (for statistics and logs). */
export type Rejection = 'damaged' | 'stale';

/**
 * Decodes an entry made for exactly `key`. Undefined (with the reason) when it is damaged (bad
 * magic, header, length, digest or shape) or stale (made from another file, content, format or
 * version). Never throws.
 */
export async function decodeEntry(bytes: Uint8Array, key: CacheKey, digest: Digest, pause: Pause = noPause, large: LargeDigest = inOneGo(digest)): Promise<ParsedSource | Rejection> {
  try {
    return await decode(bytes, key, large, pause);
  } catch {
    return 'damaged';
  }
}

const NEWLINE = 0x0a;

async function decode(bytes: Uint8Array, key: CacheKey, digest: LargeDigest, pause: Pause): Promise<ParsedSource | Rejection> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const magic = encoder.encode(MAGIC);
  if (bytes.length < magic.length || magic.some((b, i) => bytes[i] !== b)) {
    return 'damaged';
  }
  const headerEnd = bytes.indexOf(NEWLINE, magic.length);
  if (headerEnd < 0) {
    return 'damaged';
  }
  const header = JSON.parse(decoder.decode(bytes.subarray(magic.length, headerEnd))) as Partial<Header> | null;
  if (typeof header !== 'object' || header === null) {
    return 'damaged';
  }
  if (header.format !== CACHE_FORMAT || header.parser !== PARSER_VERSION) {
    return 'stale'; // another release's entry: never read further
  }
  for (const field of KEY_FIELDS) {
    if (header[field] !== key[field]) {
      return 'stale';
    }
  }
  const payload = bytes.subarray(headerEnd + 1);
  if (header.length !== payload.length || typeof header.check !== 'string' || (await digest(payload)) !== header.check) {
    return 'damaged';
  }
  await pause();
  return decodePayload(payload, key.path, key.uri, pause);
}

/**
 * Decodes a payload ({@link payloadLines}) of the file `path`; pauses between chunks of
 * records. 'damaged' when its shape, JSON or UTF-8 is wrong or it names another file.
 */
export async function decodePayload(payload: Uint8Array, path: string, uri: string | undefined, pause: Pause = noPause): Promise<ParsedSource | 'damaged'> {
  const text = new TextDecoder('utf-8', { fatal: true });
  const decoder = new PayloadDecoder(path, uri);
  let at = 0;
  while (at < payload.length) {
    const end = payload.indexOf(NEWLINE, at);
    if (end < 0) {
      return 'damaged'; // a line without its end
    }
    let line: string;
    try {
      line = text.decode(payload.subarray(at, end));
    } catch {
      return 'damaged'; // not UTF-8
    }
    if (!decoder.line(line)) {
      return 'damaged';
    }
    at = end + 1;
    if (at < payload.length) {
      await pause();
    }
  }
  return decoder.finish();
}

/**
 * Decodes a payload line by line, as the lines come (from an entry's bytes, or posted one by
 * one by the parse worker): the head line, then the chunks of records it announces.
 */
export class PayloadDecoder {
  private head: { format: ParsedSource['format']; problems: Problem[]; skipped?: string; chunks: number } | undefined;
  private readonly records: PaperRecord[] = [];
  private chunks = 0;
  private damaged = false;

  constructor(
    private readonly path: string,
    private readonly uri: string | undefined,
  ) {}

  /** Takes the next line (its JSON text); false, from now on, once the payload is damaged. */
  line(text: string): boolean {
    if (this.damaged) {
      return false;
    }
    try {
      this.damaged = !this.take(JSON.parse(text) as unknown);
    } catch {
      this.damaged = true;
    }
    return !this.damaged;
  }

  private take(value: unknown): boolean {
    if (!this.head) {
      const head = value as { path?: unknown; uri?: unknown; format?: unknown; problems?: unknown; skipped?: unknown; chunks?: unknown } | null;
      if (typeof head !== 'object' || head === null || head.path !== this.path || (head.uri !== undefined && typeof head.uri !== 'string') || (head.format !== null && typeof head.format !== 'string') || !Array.isArray(head.problems) || typeof head.chunks !== 'number' || (head.skipped !== undefined && typeof head.skipped !== 'string')) {
        return false;
      }
      if (!head.problems.every(isProblem)) {
        return false;
      }
      this.head = { format: (head.format ?? undefined) as ParsedSource['format'], problems: head.problems as Problem[], chunks: head.chunks, ...(typeof head.skipped === 'string' ? { skipped: head.skipped } : {}) };
      return true;
    }
    if (this.chunks >= this.head.chunks || !Array.isArray(value) || !value.every(isRecord)) {
      return false;
    }
    for (const r of value) {
      this.records.push(r);
    }
    this.chunks++;
    return true;
  }

  /** The parse, when every announced line came and none was damaged. */
  finish(): ParsedSource | 'damaged' {
    const head = this.head;
    if (this.damaged || !head || this.chunks !== head.chunks) {
      return 'damaged';
    }
    const uri = this.uri;
    return { path: this.path, ...(uri === undefined ? {} : { uri }), format: head.format, records: this.records, problems: head.problems, ...(head.skipped === undefined ? {} : { skipped: head.skipped }) };
  }
}

function isProblem(p: unknown): boolean {
  const x = p as Partial<Problem> | null;
  return typeof x === 'object' && x !== null && typeof x.path === 'string' && typeof x.line === 'number' && typeof x.message === 'string' && (x.severity === 'error' || x.severity === 'warning');
}

function isRecord(r: unknown): r is PaperRecord {
  const x = r as Partial<PaperRecord> | null;
  return typeof x === 'object' && x !== null && typeof x.title === 'string' && Array.isArray(x.authors) && Array.isArray(x.tags) && Array.isArray(x.sources);
}

export interface CacheStats {
  /** Parses taken from the cache. */
  hits: number;
  /** Files with no usable entry (none, stale or damaged). */
  misses: number;
  /** Entries found damaged (and replaced by the next write). */
  damaged: number;
  /** Entries written. */
  written: number;
  /** Entries deleted to stay under the size cap, or because their source is gone. */
  evicted: number;
}

export interface ParseCacheOptions {
  readonly store: Store;
  /** The cache folder's URI. */
  readonly folder: string;
  readonly digest: Digest;
  /** The digest of whole files and payloads (default: {@link digest} in one go). */
  readonly largeDigest?: LargeDigest;
  /** Size cap of the folder, in bytes (a function: read at each flush, e.g. from a setting). */
  readonly maxBytes: number | (() => number);
  /** The running release (the extension's version); entries of other releases are not read. */
  readonly release?: string;
  readonly pause?: Pause;
  readonly log?: (message: string) => void;
}

interface Pending {
  readonly key: CacheKey;
  readonly parsed: ParsedSource;
  readonly payload: PayloadBytes | undefined;
}

export class ParseCache implements ParseCacheLike {
  readonly stats: CacheStats = { hits: 0, misses: 0, damaged: 0, written: 0, evicted: 0 };
  private readonly pending = new Map<string, Pending>();
  /** Content digests computed by `get`, reused by `put` (by URI). */
  private readonly digests = new Map<string, { bytes: Uint8Array; content: string }>();
  /**
   * The content digest of each entry this cache read or wrote (by URI): a file whose content
   * differs is known stale without reading its entry (a 150 MB entry after an edit).
   */
  private readonly known = new Map<string, string>();
  /** Entry names used or written since the last `flush` (kept when pruning). */
  private readonly live = new Set<string>();
  private readonly encoder = new TextEncoder();
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: ParseCacheOptions) {}

  private maxBytes(): number {
    const cap = this.options.maxBytes;
    return typeof cap === 'function' ? cap() : cap;
  }

  /** The entry file name of a source URI. */
  entryName(uri: string): string {
    return this.options.digest(this.encoder.encode(uri)).slice(0, 40) + ENTRY_SUFFIX;
  }

  private entryUri(uri: string): string {
    return this.options.store.join(this.options.folder, this.entryName(uri));
  }

  private get large(): LargeDigest {
    return this.options.largeDigest ?? inOneGo(this.options.digest);
  }

  /** The digest of a file's content, kept for the `get` or `put` of the same bytes that follows. */
  async contentDigest(uri: string, bytes: Uint8Array): Promise<string> {
    const known = this.digests.get(uri);
    if (known && known.bytes === bytes) {
      return known.content;
    }
    const content = await this.large(bytes);
    this.digests.set(uri, { bytes, content });
    return content;
  }

  /** As {@link contentDigest}, at once (`put` follows a `get` of the same bytes, which kept it). */
  private content(uri: string, bytes: Uint8Array): string {
    const known = this.digests.get(uri);
    if (known && known.bytes === bytes) {
      return known.content;
    }
    const content = this.options.digest(bytes);
    this.digests.set(uri, { bytes, content });
    return content;
  }

  /** Drops the digests kept for files that were not parsed after all (the library came from its snapshot). */
  forgetDigests(): void {
    this.digests.clear();
  }

  async get(ref: SourceRef, stat: StoreStat, bytes: Uint8Array): Promise<ParsedSource | undefined> {
    const key = cacheKey(ref, stat, await this.contentDigest(ref.uri, bytes), this.options.release);
    const known = this.known.get(ref.uri);
    if (known !== undefined && known !== key.content) {
      this.stats.misses++;
      return undefined;
    }
    let data: Uint8Array;
    try {
      data = await this.options.store.read(this.entryUri(ref.uri));
    } catch {
      this.stats.misses++;
      return undefined;
    }
    const result = await decodeEntry(data, key, this.options.digest, this.options.pause, this.large);
    if (typeof result === 'string') {
      this.stats.misses++;
      if (result === 'damaged') {
        this.stats.damaged++;
        this.options.log?.(`Parse cache: the entry of ${ref.path} is damaged; it is discarded and rebuilt`);
      }
      return undefined;
    }
    this.digests.delete(ref.uri);
    this.known.set(ref.uri, key.content);
    this.stats.hits++;
    this.live.add(this.entryName(ref.uri));
    return result;
  }

  put(ref: SourceRef, stat: StoreStat, bytes: Uint8Array, parsed: ParsedSource, payload?: PayloadBytes): void {
    const key = cacheKey(ref, stat, this.content(ref.uri, bytes), this.options.release);
    this.digests.delete(ref.uri);
    this.pending.set(this.entryName(ref.uri), { key, parsed, payload });
  }

  /** Whether parses wait to be written. */
  get dirty(): boolean {
    return this.pending.size > 0;
  }

  /**
   * Writes the parses remembered since the last flush, one entry at a time, then keeps the
   * folder under the cap. With `keep`, entries of other sources (gone from the workspace) are
   * deleted. Never throws: a cache that cannot be written only costs speed.
   */
  flush(keep?: readonly string[]): Promise<void> {
    const run = (): Promise<void> => this.flushNow(keep);
    this.flushing = this.flushing.then(run, run);
    return this.flushing;
  }

  private async flushNow(keep: readonly string[] | undefined): Promise<void> {
    const { store, folder, digest, pause } = this.options;
    const maxBytes = this.maxBytes();
    const entries = [...this.pending.entries()];
    this.pending.clear();
    this.digests.clear();
    for (const [name, { key, parsed, payload }] of entries) {
      try {
        const bytes = await encodeEntry(key, parsed, digest, pause, this.large, await payload);
        if (bytes.length > maxBytes) {
          this.options.log?.(`Parse cache: ${key.path} is not cached (${(bytes.length / 1048576).toFixed(1)} MB is over the cache's size limit)`);
          continue;
        }
        await store.write(store.join(folder, name), bytes);
        this.known.set(key.uri, key.content);
        this.stats.written++;
        this.live.add(name);
      } catch (error) {
        this.options.log?.(`Parse cache: cannot write the entry of ${key.path}: ${store.reason(error)}`);
      }
    }
    try {
      await this.trim(keep ? new Set(keep.map((uri) => this.entryName(uri))) : undefined, maxBytes);
    } catch (error) {
      this.options.log?.(`Parse cache: cannot tidy ${folder}: ${store.reason(error)}`);
    }
  }

  /** Deletes entries of sources not in `keep`, stale temporaries, then the oldest entries over the cap. */
  private async trim(keep: ReadonlySet<string> | undefined, maxBytes: number): Promise<void> {
    const { store, folder } = this.options;
    let listed;
    try {
      listed = await store.list(folder);
    } catch {
      return; // no folder yet
    }
    const now = Date.now();
    const entries: Array<{ uri: string; name: string; size: number; mtime: number }> = [];
    for (const e of listed) {
      if (e.type !== 'file') {
        continue;
      }
      const stat = await store.stat(e.uri).catch(() => undefined);
      if (!stat) {
        continue;
      }
      if (e.name.endsWith('.tmp')) {
        if (now - stat.mtime > STALE_TEMP_MS) {
          await store.delete(e.uri);
        }
      } else if (e.name.endsWith(ENTRY_SUFFIX)) {
        if (keep && !keep.has(e.name)) {
          await store.delete(e.uri);
          this.stats.evicted++;
        } else {
          entries.push({ uri: e.uri, name: e.name, size: stat.size, mtime: stat.mtime });
        }
      }
    }
    let total = entries.reduce((n, e) => n + e.size, 0);
    // Oldest first; entries in use this session go last.
    entries.sort((a, b) => Number(this.live.has(a.name)) - Number(this.live.has(b.name)) || a.mtime - b.mtime);
    for (const e of entries) {
      if (total <= maxBytes) {
        break;
      }
      await store.delete(e.uri);
      total -= e.size;
      this.stats.evicted++;
    }
  }

  /** Deletes every entry. Returns the bytes freed. */
  async clear(): Promise<number> {
    await this.flushing.catch(() => undefined);
    this.pending.clear();
    this.digests.clear();
    this.known.clear();
    this.live.clear();
    const { store, folder } = this.options;
    let freed = 0;
    try {
      for (const e of await store.list(folder)) {
        freed += (await store.stat(e.uri).catch(() => undefined))?.size ?? 0;
      }
    } catch {
      return 0;
    }
    await store.delete(folder);
    return freed;
  }
}
