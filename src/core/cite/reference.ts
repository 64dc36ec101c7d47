/**
 * A plain-text reference for a paper (APA-like, for pasting into an e-mail or a document
 * without a bibliography tool), and the person-name splitting the exporters share. Pure.
 */
import { arxivAbsUrl, doiUrl } from '../links';
import type { Paper } from '../model';
import { collapseWhitespace, yearOf } from '../text';

/** A display name split into parts; `literal` names (organisations, odd strings) are kept whole. */
export type NameParts = { readonly literal: string } | { readonly family: string; readonly given?: string; readonly suffix?: string };

const SUFFIX = /^(?:jr|sr|jnr|snr)\.?$|^(?:ii|iii|iv|2nd|3rd)$/i;

/** Words that make a name an organisation, not a person. */
const ORGANISATION =
  /(?:^|\s)(?:university|universit[äéà]t?|universidad|institute|institut|laboratory|laboratories|lab|labs|team|group|consortium|collaboration|committee|council|association|society|organi[sz]ation|foundation|corporation|corp\.?|inc\.?|ltd\.?|llc|gmbh|agency|center|centre|department|ministry|project|initiative|alliance|network|academy|research|and|&|\+)(?=\s|$)/i;

/**
 * Splits a display name ("Given von Family Suffix", as the loaders produce) into family,
 * given and suffix. Lower-case particles before the family name belong to it ("Ludwig van
 * Beethoven": family "van Beethoven"); one word is a family name alone. Organisations, names
 * with digits or commas (not in display order) are literal.
 */
export function splitName(display: string): NameParts {
  const name = collapseWhitespace(display);
  if (name === '' || name.includes(',') || /\d/.test(name) || ORGANISATION.test(name)) {
    return { literal: name };
  }
  const tokens = name.split(' ');
  let suffix: string | undefined;
  if (tokens.length >= 3 && SUFFIX.test(tokens[tokens.length - 1] ?? '')) {
    suffix = tokens.pop();
  }
  let k = tokens.length - 1;
  while (k > 1 && /^\p{Ll}/u.test(tokens[k - 1] ?? '')) {
    k--; // particles: "van", "de la"; at least one given name stays
  }
  const family = tokens.slice(k).join(' ');
  const given = tokens.slice(0, k).join(' ');
  return { family, ...(given ? { given } : {}), ...(suffix ? { suffix } : {}) };
}

/** "Ashish" → "A.", "Chien-Chin" → "C.-C.", "J.R." → "J. R.", "Ari S." → "A. S.". */
export function initials(given: string): string {
  return given
    .split(/\s+/)
    .filter((t) => t !== '')
    .map((token) =>
      token
        .split('-')
        .map((part) =>
          part
            .split('.')
            .map((piece) => /\p{L}/u.exec(piece)?.[0])
            .filter((c): c is string => c !== undefined)
            .map((c) => `${c.toUpperCase()}.`)
            .join(' '),
        )
        .filter((p) => p !== '')
        .join('-'),
    )
    .filter((t) => t !== '')
    .join(' ');
}

/** "Family, I. I." (with ", Jr." after the initials), or the literal name. */
function referenceName(display: string): string {
  const parts = splitName(display);
  if ('literal' in parts) {
    return parts.literal;
  }
  const given = parts.given ? initials(parts.given) : '';
  return [parts.family, given, parts.suffix].filter((p) => p).join(', ');
}

/** Authors shown before "et al.". */
const MAX_AUTHORS = 6;

function authorList(p: Paper): string | undefined {
  const names = p.authors.map(referenceName).filter((n) => n !== '');
  if (names.length > MAX_AUTHORS) {
    return `${names.slice(0, MAX_AUTHORS).join(', ')}, et al.`;
  }
  if (names.length > 1) {
    return `${names.slice(0, -1).join(', ')}, & ${names[names.length - 1] ?? ''}`;
  }
  if (names.length === 1) {
    return names[0];
  }
  if (p.organization) {
    return collapseWhitespace(p.organization);
  }
  if (p.authorCount !== undefined && p.authorCount > 0) {
    return `${p.authorCount} author${p.authorCount === 1 ? '' : 's'}`;
  }
  return undefined;
}

/** Ends a piece of the reference with a period unless it already ends a sentence. */
function sentence(text: string): string {
  const t = collapseWhitespace(text);
  return /[.?!…]["'”’)\]]*$/.test(t) ? t : `${t}.`;
}

/** The paper's best link: its DOI, else its arXiv page, else its URL. */
export function referenceLink(p: Paper): string | undefined {
  if (p.doi) {
    return doiUrl(p.doi);
  }
  if (p.arxivId) {
    return arxivAbsUrl(p.arxivId);
  }
  return p.url;
}

/** "2" → "2nd ed.", "Third" → "Third ed."; an edition that already says "ed"/"edition" is kept. */
function editionText(edition: string): string {
  const e = collapseWhitespace(edition);
  if (/\bed(?:ition|\.)?$/i.test(e)) {
    return e;
  }
  const n = /^(\d+)$/.exec(e)?.[1];
  if (n === undefined) {
    return `${e} ed.`;
  }
  const k = Number(n);
  const suffix = k % 100 >= 11 && k % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][k % 10] ?? 'th');
  return `${n}${suffix} ed.`;
}

/**
 * A one-line plain-text reference, e.g. `Vaswani, A., Shazeer, N., … et al. (2017). Attention
 * Is All You Need. Advances in Neural Information Processing Systems. arXiv:1706.03762.
 * https://arxiv.org/abs/1706.03762`, APA-like: authors (family name and initials, at most six,
 * then "et al."; else the organisation; else "N authors"), year (or "n.d."), title (with the
 * edition; none for a paper whose source gave no title), container with volume, issue and pages
 * (`Journal, 12(3), 1–10.`), publisher, arXiv id, and one link (DOI preferred, then arXiv,
 * then the URL).
 */
export function formatReference(p: Paper): string {
  const year = p.year ?? yearOf(p.date);
  const when = `(${year !== undefined ? String(year) : 'n.d.'}).`;
  const authors = authorList(p);
  const addon = p.titleAddon ? ` [${collapseWhitespace(p.titleAddon)}]` : '';
  const title = p.untitled ? undefined : p.edition ? `${collapseWhitespace(p.title)}${addon} (${editionText(p.edition)}).` : sentence(`${collapseWhitespace(p.title)}${addon}`);
  const pieces = authors !== undefined ? [authors.endsWith('.') ? authors : `${authors}.`, when] : title !== undefined ? [title, when] : [when];
  if (authors !== undefined && title !== undefined) {
    pieces.push(title);
  }
  const container = p.container ?? p.venue;
  const volume = p.volume ? `${collapseWhitespace(p.volume)}${p.issue ? `(${collapseWhitespace(p.issue)})` : ''}` : p.issue ? `(${collapseWhitespace(p.issue)})` : undefined;
  const located = [container ? collapseWhitespace(container) : undefined, volume, p.pages ? collapseWhitespace(p.pages) : undefined].filter((x): x is string => x !== undefined);
  if (located.length > 0) {
    pieces.push(sentence(located.join(', ')));
  }
  if (p.publisher && p.publisher !== container && p.publisher !== p.organization) {
    pieces.push(sentence(p.publisher));
  }
  if (p.arxivId && !(container ?? '').includes(p.arxivId)) {
    pieces.push(`arXiv:${p.arxivId}.`);
  }
  const link = referenceLink(p);
  if (link) {
    pieces.push(link);
  }
  return pieces.join(' ');
}
