/**
 * Finding and loading paper sources through the I/O port (`core/store.ts`): the one load the CLI
 * and the extension share. The skip list, the size limit and the wording of an unreadable file
 * live here only. A file that cannot be read is reported once, as a problem of that file, and
 * the rest still load. Each parse keeps the source's URI beside its display path.
 */
import { problem } from './model';
import type { ParsedSource } from './sources';
import { CANDIDATE_EXTENSIONS, parseSourceBytes } from './sources';
import type { Store, StoreStat } from './store';

/** Folders never searched for sources (besides hidden ones, whose name starts with a dot). */
export const SKIPPED_FOLDERS: readonly string[] = ['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.code-server', '.vscode-test'];

/** Whether a folder of this name is skipped when searching for sources. */
export function isSkippedFolder(name: string): boolean {
  return name.startsWith('.') || SKIPPED_FOLDERS.includes(name);
}

/** The same rule as a glob for a workspace search (`vscode.workspace.findFiles`'s exclude). */
export const SKIPPED_FOLDER_GLOBS: readonly string[] = ['**/.*/**', ...SKIPPED_FOLDERS.filter((n) => !n.startsWith('.')).map((n) => `**/${n}/**`)];

/** Whether a file name ends like a source worth opening when scanning folders. */
export function isCandidateName(name: string): boolean {
  const lower = name.toLowerCase();
  return CANDIDATE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** One source file to load. */
export interface SourceRef {
  /** The store's URI of the file. */
  readonly uri: string;
  /** How messages and records name it (workspace-relative, or as the user typed it). */
  readonly path: string;
  /** Named explicitly (not found by scanning): content that matches no format is then a problem. */
  readonly explicit: boolean;
}

/** What a load needs besides the store. */
export interface LoadOptions {
  /** Files bigger than this are skipped, with a problem. */
  readonly maxBytes: number;
  /** How the size limit is named in messages: the setting or option that changes it. */
  readonly limitName?: string;
  /**
   * Parses a file's bytes (the extension parses in a worker, which also hands over the parse
   * cache's payload of its parse); default: `parseSourceBytes` here.
   */
  readonly parse?: (ref: SourceRef, bytes: Uint8Array) => Promise<ParsedSource | ParsedWithPayload>;
  /** A reason not to read a file at all (e.g. restricted mode), or undefined. */
  readonly refuse?: (ref: SourceRef) => Promise<string | undefined>;
  /** Parses kept from an earlier load (the persistent cache). */
  readonly cache?: ParseCacheLike;
}

/** A parse with its parse cache payload (`core/parse-cache.ts` `payloadLines`), made by the parser. */
export interface ParsedWithPayload {
  readonly parsed: ParsedSource;
  /** The payload's bytes; a promise when they come later (the parse worker posts them last), undefined if they never come. */
  readonly payload: PayloadBytes;
}

/** A parse's payload bytes, now or later. */
export type PayloadBytes = Uint8Array | Promise<Uint8Array | undefined>;

/** The part of the parse cache a load uses (see `core/parse-cache.ts`). */
export interface ParseCacheLike {
  /** The cached parse of these exact bytes of this file, or undefined. Never throws. */
  get(ref: SourceRef, stat: StoreStat, bytes: Uint8Array): Promise<ParsedSource | undefined>;
  /** Remembers a fresh parse of these bytes (and its payload, when made already), to be written later. */
  put(ref: SourceRef, stat: StoreStat, bytes: Uint8Array, parsed: ParsedSource, payload?: PayloadBytes): void;
}

/** The problem of a file that could not be read. */
export function unreadable(path: string, reason: string, uri?: string): ParsedSource {
  return { path, uri, format: undefined, records: [], problems: [problem(path, 1, `Cannot read: ${reason}`)] };
}

/** The problem of a file over the size limit. */
export function overSizeLimit(path: string, size: number, maxBytes: number, limitName = 'file size', uri?: string): ParsedSource {
  return { path, uri, format: undefined, records: [], problems: [problem(path, 1, `Skipped: ${(size / 1048576).toFixed(1)} MB is over the ${limitName} limit (${Math.round(maxBytes / 1048576)} MB)`)] };
}

/**
 * A source file read but not parsed yet: its bytes, or (refused, too big, unreadable) the
 * problem that is its whole parse. Reading first lets a load check the whole library's
 * identity (`core/library-snapshot.ts`) before parsing anything.
 */
export type ReadSource = { readonly ref: SourceRef; readonly stat: StoreStat; readonly bytes: Uint8Array } | { readonly ref: SourceRef; readonly done: ParsedSource };

/** Reads one source file. Never throws: a file that cannot be read is a problem of the file. */
export async function readSource(store: Store, ref: SourceRef, options: Pick<LoadOptions, 'maxBytes' | 'limitName' | 'refuse'>, stat?: StoreStat): Promise<ReadSource> {
  try {
    const refusal = await options.refuse?.(ref);
    if (refusal !== undefined) {
      return { ref, done: { path: ref.path, uri: ref.uri, format: undefined, records: [], problems: [problem(ref.path, 1, `Skipped: ${refusal}`, 'warning')] } };
    }
    stat ??= await store.stat(ref.uri);
    if (stat.size > options.maxBytes) {
      return { ref, done: overSizeLimit(ref.path, stat.size, options.maxBytes, options.limitName, ref.uri) };
    }
    return { ref, stat, bytes: await store.read(ref.uri) };
  } catch (error) {
    return { ref, done: unreadable(ref.path, store.reason(error), ref.uri) };
  }
}

/** Parses a read source file: from the parse cache when it holds these bytes, else parsed (and remembered). */
export async function parseRead(read: ReadSource, options: Pick<LoadOptions, 'parse' | 'cache'>): Promise<ParsedSource> {
  if ('done' in read) {
    return read.done;
  }
  const { ref, stat, bytes } = read;
  const cached = await options.cache?.get(ref, stat, bytes);
  if (cached) {
    return cached;
  }
  const made = options.parse ? await options.parse(ref, bytes) : parseSourceBytes(ref.path, bytes, { explicit: ref.explicit });
  const [parsed, payload] = 'payload' in made ? [made.parsed, made.payload] : [made, undefined];
  const result = parsed.uri === ref.uri ? parsed : { ...parsed, uri: ref.uri };
  options.cache?.put(ref, stat, bytes, result, payload);
  return result;
}

/**
 * Reads and parses one source file. Never throws for a file that cannot be read (that is a
 * problem of the file); only the `parse` option's own errors (e.g. cancellation) pass through.
 * `stat` is the file's stat when the caller already has it.
 */
export async function loadSource(store: Store, ref: SourceRef, options: LoadOptions, stat?: StoreStat): Promise<ParsedSource> {
  return parseRead(await readSource(store, ref, options, stat), options);
}

/** The candidate files under a folder, recursively, skipping `isSkippedFolder`, sorted by name at each level. */
export async function walkSources(store: Store, folder: string, folderPath: string, join: (parent: string, name: string) => string): Promise<SourceRef[]> {
  const out: SourceRef[] = [];
  const walk = async (uri: string, path: string): Promise<void> => {
    const entries = (await store.list(uri)).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.type === 'directory') {
        if (!isSkippedFolder(e.name)) {
          await walk(e.uri, join(path, e.name));
        }
      } else if (e.type === 'file' && isCandidateName(e.name)) {
        out.push({ uri: e.uri, path: join(path, e.name), explicit: false });
      }
    }
  };
  await walk(folder, folderPath);
  return out;
}

