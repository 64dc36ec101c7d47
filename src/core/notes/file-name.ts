/**
 * Safe note file names: whatever the key or title, the name has no path separators or `..`,
 * no characters invalid on Windows, macOS or Linux, is not a reserved Windows device name,
 * is Unicode NFC and at most MAX_NAME_BYTES of UTF-8, so the note always lands inside the
 * notes folder.
 */
import type { Paper } from '../model';
import { trimTrailing } from '../text';

export const MAX_NAME_BYTES = 150;
/**
 * Windows device names. Win32 ignores the extension and trailing spaces and dots before it, so
 * `CON`, `con.md`, `CON .md`, `NUL .txt`, `COM1 .x`, `CONIN$` and `COM¹` all open a device; the
 * check is on the part before the first dot with trailing spaces removed, in any case.
 */
const RESERVED_STEM = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$/i;

/** Whether Windows would read `name` (a file name, with or without extension) as a device. */
export function isReservedWindowsName(name: string): boolean {
  const dot = name.indexOf('.');
  return RESERVED_STEM.test(trimTrailing(dot < 0 ? name : name.slice(0, dot), /\s/));
}

/** Turns any text into one safe path segment (without extension). */
export function safeFileName(text: string): string {
  let name = text
    .normalize('NFC')
    // Control characters, characters Windows forbids, and both slashes.
     
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"/\\|?*]/g, '-')
    // Unicode line/paragraph separators, bidi controls and other invisible format characters.
    .replace(/[\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/-{2,}/g, '-')
    .trim()
    // No leading dots (hidden files, `..`) and no trailing dots or spaces (invalid on Windows).
    .replace(/^[.\s-]+/, '');
  name = trimTrailing(name, /[.\s]/);
  name = trimTrailing(truncateUtf8(name, MAX_NAME_BYTES), /[.\s]/);
  if (name === '') {
    name = 'untitled';
  }
  if (isReservedWindowsName(name)) {
    // `CON .md` -> `CON_ .md`: the device name is no longer the part before the first dot
    const dot = name.indexOf('.');
    const stem = trimTrailing(dot < 0 ? name : name.slice(0, dot), /\s/);
    name = `${stem}_${name.slice(stem.length)}`;
  }
  return name;
}

/** Cuts text to at most `max` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, max: number): string {
  if (text.length * 3 <= max) {
    return text; // a UTF-16 unit is at most 3 UTF-8 bytes (a pair is 4 bytes for 2 units)
  }
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const n = new TextEncoder().encode(ch).length;
    if (bytes + n > max) {
      break;
    }
    bytes += n;
    out += ch;
  }
  return out;
}

/**
 * The note's file name for a paper from the `litNotes.noteFileName` pattern: `{key}`,
 * `{title}`, `{year}`, `{arxiv}` (unknown placeholders are kept as written), made safe, plus `.md`.
 */
export function noteFileName(pattern: string, paper: Paper): string {
  const values: Record<string, string> = { key: paper.key, title: paper.title, year: paper.year !== undefined ? String(paper.year) : '', arxiv: paper.arxivId ?? '' };
  const filled = pattern.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  return `${safeFileName(filled || paper.key)}.md`;
}

/** How a case-insensitive file system (Windows, macOS by default) compares names: over-cautious on purpose. */
export function foldFileName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * Note file names for a whole library (issue #18 L3), distinct on a case-insensitive file system:
 * `Smith2020` and `smith2020` would otherwise share one note file there. Names are decided in a
 * fixed order (by name, then key, in code-unit order), so the result does not depend on load
 * order: the first paper keeps its name and each later one whose name folds to a taken name gets
 * `-2`, `-3`, … (the next free suffix per name, so n collisions cost O(n)). `reserved` are names
 * already used in the notes folder (existing notes): new names never fold to one of them.
 * Returns the file name (with `.md`) by paper key.
 */
export function noteFileNames(pattern: string, papers: readonly Paper[], reserved: Iterable<string> = []): Map<string, string> {
  const entries = papers.map((p) => ({ key: p.key, name: noteFileName(pattern, p) }));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const taken = new Set<string>();
  for (const r of reserved) {
    taken.add(foldFileName(r));
  }
  const out = new Map<string, string>();
  const later: typeof entries = [];
  for (const e of entries) {
    const f = foldFileName(e.name);
    if (taken.has(f)) {
      later.push(e);
    } else {
      taken.add(f);
      out.set(e.key, e.name);
    }
  }
  const nextSuffix = new Map<string, number>();
  for (const e of later) {
    const stem = e.name.endsWith('.md') ? e.name.slice(0, -3) : e.name;
    const f = foldFileName(stem);
    let n = nextSuffix.get(f) ?? 2;
    while (taken.has(foldFileName(`${stem}-${n}.md`))) {
      n++;
    }
    nextSuffix.set(f, n + 1);
    const name = `${stem}-${n}.md`;
    taken.add(foldFileName(name));
    out.set(e.key, name);
  }
  return out;
}

/**
 * Normalises the `litNotes.notesFolder` setting into workspace-relative segments, refusing
 * anything that would leave the workspace (`..`, absolute paths, drive letters).
 */
export function notesFolderSegments(folder: string): string[] {
  const segments = folder
    .replace(/\\/g, '/')
    .replace(/^[a-z]:/i, '')
    .split('/')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) {
    return ['papers'];
  }
  return segments.map(safeFileName);
}
