/**
 * A document's own bibliography: which files a markdown or LaTeX document names
 * (`bibliography:` in the YAML frontmatter, `\bibliography{a,b}`, `\addbibresource{x.bib}`),
 * which keys those files hold, which cited papers they lack, and the text to append so that
 * pandoc or BibTeX resolve every citation. Appending never changes or reorders what the file
 * already holds: the new text is one insertion (at the end for BibTeX, before the closing `]`
 * for CSL-JSON). Pure: paths are `/`-separated; the caller reads and writes files.
 */
import * as yaml from 'js-yaml';
import type { Paper } from '../model';
import { findLatexCitations } from '../cite/latex-citations';
import { findMarkdownCitations } from '../cite/markdown-citations';
import { toBibtex } from '../export/bibtex';
import { toCslJson } from '../export/csl-json';
import { splitNote } from '../notes/frontmatter';
import { parseBibtex } from '../sources/bibtex';

import type { DocLanguage } from '../cite/languages';

export type { DocLanguage };

/** One bibliography file a document names. */
export interface BibliographyRef {
  /** As written in the document. */
  readonly raw: string;
  /** Resolved against the document's folder (`/`-separated, normalised); absolute paths stay absolute. */
  readonly path: string;
  /** 1-based line in the document where it is named. */
  readonly line: number;
  readonly format: 'bibtex' | 'csl-json' | 'unsupported';
}

/** The folder part of a `/`-separated path ('' for a bare name). */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : i === 0 ? '/' : path.slice(0, i);
}

/** Joins and normalises `/`-separated paths (`.` and `..` resolved; a leading `..` is kept). */
export function joinPath(base: string, rel: string): string {
  if (rel.startsWith('/') || /^[A-Za-z]:[\\/]/.test(rel)) {
    return normalise(rel.replace(/\\/g, '/'));
  }
  return normalise(base === '' ? rel : `${base}/${rel}`);
}

function normalise(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') {
      out.pop();
    } else if (part !== '..' || !absolute) {
      out.push(part);
    }
  }
  return (absolute ? '/' : '') + out.join('/');
}

export function bibliographyFormat(path: string): BibliographyRef['format'] {
  const lower = path.toLowerCase();
  if (/\.(bib|bibtex|biblatex)$/.test(lower)) {
    return 'bibtex';
  }
  return lower.endsWith('.json') ? 'csl-json' : 'unsupported';
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
    }
  }
  return line;
}

function markdownBibliographies(text: string): Array<{ raw: string; line: number }> {
  const { yaml: raw } = splitNote(text);
  if (raw === undefined) {
    return [];
  }
  let data: unknown;
  try {
    data = yaml.load(raw, { schema: yaml.JSON_SCHEMA });
  } catch {
    return [];
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return [];
  }
  const value = (data as Record<string, unknown>).bibliography;
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const fieldLine = /^bibliography[ \t]*:/m.exec(text);
  const base = fieldLine ? lineOf(text, fieldLine.index) : 1;
  return list
    .map((v) => v.trim())
    .filter((v) => v !== '')
    .map((v) => {
      const at = text.indexOf(v, fieldLine?.index ?? 0);
      return { raw: v, line: at >= 0 ? lineOf(text, at) : base };
    });
}

/** `%` comments (not `\%`) blanked out, offsets kept. */
function stripLatexComments(text: string): string {
  return text.replace(/(^|[^\\])((?:\\\\)*)%[^\n\r]*/g, (m, a: string, b: string) => a + b + ' '.repeat(m.length - a.length - b.length));
}

function latexBibliographies(text: string): Array<{ raw: string; line: number }> {
  const m = stripLatexComments(text);
  const out: Array<{ raw: string; line: number }> = [];
  const re = /\\(bibliography|addbibresource|addglobalbib|addsectionbib)\s*(?:\[[^\]]*\]\s*)?\{([^}]*)\}/g;
  for (let x = re.exec(m); x; x = re.exec(m)) {
    const command = x[1] ?? '';
    const body = x[2] ?? '';
    const line = lineOf(text, x.index);
    const names = command === 'bibliography' ? body.split(',') : [body];
    for (const name of names.map((n) => n.trim()).filter((n) => n !== '')) {
      // `\bibliography{refs}` means refs.bib; `\addbibresource` takes the file name as it is
      const raw = command === 'bibliography' && !/\.bib$/i.test(name) ? `${name}.bib` : name;
      out.push({ raw, line });
    }
  }
  return out;
}

/** The bibliography files a document names, resolved relative to the document (`docPath`). */
export function findBibliographies(text: string, language: DocLanguage, docPath: string): BibliographyRef[] {
  const found = language === 'markdown' ? markdownBibliographies(text) : latexBibliographies(text);
  const base = dirname(docPath);
  const seen = new Set<string>();
  const out: BibliographyRef[] = [];
  for (const f of found) {
    const path = joinPath(base, f.raw);
    if (!seen.has(path)) {
      seen.add(path);
      out.push({ raw: f.raw, path, line: f.line, format: bibliographyFormat(path) });
    }
  }
  return out;
}

/** Citation keys of a document, in order, each once. */
export function citedKeys(text: string, language: DocLanguage): string[] {
  const refs = language === 'markdown' ? findMarkdownCitations(text) : findLatexCitations(text);
  return [...new Set(refs.map((r) => r.key))];
}

