/** Links to a paper's pages, built in one place (arXiv, Hugging Face, DOI). Pure. */
import type { Paper } from './model';

export function arxivAbsUrl(arxivId: string): string {
  return `https://arxiv.org/abs/${arxivId}`;
}

export function arxivPdfUrl(arxivId: string): string {
  return `https://arxiv.org/pdf/${arxivId}`;
}

/** The Hugging Face paper page; `id` is an arXiv id or an already encoded page id. */
export function huggingFaceUrl(id: string): string {
  return `https://huggingface.co/papers/${id}`;
}

export function doiUrl(doi: string): string {
  return `https://doi.org/${doi}`;
}

/** The paper's own URL, else its arXiv page (what an exported entry's `url` holds). */
export function urlOrArxiv(p: Pick<Paper, 'url' | 'arxivId'>): string | undefined {
  return p.url ?? (p.arxivId ? arxivAbsUrl(p.arxivId) : undefined);
}
