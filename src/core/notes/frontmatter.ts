/**
 * Note frontmatter: the fields Lit Notes owns, rendering a stub, reading a note's status and
 * tags, and refreshing owned fields while keeping every other field and the body byte for byte.
 *
 * The block is split by `splitNote` (the same rule as Jekyll, Obsidian and gray-matter: it opens
 * with a `---` line and closes at the next `---` line) and its YAML goes straight to js-yaml:
 * written with the default schema (so strings that look like dates, numbers or booleans are
 * quoted and read back as strings by every tool) and read with the core schema (so a date a
 * person typed stays the text they typed). One splitter for reading and rewriting means a note
 * can never be read one way and rewritten another (see docs/reliability.md: gray-matter's own
 * splitter closed the block at any line *starting* with `---`, which lost fields on rewrite).
 */
import * as yaml from 'js-yaml';
import type { Paper } from '../model';
import type { ReadingStatus } from '../grouping';
import { READING_STATUSES } from '../grouping';

export type FrontmatterValue = string | number | boolean | null | FrontmatterValue[] | { [key: string]: FrontmatterValue };
export type Frontmatter = Record<string, FrontmatterValue>;

/**
 * A block's YAML as a mapping; anything else (a list, a scalar, nothing) reads as no fields.
 * `anchors` tells whether it defines anchors (`&name`), which aliases (`*name`) need: js-yaml
 * shares the anchored value between its aliases, and writing it back (or comparing it through
 * JSON) would expand every alias, so a few hundred bytes nesting aliases 6 deep became a 220 MB
 * note (issue #18). Such frontmatter is read, never rewritten.
 */
function parseYaml(text: string): { data: Frontmatter; anchors: boolean } {
  let anchors = false;
  const data: unknown = yaml.load(text, {
    schema: yaml.CORE_SCHEMA,
    listener: (event, state) => {
      // js-yaml keeps the anchors it has read in `state.anchorMap` (not in its typings); an
      // anchor is recorded when its node closes, so checking at each close sees every one.
      if (!anchors && event === 'close') {
        const map = (state as unknown as { anchorMap?: Record<string, unknown> }).anchorMap;
        anchors = map !== undefined && hasAnyKey(map);
      }
    },
  });
  return { data: typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Frontmatter) : {}, anchors };
}

function hasAnyKey(map: Record<string, unknown>): boolean {
  for (const key in map) {
    if (Object.hasOwn(map, key)) {
      return true;
    }
  }
  return false;
}

/** The largest frontmatter block a rewrite may produce: 64 KB more than 4 × the block it replaces. */
export function frontmatterBudget(oldYamlLength: number): number {
  return 65536 + 4 * oldYamlLength;
}

export const ALIASES_REFUSED = 'the frontmatter uses YAML anchors or aliases (&name, *name), which a rewrite would expand; not rewritten (edit the fields by hand)';

export function dumpYaml(data: Frontmatter): string {
  return yaml.dump(data, { lineWidth: -1, noRefs: true, quotingType: '"' });
}

/** Fields Lit Notes writes and may refresh; everything else in a note's frontmatter is the user's. */
export const OWNED_FIELDS = ['title', 'citekey', 'authors', 'organization', 'venue', 'date', 'year', 'listed', 'arxiv', 'doi', 'url', 'upvotes'] as const;
export type OwnedField = (typeof OWNED_FIELDS)[number];

/** A `date` that says no more than the `year` beside it (`2017`): not written twice. */
function dateRepeatsYear(p: Paper): boolean {
  return p.date !== undefined && p.year !== undefined && p.date === String(p.year);
}

/**
 * The owned fields for a paper, in a fixed order; absent values are left out, and so is a
 * `date` that only repeats the `year`. `venue` is where it appeared (as the detail view shows
 * it); `listed` the day it was listed on Daily Papers.
 */
export function libraryFields(p: Paper): Partial<Record<OwnedField, FrontmatterValue>> {
  const fields: Partial<Record<OwnedField, FrontmatterValue>> = { title: p.title, citekey: p.key };
  if (p.authors.length > 0) {
    fields.authors = [...p.authors];
  }
  if (p.organization) {
    fields.organization = p.organization;
  }
  const venue = p.venue ?? p.container;
  if (venue) {
    fields.venue = venue;
  }
  if (p.date && !dateRepeatsYear(p)) {
    fields.date = p.date;
  }
  if (p.year !== undefined) {
    fields.year = p.year;
  }
  if (p.listed) {
    fields.listed = p.listed;
  }
  if (p.arxivId) {
    fields.arxiv = p.arxivId;
  }
  if (p.doi) {
    fields.doi = p.doi;
  }
  if (p.url) {
    fields.url = p.url;
  }
  if (p.upvotes !== undefined) {
    fields.upvotes = p.upvotes;
  }
  return fields;
}

