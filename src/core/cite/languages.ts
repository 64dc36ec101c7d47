/**
 * The documents that carry citations, in one place: VS Code language ids and file extensions of
 * markdown (pandoc citations) and LaTeX (`\cite`) documents. Pure.
 */

export type DocLanguage = 'markdown' | 'latex';

export const MARKDOWN_LANGUAGE_IDS: readonly string[] = ['markdown', 'quarto', 'rmd', 'pandoc'];
export const LATEX_LANGUAGE_IDS: readonly string[] = ['latex', 'tex', 'doctex'];
/** Every citation language id (the manifest's `editorLangId` clauses name the same ones). */
export const CITATION_LANGUAGE_IDS: readonly string[] = [...MARKDOWN_LANGUAGE_IDS, ...LATEX_LANGUAGE_IDS];

/** File extensions (lower case) of documents scanned for citations on disk. */
export const MARKDOWN_EXTENSIONS: readonly string[] = ['md', 'markdown', 'qmd', 'rmd'];
export const LATEX_EXTENSIONS: readonly string[] = ['tex', 'ltx', 'latex'];

/** A glob for citing documents (globs are case-sensitive: `Rmd` is listed as R users write it). */
export const CITING_GLOB = `**/*.{${[...MARKDOWN_EXTENSIONS, 'Rmd', ...LATEX_EXTENSIONS].join(',')}}`;

/** The citation language of a VS Code language id, or undefined when it carries no citations. */
export function languageOfId(languageId: string): DocLanguage | undefined {
  if (MARKDOWN_LANGUAGE_IDS.includes(languageId)) {
    return 'markdown';
  }
  return LATEX_LANGUAGE_IDS.includes(languageId) ? 'latex' : undefined;
}

/** LaTeX package and documented sources: LaTeX when named explicitly (the CLI), never scanned. */
const LATEX_SOURCE_EXTENSIONS: readonly string[] = ['sty', 'cls', 'dtx'];

function extensionOf(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** The citation language of a file scanned for citations (by extension), or undefined when it is not one. */
export function languageOfPath(path: string): DocLanguage | undefined {
  const ext = extensionOf(path);
  if (MARKDOWN_EXTENSIONS.includes(ext)) {
    return 'markdown';
  }
  return LATEX_EXTENSIONS.includes(ext) ? 'latex' : undefined;
}

/** The language of a document named explicitly: LaTeX by any LaTeX extension, markdown otherwise. */
export function documentLanguageOfPath(path: string): DocLanguage {
  return LATEX_EXTENSIONS.includes(extensionOf(path)) || LATEX_SOURCE_EXTENSIONS.includes(extensionOf(path)) ? 'latex' : 'markdown';
}
