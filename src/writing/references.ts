/**
 * Find All References on a citation key: every citation of that paper in the workspace, under
 * its key and every alias (from the incremental `CitationIndex`).
 */
import * as vscode from 'vscode';
import { citationAt } from '../core/cite/key-ref';
import type { LibraryService } from '../services/library-service';
import { citationsIn } from '../platform/cite-documents';
import type { CitationIndex } from '../services/citation-index';

/** The keys a paper answers to, or the key alone when the library does not know it. */
export function keysOfSamePaper(service: LibraryService, key: string): string[] {
  const paper = service.library.byKey.get(key);
  return paper ? [paper.key, ...(paper.aliases ?? [])] : [key];
}

export class CitationReferenceProvider implements vscode.ReferenceProvider {
  constructor(
    private readonly service: LibraryService,
    private readonly index: CitationIndex,
  ) {}

  async provideReferences(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[] | undefined> {
    const ref = citationAt(citationsIn(doc), doc.offsetAt(position));
    if (!ref) {
      return undefined;
    }
    await this.service.ready;
    const citations = await this.index.citationsOf(keysOfSamePaper(this.service, ref.key));
    return citations.map((c) => new vscode.Location(c.uri, c.range));
  }
}
