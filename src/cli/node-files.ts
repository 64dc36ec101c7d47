/** File discovery and reading for the CLI, over node fs. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ParseCacheLike } from '../core/load';
import type { ReadSource } from '../core/load';
import type { FoundSource } from '../core/load';
import { findAndLoad, findAndRead, findSources, readFound } from '../core/load';
import type { ParsedSource } from '../core/sources';
import { NodeStore } from './node-store';

/** The CLI's default size limit for one source file. */
export const CLI_MAX_FILE_BYTES = 200 * 1024 * 1024;

/**
 * Reads every source under the given files and folders (folders recursively), through the one
 * load the extension uses too (`core/load.ts`). Files named explicitly must be sources; files
 * found in folders are sources only when their content says so.
 */
export async function readSources(inputs: readonly string[], maxBytes = CLI_MAX_FILE_BYTES, options: { store?: NodeStore; cache?: ParseCacheLike } = {}): Promise<ParsedSource[]> {
  const store = options.store ?? new NodeStore();
  return findAndLoad(
    store,
    inputs.map((input) => ({ uri: path.resolve(input), path: input })),
    { maxBytes, cache: options.cache },
    (parent, name) => path.join(parent, name),
  );
}

/** Reads (without parsing) every source under the given files and folders, as {@link readSources} finds them. */
export async function readInputs(inputs: readonly string[], maxBytes = CLI_MAX_FILE_BYTES, store: NodeStore = new NodeStore()): Promise<ReadSource[]> {
  return findAndRead(
    store,
    inputs.map((input) => ({ uri: path.resolve(input), path: input })),
    { maxBytes },
    (parent, name) => path.join(parent, name),
  );
}

/** A file's text, or undefined when it does not exist (other errors are thrown). */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/** The sources under the given files and folders, as {@link readInputs} finds them, stat'ed but not read. */
export async function findInputs(inputs: readonly string[], store: NodeStore = new NodeStore()): Promise<FoundSource[]> {
  return findSources(
    store,
    inputs.map((input) => ({ uri: path.resolve(input), path: input })),
    (parent, name) => path.join(parent, name),
  );
}

/** Reads what {@link findInputs} found. */
export async function readFoundInputs(found: readonly FoundSource[], maxBytes = CLI_MAX_FILE_BYTES, store: NodeStore = new NodeStore()): Promise<ReadSource[]> {
  return readFound(store, found, { maxBytes });
}
