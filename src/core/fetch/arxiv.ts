/**
 * arXiv export API Atom feeds, both forms: the older one (namespaces declared on each
 * `arxiv:`/`opensearch:` element, `http` ids, an error entry for an unknown id) and the current
 * one (late 2025: namespaces on the root, `https` ids, no entry for an unknown id). Prefixes are
 * resolved through the document's `xmlns:` declarations, so any prefix spelling works.
 */
import { XMLParser } from 'fast-xml-parser';
import { LiveError } from './errors';
import { parsePaperRef } from './ids';

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const ARXIV_NS = 'http://arxiv.org/schemas/atom';
const OPENSEARCH_NS = 'http://a9.com/-/spec/opensearch/1.1/';

export interface ArxivAuthor {
  readonly name: string;
  readonly affiliations: string[];
}

export interface ArxivEntry {
  /** Bare id (no version). */
  readonly id: string;
  readonly version?: number;
  readonly title: string;
  readonly summary?: string;
  readonly published?: string;
  readonly updated?: string;
  readonly authors: ArxivAuthor[];
  readonly categories: string[];
  readonly primaryCategory?: string;
  readonly absUrl?: string;
  readonly pdfUrl?: string;
  readonly doi?: string;
  readonly journalRef?: string;
  readonly comment?: string;
}

export interface ArxivFeed {
  readonly entries: ArxivEntry[];
  readonly totalResults?: number;
  /** The message of an error entry (older form), when the feed is one. */
  readonly error?: string;
}

type Node = Record<string, unknown>;

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') {
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    return String(v);
  }
  if (v && typeof v === 'object' && '#text' in v) {
    return textOf((v as Node)['#text']);
  }
  return undefined;
}

