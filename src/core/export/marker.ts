/**
 * Files Lit Notes exports are never read back as paper sources by the folder scan: an export is
 * a copy of the library, and loading it would keep papers deleted from their real source alive.
 * Two marks, so the rule holds for both export formats:
 *
 * - A BibTeX export starts with an `@comment{Lit Notes export …}` line (BibTeX, biber and pandoc
 *   ignore `@comment`), so the mark travels with the file when it is copied, renamed or committed.
 * - CSL-JSON has no comments, so every export (both formats) is also recorded, by its path
 *   relative to the workspace folder, in `.litnotes/exports.json`.
 *
 * A file named explicitly in `litNotes.sources` (or given to the CLI) is loaded all the same. Pure.
 */
import { stripBom } from '../text';

/** The words that open a BibTeX export's first line. */
export const EXPORT_MARKER = 'Lit Notes export';

/** Where exports are recorded, relative to a workspace folder. */
export const EXPORTS_FILE = '.litnotes/exports.json';

/** Why a scanned file is not loaded; shown in the log and the library summary. */
export const EXPORT_SKIP_REASON = 'not loaded: it is a Lit Notes export (a copy of papers from the library); to load it anyway, name this file in the litNotes.sources setting';

/** The first line of a BibTeX export (followed by a blank line). */
export function bibtexExportHeader(count: number, date: string): string {
  return (
    `@comment{${EXPORT_MARKER} of ${count} paper${count === 1 ? '' : 's'}, ${date}. ` +
    'Lit Notes does not load its own exports as paper sources; to load this file, name it in the litNotes.sources setting.}\n\n'
  );
}

/** Whether a file's text is a BibTeX export of Lit Notes: its first non-blank text is the marker comment. */
export function isLitNotesExport(text: string): boolean {
  const head = stripBom(text).slice(0, 200).trimStart();
  return /^@comment\s*[{(]\s*/i.test(head) && head.replace(/^@comment\s*[{(]\s*/i, '').startsWith(EXPORT_MARKER);
}

/** The recorded export paths from `.litnotes/exports.json` (an unreadable file records none). */
export function parseExportsFile(text: string | undefined): string[] {
  if (text === undefined) {
    return [];
  }
  try {
    const data = JSON.parse(stripBom(text)) as unknown;
    const list = typeof data === 'object' && data !== null ? (data as { exports?: unknown }).exports : undefined;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The `.litnotes/exports.json` text with `relativePath` recorded (kept sorted, once), without
 * the recorded files that are gone (`exists`); undefined when the existing file is not one Lit
 * Notes wrote (never overwritten then).
 */
export function recordExport(text: string | undefined, relativePath: string, exists: (path: string) => boolean = () => true): string | undefined {
  if (text !== undefined && text.trim() !== '') {
    try {
      const data = JSON.parse(stripBom(text)) as unknown;
      if (typeof data !== 'object' || data === null || !Array.isArray((data as { exports?: unknown }).exports)) {
        return undefined;
      }
    } catch {
      return undefined;
    }
  }
  const paths = [...new Set([...parseExportsFile(text).filter(exists), relativePath])].sort();
  return `${JSON.stringify({ comment: 'Files written by Lit Notes: Export Papers. They are not loaded as paper sources.', exports: paths }, null, 2)}\n`;
}