/**
 * Frontmatter of a new note: owned fields, then the paper's tags (BibTeX `keywords`, …; left
 * out when it has none: nothing empty is written), `status: unread`, `created`.
 */
export function stubFrontmatter(p: Paper, created: string, extra: Frontmatter = {}): Frontmatter {
  return { ...libraryFields(p), ...(p.tags.length > 0 ? { tags: [...p.tags] } : {}), status: 'unread', created, ...withoutOwned(extra) };
}

function withoutOwned(data: Frontmatter): Frontmatter {
  const out: Frontmatter = {};
  for (const [k, v] of Object.entries(data)) {
    if (!(OWNED_FIELDS as readonly string[]).includes(k)) {
      out[k] = v;
    }
  }
  return out;
}

/** `---\n<yaml>---\n` */
export function frontmatterBlock(data: Frontmatter): string {
  return `---\n${dumpYaml(data)}---\n`;
}

// The content group is optional *lazily*, so `---\n---\n` is an empty block (as every other tool reads it).
const BLOCK = /^(?:\ufeff)?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)??---[ \t]*(?:\r?\n|$)/;

export interface SplitNote {
  /** The frontmatter's raw YAML, or undefined when the note has none. */
  readonly yaml: string | undefined;
  /** Everything after the closing `---` line, byte for byte. */
  readonly body: string;
  readonly eol: '\n' | '\r\n';
}

export function splitNote(text: string): SplitNote {
  const eol = /\r\n/.test(text.slice(0, 2000)) ? '\r\n' : '\n';
  const m = BLOCK.exec(text);
  if (!m) {
    return { yaml: undefined, body: text, eol };
  }
  return { yaml: m[1] ?? '', body: text.slice(m[0].length), eol };
}

export interface ParsedFrontmatter {
  readonly data: Frontmatter;
  /** Set when the frontmatter is not valid YAML (the note is then never rewritten). */
  readonly error?: string;
  /** Set when the frontmatter defines YAML anchors (the note is then never rewritten). */
  readonly anchors?: boolean;
}

/** Reads a note's frontmatter. Invalid YAML is reported, never thrown. */
export function readFrontmatter(text: string): ParsedFrontmatter {
  const { yaml: raw } = splitNote(text);
  if (raw === undefined) {
    return { data: {} };
  }
  try {
    const { data, anchors } = parseYaml(raw);
    return anchors ? { data, anchors } : { data };
  } catch (error) {
    return { data: {}, error: error instanceof Error ? error.message.split('\n')[0] ?? 'invalid YAML' : String(error) };
  }
}

export interface NoteMeta {
  readonly citekey: string | undefined;
  readonly status: ReadingStatus;
  readonly tags: readonly string[];
}

