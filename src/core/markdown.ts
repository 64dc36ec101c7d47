/** Markdown text helpers shared by tooltips and hovers. Pure. */
import type { Paper } from './model';
import { dateLabel, paperLinks, peopleLine } from './paper-info';
import { cutAtWord } from './text';

/** Escapes text so titles and names render as written in Markdown. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/**
 * Text (a citation key, which may come verbatim from a source: `]`, `)`, backticks, `<`, quotes,
 * backslashes) as one Markdown code span that shows it exactly: the fence is one backtick longer
 * than the longest run inside, padded with a space when the text starts or ends with a backtick,
 * and line breaks (which could end the paragraph) show as spaces.
 */
export function markdownCodeSpan(text: string): string {
  const flat = text.replace(/[\r\n\u2028\u2029]/g, ' ');
  let longest = 0;
  let run = 0;
  for (let i = 0; i < flat.length; i++) {
    run = flat.charCodeAt(i) === 96 ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${flat === '' ? ' ' : flat}${pad}${fence}`;
}

/**
 * A link target that cannot end the link early: characters Markdown gives a meaning to in a
 * destination (spaces, parentheses, angle and square brackets, backslashes, quotes) are
 * percent-encoded, so a URL from a source file can never smuggle a second link (for example a
 * `command:` link) into a hover.
 */
export function markdownLinkTarget(href: string): string {
  return href.replace(/[\s()<>[\]\\"'`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * A Markdown link to one of our commands with JSON arguments. `encodeURIComponent` keeps `(`,
 * `)`, `'`, `!`, `*` and `~`: a key holding `)` would end the link early (#18), so those are
 * percent-encoded too (VS Code decodes the query before parsing the arguments).
 */
export function commandLink(label: string, command: string, args: readonly unknown[]): string {
  const query = encodeURIComponent(JSON.stringify(args)).replace(/[()'!*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `[${label}](command:${command}?${query})`;
}

/**
 * A paper's essentials as Markdown: bold title; people · date · upvotes · venue; the key (and
 * whether it has a note); the start of the abstract; links. `extraLinks` come before the paper's links.
 */
export function paperSummaryMarkdown(p: Paper, options: { hasNote: boolean; abstractChars?: number; extraLinks?: readonly string[] }): string {
  const parts = [`**${escapeMarkdown(p.title)}**`];
  const facts = [peopleLine(p, 6), dateLabel(p), p.upvotes !== undefined ? `▲ ${p.upvotes} upvotes` : undefined, p.venue].filter((x): x is string => !!x);
  if (facts.length > 0) {
    parts.push(facts.map(escapeMarkdown).join(' · '));
  }
  parts.push(`${markdownCodeSpan(p.key)}${options.hasNote ? ' · $(note) note' : ''}`);
  const limit = options.abstractChars ?? 400;
  if (p.abstract && limit > 0) {
    parts.push(escapeMarkdown(p.abstract.length > limit ? cutAtWord(p.abstract, limit) + '…' : p.abstract));
  }
  const links = [...(options.extraLinks ?? []), ...paperLinks(p).map((l) => `[${escapeMarkdown(l.label)}](${markdownLinkTarget(l.href)})`)];
  if (links.length > 0) {
    parts.push(links.join(' · '));
  }
  return parts.join('\n\n');
}
