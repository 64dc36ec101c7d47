/** Display helpers shared by the tree, the detail view, search items and hovers. Pure. */
import { arxivAbsUrl, arxivPdfUrl, doiUrl, huggingFaceUrl } from './links';
import type { Paper } from './model';

/**
 * The date to show: the publication date (`2017-06-12`, `2017`), else the day the paper was
 * listed on Daily Papers, said as such (`listed 2025-12-10`), else undefined.
 */
export function dateLabel(p: Pick<Paper, 'date' | 'year' | 'listed'>): string | undefined {
  if (p.date !== undefined || p.year !== undefined) {
    return p.date ?? String(p.year);
  }
  return p.listed !== undefined ? `listed ${p.listed}` : undefined;
}

/** "A, B, C et al." / organisation / "13 authors". */
export function peopleLine(p: Pick<Paper, 'authors' | 'authorCount' | 'organization'>, max = 3): string | undefined {
  if (p.authors.length > 0) {
    const shown = p.authors.slice(0, max).join(', ');
    return p.authors.length > max ? `${shown} et al.` : shown;
  }
  if (p.organization) {
    return p.organization;
  }
  if (p.authorCount !== undefined) {
    return `${p.authorCount} author${p.authorCount === 1 ? '' : 's'}`;
  }
  return undefined;
}

export interface PaperLink {
  readonly label: string;
  readonly href: string;
}

/** The paper's PDF (its own link, else arXiv's), http(s) only; undefined when it has none. */
export function pdfLink(p: Pick<Paper, 'pdfUrl' | 'arxivId'>): string | undefined {
  const href = p.pdfUrl ?? (p.arxivId ? arxivPdfUrl(p.arxivId) : undefined);
  return href && /^https?:\/\//i.test(href) ? href : undefined;
}

/** Outbound links of a paper, https only, de-duplicated. */
export function paperLinks(p: Paper): PaperLink[] {
  const links: PaperLink[] = [];
  const add = (label: string, href: string | undefined): void => {
    if (href && /^https?:\/\//i.test(href) && !links.some((l) => l.href === href)) {
      links.push({ label, href });
    }
  };
  if (p.arxivId) {
    add('Hugging Face', huggingFaceUrl(p.arxivId));
    add('arXiv', arxivAbsUrl(p.arxivId));
  }
  add('PDF', pdfLink(p));
  if (p.doi) {
    add('DOI', doiUrl(p.doi));
  }
  add('URL', p.url);
  return links;
}
