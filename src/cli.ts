/**
 * `litnotes`: the command-line face of the Lit Notes core.
 *
 *   litnotes records [--json] PATH…
 *   litnotes notes --workspace DIR [--dry-run] [--key KEY…] [--json] PATH…
 *   litnotes search QUERY [--limit N] [--json] PATH…  |  litnotes search --queries FILE|- PATH…
 *   litnotes export --format bibtex|csl-json [--out FILE] PATH…
 *   litnotes cite [--format pandoc|latex|wiki|markdown-link] [--key KEY]… [--workspace DIR] [--json] PATH…
 *   litnotes fetch daily|paper …   (src/cli/fetch.ts)
 *   litnotes bib sync --doc FILE [--workspace DIR] [--dry-run] [--json] PATH…
 */
import { plural, trimTrailing } from './core/text';
import { buildLibrary, formatProblem } from './core/library';
import type { Library } from './core/library';
import type { Paper } from './core/model';
import * as path from 'node:path';
import { CLI_MAX_FILE_BYTES, findInputs, readFoundInputs } from './cli/node-files';
import type { ReadSource } from './core/load';
import { parseRead } from './core/load';
import type { SnapshotLibrary } from './core/library-snapshot';
import { LibrarySnapshots, fileIdentity, sourceIdentity } from './core/library-snapshot';
import { StampedDigests } from './cli/stamped-digests';
import { NodeStore } from './cli/node-store';
import { DEFAULT_CACHE_MAX_MB, ParseCache } from './core/parse-cache';
import { sha256 } from './platform/digest';
import { version } from '../package.json';
import { createNotes } from './cli/notes';
import { FETCH_OPTIONS, fetchCommand } from './cli/fetch';
import { readFile, writeFile } from 'node:fs/promises';
import { SearchIndex } from './core/search';
import { toBibtex } from './core/export/bibtex';
import { toCslJson } from './core/export/csl-json';
import { bibtexExportHeader } from './core/export/marker';
import type { ConcreteFormat } from './core/cite/format';
import { citeKeyFor, formatCitation } from './core/cite/format';
import { noteFileName } from './core/notes/file-name';
import { notesByKey, noteOf } from './core/notes/plan';
import type { WorkspaceKeys } from './cli/workspace';
import { pinKeys, readWorkspaceKeys } from './cli/workspace';
import type { Problem } from './core/model';
import { BibUsageError, bibCommand } from './cli/bib';

const USAGE = `Usage: litnotes <command> [options] PATH…

Commands:
  records [--json] [--workspace DIR] PATH…
                           Load papers from files or folders (recursively) and list them.
  notes --workspace DIR [--dry-run] [--key KEY…] [--folder papers] [--file-name {key}]
        [--template FILE] [--json] PATH…
                           Create a markdown note stub per paper in DIR/<folder>, never
                           overwriting an existing note; --key limits it to some papers.
  search QUERY [--limit N] [--json] PATH…
                           Fuzzy search (typos, any word order, @key) with the extension's engine.
  search --queries FILE|- [--limit N] PATH…
                           One query per line; prints one JSON line per query:
                           {"query", "keys": [...], "ms"} (ms = search time alone).
  export --format bibtex|csl-json [--out FILE] [--workspace DIR] PATH…
                           Write the merged library as BibTeX or CSL-JSON (stdout by default).
  cite [--format pandoc|latex|wiki|markdown-link] [--key KEY]… [--workspace DIR] [--json] PATH…
                           Print the citation the extension would insert for each key (a source
                           key, an alias or a generated key), or one per paper without --key.
                           --json: {"citations": [{"key", "citation"}], "problems": [...]};
                           an unknown key gets "citation": null, a problem and exit status 1.
  fetch daily --date YYYY-MM-DD [--to YYYY-MM-DD] --out DIR [--json] [--hf-url URL]
                           Save each day's Hugging Face Daily Papers as DIR/hf-daily-DATE.json.
  fetch paper ID|URL… --out DIR [--json] [--hf-url URL] [--arxiv-url URL]
                           Add papers (arXiv ids, arXiv or Hugging Face URLs) to DIR/added.json:
                           Hugging Face first, arXiv when it does not know the paper.
                           HF_TOKEN, when set, is sent to the Hugging Face host only. --json prints
                           {"files": [...], "papers": N, "problems": [{"message", …}]}.
  bib sync --doc FILE [--workspace DIR] [--dry-run] [--json] PATH…
                           Append every paper FILE cites and its own bibliography lacks (its
                           frontmatter bibliography:, \\bibliography{} or \\addbibresource{}) as
                           BibTeX (CSL-JSON for a .json file), under the key cited; entries already
                           there never change. --json: {"added", "unused", "unknown",
                           "bibliography"}; exit status 1 when a cited key is unknown.

--workspace DIR: keys pinned in DIR are honoured (note frontmatter citekeys in --folder, default
papers, and the key lock DIR/.litnotes/citekeys.json, or --lock FILE); notes, export and cite
record the generated keys they use in the lock, as the extension does.

--cache DIR: keep each source's parse in DIR and reuse it while the file is unchanged (same
size, modification time and content), so a later run skips parsing: the extension's cache,
for any command that loads PATH (records, notes, search, export, cite, bib sync).
LITNOTES_CACHE_STATS=1 prints the cache's hits and writes on stderr.

PATH may be a Daily Papers page (.txt), Hugging Face papers JSON, BibTeX, CSL-JSON or RIS file,
or a folder to scan. Problems are reported as path:line: message.
Exit status: 0 when at least one source was read (fetch: something was fetched), 1 when none
could be, 2 for usage errors.`;

