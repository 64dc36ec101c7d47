/**
 * Seeded, reproducible fuzzing of the source loaders and of note frontmatter.
 *
 * Pure: no fs, no vscode. Callers hand in real sample texts (see scripts/fuzz-run.ts); this
 * module slices them into small base inputs, mutates them with a seeded PRNG and checks the
 * loaders' and the frontmatter functions' contracts on every mutated input. Every input is a
 * function of (format, seed, index) and the corpus, so any failure can be replayed exactly.
 */
import * as yaml from 'js-yaml';
import type { Paper, PaperRecord, SourceFormat } from '../../src/core/model';
import { buildLibrary } from '../../src/core/library';
import type { ParsedSource } from '../../src/core/sources';
import { parseSource, parseSourceBytes } from '../../src/core/sources';
import type { Frontmatter, FrontmatterValue } from '../../src/core/notes/frontmatter';
import { OWNED_FIELDS, libraryFields, noteMeta, readFrontmatter, setStatusText, splitNote, updateNoteText } from '../../src/core/notes/frontmatter';
import { READING_STATUSES } from '../../src/core/grouping';
import { splitLines } from '../../src/core/text';

// ---------------------------------------------------------------------------------------------
// PRNG

export type Rng = () => number;

/** mulberry32: small, fast, good enough for fuzzing; returns floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over a string, then a murmur3 finaliser: a well-mixed 32-bit seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The PRNG seed of one input: a function of (target, run seed, index) only. */
export function caseSeed(target: string, seed: number, index: number): number {
  return hashSeed(`${target}:${seed}:${index}`);
}

export function int(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}
export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) {
    throw new Error('pick from an empty list');
  }
  return items[Math.floor(rng() * items.length)] as T;
}

// ---------------------------------------------------------------------------------------------
// Categories

export const FORMATS = ['daily-papers', 'hf-json', 'bibtex', 'csl-json', 'ris'] as const satisfies readonly SourceFormat[];
export type FuzzTarget = SourceFormat | 'frontmatter';

export const CATEGORIES = ['truncate', 'byte-flip', 'delete-lines', 'duplicate-lines', 'unicode', 'deep-nesting', 'huge-field', 'shuffle-lines', 'line-endings', 'mixed'] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * The category of input `index`: a fixed weighted cycle, so counts are even across a run and
 * the category is known from the index alone. The two expensive categories (1–2 MB inputs,
 * 10k-deep nesting) get one slot in 20 each; `--count 10000` gives 500 of each per format.
 */
const SCHEDULE: readonly Category[] = [
  'truncate', 'byte-flip', 'delete-lines', 'duplicate-lines', 'unicode', 'shuffle-lines', 'line-endings', 'mixed', 'deep-nesting', 'truncate',
  'byte-flip', 'unicode', 'delete-lines', 'duplicate-lines', 'mixed', 'huge-field', 'truncate', 'byte-flip', 'unicode', 'shuffle-lines',
];
export function categoryOf(index: number): Category {
  return SCHEDULE[index % SCHEDULE.length] as Category;
}

/** A mutated input: text handed to `parseSource`, or bytes handed to `parseSourceBytes`. */
export type Mutated = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** Lines with their terminators, so joining gives back the text exactly. */
export function linesWithEnds(text: string): string[] {
  return text.split(/(?<=\r\n|\n|\r(?!\n))/);
}

const SPECIAL: readonly string[] = [
  '\u202e', '\u202d', '\u200f', '\u200e', '\u061c', '\u2067', '\u2069', 'שלום', 'مرحبا بالعالم', // RTL
  '\u0301', '\u0336', '\u0336'.repeat(40), 'e\u0301\u0327\u0308', '\u034f', // combining marks
  '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', // surrogate halves
  '\u0000', '\u0000\u0000', '\ufffd', '\ufeff', '\u200b', '\u200d', '\u2028', '\u2029', '\u0085', '\u000b', '\u000c', '\u001b', '\u007f', '\t',
  '😀', '👩‍🔬', '🏳️‍🌈', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'ﬁ', 'İ', 'ß', 'Ⅻ', '١٢٣', '〇', '\u3000',
  '{', '}', '[', ']', '"', '\\', '@', '%', ',', '=', '#', '\n', '\r', '\r\n', 'TY  - ', 'ER  - ', '@article{', '"title": ', '---\n',
];

function randomCodePoint(rng: Rng): string {
  const ranges: ReadonlyArray<readonly [number, number]> = [
    [0x00, 0x1f], [0x80, 0x9f], [0x300, 0x36f], [0x590, 0x6ff], [0x2000, 0x206f], [0xd800, 0xdfff], [0xe000, 0xf8ff], [0xfe00, 0xfeff], [0xfff0, 0xffff], [0x1f300, 0x1faff], [0x10000, 0x10ffff],
  ];
  const [lo, hi] = pick(rng, ranges);
  return String.fromCodePoint(int(rng, lo, hi));
}

