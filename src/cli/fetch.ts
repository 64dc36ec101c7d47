/**
 * `litnotes fetch`: the live import from the command line, over the same core as the extension.
 *
 *   litnotes fetch daily --date YYYY-MM-DD [--to YYYY-MM-DD] --out DIR [--json] [--hf-url URL]
 *   litnotes fetch paper ID|URL… --out DIR [--json] [--hf-url URL] [--arxiv-url URL]
 *
 * Files are written to a temporary name and renamed into place; a failed fetch writes nothing.
 * `HF_TOKEN` is sent to the Hugging Face host only. Exit status: 0 when something was fetched,
 * 1 when nothing could be, 2 for usage errors.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LiveClient, hostIsDown } from '../core/fetch/client';
import { dayRange, daysBetween, parseDay } from '../core/fetch/dates';
import { LiveError, messageOf } from '../core/fetch/errors';
import { ADDED_FILE, dailyFileName, isDailyFileContent, mergeAdded, tempNameFor } from '../core/fetch/files';
import { normalizeBaseUrl } from '../core/fetch/http';
import { parsePaperRefs } from '../core/fetch/ids';
import { plural } from '../core/text';
import { nodeHttp } from '../platform/node-http';
import { readIfExists } from './node-files';

export interface FetchArgs {
  /** `daily` or `paper`, then the ids for `paper`. */
  readonly paths: readonly string[];
  readonly json: boolean;
  readonly options: ReadonlyMap<string, string>;
}

export const FETCH_OPTIONS = ['--date', '--to', '--hf-url', '--arxiv-url'] as const;

/** Most days one `fetch daily` may ask for. */
const MAX_DAYS = 366;

interface Problem {
  message: string;
  kind?: string;
  date?: string;
  id?: string;
}

/** Writes `text` to `dir/name` through a temporary file in the same folder and a rename. */
export async function writeAtomic(dir: string, name: string, text: string): Promise<string> {
  const target = path.join(dir, name);
  const temp = path.join(dir, tempNameFor(name, randomBytes(6).toString('hex')));
  try {
    await fs.writeFile(temp, text, { flag: 'wx' });
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  return target;
}


function client(args: FetchArgs, usage: (message: string) => Error): LiveClient {
  const hfUrl = args.options.get('--hf-url');
  const arxivUrl = args.options.get('--arxiv-url');
  for (const [flag, value] of [['--hf-url', hfUrl], ['--arxiv-url', arxivUrl]] as const) {
    if (value !== undefined && !normalizeBaseUrl(value)) {
      throw usage(`${flag}: "${value}" is not an http(s) address`);
    }
  }
  const timeout = Number(process.env.LITNOTES_HTTP_TIMEOUT_MS);
  const token = process.env.HF_TOKEN?.trim();
  return new LiveClient({
    http: nodeHttp,
    ...(hfUrl ? { hfUrl } : {}),
    ...(arxivUrl ? { arxivUrl } : {}),
    ...(token ? { token } : {}),
    ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout } : {}),
    userAgent: 'lit-notes-cli',
  });
}

function report(args: FetchArgs, files: string[], papers: number, problems: Problem[]): number {
  if (args.json) {
    process.stdout.write(JSON.stringify({ files, papers, problems }, null, 2) + '\n');
  } else {
    for (const f of files) {
      process.stdout.write(`wrote  ${f}\n`);
    }
    process.stdout.write(`\n${plural(papers, 'paper')} in ${plural(files.length, 'file')}, ${plural(problems.length, 'problem')}\n`);
    for (const p of problems) {
      process.stderr.write(`litnotes: ${p.message}\n`);
    }
  }
  return files.length > 0 ? 0 : 1;
}

