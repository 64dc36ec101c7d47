/**
 * Citations in the markdown preview: a markdown-it plugin that renders pandoc citations
 * (`[@key]`, `[see @a, p. 4; -@b]`, in-text `@key`) as author–date text, "(Cheng et al., 2024)",
 * linked to the paper's note or its Hugging Face / arXiv / DOI page, with the full title as a
 * tooltip. Unknown keys stay visible, styled as unresolved. Pandoc's rules: an `@` after a word
 * character (an e-mail address) or a backslash is not a citation, and code is never touched
 * (markdown-it's code spans and blocks come first). Takes the markdown-it instance it is given;
 * imports only its types.
 */
import type MarkdownIt from 'markdown-it';
import { arxivAbsUrl, doiUrl, huggingFaceUrl } from '../links';
import type { Paper } from '../model';
import { splitName } from '../cite/reference';

/** What the preview needs to know about a key. */
export interface ResolvedCitation {
  /** "Cheng et al." */
  readonly authors: string;
  /** "2024", or "n.d." */
  readonly year: string;
  readonly title: string;
  /** The note (a URI the preview can open) or the paper's page; may be absent. */
  readonly href?: string;
}

export type CitationResolver = (key: string) => ResolvedCitation | undefined;

function familyName(display: string): string {
  const parts = splitName(display);
  return 'family' in parts && parts.family ? parts.family : display;
}

/** "Cheng", "Cheng and Li", "Cheng et al."; the organisation or the title's first words without authors. */
export function authorLabel(paper: Pick<Paper, 'authors' | 'organization' | 'title'>): string {
  const names = paper.authors.map(familyName);
  if (names.length === 0) {
    return paper.organization ?? paper.title.split(/\s+/).slice(0, 3).join(' ');
  }
  if (names.length === 1) {
    return names[0] ?? '';
  }
  return names.length === 2 ? `${names[0] ?? ''} and ${names[1] ?? ''}` : `${names[0] ?? ''} et al.`;
}

/** The link for a paper without a note: Hugging Face for its papers, else arXiv, DOI, its URL. */
export function paperPage(paper: Pick<Paper, 'arxivId' | 'doi' | 'url' | 'sources'>): string | undefined {
  if (paper.arxivId && paper.sources.some((s) => s.format === 'hf-json' || s.format === 'daily-papers')) {
    return huggingFaceUrl(paper.arxivId);
  }
  if (paper.arxivId) {
    return arxivAbsUrl(paper.arxivId);
  }
  return paper.doi ? doiUrl(paper.doi) : paper.url;
}

export function resolvePaper(paper: Paper, noteHref?: string): ResolvedCitation {
  const year = paper.year ?? (paper.date ? Number(paper.date.slice(0, 4)) : undefined);
  const href = noteHref ?? paperPage(paper);
  return { authors: authorLabel(paper), year: year !== undefined && Number.isFinite(year) ? String(year) : 'n.d.', title: paper.title, ...(href ? { href } : {}) };
}

interface Item {
  readonly key: string;
  readonly prefix: string;
  readonly suffix: string;
  readonly suppressAuthor: boolean;
}