/** Entry keys of a BibTeX file, read by the loader itself (the keys pandoc and biber resolve). */
function bibtexKeys(text: string): string[] {
  const keys: string[] = [];
  for (const r of parseBibtex(text, 'bibliography').records) {
    const key = r.sources[0]?.key;
    if (key !== undefined) {
      keys.push(key);
    }
  }
  return keys;
}

/** `id`s of a CSL-JSON file (undefined when it is not a JSON array). */
function cslKeys(text: string): string[] | undefined {
  try {
    const data: unknown = JSON.parse(text.replace(/^\ufeff/, ''));
    if (!Array.isArray(data)) {
      return undefined;
    }
    return data.flatMap((item: unknown) => {
      if (typeof item !== 'object' || item === null) {
        return [];
      }
      const id = (item as { id?: unknown }).id;
      return typeof id === 'string' || typeof id === 'number' ? [String(id)] : [];
    });
  } catch {
    return undefined;
  }
}

/** The keys a bibliography file holds, in file order; undefined when the file cannot be read as its format. */
export function bibliographyKeys(text: string, format: BibliographyRef['format']): string[] | undefined {
  if (format === 'bibtex') {
    return bibtexKeys(text);
  }
  if (format === 'csl-json') {
    return text.trim() === '' ? [] : cslKeys(text);
  }
  return undefined;
}

/** What a sync finds: keys to add, keys the bibliography holds that nobody cites, keys nobody knows. */
export interface SyncPlan {
  /** Cited keys the library knows and no bibliography holds, with their paper, in citation order. */
  readonly missing: ReadonlyArray<{ key: string; paper: Paper }>;
  /** Keys the bibliography files hold that the document does not cite (never deleted). */
  readonly unused: readonly string[];
  /** Cited keys neither the bibliography nor the library knows. */
  readonly unknown: readonly string[];
}

export function planSync(cited: readonly string[], held: readonly string[], byKey: ReadonlyMap<string, Paper>): SyncPlan {
  const have = new Set(held);
  const citedSet = new Set(cited);
  const missing: Array<{ key: string; paper: Paper }> = [];
  const unknown: string[] = [];
  for (const key of cited) {
    if (have.has(key)) {
      continue;
    }
    const paper = byKey.get(key);
    if (paper) {
      missing.push({ key, paper });
    } else {
      unknown.push(key);
    }
  }
  return { missing, unknown, unused: [...new Set(held)].filter((k) => !citedSet.has(k)) };
}

/** Characters a BibTeX entry key cannot hold. */
const BAD_BIBTEX_KEY = /[\s,{}()"#%=\\]/;

/** Whether `key` can be written verbatim as a BibTeX entry key. */
export function isWritableBibtexKey(key: string): boolean {
  return key !== '' && !BAD_BIBTEX_KEY.test(key);
}

/** One paper's BibTeX entry under `key`, verbatim (the exporter's fields). */
export function bibtexEntry(paper: Paper, key: string): string {
  const text = toBibtex([{ ...paper, key }]);
  return text.replace(/^@([A-Za-z]+)\{[^,\n]*,/, (_m, type: string) => `@${type}{${key},`);
}

/** One paper's CSL-JSON item under `key` (`id` and `citation-key`), pretty-printed at depth one. */
function cslItem(paper: Paper, key: string): string {
  const array = JSON.parse(toCslJson([{ ...paper, key }])) as Array<Record<string, unknown>>;
  const item = { ...array[0], id: key, 'citation-key': key };
  return JSON.stringify(item, null, 2)
    .split('\n')
    .map((l) => '  ' + l)
    .join('\n');
}

/** An insertion into a bibliography file: `text` at `offset` (everything else stays byte-identical). */
export interface Insertion {
  readonly offset: number;
  readonly text: string;
}

/**
 * The insertion that appends `entries` to a bibliography (`existing` undefined: a new file).
 * BibTeX: at the end, after a blank line. CSL-JSON: before the array's closing `]`, with a
 * comma after the last item. Undefined when there is nothing to add or a CSL-JSON file is not
 * an array (it is never rewritten).
 */
export function appendEntries(existing: string | undefined, entries: ReadonlyArray<{ key: string; paper: Paper }>, format: 'bibtex' | 'csl-json'): Insertion | undefined {
  if (entries.length === 0) {
    return undefined;
  }
  const text = existing ?? '';
  if (format === 'bibtex') {
    const body = entries.map((e) => bibtexEntry(e.paper, e.key)).join('\n');
    const eol = /\r\n/.test(text) ? '\r\n' : '\n';
    const sep = text.trim() === '' ? '' : text.endsWith('\n') ? (/\n[ \t]*\r?\n$/.test(text) ? '' : eol) : eol + eol;
    return { offset: text.length, text: sep + (eol === '\n' ? body : body.replace(/\n/g, eol)) };
  }
  const items = entries.map((e) => cslItem(e.paper, e.key)).join(',\n');
  if (text.trim() === '') {
    return { offset: text.length, text: `[\n${items}\n]\n` };
  }
  if (cslKeys(text) === undefined) {
    return undefined;
  }
  const close = text.lastIndexOf(']');
  const before = text.slice(0, close);
  const last = before.trimEnd();
  const empty = last.endsWith('[');
  // keep the existing bytes: insert after the last item's closing brace
  const at = empty ? close : last.length;
  return { offset: at, text: empty ? `\n${items}\n` : `,\n${items}` };
}

/** `text` with an insertion applied. */
export function applyInsertion(text: string, insertion: Insertion): string {
  return text.slice(0, insertion.offset) + insertion.text + text.slice(insertion.offset);
}