async function daily(args: FetchArgs, out: string, usage: (message: string) => Error): Promise<number> {
  const dateText = args.options.get('--date');
  if (dateText === undefined) {
    throw usage('fetch daily: --date YYYY-MM-DD is required');
  }
  if (args.paths.length > 1) {
    throw usage(`fetch daily: unexpected argument "${args.paths[1] ?? ''}"`);
  }
  const from = parseDay(dateText);
  if (!from) {
    throw usage(`--date: "${dateText}" is not a date (YYYY-MM-DD)`);
  }
  const toText = args.options.get('--to');
  const to = toText === undefined ? from : parseDay(toText);
  if (!to) {
    throw usage(`--to: "${toText ?? ''}" is not a date (YYYY-MM-DD)`);
  }
  if (to < from) {
    throw usage(`--to ${to} is before --date ${from}`);
  }
  if (daysBetween(from, to) >= MAX_DAYS) {
    throw usage(`at most ${MAX_DAYS} days at once`);
  }
  const live = client(args, usage);
  await fs.mkdir(out, { recursive: true });
  const files: string[] = [];
  const problems: Problem[] = [];
  let papers = 0;
  const days = dayRange(from, to);
  for (const [i, day] of days.entries()) {
    const name = dailyFileName(day);
    try {
      const existing = await readIfExists(path.join(out, name));
      if (existing !== undefined && !isDailyFileContent(existing)) {
        problems.push({ date: day, kind: 'exists', message: `${path.join(out, name)} exists and is not a Daily Papers list; left as it is.` });
        continue;
      }
      const result = await live.daily(day);
      files.push(await writeAtomic(out, name, result.text));
      papers += result.items.length;
    } catch (error) {
      problems.push({ date: day, ...(error instanceof LiveError ? { kind: error.kind } : {}), message: `${day}: ${messageOf(error)}` });
      const left = days.length - i - 1;
      if (hostIsDown(error) && left > 0) {
        problems.push({ kind: 'skipped', message: `${left} more day${left === 1 ? '' : 's'} (${days[i + 1] ?? ''} … ${days.at(-1) ?? ''}) not tried: the server is not answering.` });
        break;
      }
    }
  }
  return report(args, files, papers, problems);
}

async function paper(args: FetchArgs, out: string, usage: (message: string) => Error): Promise<number> {
  const inputs = args.paths.slice(1);
  if (inputs.length === 0) {
    throw usage('fetch paper: give at least one arXiv id or URL');
  }
  const { refs, invalid } = parsePaperRefs(inputs);
  if (invalid.length > 0) {
    throw usage(`not an arXiv id or paper URL: ${invalid.map((x) => `"${x}"`).join(', ')}`);
  }
  const live = client(args, usage);
  await fs.mkdir(out, { recursive: true });
  const result = await live.papers(refs);
  const problems: Problem[] = result.problems.map((p) => ({ id: p.id, kind: p.kind, message: p.message }));
  const files: string[] = [];
  if (result.items.length > 0) {
    try {
      // Re-read right before writing, so a concurrent run's papers are merged, not lost.
      const merged = mergeAdded(await readIfExists(path.join(out, ADDED_FILE)), result.items);
      files.push(await writeAtomic(out, ADDED_FILE, merged.text));
    } catch (error) {
      problems.push({ ...(error instanceof LiveError ? { kind: error.kind } : {}), message: messageOf(error) });
      return report(args, [], 0, problems);
    }
  }
  return report(args, files, result.items.length, problems);
}

/** Runs `litnotes fetch …`; `usage` builds the CLI's usage error (exit status 2). */
export async function fetchCommand(args: FetchArgs, usage: (message: string) => Error): Promise<number> {
  const what = args.paths[0];
  const out = args.options.get('--out');
  if (what !== 'daily' && what !== 'paper') {
    throw usage('fetch: say "daily" or "paper"');
  }
  if (!out) {
    throw usage(`fetch ${what}: --out DIR is required`);
  }
  if (what === 'daily' && args.options.has('--arxiv-url')) {
    throw usage('fetch daily: --arxiv-url applies to fetch paper only');
  }
  return what === 'daily' ? daily(args, out, usage) : paper(args, out, usage);
}
