/**
 * The detail view's HTML: every paper field is escaped, the CSP allows nothing but our own
 * stylesheet, the codicon font and one nonce-tagged script. Pure (no `vscode` import).
 */
import type { Paper } from '../core/model';
import { dateLabel, paperLinks } from '../core/paper-info';

export interface DetailAssets {
  readonly cspSource: string;
  readonly nonce: string;
  readonly styleUri: string;
  readonly codiconUri: string;
  readonly scriptUri: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function row(label: string, value: string | undefined): string {
  return value ? `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>` : '';
}

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim())}</p>`)
    .join('\n');
}

/** A document citing the paper: its workspace path, the first line (1-based) and how often. */
export interface CitingDocument {
  readonly path: string;
  readonly line: number;
  readonly count: number;
}

function citedInSection(citedIn: readonly CitingDocument[] | undefined): string {
  if (citedIn === undefined) {
    return '';
  }
  const n = citedIn.length;
  const items = citedIn
    .map((d, i) => `<li><a href="#" data-cite-index="${i}">${escapeHtml(`${d.path}:${d.line}`)}</a>${d.count > 1 ? ` <span class="count">(${d.count} citations)</span>` : ''}</li>`)
    .join('');
  return `<section id="cited-in">
    <h2>Cited in ${n} document${n === 1 ? '' : 's'}</h2>
    ${n > 0 ? `<ul>${items}</ul>` : '<p class="empty">No markdown or LaTeX document in the workspace cites it yet.</p>'}
  </section>`;
}

export function renderDetailHtml(paper: Paper | undefined, hasNote: boolean, assets: DetailAssets, citedIn?: readonly CitingDocument[], abstractPending = false): string {
  const csp = [
    "default-src 'none'",
    `style-src ${assets.cspSource}`,
    `font-src ${assets.cspSource}`,
    `img-src ${assets.cspSource} https:`,
    `script-src 'nonce-${assets.nonce}'`,
  ].join('; ');
  const head = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${escapeHtml(assets.codiconUri)}" rel="stylesheet">
<link href="${escapeHtml(assets.styleUri)}" rel="stylesheet">
<title>${escapeHtml(paper?.title ?? 'Paper')}</title>
</head>`;
  if (!paper) {
    return `${head}<body><main><p class="empty">This paper is no longer in the library.</p></main></body></html>`;
  }
  const people = paper.authors.length > 0 ? paper.authors.join(', ') : undefined;
  const links = paperLinks(paper)
    .map((l) => `<a class="link" href="${escapeHtml(l.href)}" data-href="${escapeHtml(l.href)}"><span class="codicon codicon-link-external"></span> ${escapeHtml(l.label)}</a>`)
    .join('\n');
  const sources = paper.sources.map((s) => `<li>${escapeHtml(`${s.path}:${s.line}`)}</li>`).join('');
  const key = escapeHtml(paper.key);
  return `${head}
<body>
<main data-key="${key}">
  <h1 id="title">${escapeHtml(paper.title)}</h1>
  <div class="actions">
    <button data-action="openNote" data-key="${key}"><span class="codicon codicon-${hasNote ? 'note' : 'new-file'}"></span> ${hasNote ? 'Open Note' : 'Create Note'}</button>
    <button data-action="copyKey" data-key="${key}" class="secondary"><span class="codicon codicon-copy"></span> Copy Key</button>
    <button data-action="insertCitation" data-key="${key}" class="secondary"><span class="codicon codicon-quote"></span> Insert Citation</button>
  </div>
  <table class="facts">
    ${row('Key', paper.key)}
    ${row('Authors', people)}
    ${row('Organisation', paper.organization)}
    ${paper.authors.length === 0 && paper.authorCount !== undefined ? row('Authors', `${paper.authorCount} authors`) : ''}
    ${row('Date', dateLabel(paper))}
    ${row('Upvotes', paper.upvotes !== undefined ? String(paper.upvotes) : undefined)}
    ${row('Venue', paper.venue)}
    ${row('Type', paper.type)}
    ${row('arXiv', paper.arxivId)}
    ${row('DOI', paper.doi)}
    ${row('Tags', paper.tags.length > 0 ? paper.tags.join(', ') : undefined)}
  </table>
  ${links ? `<nav class="links">${links}</nav>` : ''}
  <section id="abstract">
    <h2>Abstract</h2>
    ${paper.abstract ? paragraphs(paper.abstract) : abstractPending && paper.abstract === '' ? '<p class="empty">Reading the abstract…</p>' : '<p class="empty">No abstract in the sources.</p>'}
  </section>
  ${citedInSection(citedIn)}
  <details class="sources"><summary>Sources (${paper.sources.length})</summary><ul>${sources}</ul></details>
</main>
<script nonce="${escapeHtml(assets.nonce)}" src="${escapeHtml(assets.scriptUri)}"></script>
</body>
</html>`;
}
