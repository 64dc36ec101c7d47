/**
 * Person names from the bibliographic formats, always returned as display strings in
 * "Given von Family Suffix" order (corporate / literal names as written). Pure functions.
 */
import { collapseWhitespace, trimTrailing } from '../text';
import { latexToUnicode } from './latex';

interface Token {
  readonly text: string;
  /** A comma at brace depth 0 (BibTeX name-part separator). */
  readonly comma: boolean;
}

/** Splits a BibTeX name list on `and` at brace depth 0 (case-insensitive, whitespace-delimited). */
export function splitBibtexNameList(value: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  const s = value;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 123) {
      depth++;
    } else if (c === 125) {
      depth = Math.max(0, depth - 1);
    } else if (c === 92) {
      i++;
    } else if (depth === 0 && isSpace(c) && (s.charCodeAt(i + 1) | 32) === 97 /* a */) {
      // " and " (any case), followed by whitespace
      if ((s.charCodeAt(i + 2) | 32) === 110 && (s.charCodeAt(i + 3) | 32) === 100 && isSpace(s.charCodeAt(i + 4))) {
        names.push(s.slice(start, i));
        i += 4;
        start = i;
      }
    }
  }
  names.push(s.slice(start));
  return names.map((n) => n.trim()).filter((n) => n !== '');
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function tokenize(name: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let start = -1;
  const flush = (end: number): void => {
    if (start >= 0) {
      tokens.push({ text: name.slice(start, end), comma: false });
      start = -1;
    }
  };
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (depth === 0 && (isSpace(c) || c === 126 /* ~ */)) {
      flush(i);
    } else if (depth === 0 && c === 44 /* , */) {
      flush(i);
      tokens.push({ text: ',', comma: true });
    } else {
      if (start < 0) {
        start = i;
      }
      if (c === 123) {
        depth++;
      } else if (c === 125) {
        depth = Math.max(0, depth - 1);
      } else if (c === 92) {
        i++;
      }
    }
  }
  flush(name.length);
  return tokens;
}

/**
 * BibTeX's rule for "von" tokens: the first letter at brace depth 0 is lower case. A token
 * starting with a plain brace group (`{van Gogh}`) has no case (not von); a special character
 * (`{\"o}`, `\o`) counts with the case of the letter it produces.
 */
function isVon(token: string): boolean {
  let depth = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c === 123) {
      if (depth === 0 && token.charCodeAt(i + 1) !== 92) {
        return false;
      }
      if (depth === 0) {
        // special character: find its end and look at the converted text
        let d = 0;
        let j = i;
        for (; j < token.length; j++) {
          const cj = token.charCodeAt(j);
          if (cj === 123) {
            d++;
          } else if (cj === 125 && --d === 0) {
            break;
          }
        }
        return startsLower(latexToUnicode(token.slice(i, j + 1)));
      }
      depth++;
    } else if (c === 125) {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0 && c === 92) {
      return startsLower(latexToUnicode(token.slice(i)));
    } else if (depth === 0 && c < 128) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
        return c >= 97; // an ASCII letter: no regex needed
      }
    } else if (depth === 0 && /\p{L}/u.test(token.charAt(i))) {
      return /\p{Ll}/u.test(token.charAt(i));
    }
  }
  return false;
}

function startsLower(text: string): boolean {
  const m = /\p{L}/u.exec(text);
  return m !== null && /\p{Ll}/u.test(m[0]);
}

function join(tokens: readonly Token[]): string {
  return tokens.map((t) => t.text).join(' ');
}

const EXTENDED = /^\s*(family|given|prefix|suffix|useprefix|juniorcomma|familyi|giveni|prefixi|suffixi)\s*=/i;

/** Biblatex "extended name format": `family=Smith, given=John, prefix=von`. */
function extendedName(raw: string): string | undefined {
  if (!EXTENDED.test(raw)) {
    return undefined;
  }
  const parts: Record<string, string> = {};
  for (const t of splitTopLevel(raw, 44)) {
    const m = /^\s*([a-z-]+)\s*=([\s\S]*)$/i.exec(t);
    if (m?.[1] && m[2] !== undefined) {
      parts[m[1].toLowerCase()] = m[2].trim().replace(/^"(.*)"$/s, '$1');
    }
  }
  if (parts.family === undefined && parts.given === undefined) {
    return undefined;
  }
  return [parts.given, parts.prefix, parts.family, parts.suffix]
    .filter((p): p is string => !!p)
    .map((p) => convert(p))
    .filter((p) => p !== '')
    .join(' ');
}

