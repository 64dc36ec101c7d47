/**
 * Note templates: plain text with `{{placeholder}}`s, never evaluated as code. Unknown
 * placeholders are left as written and reported, so a typo is visible, not silently empty.
 */
import type { Paper } from '../model';
import { paperLinks, peopleLine } from '../paper-info';
import { markdownLinkTarget } from '../markdown';
import type { Frontmatter } from './frontmatter';
import { frontmatterBlock, readFrontmatter, splitNote, stubFrontmatter } from './frontmatter';

export const DEFAULT_TEMPLATE = `# {{title}}

{{people}} · {{date}}

{{links}}

## Abstract

{{abstract}}

## Notes

`;

export const PLACEHOLDERS = [
  'title', 'key', 'authors', 'people', 'organization', 'date', 'year', 'abstract', 'links', 'upvotes', 'arxiv', 'doi', 'url', 'venue',
  'container', 'volume', 'issue', 'pages', 'publisher', 'place', 'edition', 'editors', 'series', 'isbn', 'issn', 'note', 'created',
] as const;

function values(p: Paper, created: string): Record<(typeof PLACEHOLDERS)[number], string> {
  return {
    title: p.title,
    key: p.key,
    authors: p.authors.join(', '),
    people: peopleLine(p, 10) ?? '',
    organization: p.organization ?? '',
    date: p.date ?? (p.year !== undefined ? String(p.year) : ''),
    year: p.year !== undefined ? String(p.year) : '',
    abstract: p.abstract ?? '',
    links: paperLinks(p)
      .map((l) => `[${l.label}](${markdownLinkTarget(l.href)})`)
      .join(' · '),
    upvotes: p.upvotes !== undefined ? String(p.upvotes) : '',
    arxiv: p.arxivId ?? '',
    doi: p.doi ?? '',
    url: p.url ?? '',
    venue: p.venue ?? '',
    container: p.container ?? p.venue ?? '',
    volume: p.volume ?? '',
    issue: p.issue ?? '',
    pages: p.pages ?? '',
    publisher: p.publisher ?? '',
    place: p.publisherPlace ?? '',
    edition: p.edition ?? '',
    editors: (p.editors ?? []).join(', '),
    series: p.series ?? '',
    isbn: p.isbn ?? '',
    issn: p.issn ?? '',
    note: p.note ?? '',
    created,
  };
}

export interface FilledTemplate {
  readonly text: string;
  /** Placeholders the template uses that Lit Notes does not know, each once. */
  readonly unknown: readonly string[];
}

/** Substitutes placeholders in plain text. Substituted values are not scanned again. */
export function fillTemplate(template: string, p: Paper, created: string): FilledTemplate {
  const known = values(p, created) as Record<string, string>;
  const unknown = new Set<string>();
  const text = template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, name: string) => {
    const v = known[name];
    if (v === undefined) {
      unknown.add(name);
      return whole;
    }
    return v;
  });
  return { text, unknown: [...unknown] };
}

/**
 * A complete new note: frontmatter (owned fields, tags, status, created, plus any fields the
 * template's own frontmatter declares) and the template's body with placeholders filled.
 */
export function renderNote(p: Paper, created: string, template: string = DEFAULT_TEMPLATE): FilledTemplate {
  const split = splitNote(template);
  let extra: Frontmatter = {};
  const unknown = new Set<string>();
  if (split.yaml !== undefined) {
    const filledYaml = fillTemplateInYaml(template, p, created);
    filledYaml.unknown.forEach((u) => unknown.add(u));
    extra = filledYaml.data;
  }
  const body = fillTemplate(split.body, p, created);
  body.unknown.forEach((u) => unknown.add(u));
  return { text: frontmatterBlock(stubFrontmatter(p, created, extra)) + '\n' + body.text.replace(/^\r?\n/, ''), unknown: [...unknown] };
}

/** Template frontmatter: parsed first, then placeholders filled in string values (so values can never break the YAML). */
function fillTemplateInYaml(template: string, p: Paper, created: string): { data: Frontmatter; unknown: string[] } {
  const parsed = readFrontmatter(template);
  const unknown = new Set<string>();
  const fill = (v: Frontmatter[string]): Frontmatter[string] => {
    if (typeof v === 'string') {
      const r = fillTemplate(v, p, created);
      r.unknown.forEach((u) => unknown.add(u));
      return r.text;
    }
    if (Array.isArray(v)) {
      return v.map(fill);
    }
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    }
    return v;
  };
  const data: Frontmatter = {};
  for (const [k, v] of Object.entries(parsed.data)) {
    data[k] = fill(v);
  }
  return { data, unknown: [...unknown] };
}
