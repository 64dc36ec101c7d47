/**
 * What the live import writes, decided without touching a disk: file names come only from a
 * validated date, and `added.json` grows by merging. The callers write the text to a temporary
 * name and rename it into place.
 */
import { parseDay } from './dates';
import { LiveError } from './errors';

export const ADDED_FILE = 'added.json';
export const DAILY_PREFIX = 'hf-daily-';

/** `hf-daily-YYYY-MM-DD.json` for a valid day; throws a `bad-date` LiveError for anything else. */
export function dailyFileName(day: string): string {
  const valid = parseDay(day);
  if (!valid) {
    throw new LiveError('bad-date', `"${day}" is not a date (YYYY-MM-DD).`);
  }
  return `${DAILY_PREFIX}${valid}.json`;
}

/** The day of a file name `hf-daily-YYYY-MM-DD.json`, if it is one. */
export function dayOfDailyFile(name: string): string | undefined {
  const m = /^hf-daily-(\d{4}-\d{2}-\d{2})\.json$/.exec(name);
  return m ? parseDay(m[1] ?? '') : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

/**
 * Whether an existing `hf-daily-….json` may be replaced by a new import: only when it is what
 * Lit Notes writes there, a JSON list of Daily Papers items (or an empty list).
 */
export function isDailyFileContent(text: string): boolean {
  const data = parseJson(text);
  return Array.isArray(data) && data.every((x) => !!x && typeof x === 'object' && !Array.isArray(x) && 'paper' in x);
}

/** One paper in `added.json`: where it came from, when, and the paper object itself. */
export interface AddedItem {
  readonly source: 'huggingface' | 'arxiv';
  readonly addedAt: string;
  readonly paper: Record<string, unknown>;
}

function idOfItem(item: unknown): string | undefined {
  if (!item || typeof item !== 'object') {
    return undefined;
  }
  const paper = (item as { paper?: unknown }).paper;
  const id = paper && typeof paper === 'object' ? (paper as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

export interface MergedAdded {
  readonly text: string;
  /** Ids new to the file. */
  readonly added: string[];
  /** Ids that were there and got the fresh record. */
  readonly updated: string[];
}

/**
 * `added.json` with `items` merged in: a paper already there is replaced in place (fresh
 * metadata), new ones are appended, everything else is kept as it was. Refuses (an `invalid`
 * LiveError) when the current file is not a JSON list, so nothing a person wrote is lost.
 */
export function mergeAdded(current: string | undefined, items: readonly AddedItem[]): MergedAdded {
  let list: unknown[] = [];
  if (current !== undefined && current.trim() !== '') {
    const data = parseJson(current);
    if (!Array.isArray(data)) {
      throw new LiveError('invalid', `${ADDED_FILE} is not a JSON list of papers; it was left as it is (fix or rename it, then add the paper again).`);
    }
    list = data;
  }
  const index = new Map<string, number>();
  list.forEach((item, i) => {
    const id = idOfItem(item);
    if (id !== undefined && !index.has(id)) {
      index.set(id, i);
    }
  });
  const added: string[] = [];
  const updated: string[] = [];
  for (const item of items) {
    const id = idOfItem(item);
    const at = id !== undefined ? index.get(id) : undefined;
    if (id !== undefined && at !== undefined) {
      list[at] = item;
      updated.push(id);
    } else {
      if (id !== undefined) {
        index.set(id, list.length);
        added.push(id);
      }
      list.push(item);
    }
  }
  return { text: JSON.stringify(list, null, 2) + '\n', added, updated };
}

/** Name of the temporary file a write goes through before the rename. */
export function tempNameFor(name: string, random: string): string {
  return `.${name}.${random}.tmp`;
}