/** Status (`unread` unless a valid one is set) and tags (a list or a comma-separated string). */
export function noteMeta(data: Frontmatter): NoteMeta {
  const status = typeof data.status === 'string' && (READING_STATUSES as readonly string[]).includes(data.status.trim().toLowerCase()) ? (data.status.trim().toLowerCase() as ReadingStatus) : 'unread';
  const rawTags = data.tags;
  const tags = Array.isArray(rawTags)
    ? rawTags.filter((t): t is string | number => typeof t === 'string' || typeof t === 'number').map(String)
    : typeof rawTags === 'string'
      ? rawTags.split(',')
      : [];
  return {
    citekey: typeof data.citekey === 'string' ? data.citekey : undefined,
    status,
    tags: [...new Set(tags.map((t) => t.trim().replace(/^#/, '')).filter((t) => t !== ''))],
  };
}

export interface FieldChange {
  readonly field: string;
  readonly before: FrontmatterValue | undefined;
  readonly after: FrontmatterValue | undefined;
}

export interface NoteUpdate {
  /** The new note text, or undefined when nothing changes or the note cannot be updated safely. */
  readonly text: string | undefined;
  readonly changes: readonly FieldChange[];
  readonly error?: string;
}

function same(a: FrontmatterValue | undefined, b: FrontmatterValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Refreshes the owned fields of a note from the library. Fields the user added keep their
 * values and order; owned fields the paper no longer has are removed; the body is kept byte
 * for byte. A note without frontmatter gets one; a note with invalid YAML is left alone.
 */
export function updateNoteText(text: string, paper: Paper): NoteUpdate {
  const split = splitNote(text);
  const parsed = readFrontmatter(text);
  if (parsed.error) {
    return { text: undefined, changes: [], error: `invalid frontmatter: ${parsed.error}` };
  }
  if (parsed.anchors) {
    return { text: undefined, changes: [], error: ALIASES_REFUSED };
  }
  const owned = libraryFields(paper) as Frontmatter;
  // A note naming its paper by an alias (a key older citations use) keeps it: keys never move.
  if (typeof parsed.data.citekey === 'string' && (paper.aliases ?? []).includes(parsed.data.citekey)) {
    owned.citekey = parsed.data.citekey;
  }
  const changes: FieldChange[] = [];
  const next: Frontmatter = {};
  // Keep the existing order: owned fields are updated in place, user fields untouched.
  for (const [k, v] of Object.entries(parsed.data)) {
    if ((OWNED_FIELDS as readonly string[]).includes(k)) {
      if (k in owned) {
        setOwn(next, k, owned[k] as FrontmatterValue);
        if (!same(v, owned[k])) {
          changes.push({ field: k, before: v, after: owned[k] });
        }
      } else if (k === 'date' && dateRepeatsYear(paper)) {
        setOwn(next, k, v); // a note written with `date: "2017"` beside `year: 2017` keeps it
      } else {
        changes.push({ field: k, before: v, after: undefined });
      }
    } else {
      setOwn(next, k, v);
    }
  }
  for (const [k, v] of Object.entries(owned)) {
    if (!Object.hasOwn(parsed.data, k)) {
      setOwn(next, k, v);
      changes.push({ field: k, before: undefined, after: v });
    }
  }
  if (changes.length === 0) {
    return { text: undefined, changes };
  }
  const block = frontmatterBlock(next).replace(/\n/g, split.eol);
  const budget = frontmatterBudget(split.yaml?.length ?? 0);
  if (block.length > budget) {
    return { text: undefined, changes: [], error: `the new frontmatter would be ${block.length.toLocaleString('en-US')} characters, over the ${budget.toLocaleString('en-US')}-character budget; not rewritten` };
  }
  const bom = text.startsWith('\ufeff') ? '\ufeff' : '';
  const body = bodyAfterBom(split, bom);
  return { text: bom + block + (split.yaml === undefined && body !== '' && !body.startsWith('\n') && !body.startsWith('\r\n') ? split.eol : '') + body, changes };
}

/** Why a note's frontmatter cannot be rewritten (invalid YAML, anchors), or undefined when it can. */
export function rewriteRefusal(text: string): string | undefined {
  const parsed = readFrontmatter(text);
  return parsed.error ? `invalid frontmatter: ${parsed.error}` : parsed.anchors ? ALIASES_REFUSED : undefined;
}

/**
 * Sets `status` (and nothing else) in a note's frontmatter, keeping the body byte for byte.
 * Undefined (refused) for invalid YAML, YAML anchors, or a result over the frontmatter budget.
 */
export function setStatusText(text: string, status: ReadingStatus): string | undefined {
  const split = splitNote(text);
  const parsed = readFrontmatter(text);
  if (parsed.error || parsed.anchors) {
    return undefined;
  }
  const data: Frontmatter = {};
  for (const [k, v] of Object.entries(parsed.data)) {
    setOwn(data, k, v);
  }
  setOwn(data, 'status', status);
  const bom = text.startsWith('\ufeff') ? '\ufeff' : '';
  const body = bodyAfterBom(split, bom);
  const block = frontmatterBlock(data).replace(/\n/g, split.eol);
  if (block.length > frontmatterBudget(split.yaml?.length ?? 0)) {
    return undefined;
  }
  return bom + block + (split.yaml === undefined && body !== '' ? split.eol : '') + body;
}

/** Defines a field as an own data property, so keys like `__proto__` stay ordinary fields. */
function setOwn(data: Frontmatter, key: string, value: FrontmatterValue): void {
  Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A note without frontmatter keeps its BOM in front of the new block, not inside the body. */
function bodyAfterBom(split: SplitNote, bom: string): string {
  return split.yaml === undefined && bom !== '' ? split.body.slice(bom.length) : split.body;
}