interface Args {
  command: string | undefined;
  json: boolean;
  dryRun: boolean;
  paths: string[];
  keys: string[];
  options: Map<string, string>;
}

const VALUE_OPTIONS = new Set(['--workspace', '--folder', '--file-name', '--template', '--limit', '--queries', '--format', '--out', '--lock', '--doc', '--cache', ...FETCH_OPTIONS]);

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { command: undefined, json: false, dryRun: false, paths: [], keys: [], options: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--json') {
      args.json = true;
    } else if (a === '--dry-run') {
      args.dryRun = true;
    } else if (a === '--key') {
      const v = argv[++i];
      if (v === undefined) {
        throw new UsageError('--key needs a value');
      }
      args.keys.push(v);
    } else if (VALUE_OPTIONS.has(a)) {
      const v = argv[++i];
      if (v === undefined) {
        throw new UsageError(`${a} needs a value`);
      }
      args.options.set(a, v);
    } else if (a === '-h' || a === '--help') {
      args.command = 'help';
    } else if (a.startsWith('--')) {
      throw new UsageError(`Unknown option ${a}`);
    } else if (args.command === undefined) {
      args.command = a;
    } else {
      args.paths.push(a);
    }
  }
  return args;
}

class UsageError extends Error {}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, width - 1) + '…';
}

function table(papers: readonly Paper[]): string {
  const keyWidth = Math.min(32, papers.reduce((w, p) => Math.max(w, p.key.length), 3));
  const lines = [`${'KEY'.padEnd(keyWidth)}  DATE        TITLE`];
  for (const p of papers) {
    lines.push(`${truncate(p.key, keyWidth).padEnd(keyWidth)}  ${(p.date ?? '').padEnd(10)}  ${truncate(p.title, 90)}`);
  }
  return lines.join('\n');
}

function problemsJson(problems: readonly Problem[]): Array<Pick<Problem, 'path' | 'line' | 'message' | 'severity'>> {
  return problems.map(({ path, line, message, severity }) => ({ path, line, message, severity }));
}

function toJson(library: Library, problems: readonly Problem[]): string {
  return JSON.stringify({ records: library.papers.map((p) => ({ ...p, aliases: p.aliases ?? [] })), problems: problemsJson(problems) }, null, 2);
}

interface Loaded {
  readonly library: Library;
  readonly ok: boolean;
  readonly workspace: WorkspaceKeys | undefined;
  /** Source problems, then the workspace's (notes, key lock). */
  readonly problems: readonly Problem[];
  /** With --cache: where the library's snapshot is (to read or store its search index). */
  readonly snapshot?: { readonly slot: string; readonly id: string; readonly hit: boolean };
  /** Reads the abstracts into a library taken from its snapshot with `abstracts: false`; false when they cannot be read. */
  readonly readAbstracts?: () => Promise<boolean>;
}

