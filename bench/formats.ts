/** Writes generated papers in each source format, to benchmark the loaders on realistic text. */
import type { Paper } from '../src/core/model';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parts(date: string | undefined): [number, number, number] | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** A Daily Papers page: header, then title / abstract / metadata blocks with explicit years. */
export function toDailyPapers(papers: readonly Paper[]): string {
  const out = ['new', '', 'Get trending papers in your email inbox!', '', 'Subscribe', '', 'Daily Papers', '', 'byAK and the research community', '', 'Jan 2', ''];
  for (const p of papers) {
    out.push(p.title.replace(/\n/g, ' '), '', (p.abstract ?? 'No abstract.').replace(/\n+/g, ' '), '');
    const d = parts(p.date);
    if (d) {
      out.push(p.organization ? `${p.organization.toLowerCase().replace(/\s+/g, '')} ${p.organization}` : `  • ${Math.max(1, p.authors.length)} authors`);
      out.push('·');
      out.push(`${MONTHS[d[1] - 1]} ${d[2]}, ${d[0]}${p.upvotes ? ` ${p.upvotes}` : ''}`, '');
    }
  }
  return out.join('\n');
}

export function toHfJson(papers: readonly Paper[]): string {
  return JSON.stringify(
    papers.map((p, i) => ({
      paper: {
        id: `2401.${String(i).padStart(5, '0')}`,
        title: p.title,
        summary: p.abstract ?? '',
        authors: p.authors.map((name, j) => ({ _id: `${i}-${j}`, name, hidden: false })),
        publishedAt: `${p.date ?? '2024-01-01'}T00:00:00.000Z`,
        upvotes: p.upvotes ?? 0,
      },
      title: p.title,
      publishedAt: `${p.date ?? '2024-01-01'}T00:00:00.000Z`,
      numComments: 0,
    })),
    null,
    2,
  );
}

function braces(text: string): string {
  return text.replace(/[{}\\]/g, '').replace(/([&%$#_])/g, '\\$1');
}

export function toBibtex(papers: readonly Paper[]): string {
  return papers
    .map((p) => {
      const d = parts(p.date);
      const fields = [
        `  title = {${braces(p.title)}}`,
        `  author = {${p.authors.map(braces).join(' and ')}}`,
        d ? `  year = {${d[0]}},\n  month = ${MONTHS[d[1] - 1]?.toLowerCase()}` : '',
        p.venue ? `  journal = {${braces(p.venue)}}` : '',
        p.doi ? `  doi = {${p.doi}}` : '',
        p.abstract ? `  abstract = {${braces(p.abstract)}}` : '',
      ].filter((f) => f !== '');
      return `@article{${p.key},\n${fields.join(',\n')}\n}\n`;
    })
    .join('\n');
}

export function toCslJson(papers: readonly Paper[]): string {
  return JSON.stringify(
    papers.map((p) => {
      const d = parts(p.date);
      return {
        id: p.key,
        type: 'article-journal',
        title: p.title,
        author: p.authors.map((a) => {
          const i = a.lastIndexOf(' ');
          return i > 0 ? { given: a.slice(0, i), family: a.slice(i + 1) } : { literal: a };
        }),
        ...(d ? { issued: { 'date-parts': [d] } } : {}),
        ...(p.venue ? { 'container-title': p.venue } : {}),
        ...(p.doi ? { DOI: p.doi } : {}),
        ...(p.abstract ? { abstract: p.abstract } : {}),
      };
    }),
    null,
    2,
  );
}

export function toRis(papers: readonly Paper[]): string {
  return papers
    .map((p) => {
      const d = parts(p.date);
      const lines = ['TY  - JOUR', `TI  - ${p.title}`, ...p.authors.map((a) => `AU  - ${a}`)];
      if (d) {
        lines.push(`PY  - ${d[0]}`, `DA  - ${d[0]}/${String(d[1]).padStart(2, '0')}/${String(d[2]).padStart(2, '0')}/`);
      }
      if (p.venue) {
        lines.push(`JO  - ${p.venue}`);
      }
      if (p.doi) {
        lines.push(`DO  - ${p.doi}`);
      }
      if (p.abstract) {
        lines.push(`AB  - ${p.abstract.replace(/\n+/g, ' ')}`);
      }
      lines.push('ER  - ', '');
      return lines.join('\r\n');
    })
    .join('\r\n');
}

/** A mixed workspace: one file per format, by file name (the memory and parse worker benches). */
export const FIVE_FORMATS: ReadonlyArray<readonly [string, (papers: readonly Paper[]) => string]> = [
  ['papers.txt', toDailyPapers],
  ['papers.json', toHfJson],
  ['library.bib', toBibtex],
  ['zotero.csl.json', toCslJson],
  ['reading.ris', toRis],
];