function randomToken(rng: Rng): string {
  return rng() < 0.75 ? pick(rng, SPECIAL) : randomCodePoint(rng);
}

function truncateChars(text: string, rng: Rng): string {
  return text.slice(0, int(rng, 0, text.length));
}

function deleteLines(text: string, rng: Rng): string {
  const lines = linesWithEnds(text);
  const n = int(rng, 1, 4);
  for (let k = 0; k < n && lines.length > 0; k++) {
    const at = int(rng, 0, lines.length - 1);
    lines.splice(at, rng() < 0.7 ? 1 : int(rng, 1, 12));
  }
  return lines.join('');
}

function duplicateLines(text: string, rng: Rng): string {
  const lines = linesWithEnds(text);
  const n = int(rng, 1, 4);
  for (let k = 0; k < n && lines.length > 0; k++) {
    const at = int(rng, 0, lines.length - 1);
    const len = rng() < 0.6 ? 1 : int(rng, 1, 20);
    const chunk = lines.slice(at, at + len);
    const times = rng() < 0.8 ? 1 : int(rng, 2, 50);
    const to = rng() < 0.6 ? at : int(rng, 0, lines.length);
    for (let t = 0; t < times; t++) {
      lines.splice(to, 0, ...chunk);
    }
  }
  return lines.join('');
}

function shuffleLines(text: string, rng: Rng): string {
  const lines = linesWithEnds(text);
  if (lines.length < 2) {
    return text;
  }
  if (rng() < 0.5) {
    const n = int(rng, 1, 6);
    for (let k = 0; k < n; k++) {
      const i = int(rng, 0, lines.length - 1);
      const j = int(rng, 0, lines.length - 1);
      const a = lines[i] as string;
      lines[i] = lines[j] as string;
      lines[j] = a;
    }
  } else {
    const len = int(rng, 2, Math.min(lines.length, rng() < 0.8 ? 20 : lines.length));
    const start = int(rng, 0, lines.length - len);
    for (let i = start + len - 1; i > start; i--) {
      const j = int(rng, start, i);
      const a = lines[i] as string;
      lines[i] = lines[j] as string;
      lines[j] = a;
    }
  }
  return lines.join('');
}

function insertUnicode(text: string, rng: Rng): string {
  let out = text;
  const n = int(rng, 1, 12);
  for (let k = 0; k < n; k++) {
    const at = int(rng, 0, out.length); // may split a surrogate pair: on purpose
    const token = randomToken(rng);
    out = rng() < 0.8 ? out.slice(0, at) + token + out.slice(at) : out.slice(0, at) + token + out.slice(at + 1);
  }
  return out;
}

function convertLineEndings(text: string, rng: Rng): string {
  const lines = text.split(/\r\n|\r|\n/);
  const mode = int(rng, 0, 3);
  if (mode === 0) {
    return lines.join('\r\n');
  }
  if (mode === 1) {
    return lines.join('\r');
  }
  if (mode === 2) {
    return '\ufeff' + lines.join('\r\n');
  }
  let out = lines[0] ?? '';
  for (let i = 1; i < lines.length; i++) {
    out += pick(rng, ['\n', '\r\n', '\r', '\n\r']) + (lines[i] as string);
  }
  return out;
}

function flipBytes(text: string, rng: Rng): Uint8Array {
  const bytes = Array.from(encoder.encode(text));
  const n = int(rng, 1, 10);
  for (let k = 0; k < n; k++) {
    const at = int(rng, 0, Math.max(0, bytes.length - 1));
    const op = int(rng, 0, 4);
    const b = pick(rng, [0x00, 0x80, 0xbf, 0xc0, 0xc1, 0xc3, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xfe, 0xff, int(rng, 0, 255)]);
    if (bytes.length === 0 || op === 3) {
      bytes.splice(at, 0, b);
    } else if (op === 0) {
      bytes[at] = ((bytes[at] ?? 0) ^ (1 << int(rng, 0, 7))) & 0xff;
    } else if (op === 1) {
      bytes[at] = b;
    } else if (op === 2) {
      bytes.splice(at, int(rng, 1, 3));
    } else {
      bytes.splice(at, 0, ...[0xef, 0xbb, 0xbf]); // a BOM in the middle
    }
  }
  return Uint8Array.from(bytes);
}