/**
 * Reads the sources and, with --workspace, the keys pinned there: the same rule as the extension.
 * With --cache, a library whose sources and pins are unchanged comes from its snapshot
 * (`core/library-snapshot.ts`); `abstracts: false` leaves the abstracts unread when it does
 * (a search over a stored index does not need them).
 */
async function load(args: Args, paths: readonly string[] = args.paths, options: { abstracts?: boolean; snapshot?: boolean } = {}): Promise<Loaded> {
  const dir = args.options.get('--workspace');
  const workspace = dir ? await readWorkspaceKeys(dir, args.options.get('--folder') ?? 'papers', args.options.get('--lock')) : undefined;
  const cache = openCache(args);
  const stamped = cache ? await openStamped(args) : undefined;
  const found = await findInputs(paths);
  const ok = (sources: ReadonlyArray<{ format: unknown }>): boolean => sources.some((s) => s.format !== undefined);
  const pins = workspace?.pins ?? [];
  const finish = (library: Library, snapshot?: Loaded['snapshot']): Loaded => ({ library, ok: ok(library.sources), workspace, problems: [...library.problems, ...(workspace?.problems ?? [])], ...(snapshot ? { snapshot } : {}) });
  let snapshot: Loaded['snapshot'];
  let reads: ReadSource[] | undefined;
  const readAll = async (): Promise<ReadSource[]> => {
    const all = await readFoundInputs(found);
    sourcesRead += all.filter((r) => 'bytes' in r).length;
    return all;
  };
  if (cache && snapshots) {
    const slot = sha256(new TextEncoder().encode(JSON.stringify([process.cwd(), paths.map((p) => path.resolve(p)), dir ?? null]))).slice(0, 24);
    const fromSnapshot = async (id: string): Promise<Loaded | undefined> => {
      // `snapshot: false`: the snapshot could not be used after all; built again and rewritten.
      const got: SnapshotLibrary | undefined = options.snapshot === false ? undefined : await snapshots?.read(slot, id);
      if (!got || !snapshots || (options.abstracts !== false && !(await snapshots.abstracts(slot, id, got)))) {
        return undefined;
      }
      cache.forgetDigests();
      const from = snapshots;
      return { ...finish(got.library, { slot, id, hit: true }), ...(options.abstracts === false ? { readAbstracts: () => from.abstracts(slot, id, got) } : {}) };
    };
    // Sources whose change stamps have known digests are not read for the snapshot's id.
    const known: string[] = [];
    for (const f of found) {
      const digest = 'done' in f || f.stat.change === undefined || f.stat.size > CLI_MAX_FILE_BYTES ? undefined : stamped?.get(f.ref.uri, f.stat.change);
      if ('done' in f) {
        known.push(await sourceIdentity(f, () => Promise.reject(new Error('no bytes'))));
      } else if (digest !== undefined) {
        known.push(fileIdentity(f.ref, f.stat, digest));
      }
    }
    const unread = known.length === found.length ? snapshots.id({ sources: known, pins }) : undefined;
    const hit = unread === undefined ? undefined : await fromSnapshot(unread);
    if (hit) {
      return hit;
    }
    reads = await readAll();
    const identities: string[] = [];
    for (const r of reads) {
      identities.push(await sourceIdentity(r, async (f) => {
        const digest = await cache.contentDigest(f.ref.uri, f.bytes);
        if (f.stat.change !== undefined) {
          stamped?.set(f.ref.uri, f.stat.change, digest);
        }
        return digest;
      }));
    }
    const id = snapshots.id({ sources: identities, pins });
    const read = id === unread ? undefined : await fromSnapshot(id);
    if (read) {
      return read;
    }
    snapshot = { slot, id, hit: false };
  }
  reads ??= await readAll();
  const sources = [];
  for (const read of reads) {
    sources.push(await parseRead(read, { cache }));
  }
  const library = buildLibrary(sources, pins);
  if (snapshot && snapshots) {
    pendingSnapshot = { ...snapshot, library };
  }
  return { ...finish(library, snapshot), ok: ok(sources) };
}