function splitTopLevel(text: string, separator: number): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) {
      depth++;
    } else if (c === 125) {
      depth = Math.max(0, depth - 1);
    } else if (c === 92) {
      i++;
    } else if (c === separator && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** What only the full name path handles: parts after commas, ties, `=` (extended names), LaTeX. */
const NEEDS_PARSING = /[,~=\\{}$`'^_]|--/;

function convert(latex: string): string {
  return collapseWhitespace(latexToUnicode(latex));
}

/**
 * One BibTeX name ("First von Last", "von Last, First" or "von Last, Jr, First") as
 * "First von Last Jr". A name that is one brace group (`{World Health Organization}`) is kept
 * as written. Returns undefined for an empty name.
 */
export function formatBibtexName(raw: string): string | undefined {
  if (!NEEDS_PARSING.test(raw)) {
    // Most names: words only, no comma, no LaTeX. "First von Last" keeps the words in their
    // order, so the name is its words, one space apart (the same result as the full path,
    // tested; on 100k generated papers the full path was 15% of parsing a BibTeX file).
    return collapseWhitespace(raw) || undefined;
  }
  const extended = extendedName(raw);
  if (extended !== undefined) {
    return extended || undefined;
  }
  const tokens = tokenize(raw);
  const commas = tokens.filter((t) => t.comma).length;
  const words = tokens.filter((t) => !t.comma);
  if (words.length === 0) {
    return undefined;
  }
  let first: Token[] = [];
  let von: Token[] = [];
  let last: Token[] = [];
  let jr: Token[] = [];
  if (commas === 0) {
    // First von Last: von = lower-case tokens, but never the last token
    let lo = -1;
    let hi = -1;
    for (let i = 0; i < words.length - 1; i++) {
      if (isVon(words[i]?.text ?? '')) {
        if (lo < 0) {
          lo = i;
        }
        hi = i;
      }
    }
    if (lo < 0) {
      first = words.slice(0, -1);
      last = words.slice(-1);
    } else {
      first = words.slice(0, lo);
      von = words.slice(lo, hi + 1);
      last = words.slice(hi + 1);
    }
  } else {
    const groups: Token[][] = [[]];
    for (const t of tokens) {
      if (t.comma) {
        groups.push([]);
      } else {
        groups[groups.length - 1]?.push(t);
      }
    }
    const head = groups[0] ?? [];
    if (groups.length === 2) {
      first = groups[1] ?? [];
    } else {
      jr = groups[1] ?? [];
      first = groups.slice(2).flat(); // more than two commas: the rest is the given name
    }
    let hi = -1;
    for (let i = 0; i < head.length - 1; i++) {
      if (isVon(head[i]?.text ?? '')) {
        hi = i;
      } else if (hi < 0) {
        break; // von must be a prefix of the part before the comma
      }
    }
    von = head.slice(0, hi + 1);
    last = head.slice(hi + 1);
  }
  const parts = [first, von, last, jr].map((p) => (p.length > 0 ? convert(join(p)) : '')).filter((p) => p !== '');
  const name = parts.join(' ');
  return name === '' ? undefined : name;
}

/** A BibTeX name list as display names; `and others` is dropped. */
export function parseBibtexNames(value: string): string[] {
  const out: string[] = [];
  for (const raw of splitBibtexNameList(value)) {
    if (/^others$/i.test(raw)) {
      continue;
    }
    const name = formatBibtexName(raw);
    if (name !== undefined) {
      out.push(name);
    }
  }
  return out;
}

/** A CSL-JSON name object (`given`, `family`, particles, `suffix`, `literal`). */
export function formatCslName(name: unknown): string | undefined {
  if (typeof name === 'string') {
    return collapseWhitespace(name) || undefined;
  }
  if (typeof name !== 'object' || name === null || Array.isArray(name)) {
    return undefined;
  }
  const n = name as Record<string, unknown>;
  const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
  const literal = str(n.literal) || str(n.name);
  if (literal.trim() !== '' && !str(n.family) && !str(n.given)) {
    return collapseWhitespace(literal);
  }
  const parts = [str(n.given), str(n['dropping-particle']), str(n['non-dropping-particle']), str(n.family), str(n.suffix)];
  const out = collapseWhitespace(parts.filter((p) => p.trim() !== '').join(' '));
  return out === '' ? undefined : out;
}

/**
 * An RIS name: "Family, Given" or "Family, Given, Suffix" becomes "Given Family Suffix";
 * a name without a comma (corporate, or already in display order) is kept as written.
 */
export function formatRisName(value: string): string | undefined {
  const v = trimTrailing(collapseWhitespace(value), /[,;]/).trim();
  if (v === '') {
    return undefined;
  }
  const parts = v.split(',').map((p) => p.trim());
  if (parts.length < 2) {
    return v;
  }
  const [family = '', given = '', ...rest] = parts;
  return [given, family, ...rest].filter((p) => p !== '').join(' ');
}
