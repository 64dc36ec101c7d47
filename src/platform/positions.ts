/**
 * Offsets ↔ zero-based line and character in a text, with VS Code's line breaks (`\r\n`, `\r`,
 * `\n`), for text that is not an open `TextDocument` (a file read from disk). Pure; see
 * ranges.ts for the `vscode.Position`/`Range` forms.
 */

export interface LineCharacter {
  readonly line: number;
  readonly character: number;
}

/** Line starts of one text, found once; each conversion is a binary search. */
export class LineStarts {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */ && text.charCodeAt(i + 1) === 10) {
        i++;
        this.starts.push(i + 1);
      } else if (c === 10 || c === 13) {
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Line and character of `offset` (clamped to the text). */
  position(offset: number): LineCharacter {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= at) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return { line: lo, character: at - (this.starts[lo] ?? 0) };
  }

  /** Offset of a line and character (both clamped: past a line's end is its end). */
  offset(line: number, character: number): number {
    const l = Math.max(0, Math.min(line, this.starts.length - 1));
    const start = this.starts[l] ?? 0;
    const next = this.starts[l + 1];
    let end = next ?? this.text.length;
    if (next !== undefined) {
      end -= this.text.charCodeAt(next - 1) === 10 && this.text.charCodeAt(next - 2) === 13 ? 2 : 1;
    }
    return start + Math.max(0, Math.min(character, end - start));
  }
}