/** A source found on a command line, not yet read: its stat, or what stands for it when it cannot be read. */
export type FoundSource = { readonly ref: SourceRef; readonly stat: StoreStat } | { readonly ref: SourceRef; readonly done: ParsedSource };

/**
 * The sources named on a command line, stat'ed but not read: files (explicit) and folders
 * (scanned). An input that cannot be read is reported once. `path` is how each input is named in
 * messages. The CLI's `--cache` knows many of them unchanged by their stat alone.
 */
export async function findSources(store: Store, inputs: ReadonlyArray<{ uri: string; path: string }>, join: (parent: string, name: string) => string): Promise<FoundSource[]> {
  const results: FoundSource[] = [];
  for (const input of inputs) {
    const ref: SourceRef = { ...input, explicit: true };
    let stat: StoreStat;
    try {
      stat = await store.stat(input.uri);
    } catch (error) {
      results.push({ ref, done: unreadable(input.path, store.reason(error), input.uri) });
      continue;
    }
    if (stat.type === 'directory') {
      let refs: SourceRef[];
      try {
        refs = await walkSources(store, input.uri, input.path, join);
      } catch (error) {
        results.push({ ref, done: unreadable(input.path, store.reason(error), input.uri) });
        continue;
      }
      for (const r of refs) {
        try {
          results.push({ ref: r, stat: await store.stat(r.uri) });
        } catch (error) {
          results.push({ ref: r, done: unreadable(r.path, store.reason(error), r.uri) });
        }
      }
    } else {
      results.push({ ref, stat });
    }
  }
  return results;
}

/** Reads what {@link findSources} found. */
export async function readFound(store: Store, found: readonly FoundSource[], options: Pick<LoadOptions, 'maxBytes' | 'limitName' | 'refuse'>): Promise<ReadSource[]> {
  const results: ReadSource[] = [];
  for (const f of found) {
    results.push('done' in f ? f : await readSource(store, f.ref, options, f.stat));
  }
  return results;
}

/** The sources named on a command line, read (see {@link findSources}). */
export async function findAndRead(store: Store, inputs: ReadonlyArray<{ uri: string; path: string }>, options: Pick<LoadOptions, 'maxBytes' | 'limitName' | 'refuse'>, join: (parent: string, name: string) => string): Promise<ReadSource[]> {
  return readFound(store, await findSources(store, inputs, join), options);
}

/** The sources named on a command line, read and parsed (see {@link findAndRead}). */
export async function findAndLoad(store: Store, inputs: ReadonlyArray<{ uri: string; path: string }>, options: LoadOptions, join: (parent: string, name: string) => string): Promise<ParsedSource[]> {
  const results: ParsedSource[] = [];
  for (const read of await findAndRead(store, inputs, options, join)) {
    results.push(await parseRead(read, options));
  }
  return results;
}