function list(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Collects prefix → namespace from every `xmlns:` declaration in the document. */
function namespaces(node: unknown, out: Map<string, string>): void {
  if (Array.isArray(node)) {
    node.forEach((n) => namespaces(n, out));
    return;
  }
  if (!node || typeof node !== 'object') {
    return;
  }
  for (const [k, v] of Object.entries(node as Node)) {
    if (k.startsWith('@_xmlns') && typeof v === 'string') {
      out.set(k === '@_xmlns' ? '' : k.slice('@_xmlns:'.length), v);
    } else if (typeof v === 'object') {
      namespaces(v, out);
    }
  }
}

/** Renames every element to `atom:x`, `arxiv:x`, `os:x` (or `?:x` for unknown namespaces). */
function canonical(node: unknown, ns: Map<string, string>): unknown {
  if (Array.isArray(node)) {
    return node.map((n) => canonical(n, ns));
  }
  if (!node || typeof node !== 'object') {
    return node;
  }
  const out: Node = {};
  for (const [k, v] of Object.entries(node as Node)) {
    if (k.startsWith('@_') || k === '#text') {
      out[k.startsWith('@_') ? '@_' + k.slice(2).replace(/^[^:]*:/, '') : k] = v;
      continue;
    }
    const colon = k.indexOf(':');
    const prefix = colon >= 0 ? k.slice(0, colon) : '';
    const local = colon >= 0 ? k.slice(colon + 1) : k;
    const uri = ns.get(prefix) ?? (prefix === '' ? ATOM_NS : prefix === 'arxiv' ? ARXIV_NS : prefix === 'opensearch' ? OPENSEARCH_NS : '');
    const tag = uri === ATOM_NS ? 'atom' : uri === ARXIV_NS ? 'arxiv' : uri === OPENSEARCH_NS ? 'os' : '?';
    const name = `${tag}:${local}`;
    const value = canonical(v, ns);
    const prev = out[name];
    out[name] = prev === undefined ? value : [...list(prev), ...list(value)];
  }
  return out;
}

function entryOf(e: Node): ArxivEntry | { error: string } | undefined {
  const idUrl = textOf(e['atom:id'])?.trim() ?? '';
  const title = collapse(textOf(e['atom:title']) ?? '');
  const summary = collapse(textOf(e['atom:summary']) ?? '');
  if (/\/api\/errors/.test(idUrl) || (title === 'Error' && /errors?/i.test(idUrl))) {
    return { error: summary || 'arXiv reported an error' };
  }
  const ref = parsePaperRef(idUrl);
  if (!ref || title === '') {
    return undefined;
  }
  const links = list(e['atom:link']).filter((l): l is Node => !!l && typeof l === 'object');
  const href = (pred: (l: Node) => boolean): string | undefined => {
    const l = links.find(pred);
    return typeof l?.['@_href'] === 'string' ? l['@_href'] : undefined;
  };
  const authors = list(e['atom:author'])
    .filter((a): a is Node => !!a && typeof a === 'object')
    .map((a) => ({ name: collapse(textOf(a['atom:name']) ?? ''), affiliations: list(a['arxiv:affiliation']).map((x) => collapse(textOf(x) ?? '')).filter((x) => x !== '') }))
    .filter((a) => a.name !== '');
  const categories = list(e['atom:category'])
    .map((c) => (c && typeof c === 'object' ? (c as Node)['@_term'] : undefined))
    .filter((t): t is string => typeof t === 'string' && t !== '');
  const primary = e['arxiv:primary_category'];
  const primaryTerm = primary && typeof primary === 'object' ? (primary as Node)['@_term'] : undefined;
  const opt = (v: unknown): string | undefined => {
    const t = collapse(textOf(Array.isArray(v) ? v[0] : v) ?? '');
    return t === '' ? undefined : t;
  };
  return {
    id: ref.id,
    ...(ref.version !== undefined ? { version: ref.version } : {}),
    title,
    ...(summary ? { summary } : {}),
    ...(opt(e['atom:published']) ? { published: opt(e['atom:published']) } : {}),
    ...(opt(e['atom:updated']) ? { updated: opt(e['atom:updated']) } : {}),
    authors,
    categories,
    ...(typeof primaryTerm === 'string' ? { primaryCategory: primaryTerm } : {}),
    ...(href((l) => l['@_rel'] === 'alternate') ? { absUrl: href((l) => l['@_rel'] === 'alternate') } : {}),
    ...(href((l) => l['@_title'] === 'pdf') ? { pdfUrl: href((l) => l['@_title'] === 'pdf') } : {}),
    ...(opt(e['arxiv:doi']) ? { doi: opt(e['arxiv:doi']) } : {}),
    ...(opt(e['arxiv:journal_ref']) ? { journalRef: opt(e['arxiv:journal_ref']) } : {}),
    ...(opt(e['arxiv:comment']) ? { comment: opt(e['arxiv:comment']) } : {}),
  };
}

/** Parses an export API answer; throws an `invalid` LiveError when it is not an Atom feed. */
export function parseArxivFeed(xml: string): ArxivFeed {
  let doc: unknown;
  try {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      processEntities: true,
      htmlEntities: false,
    });
    doc = parser.parse(xml, true);
  } catch (error) {
    throw new LiveError('invalid', `arXiv sent a reply that is not valid XML (${error instanceof Error ? collapse(error.message).slice(0, 160) : 'parse error'}).`);
  }
  const ns = new Map<string, string>();
  namespaces(doc, ns);
  const root = canonical(doc, ns) as Node;
  const feed = root['atom:feed'];
  if (!feed || typeof feed !== 'object' || Array.isArray(feed)) {
    throw new LiveError('invalid', 'arXiv sent a reply that is not an Atom feed.');
  }
  const f = feed as Node;
  const totalText = textOf(f['os:totalResults'])?.trim();
  const total = totalText !== undefined && /^\d+$/.test(totalText) ? Number(totalText) : undefined;
  const entries: ArxivEntry[] = [];
  let error: string | undefined;
  for (const raw of list(f['atom:entry'])) {
    if (!raw || typeof raw !== 'object') {
      continue;
    }
    const e = entryOf(raw as Node);
    if (e && 'error' in e) {
      error = e.error;
    } else if (e) {
      entries.push(e);
    }
  }
  return { entries, ...(total !== undefined ? { totalResults: total } : {}), ...(error !== undefined ? { error } : {}) };
}

/**
 * An arXiv entry as a paper object of the Hugging Face papers API shape (`id`, `title`,
 * `summary`, `authors[].name`, `publishedAt`), which the Hugging Face JSON loader reads; the
 * arXiv-only fields ride along under their own names.
 */
export function arxivToHfPaper(e: ArxivEntry): Record<string, unknown> {
  return {
    id: e.id,
    title: e.title,
    ...(e.summary ? { summary: e.summary } : {}),
    authors: e.authors.map((a) => ({ name: a.name, ...(a.affiliations.length > 0 ? { affiliations: a.affiliations } : {}) })),
    ...(e.published ? { publishedAt: e.published } : {}),
    ...(e.updated ? { updatedAt: e.updated } : {}),
    ...(e.version !== undefined ? { version: e.version } : {}),
    ...(e.primaryCategory ? { primaryCategory: e.primaryCategory } : {}),
    ...(e.categories.length > 0 ? { categories: e.categories } : {}),
    ...(e.doi ? { doi: e.doi } : {}),
    ...(e.journalRef ? { journalRef: e.journalRef } : {}),
    ...(e.comment ? { comment: e.comment } : {}),
  };
}