/** The parse cache of `--cache DIR`, written after the command's output (see `main`). */
let cacheInUse: ParseCache | undefined;
/** The library snapshots of `--cache DIR` (`DIR/library`). */
let snapshots: LibrarySnapshots | undefined;
/** Source files this run read (for LITNOTES_CACHE_STATS). */
let sourcesRead = 0;
/** With --cache: the sources' digests by their change stamps (`digests.json` in the cache folder). */
let stampedInUse: StampedDigests | undefined;
/** A library built in this run, its snapshot written after the output. */
let pendingSnapshot: { slot: string; id: string; library: Library } | undefined;
/** Where this run's search index came from (for LITNOTES_CACHE_STATS). */
let indexFrom: 'snapshot' | 'built' | undefined;
/** A search index built in this run for a library snapshot, written after the output. */
let pendingIndex: { slot: string; id: string; index: SearchIndex } | undefined;

function openCache(args: Args): ParseCache | undefined {
  const dir = args.options.get('--cache');
  if (dir === undefined) {
    return undefined;
  }
  const maxBytes = DEFAULT_CACHE_MAX_MB * 1048576;
  cacheInUse ??= new ParseCache({ store: new NodeStore(), folder: path.resolve(dir), digest: sha256, maxBytes, release: version });
  snapshots ??= new LibrarySnapshots({ store: new NodeStore(), folder: path.join(path.resolve(dir), 'library'), digest: sha256, release: version, keep: 4, maxBytes });
  return cacheInUse;
}

async function openStamped(args: Args): Promise<StampedDigests | undefined> {
  const dir = args.options.get('--cache');
  if (dir !== undefined) {
    stampedInUse ??= await StampedDigests.open(new NodeStore(), path.join(path.resolve(dir), 'digests.json'));
  }
  return stampedInUse;
}

/** Writes what the cache learned; with LITNOTES_CACHE_STATS=1, says what it did. */
async function closeCache(): Promise<void> {
  if (!cacheInUse) {
    return;
  }
  await cacheInUse.flush();
  if (snapshots && pendingSnapshot) {
    await snapshots.write(pendingSnapshot.slot, pendingSnapshot.id, pendingSnapshot.library);
  }
  if (snapshots && pendingIndex) {
    await snapshots.writeIndex(pendingIndex.slot, pendingIndex.id, pendingIndex.index.toSnapshot());
  }
  await snapshots?.flush();
  await stampedInUse?.save();
  if (process.env.LITNOTES_CACHE_STATS === '1') {
    const s = cacheInUse.stats;
    const l = snapshots?.stats;
    process.stderr.write(`litnotes: cache: ${s.hits} from cache, ${s.misses} parsed, ${s.damaged} damaged, ${s.written} written, ${s.evicted} evicted; library snapshot: ${l?.hits ?? 0} from cache, ${l?.written ?? 0} written${indexFrom ? `; search index ${indexFrom}` : ''}; sources read ${sourcesRead}\n`);
  }
}

async function records(args: Args): Promise<number> {
  if (args.paths.length === 0) {
    throw new UsageError('records: give at least one file or folder');
  }
  const { library, ok, problems } = await load(args);
  if (args.json) {
    process.stdout.write(toJson(library, problems) + '\n');
  } else {
    process.stdout.write(table(library.papers) + '\n');
    process.stdout.write(`\n${plural(library.papers.length, 'paper')} from ${plural(library.recordCount, 'record')} in ${plural(library.sources.filter((s) => s.format).length, 'file')}, ${plural(problems.length, 'problem')}\n`);
    for (const p of problems) {
      process.stderr.write(formatProblem(p) + '\n');
    }
  }
  return ok ? 0 : 1;
}