const KEY = /^(?:\{([^{}\r\n]+)\}|([\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*))/u;
const BEFORE_AT = /[\s[(;{"'“‘«*>,]/;

/** One `prefix -@key suffix` item of a bracketed citation, or undefined when it has no key. */
function parseItem(text: string): Item | undefined {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    const suppress = text.charAt(at - 1) === '-';
    const before = suppress ? at - 2 : at - 1;
    if (before >= 0 && !BEFORE_AT.test(text.charAt(before))) {
      continue;
    }
    const m = KEY.exec(text.slice(at + 1));
    if (!m) {
      continue;
    }
    const key = m[1] ?? m[2] ?? '';
    return { key, prefix: text.slice(0, suppress ? at - 1 : at).trim(), suffix: text.slice(at + 1 + m[0].length).trim().replace(/^,\s*/, ''), suppressAuthor: suppress };
  }
  return undefined;
}

/** A bracketed citation's items (every `;`-separated part must hold a key), or undefined. */
export function parseBracketed(inner: string): Item[] | undefined {
  const items: Item[] = [];
  for (const part of inner.split(';')) {
    const item = parseItem(part);
    if (!item) {
      return undefined;
    }
    items.push(item);
  }
  return items.length > 0 ? items : undefined;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function linked(inner: string, r: ResolvedCitation, key: string): string {
  const title = escapeHtml(`${r.title} (@${key})`);
  return r.href ? `<a class="lit-cite" href="${escapeHtml(r.href)}" title="${title}" data-citekey="${escapeHtml(key)}">${inner}</a>` : `<span class="lit-cite" title="${title}" data-citekey="${escapeHtml(key)}">${inner}</span>`;
}

function unresolved(key: string): string {
  return `<span class="lit-cite lit-cite-unresolved" title="${escapeHtml(`Unknown citation key: ${key}`)}" style="color: var(--vscode-errorForeground, #c00); text-decoration: underline wavy;">@${escapeHtml(key)}</span>`;
}

/** HTML of a bracketed citation: "(see Cheng et al., 2024, p. 4; He et al., 2016)". */
export function renderBracketed(items: readonly Item[], resolve: CitationResolver): string {
  const parts = items.map((item) => {
    const r = resolve(item.key);
    const pre = item.prefix ? `${escapeHtml(item.prefix)} ` : '';
    const post = item.suffix ? `, ${escapeHtml(item.suffix)}` : '';
    if (!r) {
      return `${pre}${unresolved(item.key)}${post}`;
    }
    const body = item.suppressAuthor ? escapeHtml(r.year) : `${escapeHtml(r.authors)}, ${escapeHtml(r.year)}`;
    return `${pre}${linked(body, r, item.key)}${post}`;
  });
  return `(${parts.join('; ')})`;
}

/** HTML of an in-text citation: "Cheng et al. (2024)". */
export function renderInText(key: string, resolve: CitationResolver): string {
  const r = resolve(key);
  return r ? linked(`${escapeHtml(r.authors)} (${escapeHtml(r.year)})`, r, key) : unresolved(key);
}

/** The markdown-it plugin: `md.use(citationPlugin, resolve)`. */
export function citationPlugin(md: MarkdownIt, resolve: CitationResolver): void {
  md.inline.ruler.before('link', 'lit_citation', (state, silent) => {
    const src = state.src;
    const pos = state.pos;
    const c = src.charAt(pos);
    if (c === '[') {
      const end = src.indexOf(']', pos + 1);
      if (end < 0) {
        return false;
      }
      const inner = src.slice(pos + 1, end);
      const next = src.charAt(end + 1);
      if (inner.includes('[') || inner.includes('\n\n') || next === '(' || next === '[' || !inner.includes('@')) {
        return false;
      }
      const items = parseBracketed(inner);
      if (!items) {
        return false;
      }
      if (!silent) {
        const token = state.push('lit_citation', '', 0);
        token.meta = { html: renderBracketed(items, resolve) };
      }
      state.pos = end + 1;
      return true;
    }
    if (c === '@' || (c === '-' && src.charAt(pos + 1) === '@')) {
      const at = c === '@' ? pos : pos + 1;
      if (pos > 0 && !BEFORE_AT.test(src.charAt(pos - 1))) {
        return false; // an e-mail address, or a word before it
      }
      const m = KEY.exec(src.slice(at + 1));
      if (!m) {
        return false;
      }
      const key = m[1] ?? m[2] ?? '';
      if (!silent) {
        const token = state.push('lit_citation', '', 0);
        token.meta = { html: c === '-' ? renderBracketed([{ key, prefix: '', suffix: '', suppressAuthor: true }], resolve).slice(1, -1) : renderInText(key, resolve) };
      }
      state.pos = at + 1 + m[0].length;
      return true;
    }
    return false;
  });
  md.renderer.rules.lit_citation = (tokens, idx) => String((tokens[idx]?.meta as { html?: string } | undefined)?.html ?? '');
}
