/** Offset spans → `vscode.Position` / `vscode.Range`, in an open document or in a plain text. */
import * as vscode from 'vscode';
import { LineIndex } from '../core/text';

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The range of an offset span in an open document. */
export function documentRange(doc: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
}

/** Converts offsets of one text (read from disk, not open) to positions and ranges. */
export class TextPositions {
  private readonly lines: LineIndex;

  constructor(text: string) {
    this.lines = new LineIndex(text);
  }

  position(offset: number): vscode.Position {
    const p = this.lines.position(offset);
    return new vscode.Position(p.line, p.character);
  }

  range(span: Span): vscode.Range {
    return new vscode.Range(this.position(span.start), this.position(span.end));
  }

  offset(position: vscode.Position): number {
    return this.lines.offset(position.line, position.character);
  }
}
