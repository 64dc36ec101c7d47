/**
 * Safe note file names: whatever the key or title, the name has no path separators or `..`,
 * no characters invalid on Windows, macOS or Linux, is not a reserved Windows device name,
 * is Unicode NFC and at most MAX_NAME_BYTES of UTF-8, so the note always lands inside the
 * notes folder.
 */
import type { Paper } from '../model';
import { trimTrailing } from '../text';

export const MAX_NAME_BYTES = 150;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

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
  if (RESERVED.test(name)) {
    name = name.replace(/^[^.]*/, (base) => `${base}_`); // Windows reserves the part before the first dot
  }
  return name;
}

/** Cuts text to at most `max` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, max: number): string {
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
