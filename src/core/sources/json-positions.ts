import type { Problem } from '../model';
import { problem } from '../model';

/**
 * Finds where the elements of a JSON document's record array start, so problems and
 * `sources` can name a line without a full position-tracking JSON parser.
 *
 * The record array is the top-level array, or the first array-valued property of a
 * top-level object (e.g. CSL-JSON's `{"items": [...]}`). Runs in one linear pass.
 */
export function recordElementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let targetDepth = -1;
  for (let i = 0; i < text.length; i++) {
    // Jump to the next character that matters, by a native search: inside the records, the next
    // quote or bracket; in the record array, the next element or bracket. Indentation and
    // numbers are skipped without a loop (on 100k pretty-printed records: 3× faster).
    const next = depth > targetDepth && targetDepth >= 0 ? STRUCTURE : SIGNIFICANT;
    next.lastIndex = i;
    if (!next.test(text)) {
      break;
    }
    i = next.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      if (depth === targetDepth) {
        offsets.push(i); // a string element: counted, so the indices of the elements after it stay aligned
      }
      i = skipString(text, i);
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === targetDepth) {
        offsets.push(i);
      }
      if (targetDepth < 0 && c === 91 && depth <= 1) {
        targetDepth = depth + 1;
      }
      depth++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (depth < targetDepth - 1) {
        break;
      }
    } else if (depth === targetDepth && c > 32 && c !== 44 /* , */) {
      offsets.push(i); // a scalar element (not an object): still an element, so indices stay aligned
      i = skipScalar(text, i);
    }
  }
  return offsets;
}

/** Strings and brackets: all that matters inside a record. */
const STRUCTURE = /["{}[\]]/g;
/** Anything but whitespace and commas (JSON whitespace and what `c > 32` let through). */
const SIGNIFICANT = /[^\x00-\x20,]/g;

/**
 * Offset of the quote closing the string that opens at `start` (or the text's length). Jumps
 * from quote to quote with the native `indexOf` (string contents are most of a JSON file); a
 * quote preceded by an odd number of backslashes is escaped.
 */
function skipString(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) {
      return text.length;
    }
    let b = q - 1;
    while (b > start && text.charCodeAt(b) === 92 /* \ */) {
      b--;
    }
    if (((q - 1 - b) & 1) === 0) {
      return q;
    }
    from = q + 1;
  }
}

function skipScalar(text: string, start: number): number {
  if (text.charCodeAt(start) === 34) {
    return skipString(text, start);
  }
  let i = start;
  while (i + 1 < text.length && !/[,\]}\s]/.test(text.charAt(i + 1))) {
    i++;
  }
  return i;
}

/** 0-based offset of a `JSON.parse` syntax error, when the message says where. */
export function jsonErrorOffset(error: unknown, textLength: number): number {
  const message = error instanceof Error ? error.message : String(error);
  const m = /position (\d+)/.exec(message);
  if (m) {
    return Number(m[1]);
  }
  return /end of (JSON|data) input/i.test(message) ? textLength : 0;
}

/**
 * Parses JSON; on a syntax error returns a problem naming the line of the error instead of
 * throwing. `lines` maps offsets of `body` to lines.
 */
export function parseJsonReporting<T>(body: string, path: string, lines: { lineOf(offset: number): number }): { data: T } | { problem: Problem } {
  try {
    return { data: JSON.parse(body) as T };
  } catch (error) {
    const line = lines.lineOf(jsonErrorOffset(error, body.length));
    return { problem: problem(path, line, `Invalid JSON: ${error instanceof Error ? error.message : String(error)}`) };
  }
}
