/**
 * The live client: Hugging Face Daily Papers by day, single papers from Hugging Face with the
 * arXiv export API as fallback. Pure: all I/O goes through the injected HttpPort and Sleep.
 *
 * - Daily Papers are paged with `p` and `limit` until a short or empty page. The server may cap
 *   `limit`, so "short" means shorter than the biggest page seen so far; a page that only
 *   repeats papers already seen (a server ignoring `p`) also ends the paging.
 * - 429 and 5xx are retried (Retry-After / RateLimit t=), bounded in tries and time.
 * - Redirects are followed by hand (at most 5), and the token goes only to the configured
 *   Hugging Face origin.
 * - arXiv gets at most one request every `arxivIntervalMs` (3 s), many ids per request.
 */
import type { ArxivEntry } from './arxiv';
import { arxivToHfPaper, parseArxivFeed } from './arxiv';
import { parseDay, utcToday } from './dates';
import { LiveError } from './errors';
import type { AddedItem } from './files';
import type { HttpPort, HttpResponse, Sleep } from './http';
import { hostOf, normalizeBaseUrl, originOf, realSleep } from './http';
import type { PaperRef } from './ids';
import { arxivQueryId } from './ids';
import type { RetryPolicy } from './retry';
import { DEFAULT_RETRY, withRetries } from './retry';

export const DEFAULT_HF_URL = 'https://huggingface.co';
export const DEFAULT_ARXIV_URL = 'https://export.arxiv.org';
export const MB = 1024 * 1024;

export interface LiveOptions {
  readonly hfUrl?: string;
  readonly arxivUrl?: string;
  /** Hugging Face token: sent only to the `hfUrl` origin. */
  readonly token?: string;
  readonly http: HttpPort;
  readonly sleep?: Sleep;
  readonly now?: () => number;
  /** Per request, connection to last byte (default 30 s). */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** `limit` asked per Daily Papers page (default 50). */
  readonly pageLimit?: number;
  /** Most pages per day (default 40). */
  readonly maxPages?: number;
  /** Size cap per response (default 16 MB). */
  readonly maxBytes?: number;
  /** Quiet time between two arXiv requests (default 3 s, arXiv's terms). */
  readonly arxivIntervalMs?: number;
  /** Most ids per arXiv request (default 50). */
  readonly arxivBatch?: number;
  readonly userAgent?: string;
  /**
   * When the last arXiv request was made; share one object between clients so the 3 s spacing
   * holds across commands, not only within one.
   */
  readonly arxivClock?: { last?: number };
}

/** Kinds after which asking the same host for the next day or paper is pointless. */
export function hostIsDown(error: unknown): boolean {
  return error instanceof LiveError && (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'rate-limited');
}

export interface DailyResult {
  readonly day: string;
  /** The items, as the API returned them, every page joined. */
  readonly items: unknown[];
  /** The text to save: the body itself for a one-page day, else the joined list. */
  readonly text: string;
  readonly pages: number;
}

export interface PaperProblem {
  readonly id: string;
  readonly kind: LiveError['kind'];
  readonly message: string;
}

export interface PapersResult {
  readonly items: AddedItem[];
  readonly problems: PaperProblem[];
}

