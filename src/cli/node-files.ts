/** File discovery and reading for the CLI, over node fs. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ParsedSource } from '../core/sources';
import { CANDIDATE_EXTENSIONS, parseSourceBytes } from '../core/sources';
import { problem } from '../core/model';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.code-server', '.vscode-test']);

function isCandidate(file: string): boolean {
  const lower = file.toLowerCase();
  return CANDIDATE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) {
        await walk(full, out);
      }
    } else if (e.isFile() && isCandidate(e.name)) {
      out.push(full);
    }
  }
}

/**
 * Reads every source under the given files and folders (folders recursively). Files named
 * explicitly must be sources; files found in folders are sources only when their content says so.
 */
export async function readSources(inputs: readonly string[], maxBytes = 200 * 1024 * 1024): Promise<ParsedSource[]> {
  const results: ParsedSource[] = [];
  for (const input of inputs) {
    let stat;
    try {
      stat = await fs.stat(input);
    } catch (error) {
      results.push({ path: input, format: undefined, records: [], problems: [problem(input, 1, `Cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)] });
      continue;
    }
    const files: Array<{ file: string; explicit: boolean }> = [];
    if (stat.isDirectory()) {
      const found: string[] = [];
      await walk(input, found);
      for (const file of found) {
        files.push({ file, explicit: false });
      }
    } else {
      files.push({ file: input, explicit: true });
    }
    for (const { file, explicit } of files) {
      results.push(await readOne(file, explicit, maxBytes));
    }
  }
  return results;
}

async function readOne(file: string, explicit: boolean, maxBytes: number): Promise<ParsedSource> {
  try {
    const { size } = await fs.stat(file);
    if (size > maxBytes) {
      return { path: file, format: undefined, records: [], problems: [problem(file, 1, `Skipped: ${(size / 1048576).toFixed(1)} MB is over the ${(maxBytes / 1048576).toFixed(0)} MB limit`)] };
    }
    return parseSourceBytes(file, await fs.readFile(file), { explicit });
  } catch (error) {
    return { path: file, format: undefined, records: [], problems: [problem(file, 1, `Cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)] };
  }
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
