/**
 * Test doubles for the live import, never touching the internet: a loopback HTTP server
 * (127.0.0.1, port 0, closed by the test) that plays Hugging Face and arXiv, and generators for
 * both arXiv Atom feed forms.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
}

export interface Loopback {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void | Promise<void>;

/** Starts a server on 127.0.0.1, a free port; `close()` ends it and every open connection. */
export async function startLoopback(handler: Handler): Promise<Loopback> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    Promise.resolve(handler(req, res, url)).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
      }
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bound, noted, closed. */
export async function closedPort(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export interface FakeArxivEntry {
  id: string;
  version?: number;
  title: string;
  summary?: string;
  published?: string;
  updated?: string;
  authors: Array<{ name: string; affiliation?: string }>;
  categories?: string[];
  doi?: string;
  journalRef?: string;
  comment?: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An export API feed. `old`: namespaces declared on each element, http ids, an error entry
 * for `errorFor`. `new` (late 2025): namespaces on the root, https ids, "arXiv Query" title.
 */
export function atomFeed(form: 'old' | 'new', entries: readonly FakeArxivEntry[], options: { errorFor?: string; query?: string } = {}): string {
  const scheme = form === 'old' ? 'http' : 'https';
  const ax = form === 'old' ? ' xmlns:arxiv="http://arxiv.org/schemas/atom"' : '';
  const os = form === 'old' ? ' xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"' : '';
  const body = entries.map((e) => {
    const v = e.version ?? 1;
    const cats = e.categories ?? ['cs.LG'];
    return `  <entry>
    <id>${scheme}://arxiv.org/abs/${e.id}v${v}</id>
    <updated>${e.updated ?? e.published ?? '2024-10-22T17:59:59Z'}</updated>
    <published>${e.published ?? '2024-10-22T17:59:59Z'}</published>
    <title>${esc(e.title)}</title>
    ${e.summary !== undefined ? `<summary>${esc(e.summary)}</summary>` : ''}
${e.authors.map((a) => `    <author>\n      <name>${esc(a.name)}</name>${a.affiliation ? `\n      <arxiv:affiliation${ax}>${esc(a.affiliation)}</arxiv:affiliation>` : ''}\n    </author>`).join('\n')}
    ${e.doi ? `<arxiv:doi${ax}>${esc(e.doi)}</arxiv:doi>\n    <link title="doi" href="${scheme}://dx.doi.org/${esc(e.doi)}" rel="related"/>` : ''}
    ${e.comment ? `<arxiv:comment${ax}>${esc(e.comment)}</arxiv:comment>` : ''}
    ${e.journalRef ? `<arxiv:journal_ref${ax}>${esc(e.journalRef)}</arxiv:journal_ref>` : ''}
    <link href="${scheme}://arxiv.org/abs/${e.id}v${v}" rel="alternate" type="text/html"/>
    <link title="pdf" href="${scheme}://arxiv.org/pdf/${e.id}v${v}" rel="related" type="application/pdf"/>
    <arxiv:primary_category${ax} term="${cats[0] ?? 'cs.LG'}" scheme="http://arxiv.org/schemas/atom"/>
${cats.map((c) => `    <category term="${c}" scheme="http://arxiv.org/schemas/atom"/>`).join('\n')}
  </entry>`;
  });
  if (options.errorFor !== undefined && form === 'old') {
    body.push(`  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_${esc(options.errorFor)}</id>
    <title>Error</title>
    <summary>incorrect id format for ${esc(options.errorFor)}</summary>
    <updated>2024-10-24T00:00:00-04:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_${esc(options.errorFor)}" rel="alternate" type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>`);
  }
  const total = body.length;
  const q = esc(options.query ?? 'search_query=&id_list=&start=0&max_results=10');
  if (form === 'old') {
    return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?${q}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: ${q}</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <updated>2024-10-24T00:00:00-04:00</updated>
  <opensearch:totalResults${os}>${total}</opensearch:totalResults>
  <opensearch:startIndex${os}>0</opensearch:startIndex>
  <opensearch:itemsPerPage${os}>10</opensearch:itemsPerPage>
${body.join('\n')}
</feed>
`;
  }
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>https://arxiv.org/api/ZAaWrSvnCZHYz3kSOxaNKjw8bUA</id>
  <title>arXiv Query: ${q}</title>
  <updated>2025-11-20T10:00:00Z</updated>
  <link href="https://arxiv.org/api/query?${q}" type="application/atom+xml"/>
  <opensearch:itemsPerPage>10</opensearch:itemsPerPage>
  <opensearch:totalResults>${entries.length}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
${body.join('\n')}
</feed>
`;
}

/** A Daily Papers item with only the keys every shape has (no optional ones). */
export function minimalItem(id: string, title: string, day = '2024-10-25'): Record<string, unknown> {
  return {
    paper: { id, title, summary: `Abstract of ${title}.`, authors: [{ _id: '0'.repeat(24), name: 'Ada Lovelace', hidden: false }], publishedAt: `${day}T00:00:00.000Z`, upvotes: 3 },
    title,
    publishedAt: `${day}T08:00:00.000Z`,
    numComments: 0,
  };
}

export interface FakeServicesOptions {
  /** Daily Papers by day: the items the server pages through. */
  days: Map<string, unknown[]>;
  /** Hugging Face single papers by bare id. */
  papers?: Map<string, Record<string, unknown>>;
  /** arXiv entries by bare id. */
  arxiv?: Map<string, FakeArxivEntry>;
  /** Which Atom form arXiv answers in. */
  atom?: 'old' | 'new';
  /** The server's own cap on `limit`. */
  maxLimit?: number;
  /** Days after this one answer 400 (HF has not reached them). */
  today?: string;
}

/** Plays Hugging Face (`/api/daily_papers`, `/api/papers/ID`) and arXiv (`/api/query`). */
export function fakeServices(o: FakeServicesOptions): Handler {
  return (_req, res, url) => {
    if (url.pathname === '/api/daily_papers') {
      const date = url.searchParams.get('date') ?? '';
      const p = Number(url.searchParams.get('p') ?? 0);
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 50), o.maxLimit ?? 100);
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
      const valid = m && !Number.isNaN(Date.parse(date)) && new Date(date + 'T00:00:00Z').toISOString().startsWith(date);
      if (!valid || (o.today !== undefined && date > o.today)) {
        sendJson(res, 400, { error: 'Invalid date' });
        return;
      }
      const items = o.days.get(date) ?? [];
      sendJson(res, 200, items.slice(p * limit, (p + 1) * limit));
      return;
    }
    const paper = /^\/api\/papers\/(.+)$/.exec(url.pathname);
    if (paper) {
      const found = o.papers?.get(decodeURIComponent(paper[1] ?? ''));
      if (found) {
        sendJson(res, 200, found);
      } else {
        sendJson(res, 404, { error: 'Paper not found' });
      }
      return;
    }
    if (url.pathname === '/api/query') {
      const ids = (url.searchParams.get('id_list') ?? '').split(',').filter((x) => x !== '').map((x) => x.replace(/v\d+$/, ''));
      const entries = ids.map((id) => o.arxiv?.get(id)).filter((e): e is FakeArxivEntry => e !== undefined);
      const xml = atomFeed(o.atom ?? 'new', entries, { query: url.search.slice(1) });
      res.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8', 'content-length': Buffer.byteLength(xml) });
      res.end(xml);
      return;
    }
    sendJson(res, 404, { error: 'Not found' });
  };
}