export interface PaperProgress {
  readonly done: number;
  readonly total: number;
  readonly message: string;
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A short, single-line reason from an error body (`{"error": "…"}`), for messages. */
function serverReason(body: string): string | undefined {
  const data = jsonOrUndefined(body);
  const e = data && typeof data === 'object' ? (data as { error?: unknown; message?: unknown }) : undefined;
  const text = typeof e?.error === 'string' ? e.error : typeof e?.message === 'string' ? e.message : undefined;
  const clean = text?.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean ? (clean.length > 200 ? clean.slice(0, 199) + '…' : clean) : undefined;
}

function seconds(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s >= 120 ? `${Math.ceil(s / 60)} min` : `${s} s`;
}

function paperIdOf(item: unknown): string | undefined {
  const paper = item && typeof item === 'object' ? (item as { paper?: unknown }).paper : undefined;
  const id = paper && typeof paper === 'object' ? (paper as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

export class LiveClient {
  readonly hfUrl: string;
  readonly arxivUrl: string;
  private readonly http: HttpPort;
  private readonly sleep: Sleep;
  private readonly now: () => number;
  private readonly retry: RetryPolicy;
  private readonly arxivClock: { last?: number };

  constructor(private readonly options: LiveOptions) {
    const hf = normalizeBaseUrl(options.hfUrl ?? DEFAULT_HF_URL);
    const arxiv = normalizeBaseUrl(options.arxivUrl ?? DEFAULT_ARXIV_URL);
    if (!hf) {
      throw new LiveError('bad-id', `"${options.hfUrl ?? ''}" is not an http(s) address for Hugging Face.`);
    }
    if (!arxiv) {
      throw new LiveError('bad-id', `"${options.arxivUrl ?? ''}" is not an http(s) address for arXiv.`);
    }
    this.hfUrl = hf;
    this.arxivUrl = arxiv;
    this.http = options.http;
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.arxivClock = options.arxivClock ?? {};
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 30_000;
  }

  private get maxBytes(): number {
    return this.options.maxBytes ?? 16 * MB;
  }

  /** One GET with retries and hand-followed redirects. Throws for 429/5xx after the retries. */
  private async get(url: string, service: 'Hugging Face' | 'arXiv', accept: string, signal?: AbortSignal): Promise<HttpResponse> {
    const hfOrigin = originOf(this.hfUrl);
    let current = url;
    for (let hops = 0; ; hops++) {
      const headers: Record<string, string> = { accept, 'user-agent': this.options.userAgent ?? 'lit-notes' };
      if (this.options.token && service === 'Hugging Face' && originOf(current) === hfOrigin) {
        headers.authorization = `Bearer ${this.options.token}`;
      }
      const target = current;
      const outcome = await withRetries(
        () => this.http({ url: target, headers, timeoutMs: this.timeoutMs, maxBytes: this.maxBytes, ...(signal ? { signal } : {}) }),
        this.retry,
        async (ms, s) => {
          try {
            await this.sleep(ms, s);
          } catch {
            throw new LiveError('cancelled', 'Cancelled.');
          }
        },
        signal,
        this.now,
      );
      const r = outcome.response;
      if (r.status === 429) {
        const wait = outcome.waitMs !== undefined ? ` The server asks to wait ${seconds(outcome.waitMs)}.` : '';
        const token = service === 'Hugging Face' && !this.options.token ? ' A Hugging Face token (Lit Notes: Set Hugging Face Token, or HF_TOKEN) raises the limit.' : '';
        throw new LiveError('rate-limited', `${service} (${hostOf(target)}) is limiting requests (429 Too Many Requests), still after ${outcome.tries} ${outcome.tries === 1 ? 'try' : 'tries'}.${wait}${token}`, 429);
      }
      if (r.status >= 500) {
        throw new LiveError('http', `${service} (${hostOf(target)}) has a server error (HTTP ${r.status}), still after ${outcome.tries} ${outcome.tries === 1 ? 'try' : 'tries'}; try again later.`, r.status);
      }
      if (r.status >= 300 && r.status < 400 && r.headers.location) {
        if (hops >= 5) {
          throw new LiveError('http', `${service} (${hostOf(url)}) redirects too many times.`, r.status);
        }
        let next: URL;
        try {
          next = new URL(r.headers.location, target);
        } catch {
          throw new LiveError('http', `${service} (${hostOf(target)}) redirects to an invalid address.`, r.status);
        }
        if (next.protocol !== 'https:' && next.protocol !== 'http:') {
          throw new LiveError('http', `${service} (${hostOf(target)}) redirects to a non-web address.`, r.status);
        }
        current = next.href;
        continue;
      }
      return r;
    }
  }

  /** One day of Hugging Face Daily Papers, every page. */
  async daily(day: string, signal?: AbortSignal): Promise<DailyResult> {
    const valid = parseDay(day);
    if (!valid) {
      throw new LiveError('bad-date', `"${day}" is not a date (YYYY-MM-DD).`);
    }
    const limit = this.options.pageLimit ?? 50;
    const maxPages = this.options.maxPages ?? 40;
    const items: unknown[] = [];
    const seen = new Set<string>();
    let firstBody = '';
    let biggest = 0;
    let pages = 0;
    let filled = 0;
    for (let p = 0; p < maxPages; p++) {
      const url = `${this.hfUrl}/api/daily_papers?date=${valid}&p=${p}&limit=${limit}`;
      const r = await this.get(url, 'Hugging Face', 'application/json', signal);
      if (r.status === 400) {
        if (valid >= utcToday(this.now())) {
          const utc = new Date(this.now()).toISOString();
          throw new LiveError('not-yet', `Hugging Face has no Daily Papers for ${valid} yet (400): it settles "today" in UTC, where it is now ${utc.slice(0, 10)} ${utc.slice(11, 16)}. Try yesterday, or later.`, 400);
        }
        const reason = serverReason(r.body);
        throw new LiveError('bad-date', `Hugging Face rejected the date ${valid} (400 Bad Request${reason ? `: ${reason}` : ''}). The day may be before Daily Papers began, or not reached yet in UTC.`, 400);
      }
      if (r.status !== 200) {
        const reason = serverReason(r.body);
        throw new LiveError('http', `Hugging Face (${hostOf(url)}) answered HTTP ${r.status} for the Daily Papers of ${valid}${reason ? `: ${reason}` : ''}.`, r.status);
      }
      const data = jsonOrUndefined(r.body);
      if (data === undefined) {
        throw new LiveError('invalid', `Hugging Face sent a reply for ${valid} that is not valid JSON (cut off, or not the papers API); nothing was saved.`);
      }
      if (!Array.isArray(data)) {
        throw new LiveError('invalid', `Hugging Face sent a reply for ${valid} that is not a list of papers; nothing was saved.`);
      }
      pages++;
      if (data.length > 0) {
        filled++;
      }
      if (p === 0) {
        firstBody = r.body;
      }
      let fresh = 0;
      for (const item of data) {
        const id = paperIdOf(item);
        if (id !== undefined && seen.has(id)) {
          continue;
        }
        if (id !== undefined) {
          seen.add(id);
        }
        items.push(item);
        fresh++;
      }
      biggest = Math.max(biggest, data.length);
      if (data.length === 0 || fresh === 0 || data.length < biggest) {
        break;
      }
    }
    // One page with papers: its body byte for byte; several: the joined list.
    const text = filled <= 1 ? (filled === 1 ? firstBody : '[]') : JSON.stringify(items, null, 2) + '\n';
    return { day: valid, items, text, pages };
  }

  private async hfPaper(ref: PaperRef, signal?: AbortSignal): Promise<Record<string, unknown> | undefined> {
    const url = `${this.hfUrl}/api/papers/${encodeURIComponent(ref.id)}`;
    const r = await this.get(url, 'Hugging Face', 'application/json', signal);
    if (r.status === 404) {
      return undefined;
    }
    if (r.status !== 200) {
      const reason = serverReason(r.body);
      throw new LiveError('http', `Hugging Face (${hostOf(url)}) answered HTTP ${r.status} for paper ${ref.id}${reason ? `: ${reason}` : ''}.`, r.status);
    }
    const data = jsonOrUndefined(r.body);
    if (data === undefined) {
      throw new LiveError('invalid', `Hugging Face sent a reply for paper ${ref.id} that is not valid JSON (cut off?); nothing was saved.`);
    }
    if (!data || typeof data !== 'object' || Array.isArray(data) || typeof (data as { title?: unknown }).title !== 'string') {
      throw new LiveError('invalid', `Hugging Face sent a reply for paper ${ref.id} that is not a paper; nothing was saved.`);
    }
    const paper = data as Record<string, unknown>;
    return typeof paper.id === 'string' ? paper : { ...paper, id: ref.id };
  }

  /** Waits so that arXiv requests are at least `arxivIntervalMs` apart. */
  private async arxivGate(signal?: AbortSignal): Promise<void> {
    const interval = this.options.arxivIntervalMs ?? 3_000;
    const last = this.arxivClock.last;
    if (last !== undefined) {
      const wait = last + interval - this.now();
      if (wait > 0) {
        try {
          await this.sleep(wait, signal);
        } catch {
          throw new LiveError('cancelled', 'Cancelled.');
        }
      }
    }
    this.arxivClock.last = this.now();
  }

  /** arXiv entries for up to `arxivBatch` refs, in one request. */
  async arxivEntries(refs: readonly PaperRef[], signal?: AbortSignal): Promise<ArxivEntry[]> {
    await this.arxivGate(signal);
    const ids = refs.map(arxivQueryId).join(',');
    const url = `${this.arxivUrl}/api/query?id_list=${encodeURIComponent(ids).replace(/%2C/g, ',').replace(/%2F/g, '/')}&max_results=${refs.length}`;
    let r: HttpResponse;
    try {
      r = await this.get(url, 'arXiv', 'application/atom+xml', signal);
    } finally {
      this.arxivClock.last = this.now();
    }
    if (r.status !== 200) {
      throw new LiveError('http', `arXiv (${hostOf(url)}) answered HTTP ${r.status}.`, r.status);
    }
    const feed = parseArxivFeed(r.body);
    if (feed.error !== undefined && feed.entries.length === 0 && refs.length > 1) {
      // One bad id spoils an older-form batch: ask for each alone.
      const out: ArxivEntry[] = [];
      for (const ref of refs) {
        out.push(...(await this.arxivEntries([ref], signal).catch(() => [])));
      }
      return out;
    }
    return feed.entries;
  }

  /**
   * Papers by id: Hugging Face first (one request at a time), arXiv for those Hugging Face does
   * not know (404) and for old-style ids (Hugging Face has none), batched. Never throws for one
   * paper: each failure is a problem, the rest still come.
   */
  async papers(refs: readonly PaperRef[], options: { signal?: AbortSignal; onProgress?: (p: PaperProgress) => void; addedAt?: string } = {}): Promise<PapersResult> {
    const { signal } = options;
    const addedAt = options.addedAt ?? new Date(this.now()).toISOString();
    const items: AddedItem[] = [];
    const problems: PaperProblem[] = [];
    const toArxiv: PaperRef[] = [];
    let done = 0;
    const report = (message: string): void => options.onProgress?.({ done, total: refs.length, message });
    let hfDown: LiveError | undefined;
    for (const ref of refs) {
      if (signal?.aborted) {
        throw new LiveError('cancelled', 'Cancelled.');
      }
      if (ref.oldStyle) {
        toArxiv.push(ref);
        continue;
      }
      if (hfDown) {
        problems.push({ id: ref.id, kind: hfDown.kind, message: `${ref.id}: ${hfDown.message}` });
        done++;
        continue;
      }
      report(`Hugging Face: ${ref.id}`);
      try {
        const paper = await this.hfPaper(ref, signal);
        if (paper) {
          items.push({ source: 'huggingface', addedAt, paper });
          done++;
        } else {
          toArxiv.push(ref);
        }
      } catch (error) {
        if (error instanceof LiveError && error.kind === 'cancelled') {
          throw error;
        }
        const e = error instanceof LiveError ? error : new LiveError('network', error instanceof Error ? error.message : String(error));
        if (hostIsDown(e)) {
          hfDown = e; // the same answer awaits every other id: don't make the user wait for each
        }
        problems.push({ id: ref.id, kind: e.kind, message: `${ref.id}: ${e.message}` });
        done++;
      }
    }
    const batch = Math.max(1, this.options.arxivBatch ?? 50);
    for (let i = 0; i < toArxiv.length; i += batch) {
      const chunk = toArxiv.slice(i, i + batch);
      report(`arXiv: ${chunk.map((r) => r.id).join(', ')}`);
      let entries: ArxivEntry[];
      try {
        entries = await this.arxivEntries(chunk, signal);
      } catch (error) {
        if (error instanceof LiveError && error.kind === 'cancelled') {
          throw error;
        }
        const message = error instanceof Error ? error.message : String(error);
        for (const ref of chunk) {
          problems.push({ id: ref.id, kind: error instanceof LiveError ? error.kind : 'network', message: `${ref.id}: not on Hugging Face; ${message}` });
          done++;
        }
        continue;
      }
      const byId = new Map(entries.map((e) => [e.id, e]));
      for (const ref of chunk) {
        const entry = byId.get(ref.id);
        if (entry) {
          items.push({ source: 'arxiv', addedAt, paper: arxivToHfPaper(entry) });
        } else {
          problems.push({ id: ref.id, kind: 'not-found', message: `${ref.id}: unknown paper: ${ref.oldStyle ? 'not' : 'neither on Hugging Face (404) nor'} on arXiv.` });
        }
        done++;
      }
    }
    report('done');
    return { items, problems };
  }
}
