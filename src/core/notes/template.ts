/**
 * Note templates: plain text with `{{placeholder}}`s, never evaluated as code. Unknown
 * placeholders are left as written and reported, so a typo is visible, not silently empty.
 */
import type { Paper } from '../model';
import { dateLabel, paperLinks, peopleLine } from '../paper-info';
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
    date: dateLabel(p) ?? '',
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
  /** Set when no note may be written from this template (YAML aliases, output over budget); `text` is then empty. */
  readonly error?: string;
}

/**
 * The most text placeholders may add to one note (issue #18): a 389-byte template repeating
 * `{{abstract}}`, or nesting YAML aliases, produced a 217 MB note. Over it, nothing is written.
 */
export const TEMPLATE_OUTPUT_BUDGET = 2_000_000;

/**
 * Substitutes placeholders in plain text. Substituted values are not scanned again. `budget`
 * counts the characters substituted so far (shared across calls for one note); past
 * TEMPLATE_OUTPUT_BUDGET, substitution stops and `error` is set.
 */
export function fillTemplate(template: string, p: Paper, created: string, budget: { used: number } = { used: 0 }): FilledTemplate {
  const known = values(p, created) as Record<string, string>;
  const unknown = new Set<string>();
  let over = false;
  const text = template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, name: string) => {
    const v = known[name];
    if (v === undefined) {
      unknown.add(name);
      return whole;
    }
    if (over || budget.used + v.length > TEMPLATE_OUTPUT_BUDGET) {
      over = true;
      return '';
    }
    budget.used += v.length;
    return v;
  });
  return over ? { text: '', unknown: [...unknown], error: overBudget() } : { text, unknown: [...unknown] };
}

function overBudget(): string {
  return `the note template's placeholders would add over ${TEMPLATE_OUTPUT_BUDGET.toLocaleString('en-US')} characters to the note; no note written`;
}

/**
 * A complete new note: frontmatter (owned fields, tags, status, created, plus any fields the
 * template's own frontmatter declares) and the template's body with placeholders filled.
 */
export function renderNote(p: Paper, created: string, template: string = DEFAULT_TEMPLATE): FilledTemplate {
  const split = splitNote(template);
  let extra: Frontmatter = {};
  const unknown = new Set<string>();
  const budget = { used: 0 };
  if (split.yaml !== undefined) {
    const parsed = readFrontmatter(template);
    if (parsed.anchors) {
      return { text: '', unknown: [], error: "the note template's frontmatter uses YAML anchors or aliases (&name, *name), which would be expanded into every note; no note written (remove them from the template)" };
    }
    const filledYaml = fillTemplateInYaml(parsed.data, p, created, budget);
    if (filledYaml.over) {
      return { text: '', unknown: [], error: overBudget() };
    }
    filledYaml.unknown.forEach((u) => unknown.add(u));
    extra = filledYaml.data;
  }
  const body = template === DEFAULT_TEMPLATE ? { text: defaultBody(p), unknown: [] } : fillTemplate(split.body, p, created, budget);
  if (body.error) {
    return body;
  }
  body.unknown.forEach((u) => unknown.add(u));
  return { text: frontmatterBlock(stubFrontmatter(p, created, extra)) + '\n' + body.text.replace(/^\r?\n/, ''), unknown: [...unknown] };
}

/**
 * The built-in template's body for one paper, without what the paper lacks: no ` · ` line
 * without people or date, no links line without links, no `## Abstract` section without an
 * abstract. Otherwise the same text as filling {@link DEFAULT_TEMPLATE}.
 */
function defaultBody(p: Paper): string {
  const v = values(p, '');
  const byline = [v.people, v.date].filter((x) => x !== '').join(' · ');
  const parts = [`# ${v.title}`];
  if (byline !== '') {
    parts.push(byline);
  }
  if (v.links !== '') {
    parts.push(v.links);
  }
  if (v.abstract !== '') {
    parts.push(`## Abstract\n\n${v.abstract}`);
  }
  parts.push('## Notes\n\n');
  return parts.join('\n\n');
}

/** Template frontmatter: parsed first, then placeholders filled in string values (so values can never break the YAML). */
function fillTemplateInYaml(parsedData: Frontmatter, p: Paper, created: string, budget: { used: number }): { data: Frontmatter; unknown: string[]; over: boolean } {
  const unknown = new Set<string>();
  let over = false;
  const fill = (v: Frontmatter[string]): Frontmatter[string] => {
    if (typeof v === 'string') {
      const r = fillTemplate(v, p, created, budget);
      r.unknown.forEach((u) => unknown.add(u));
      over ||= r.error !== undefined;
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
  for (const [k, v] of Object.entries(parsedData)) {
    data[k] = fill(v);
  }
  return { data, unknown: [...unknown], over };
}