async function notes(args: Args): Promise<number> {
  if (!args.options.get('--workspace')) {
    throw new UsageError('notes: --workspace DIR is required');
  }
  if (args.paths.length === 0) {
    throw new UsageError('notes: give at least one source file or folder');
  }
  const loaded = await load(args);
  const { library } = loaded;
  const workspace = loaded.workspace as WorkspaceKeys;
  const d = new Date();
  const report = await createNotes(library.papers, {
    workspace,
    fileName: args.options.get('--file-name') ?? '{key}',
    template: args.options.get('--template'),
    dryRun: args.dryRun,
    keys: args.keys,
    created: `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`,
  });
  if (!args.dryRun) {
    await pinKeys(workspace, report.createdPapers);
  }
  const problems = [...loaded.problems.map(({ path, line, message }) => ({ path, line, message })), ...report.problems];
  if (args.json) {
    process.stdout.write(JSON.stringify({ created: report.created, existing: report.existing, problems }, null, 2) + '\n');
  } else {
    for (const f of report.created) {
      process.stdout.write(`${args.dryRun ? 'would create' : 'created'}  ${f}\n`);
    }
    for (const f of report.existing) {
      process.stdout.write(`exists   ${f}\n`);
    }
    process.stdout.write(`\n${report.created.length} ${args.dryRun ? 'to create' : 'created'}, ${report.existing.length} already existed, ${plural(problems.length, 'problem')}\n`);
    for (const p of problems) {
      process.stderr.write(`${p.path}:${p.line}: ${p.message}\n`);
    }
  }
  return loaded.ok ? 0 : 1;
}

const CITE_FORMATS: readonly ConcreteFormat[] = ['pandoc', 'latex', 'wiki', 'markdown-link'];

async function cite(args: Args): Promise<number> {
  const format = (args.options.get('--format') ?? 'pandoc') as ConcreteFormat;
  if (!CITE_FORMATS.includes(format)) {
    throw new UsageError(`cite: --format must be one of ${CITE_FORMATS.join(', ')}`);
  }
  if (args.paths.length === 0) {
    throw new UsageError('cite: give at least one source file or folder');
  }
  const loaded = await load(args);
  const { library, workspace } = loaded;
  const asked = args.keys.length > 0 ? args.keys : library.papers.map((p) => p.key);
  const notes = notesByKey(workspace?.notes ?? []);
  const pattern = args.options.get('--file-name') ?? '{key}';
  const folder = trimTrailing((args.options.get('--folder') ?? 'papers').replace(/^\/+/, ''), /\//); // no `/+$` regex: quadratic (#18)
  const citations: Array<{ key: string; citation: string | null }> = [];
  const problems: Problem[] = [];
  const used: Paper[] = [];
  for (const key of asked) {
    const paper = library.byKey.get(key);
    if (!paper) {
      citations.push({ key, citation: null });
      problems.push({ path: '', line: 0, message: `Unknown key \`${key}\``, severity: 'error' });
      continue;
    }
    const notePath = noteOf(paper, notes)?.path ?? `${folder}/${noteFileName(pattern, paper)}`;
    const noteName = notePath.slice(notePath.lastIndexOf('/') + 1).replace(/\.md$/i, '');
    citations.push({ key, citation: formatCitation([{ paper, key: citeKeyFor(paper, key), notePath, noteName }], format) });
    used.push(paper);
  }
  if (workspace) {
    await pinKeys(workspace, used);
  }
  if (args.json) {
    process.stdout.write(JSON.stringify({ citations, problems: problemsJson(problems) }, null, 2) + '\n');
  } else {
    for (const c of citations) {
      if (c.citation !== null) {
        process.stdout.write(c.citation + '\n');
      }
    }
    for (const p of problems) {
      process.stderr.write(`litnotes: ${p.message}\n`);
    }
  }
  return !loaded.ok || problems.length > 0 ? 1 : 0;
}

async function readQueries(source: string): Promise<string[]> {
  const text = source === '-' ? await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  }) : await readFile(source, 'utf8');
  return text.split(/\r?\n/).filter((q) => q.trim() !== '');
}

/**
 * The library and its search index. With --cache, an unchanged library comes from its snapshot
 * and its index from the typed arrays stored with it (no abstracts read, nothing built);
 * otherwise the index is built and stored for the next run.
 */