/** Where a value starts in this format: right after a field opener, or a line start. */
function valueOffsets(format: FuzzTarget, text: string): number[] {
  const re =
    format === 'bibtex'
      ? /\b(?:title|author|abstract|journal|booktitle|editor|keywords|note)\s*=\s*[{"]/gi
      : format === 'hf-json' || format === 'csl-json'
        ? /"(?:title|summary|abstract|name|family|given|container-title|id|ai_summary|note)"\s*:\s*"/g
        : format === 'ris'
          ? /^(?:TI|T1|AB|N2|AU|A1|JO|T2|KW)  - /gm
          : format === 'frontmatter'
            ? /^[\w-]+: ?"?/gm
            : /^/gm;
  const out: number[] = [];
  for (const m of text.matchAll(re)) {
    out.push((m.index ?? 0) + m[0].length);
    if (out.length > 2000) {
      break;
    }
  }
  return out;
}

function insertAt(text: string, at: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at);
}

function someOffset(format: FuzzTarget, text: string, rng: Rng): number {
  const offsets = valueOffsets(format, text);
  if (offsets.length > 0 && rng() < 0.85) {
    return pick(rng, offsets);
  }
  const starts = [0, ...linesWithEnds(text).map((l) => l.length)];
  let acc = 0;
  const lineStarts = starts.map((n) => (acc += n));
  return pick(rng, lineStarts.slice(0, -1).length > 0 ? lineStarts.slice(0, -1) : [0]);
}

function deepNesting(format: FuzzTarget, text: string, rng: Rng): string {
  const depth = pick(rng, [10_000, 10_000, 10_000, 30_000, 100_000]);
  const balanced = rng() < 0.6;
  const closeDepth = balanced ? depth : int(rng, 0, depth);
  const json = format === 'hf-json' || format === 'csl-json';
  if (json && rng() < 0.5) {
    // Replace a value start with nested arrays / objects (inside a string this is just text).
    const offsets = [...text.matchAll(/":\s*/g)].map((m) => (m.index ?? 0) + m[0].length);
    const at = offsets.length > 0 ? pick(rng, offsets) : 0;
    const nest = rng() < 0.5 ? '['.repeat(depth) + ']'.repeat(closeDepth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(closeDepth);
    return insertAt(text, at, nest + (rng() < 0.5 ? ',' : ''));
  }
  if (format === 'bibtex' && rng() < 0.3) {
    const entry = `@article{deep${depth},\n  title = ${'{'.repeat(depth)}Deep${'}'.repeat(closeDepth)},\n  year = 2020\n}\n`;
    return insertAt(text, someOffset('daily-papers', text, rng), entry);
  }
  const [open, close] = pick(rng, [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
    ['"', '"'],
    ['{\\', '}'],
    ['$', '$'],
  ] as const);
  return insertAt(text, someOffset(format, text, rng), open.repeat(depth) + 'x' + close.repeat(closeDepth));
}

const WORDS = ['learning', 'model', 'Transformer', 'attention', 'graph', 'neural', 'über', 'naïve', 'Ångström', 'Łukasz', '東京', 'данные', 'α-β', 'x²', '{\\"o}', '\\&', '$x$'];

function hugeChunk(rng: Rng, bytes: number, safe: boolean): string {
  let unit = '';
  while (unit.length < 4096) {
    let w = pick(rng, WORDS);
    if (safe) {
      w = w.replace(/[\\"{}$]/g, '');
    }
    unit += w + (rng() < 0.1 ? '. ' : ' ');
  }
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

function hugeAuthors(format: FuzzTarget, rng: Rng, bytes: number): string {
  const names: string[] = [];
  let size = 0;
  let i = 0;
  while (size < bytes) {
    const given = pick(rng, ['Ada', 'Łukasz', 'José', 'Zoë', 'Li', 'Ngũgĩ', 'Mary Ann']);
    const family = `${pick(rng, ['Lovelace', 'Kaiser', 'García', 'van der Berg', 'Wang', 'O’Brien'])}${i++}`;
    const name =
      format === 'bibtex'
        ? `${family}, ${given}`
        : format === 'hf-json'
          ? `{"name": "${given} ${family}"}`
          : format === 'csl-json'
            ? `{"family": "${family}", "given": "${given}"}`
            : format === 'ris'
              ? `AU  - ${family}, ${given}`
              : `${given} ${family}`;
    names.push(name);
    size += name.length + 5;
  }
  return names.join(format === 'bibtex' ? ' and ' : format === 'ris' ? '\n' : ', ');
}

function hugeField(format: FuzzTarget, text: string, rng: Rng): string {
  const bytes = int(rng, 1_000_000, 2_000_000);
  const json = format === 'hf-json' || format === 'csl-json';
  if (rng() < 0.3) {
    // A huge author list.
    if (format === 'bibtex') {
      const m = /\bauthor\s*=\s*\{/i.exec(text);
      return m ? insertAt(text, m.index + m[0].length, hugeAuthors(format, rng, bytes) + ' and ') : insertAt(text, someOffset(format, text, rng), `author = {${hugeAuthors(format, rng, bytes)}},\n`);
    }
    if (json) {
      const m = (format === 'hf-json' ? /"authors"\s*:\s*\[/ : /"author"\s*:\s*\[/).exec(text);
      if (m) {
        return insertAt(text, m.index + m[0].length, hugeAuthors(format, rng, bytes) + ',');
      }
      return insertAt(text, someOffset(format, text, rng), hugeChunk(rng, bytes, true));
    }
    if (format === 'ris') {
      const m = /^TY {2}- .*(?:\r\n|\r|\n)/m.exec(text);
      return insertAt(text, m ? m.index + m[0].length : 0, hugeAuthors(format, rng, bytes) + '\n');
    }
    const m = /^ *• \d+ authors?$/m.exec(text);
    return m ? insertAt(text, m.index, hugeAuthors(format, rng, bytes) + '\n') : insertAt(text, someOffset(format, text, rng), hugeAuthors(format, rng, bytes));
  }
  // A huge title / abstract / value, or (format-agnostic) a huge single line.
  const chunk = hugeChunk(rng, bytes, json || format === 'bibtex' ? rng() < 0.8 : false);
  return insertAt(text, rng() < 0.85 ? someOffset(format, text, rng) : int(rng, 0, text.length), chunk);
}

function mutateText(format: FuzzTarget, category: Exclude<Category, 'byte-flip' | 'mixed'>, text: string, rng: Rng): string {
  switch (category) {
    case 'truncate':
      return truncateChars(text, rng);
    case 'delete-lines':
      return deleteLines(text, rng);
    case 'duplicate-lines':
      return duplicateLines(text, rng);
    case 'unicode':
      return insertUnicode(text, rng);
    case 'deep-nesting':
      return deepNesting(format, text, rng);
    case 'huge-field':
      return hugeField(format, text, rng);
    case 'shuffle-lines':
      return shuffleLines(text, rng);
    case 'line-endings':
      return convertLineEndings(text, rng);
  }
}

const CHEAP: readonly Exclude<Category, 'byte-flip' | 'mixed'>[] = ['truncate', 'delete-lines', 'duplicate-lines', 'unicode', 'shuffle-lines', 'line-endings'];

/** Applies one category of mutation to a base input. */
export function mutate(format: FuzzTarget, category: Category, base: string, rng: Rng): Mutated {
  if (category === 'byte-flip') {
    return { kind: 'bytes', bytes: flipBytes(base, rng) };
  }
  if (category === 'truncate' && rng() < 0.4) {
    // Truncation at a byte offset: may cut a UTF-8 sequence in half.
    const bytes = encoder.encode(base);
    return { kind: 'bytes', bytes: bytes.slice(0, int(rng, 0, bytes.length)) };
  }
  if (category === 'mixed') {
    let text = base;
    const n = int(rng, 2, 4);
    for (let k = 0; k < n; k++) {
      text = mutateText(format, pick(rng, CHEAP), text, rng);
    }
    return rng() < 0.2 ? { kind: 'bytes', bytes: flipBytes(text, rng) } : { kind: 'text', text };
  }
  return { kind: 'text', text: mutateText(format, category, base, rng) };
}

export function mutatedText(m: Mutated): string {
  return m.kind === 'text' ? m.text : decoder.decode(m.bytes);
}

// ---------------------------------------------------------------------------------------------
// Corpus: small slices of real files

export interface CorpusFile {
  /** Where it came from (for reports only). */
  readonly name: string;
  readonly text: string;
}

export interface Base {
  readonly name: string;
  readonly text: string;
}

const MAX_RAW = 12_000;

function windows(name: string, text: string, starts: number[], rng: Rng, count: number, maxItems: number): Base[] {
  if (text.length <= MAX_RAW || starts.length < 2) {
    return [{ name, text: text.length <= 4 * MAX_RAW ? text : text.slice(0, 4 * MAX_RAW) }];
  }
  const out: Base[] = [];
  // The head of the file (keeps @string definitions, headers) …
  const headEnd = starts.find((s) => s >= MAX_RAW / 2) ?? text.length;
  out.push({ name: `${name}[head]`, text: text.slice(0, Math.min(headEnd, 4 * MAX_RAW)) });
  // … and windows of consecutive entries.
  for (let k = 0; k < count; k++) {
    const i = int(rng, 0, starts.length - 1);
    const j = Math.min(starts.length, i + int(rng, 1, maxItems));
    const end = starts[j] ?? text.length;
    const slice = text.slice(starts[i], Math.min(end, (starts[i] ?? 0) + 4 * MAX_RAW));
    out.push({ name: `${name}[${i}..${j})`, text: slice });
  }
  return out;
}

function offsetsOf(text: string, re: RegExp): number[] {
  return [...text.matchAll(re)].map((m) => m.index ?? 0);
}

function jsonWindows(format: SourceFormat, name: string, text: string, rng: Rng, count: number): Base[] {
  if (text.length <= MAX_RAW) {
    return [{ name, text }];
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [{ name, text: text.slice(0, MAX_RAW) }];
  }
  const items: unknown[] = Array.isArray(data) ? data : typeof data === 'object' && data !== null && Array.isArray((data as { items?: unknown }).items) ? ((data as { items: unknown[] }).items) : [data];
  const out: Base[] = [];
  for (let k = 0; k < count && items.length > 0; k++) {
    const i = int(rng, 0, items.length - 1);
    const n = int(rng, 1, format === 'hf-json' ? 3 : 6);
    const indent = pick(rng, [2, 4, 0]);
    const slice = JSON.stringify(items.slice(i, i + n), null, indent);
    out.push({ name: `${name}[${i}..${i + n})`, text: slice.length <= 4 * MAX_RAW ? slice : JSON.stringify(items.slice(i, i + 1), null, indent) });
  }
  return out;
}

function dailyWindows(name: string, text: string, rng: Rng, count: number): Base[] {
  const lines = linesWithEnds(text);
  const headerEnd = Math.min(lines.length, 12);
  const header = lines.slice(0, headerEnd).join('');
  const out: Base[] = [{ name: `${name}[head]`, text: lines.slice(0, 120).join('') }];
  for (let k = 0; k < count; k++) {
    const start = int(rng, headerEnd, Math.max(headerEnd, lines.length - 1));
    const len = int(rng, 10, 150);
    out.push({ name: `${name}[${start}+${len}]`, text: header + lines.slice(start, start + len).join('') });
  }
  return out;
}

/**
 * Cuts each real file into small, fast base inputs (whole small files; windows of entries of
 * big ones). Deterministic: the same files give the same bases.
 */
export function makeBases(format: SourceFormat, files: readonly CorpusFile[], perFile = 8): Base[] {
  const out: Base[] = [];
  for (const f of files) {
    const rng = mulberry32(hashSeed(`bases:${format}:${f.name}`));
    switch (format) {
      case 'bibtex':
        out.push(...windows(f.name, f.text, offsetsOf(f.text, /^[ \t]*@/gm), rng, perFile, 8));
        break;
      case 'ris':
        out.push(...windows(f.name, f.text, offsetsOf(f.text, /^\ufeff?TY {1,2}-/gm), rng, perFile, 6));
        break;
      case 'hf-json':
      case 'csl-json':
        out.push(...jsonWindows(format, f.name, f.text, rng, perFile));
        break;
      case 'daily-papers':
        out.push(...dailyWindows(f.name, f.text, rng, perFile));
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Properties of a loader result

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const EXTENSION: Record<SourceFormat, string> = { 'daily-papers': '.txt', 'hf-json': '.json', bibtex: '.bib', 'csl-json': '.csl.json', ris: '.ris' };

export function inputPath(format: SourceFormat, seed: number, index: number): string {
  return `fuzz/${format}-${seed}-${index}${EXTENSION[format]}`;
}

function nonEmpty(v: unknown): boolean {
  return typeof v === 'string' && v.trim() !== '';
}

/**
 * A problem that is a loader's own exception caught by its safety net (the whole file, or one
 * entry/item/record, is then lost): never acceptable for any input.
 */
const INTERNAL = /^Internal error while reading|could not be (?:converted|read): (?:\w*Error\b|\[object)|Maximum call stack size exceeded/;

/** Contract violations of one parse result; empty when all is well. */
export function checkParsed(path: string, text: string, parsed: ParsedSource): string[] {
  const bad: string[] = [];
  const lineCount = splitLines(text).length;
  const maxLine = lineCount + 1;
  for (const p of parsed.problems) {
    if (p.path !== path) {
      bad.push(`problem path ${JSON.stringify(p.path)} is not the input path`);
    }
    if (!Number.isInteger(p.line) || p.line < 1 || p.line > maxLine) {
      bad.push(`problem line ${p.line} out of 1..${maxLine}: ${p.message.slice(0, 120)}`);
    }
    if (!nonEmpty(p.message)) {
      bad.push('problem with an empty message');
    }
    if (p.severity !== 'error' && p.severity !== 'warning') {
      bad.push(`problem severity ${String(p.severity)}`);
    }
    if (INTERNAL.test(p.message)) {
      bad.push(`loader threw (caught and reported): ${p.message.slice(0, 200)}`);
    }
  }
  parsed.records.forEach((r, i) => bad.push(...checkRecord(r, path, maxLine).map((m) => `record ${i}: ${m}`)));
  return bad;
}

export function checkRecord(r: PaperRecord, path: string, maxLine: number): string[] {
  const bad: string[] = [];
  if (!nonEmpty(r.title)) {
    bad.push(`empty title ${JSON.stringify(r.title)}`);
  }
  if (r.date !== undefined && !DATE.test(r.date)) {
    bad.push(`bad date ${JSON.stringify(r.date)}`);
  }
  if (r.year !== undefined && !Number.isInteger(r.year)) {
    bad.push(`bad year ${String(r.year)}`);
  }
  if (r.upvotes !== undefined && !(Number.isInteger(r.upvotes) && r.upvotes >= 0)) {
    bad.push(`bad upvotes ${String(r.upvotes)}`);
  }
  if (r.authorCount !== undefined && !(Number.isInteger(r.authorCount) && r.authorCount >= 0)) {
    bad.push(`bad authorCount ${String(r.authorCount)}`);
  }
  if (!Array.isArray(r.authors) || r.authors.some((a) => typeof a !== 'string')) {
    bad.push('authors is not a list of strings');
  }
  if (!Array.isArray(r.tags) || r.tags.some((a) => typeof a !== 'string')) {
    bad.push('tags is not a list of strings');
  }
  for (const k of ['key', 'abstract', 'organization', 'doi', 'arxivId', 'url', 'pdfUrl', 'venue', 'type'] as const) {
    const v = r[k];
    if (v !== undefined && !nonEmpty(v)) {
      bad.push(`optional field ${k} is present but empty: ${JSON.stringify(v)}`);
    }
  }
  if (!Array.isArray(r.sources) || r.sources.length === 0) {
    bad.push('no sources');
  }
  for (const s of r.sources) {
    if (s.path !== path) {
      bad.push(`source path ${JSON.stringify(s.path)} is not the input path`);
    }
    if (!Number.isInteger(s.line) || s.line < 1 || s.line > maxLine) {
      bad.push(`source line ${s.line} out of 1..${maxLine}`);
    }
  }
  return bad;
}

/** `buildLibrary` over the results: must not throw, keys unique and non-empty. */
export function checkLibrary(parsed: readonly ParsedSource[]): string[] {
  const bad: string[] = [];
  try {
    const lib = buildLibrary(parsed);
    const keys = new Set<string>();
    for (const p of lib.papers) {
      if (!nonEmpty(p.key)) {
        bad.push(`library: empty key for ${JSON.stringify(p.title.slice(0, 80))}`);
      }
      if (keys.has(p.key)) {
        bad.push(`library: duplicate key ${JSON.stringify(p.key)}`);
      }
      keys.add(p.key);
      if (lib.byKey.get(p.key) !== p) {
        bad.push(`library: key ${JSON.stringify(p.key)} does not resolve to its paper`);
      }
    }
    for (const p of lib.papers) {
      for (const alias of p.aliases ?? []) {
        if (keys.has(alias) || lib.byKey.get(alias) !== p) {
          bad.push(`library: alias ${JSON.stringify(alias)} is another paper's key or resolves elsewhere`);
        }
      }
    }
  } catch (error) {
    bad.push(`buildLibrary threw: ${describe(error)}`);
  }
  return bad;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : String(error);
}

// ---------------------------------------------------------------------------------------------
// One loader case

export interface CaseResult {
  readonly target: FuzzTarget;
  readonly seed: number;
  readonly index: number;
  readonly category: Category;
  readonly base: string;
  /** Size of the mutated input in UTF-16 code units (text) or bytes. */
  readonly size: number;
  readonly ms: number;
  /** The format the registry detected (loader cases), undefined when none. */
  readonly detected?: SourceFormat;
  readonly records: number;
  readonly failures: readonly string[];
}

export interface CaseOptions {
  /** Per-input time bound in ms for inputs up to 10 MB (default 2000); see {@link timeLimitFor}. */
  readonly timeLimitMs?: number;
}

/** Below this throughput a big input counts as too slow: 20 ms per MB (stacked mutations reach 140 MB). */
const MIN_BYTES_PER_MS = 50 * 1024;

function tooSlow(ms: number, size: number, options: CaseOptions): string[] {
  const limit = timeLimitFor(size, options.timeLimitMs);
  return ms > limit ? [`took ${ms.toFixed(0)} ms (limit ${limit} ms)`] : [];
}

/**
 * The time bound for one input: the fixed limit, or for inputs big enough that merely reading
 * them takes a while, a rate of 50 MB/s, so the check stays "linear time, no hang".
 */
export function timeLimitFor(size: number, limitMs = 2000): number {
  return Math.max(limitMs, Math.ceil(size / MIN_BYTES_PER_MS));
}

/** Builds input `index` of a run: the base it came from, its category and the mutated input. */
export function loaderInput(format: SourceFormat, bases: readonly Base[], seed: number, index: number): { base: Base; category: Category; input: Mutated; path: string } {
  const rng = mulberry32(caseSeed(format, seed, index));
  const base = pick(rng, bases);
  const category = categoryOf(index);
  return { base, category, input: mutate(format, category, base.text, rng), path: inputPath(format, seed, index) };
}

/** Generates, parses and checks loader input (format, seed, index). */
export function runLoaderCase(format: SourceFormat, bases: readonly Base[], seed: number, index: number, options: CaseOptions = {}): CaseResult {
  const { base, category, input, path } = loaderInput(format, bases, seed, index);
  const text = mutatedText(input);
  const failures: string[] = [];
  let parsed: ParsedSource | undefined;
  const start = performance.now();
  try {
    parsed = input.kind === 'text' ? parseSource(path, input.text, { explicit: true }) : parseSourceBytes(path, input.bytes, { explicit: true });
  } catch (error) {
    failures.push(`threw: ${describe(error)}`);
  }
  const ms = performance.now() - start;
  failures.push(...tooSlow(ms, text.length, options));
  if (parsed) {
    failures.push(...checkParsed(path, text, parsed));
    failures.push(...checkLibrary([parsed]));
  }
  return { target: format, seed, index, category, base: base.name, size: input.kind === 'text' ? input.text.length : input.bytes.length, ms, detected: parsed?.format, records: parsed?.records.length ?? 0, failures };
}

// ---------------------------------------------------------------------------------------------
// Frontmatter

/** Notes written by hand: user fields of many YAML shapes, tricky bodies. */
export const HAND_NOTES: readonly string[] = [
  `---\ntitle: "Attention Is All You Need"\ncitekey: vaswani2017attention\nauthors:\n  - Ashish Vaswani\n  - Noam Shazeer\nyear: 2017\ntags: [nlp, transformers]\nstatus: reading\nrating: 5\nmy-summary: |\n  Multi-line\n  user text: with colons\n  ---\n  and a dash line\nlinks:\n  code: https://github.com/x/y\n  slides: null\ncreated: 2026-01-02\n---\n\n# Attention\n\nBody with --- and\n---\nlines that look like frontmatter.\n`,
  `---\r\ntitle: CRLF note\r\ncitekey: crlf2020\r\nstatus: done\r\ntags: a, b, #c\r\nreviewed: yes\r\nweird key: "value # not a comment"\r\n---\r\nBody line 1\r\n\r\nBody line 2 with trailing spaces   \r\n`,
  `\ufeff---\ntitle: BOM note\nnotes: 'single ''quoted'''\nempty:\nnum: 0x1F\nfloat: .inf\nlist:\n  - [1, 2]\n  - {a: b}\n---\nText right after.`,
  `---\n---\nEmpty frontmatter, body follows.\n`,
  `No frontmatter at all.\nJust a body.\n`,
  `\ufeffNo frontmatter but a BOM.\n`,
  `---\nstatus: toread\ntags:\n  - "#hash"\n  - 42\n  - ''\nanchors: &a [1, 2]\nref: *a\n"quoted key": x\n? complex\n: value\n---\n\`\`\`yaml\n---\nnot: frontmatter\n---\n\`\`\`\n`,
  `---\ntitle: Unicode 東京 שלום 👩‍🔬\nauthor-note: "e\u0301 \u202e reversed"\nconstructor: user field\ntoString: also user\n---\n# Body ✓\n`,
  `---\n__proto__: {polluted: true}\nstatus: unread\n---\nPrototype key as a user field.\n`,
  `---\ntitle: x\n---`,
  `---\nkey: value\n--- \nBody after a closing line with a trailing space.\n`,
  `---\r\nmixed: endings\n---\r\nBody\n`,
];

export interface NoteBase {
  readonly name: string;
  readonly text: string;
}

function isUser(k: string): boolean {
  return !(OWNED_FIELDS as readonly string[]).includes(k);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) {
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Own enumerable entries (including a literal `__proto__` key) of a frontmatter object. */
function entries(data: Frontmatter): Array<[string, FrontmatterValue]> {
  return Object.keys(data).map((k) => [k, Object.getOwnPropertyDescriptor(data, k)?.value as FrontmatterValue]);
}

/** The frontmatter as js-yaml reads it directly (the oracle; gray-matter is not involved). */
function oracle(text: string): Frontmatter | undefined {
  const raw = splitNote(text).yaml;
  if (raw === undefined) {
    return {};
  }
  try {
    const data = yaml.load(raw, { schema: yaml.CORE_SCHEMA });
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Frontmatter) : {};
  } catch {
    return undefined;
  }
}

function checkRewrite(what: string, before: string, after: string, expectFields: (k: string) => 'user' | 'skip'): string[] {
  const bad: string[] = [];
  const s0 = splitNote(before);
  const s1 = splitNote(after);
  const body0 = s0.yaml === undefined ? before.replace(/^\ufeff/, '') : s0.body;
  if (s1.yaml === undefined) {
    bad.push(`${what}: the new text has no frontmatter block`);
  } else if (s1.body !== body0 && !(s0.yaml === undefined && s1.body === s0.eol + body0)) {
    bad.push(`${what}: body changed (${JSON.stringify(body0.slice(0, 60))} → ${JSON.stringify(s1.body.slice(0, 60))})`);
  }
  if (before.startsWith('\ufeff') !== after.startsWith('\ufeff')) {
    bad.push(`${what}: BOM ${before.startsWith('\ufeff') ? 'lost' : 'added'}`);
  }
  const r1 = readFrontmatter(after);
  if (r1.error !== undefined) {
    bad.push(`${what}: the new frontmatter does not read back: ${r1.error}`);
    return bad;
  }
  const d0 = oracle(before) ?? readFrontmatter(before).data;
  const u0 = entries(d0).filter(([k]) => expectFields(k) === 'user');
  const u1 = entries(r1.data).filter(([k]) => expectFields(k) === 'user');
  if (u0.length !== u1.length || u0.some(([k, v], i) => u1[i]?.[0] !== k || !sameValue(v, u1[i]?.[1]))) {
    const k0 = u0.map(([k]) => k);
    const k1 = u1.map(([k]) => k);
    const changed = k0.filter((k, i) => k1[i] !== k || !sameValue(u0[i]?.[1], u1[i]?.[1]));
    bad.push(`${what}: user fields changed: [${k0.join(', ')}] → [${k1.join(', ')}]; differing: ${changed.slice(0, 5).join(', ')}`);
  }
  return bad;
}

/** Generates and checks frontmatter input (seed, index): read, update, set status. */
export function runFrontmatterCase(notes: readonly NoteBase[], papers: readonly Paper[], seed: number, index: number, options: CaseOptions = {}): CaseResult {
  const rng = mulberry32(caseSeed('frontmatter', seed, index));
  const base = pick(rng, notes);
  const category = categoryOf(index);
  const input = mutate('frontmatter', category, base.text, rng);
  const text = mutatedText(input);
  const paper = pick(rng, papers);
  const status = pick(rng, READING_STATUSES);
  const failures: string[] = [];
  const start = performance.now();
  try {
    const read = readFrontmatter(text);
    if (typeof read.data !== 'object' || read.data === null || Array.isArray(read.data)) {
      failures.push('readFrontmatter: data is not an object');
    }
    noteMeta(read.data);
    const update = updateNoteText(text, paper);
    if (read.error !== undefined && update.text !== undefined) {
      failures.push('updateNoteText rewrote a note whose frontmatter is invalid');
    }
    if (update.text !== undefined) {
      failures.push(...checkRewrite('updateNoteText', text, update.text, (k) => (isUser(k) ? 'user' : 'skip')));
      const owned = readFrontmatter(update.text).data;
      const want = libraryFields(paper);
      for (const k of OWNED_FIELDS) {
        if (!sameValue(Object.hasOwn(owned, k) ? owned[k] : undefined, want[k])) {
          failures.push(`updateNoteText: owned field ${k} is ${JSON.stringify(owned[k])?.slice(0, 80)}, not ${JSON.stringify(want[k])?.slice(0, 80)}`);
        }
      }
      const again = updateNoteText(update.text, paper);
      if (again.text !== undefined) {
        failures.push(`updateNoteText is not idempotent: ${again.changes.map((c) => c.field).join(', ')} changed again`);
      }
    }
    const withStatus = setStatusText(text, status);
    if (read.error !== undefined && withStatus !== undefined) {
      failures.push('setStatusText rewrote a note whose frontmatter is invalid');
    }
    if (withStatus !== undefined) {
      failures.push(...checkRewrite('setStatusText', text, withStatus, (k) => (k === 'status' ? 'skip' : 'user')));
      const meta = noteMeta(readFrontmatter(withStatus).data);
      if (meta.status !== status) {
        failures.push(`setStatusText: status reads back as ${meta.status}, not ${status}`);
      }
    }
  } catch (error) {
    failures.push(`threw: ${describe(error)}`);
  }
  const ms = performance.now() - start;
  failures.push(...tooSlow(ms, text.length, options));
  return { target: 'frontmatter', seed, index, category, base: base.name, size: text.length, ms, records: 0, failures };
}

/** The mutated note text of frontmatter input (seed, index), for replaying. */
export function frontmatterInput(notes: readonly NoteBase[], seed: number, index: number): string {
  const rng = mulberry32(caseSeed('frontmatter', seed, index));
  const base = pick(rng, notes);
  return mutatedText(mutate('frontmatter', categoryOf(index), base.text, rng));
}

// ---------------------------------------------------------------------------------------------
// Run statistics

export interface Stats {
  cases: number;
  failures: number;
  maxMs: number;
  maxCase: string;
  totalMs: number;
  byCategory: Record<string, { cases: number; failures: number; detected: number; records: number; maxMs: number }>;
}

export function emptyStats(): Stats {
  return { cases: 0, failures: 0, maxMs: 0, maxCase: '', totalMs: 0, byCategory: {} };
}

export function addResult(stats: Stats, r: CaseResult): void {
  stats.cases++;
  stats.totalMs += r.ms;
  if (r.failures.length > 0) {
    stats.failures++;
  }
  if (r.ms > stats.maxMs) {
    stats.maxMs = r.ms;
    stats.maxCase = `${r.target}:${r.seed}:${r.index} (${r.category}, ${r.size} units)`;
  }
  const c = (stats.byCategory[r.category] ??= { cases: 0, failures: 0, detected: 0, records: 0, maxMs: 0 });
  c.cases++;
  c.failures += r.failures.length > 0 ? 1 : 0;
  c.detected += r.detected === r.target ? 1 : 0;
  c.records += r.records;
  c.maxMs = Math.max(c.maxMs, r.ms);
}
