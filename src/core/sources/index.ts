/**
 * The format registry: detects a file's format from its content (the extension is only a
 * hint) and dispatches to the loader for it.
 */
import type { ParseResult, SourceFormat } from '../model';
import { problem } from '../model';
import { stripBom } from '../text';
import { looksLikeBibtex, parseBibtex } from './bibtex';
import { applyRecordBudgets } from './budgets';
import { looksLikeCslJson, parseCslJson } from './csl-json';
import { looksLikeDailyPapers, parseDailyPapers } from './daily-papers';
import { looksLikeHfJson, parseHfJson } from './hf-json';
import { looksLikeRis, parseRis } from './ris';

interface Loader {
  readonly format: SourceFormat;
  readonly label: string;
  /** File name endings that suggest this format. */
  readonly extensions: readonly string[];
  looksLike(text: string): boolean;
  parse(text: string, path: string): ParseResult;
}

/** In detection order: the most specific signatures first (HF JSON before CSL-JSON). */
export const LOADERS: readonly Loader[] = [
  { format: 'hf-json', label: 'Hugging Face JSON', extensions: ['.json'], looksLike: looksLikeHfJson, parse: parseHfJson },
  { format: 'csl-json', label: 'CSL-JSON', extensions: ['.json', '.csl.json', '.csljson'], looksLike: looksLikeCslJson, parse: parseCslJson },
  { format: 'bibtex', label: 'BibTeX', extensions: ['.bib', '.bibtex', '.biblatex'], looksLike: looksLikeBibtex, parse: parseBibtex },
  { format: 'ris', label: 'RIS', extensions: ['.ris'], looksLike: looksLikeRis, parse: parseRis },
  { format: 'daily-papers', label: 'Daily Papers page', extensions: ['.txt'], looksLike: looksLikeDailyPapers, parse: parseDailyPapers },
];

/** File name endings worth opening when scanning folders. */
export const CANDIDATE_EXTENSIONS: readonly string[] = [...new Set(LOADERS.flatMap((l) => l.extensions))];

export function formatLabel(format: SourceFormat): string {
  return LOADERS.find((l) => l.format === format)?.label ?? format;
}

/** Detects the format from content; undefined when nothing matches. */
export function detectFormat(text: string): SourceFormat | undefined {
  const body = stripBom(text);
  return LOADERS.find((l) => l.looksLike(body))?.format;
}

/** Whether a path's name claims one of our formats strongly (not a generic .json/.txt). */
export function claimedFormat(path: string): SourceFormat | undefined {
  const lower = path.toLowerCase();
  if (/\.(bib|bibtex|biblatex)$/.test(lower)) {
    return 'bibtex';
  }
  if (lower.endsWith('.ris')) {
    return 'ris';
  }
  if (/\.(csl\.json|csljson)$/.test(lower)) {
    return 'csl-json';
  }
  return undefined;
}

export interface ParsedSource extends ParseResult {
  readonly path: string;
  /** The file's URI in the store it was read from (`core/load.ts`), beside its display `path`. */
  readonly uri?: string;
  /** Undefined when the content matched no format. */
  readonly format: SourceFormat | undefined;
}

/**
 * Parses one file. A file whose content matches no format is a problem when the caller named
 * it explicitly or its name claims a format (`.bib`, `.ris`, `.csl.json`); a generic `.json`
 * or `.txt` found while scanning folders is quietly not a source.
 */
export function parseSource(path: string, text: string, options: { explicit?: boolean } = {}): ParsedSource {
  const format = detectFormat(text) ?? (stripBom(text).trim() === '' ? claimedFormat(path) : undefined);
  const loader = LOADERS.find((l) => l.format === format);
  if (!loader) {
    const claimed = claimedFormat(path);
    const problems =
      options.explicit || claimed
        ? [problem(path, 1, claimed ? `Not a valid ${formatLabel(claimed)} file: no entry could be recognised` : 'Unknown format: not a Daily Papers page, Hugging Face JSON, BibTeX, CSL-JSON or RIS file')]
        : [];
    return { path, format: undefined, records: [], problems };
  }
  try {
    const result = loader.parse(text, path);
    const before = result.problems.length;
    applyRecordBudgets(result.records, path, result.problems);
    if (result.problems.length > before) {
      result.problems.sort((a, b) => a.line - b.line);
    }
    return { path, format: loader.format, ...result };
  } catch (error) {
    // Loaders never throw by contract; this keeps one bad file from stopping a library load.
    return { path, format: loader.format, records: [], problems: [problem(path, 1, `Internal error while reading ${loader.label}: ${String(error)}`)] };
  }
}

/**
 * Decodes file bytes as UTF-8. Invalid sequences become U+FFFD and are reported once, with the
 * line of the first one, so a damaged file still loads.
 */
export function decodeUtf8(path: string, bytes: Uint8Array): { text: string; problems: ReturnType<typeof problem>[] } {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const bad = text.indexOf('\ufffd');
  if (bad < 0) {
    return { text, problems: [] };
  }
  let strict = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    strict = false;
  }
  if (strict) {
    return { text, problems: [] }; // the file really contains U+FFFD characters
  }
  const line = text.slice(0, bad).split(/\r\n|\r|\n/).length;
  return { text, problems: [problem(path, line, 'Invalid UTF-8: undecodable bytes were replaced with U+FFFD', 'warning')] };
}

/** Decodes and parses one file's bytes. */
export function parseSourceBytes(path: string, bytes: Uint8Array, options: { explicit?: boolean } = {}): ParsedSource {
  const decoded = decodeUtf8(path, bytes);
  const parsed = parseSource(path, decoded.text, options);
  return parsed.format === undefined && parsed.problems.length === 0 ? parsed : { ...parsed, problems: [...decoded.problems, ...parsed.problems] };
}