async function searchIndexOf(args: Args, paths: readonly string[]): Promise<{ library: Library; ok: boolean; search: SearchIndex['search'] }> {
  let loaded = await load(args, paths, { abstracts: false });
  const { snapshot } = loaded;
  if (snapshot?.hit && snapshots) {
    const bytes = await snapshots.index(snapshot.slot, snapshot.id);
    const restored = bytes && SearchIndex.fromSnapshot(loaded.library.papers, bytes, { verify: false }); // the snapshot's sha256 checked the bytes
    if (restored) {
      indexFrom = 'snapshot';
      return { library: loaded.library, ok: loaded.ok, search: (q, o) => restored.search(q, o) };
    }
    if (!(await loaded.readAbstracts?.())) {
      loaded = await load(args, paths, { snapshot: false });
    }
  }
  const index = SearchIndex.build(loaded.library.papers);
  index.warm();
  indexFrom = 'built';
  if (snapshot) {
    pendingIndex = { slot: snapshot.slot, id: snapshot.id, index };
  }
  return { library: loaded.library, ok: loaded.ok, search: (q, o) => index.search(q, o) };
}

async function search(args: Args): Promise<number> {
  const queriesFile = args.options.get('--queries');
  const [query, ...paths] = queriesFile ? ['', ...args.paths] : args.paths;
  if ((!queriesFile && !query) || paths.length === 0) {
    throw new UsageError('search: give a QUERY (or --queries FILE) and at least one source');
  }
  const limit = Number(args.options.get('--limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UsageError('--limit must be a positive whole number');
  }
  const index = await searchIndexOf(args, paths);
  const { ok } = index;
  if (queriesFile) {
    for (const q of await readQueries(queriesFile)) {
      const t0 = performance.now();
      const hits = index.search(q, { limit });
      const ms = performance.now() - t0;
      process.stdout.write(JSON.stringify({ query: q, keys: hits.map((h) => h.paper.key), ms: Math.round(ms * 1000) / 1000 }) + '\n');
    }
    return 0;
  }
  const hits = index.search(query ?? '', { limit });
  if (args.json) {
    process.stdout.write(JSON.stringify({ query, results: hits.map((h) => ({ key: h.paper.key, title: h.paper.title, score: h.score })) }, null, 2) + '\n');
  } else {
    process.stdout.write(table(hits.map((h) => h.paper)) + '\n');
  }
  return ok ? 0 : 1;
}

async function exportLibrary(args: Args): Promise<number> {
  const format = args.options.get('--format');
  if (format !== 'bibtex' && format !== 'csl-json') {
    throw new UsageError('export: --format bibtex or --format csl-json is required');
  }
  if (args.paths.length === 0) {
    throw new UsageError('export: give at least one source file or folder');
  }
  const { library, ok, workspace, problems } = await load(args);
  // A BibTeX export carries the Lit Notes export mark: the extension's folder scan does not load it back.
  const text = format === 'bibtex' ? bibtexExportHeader(library.papers.length, new Date().toISOString().slice(0, 10)) + toBibtex(library.papers) : toCslJson(library.papers);
  const out = args.options.get('--out');
  if (out) {
    await writeFile(out, text);
  } else {
    process.stdout.write(text);
  }
  if (workspace) {
    await pinKeys(workspace, library.papers);
  }
  for (const p of problems) {
    process.stderr.write(formatProblem(p) + '\n');
  }
  return ok ? 0 : 1;
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    return await run(argv);
  } finally {
    await closeCache();
  }
}

async function run(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'records':
        return await records(args);
      case 'notes':
        return await notes(args);
      case 'search':
        return await search(args);
      case 'export':
        return await exportLibrary(args);
      case 'cite':
        return await cite(args);
      case 'fetch':
        return await fetchCommand(args, (m) => new UsageError(m));
      case 'bib':
        return await bibCommand(args, (paths) => load(args, paths));
      case undefined:
      case 'help':
        process.stdout.write(USAGE + '\n');
        return args.command === 'help' ? 0 : 2;
      default:
        throw new UsageError(`Unknown command "${args.command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof BibUsageError) {
      process.stderr.write(`litnotes: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

// `litnotes search … | head`: the reader went away; stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      process.exit(process.exitCode ?? 0);
    }
    throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`litnotes: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
