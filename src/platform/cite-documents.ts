/** Which documents carry citations, and the citation keys in one of them. */
import type * as vscode from 'vscode';
import type { CiteKeyRef } from '../core/cite/key-ref';
import type { DocLanguage } from '../core/cite/languages';
import { CITATION_LANGUAGE_IDS, languageOfId } from '../core/cite/languages';
import { findLatexCitations } from '../core/cite/latex-citations';
import { findMarkdownCitations } from '../core/cite/markdown-citations';

export const CITE_SELECTOR: vscode.DocumentSelector = CITATION_LANGUAGE_IDS.map((language) => ({ language }));

export function citeLanguage(doc: vscode.TextDocument): DocLanguage | undefined {
  return languageOfId(doc.languageId);
}

/** Citation keys in a document (cached per document version). */
const cache = new WeakMap<vscode.TextDocument, { version: number; refs: CiteKeyRef[] }>();

export function citationsIn(doc: vscode.TextDocument): CiteKeyRef[] {
  const hit = cache.get(doc);
  if (hit && hit.version === doc.version) {
    return hit.refs;
  }
  const language = citeLanguage(doc);
  const refs = language === 'markdown' ? findMarkdownCitations(doc.getText()) : language === 'latex' ? findLatexCitations(doc.getText()) : [];
  cache.set(doc, { version: doc.version, refs });
  return refs;
}
