/** Citation formats: how one or more keys are written into a document. Pure. */
import type { Paper } from '../model';
import { encodeUriComponentSafe } from '../text';
import { languageOfId } from './languages';
import { isPandocBareKey } from './markdown-citations';

export const CITATION_FORMATS = ['auto', 'pandoc', 'latex', 'wiki', 'markdown-link'] as const;
export type CitationFormat = (typeof CITATION_FORMATS)[number];
export type ConcreteFormat = Exclude<CitationFormat, 'auto'>;

/** `auto` means pandoc in markdown (and anything else), `\cite{}` in LaTeX. */
export function resolveFormat(format: CitationFormat, languageId: string): ConcreteFormat {
  if (format !== 'auto') {
    return format;
  }
  return languageOfId(languageId) === 'latex' ? 'latex' : 'pandoc';
}

export interface CiteTarget {
  readonly paper: Paper;
  /** The key to write when not the paper's key: another key a source gives it (see `citeKeyFor`). */
  readonly key?: string;
  /** Path of the paper's note relative to the document being edited (for markdown links), `/`-separated. */
  readonly notePath?: string;
  /** The note's file name without `.md` (for wiki links). */
  readonly noteName?: string;
}

function escapeLinkText(text: string): string {
  return text.replace(/([\\[\]])/g, '\\$1');
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((s) => encodeUriComponentSafe(s).replace(/%2E/gi, '.'))
    .join('/');
}

/** A key as pandoc reads it verbatim: `@key`, or `@{key}` when the bare form would end early. */
export function pandocKey(key: string): string {
  return isPandocBareKey(key) ? `@${key}` : `@{${key}}`;
}

/** Formats citations of one or more papers, keys verbatim. Keys that pandoc cannot read bare get braces. */
export function formatCitation(targets: readonly CiteTarget[], format: ConcreteFormat): string {
  switch (format) {
    case 'pandoc':
      return `[${targets.map((t) => pandocKey(t.key ?? t.paper.key)).join('; ')}]`;
    case 'latex':
      return `\\cite{${targets.map((t) => t.key ?? t.paper.key).join(',')}}`;
    case 'wiki':
      return targets.map((t) => `[[${t.noteName ?? t.paper.key}]]`).join(', ');
    case 'markdown-link':
      return targets.map((t) => `[${escapeLinkText(t.paper.title)}](${encodePath(t.notePath ?? `${t.paper.key}.md`)})`).join(', ');
  }
}

/**
 * The key to cite when a person asked for `asked`: itself when a source gives it to the paper
 * (it resolves against that file in pandoc or LaTeX), else the paper's key (an older pinned
 * alias resolves only inside Lit Notes).
 */
export function citeKeyFor(paper: Paper, asked: string): string {
  return asked === paper.key || paper.sources.some((s) => s.key === asked || (s.otherKeys ?? []).includes(asked)) ? asked : paper.key;
}

/** A relative path from one `/`-separated workspace path's folder to another path. */
export function relativePath(fromFile: string, toFile: string): string {
  const from = fromFile.split('/').slice(0, -1);
  const to = toFile.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) {
    i++;
  }
  return [...Array<string>(from.length - i).fill('..'), ...to.slice(i)].join('/');
}
