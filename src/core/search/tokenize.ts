/**
 * Tokenisation shared by the index builder and the query parser.
 *
 * A token is a maximal run of letters and digits, folded to lower case without diacritics
 * (`Résumé` → `resume`), one UTF-16 unit per source unit so token offsets are offsets in the
 * original text (needed for title highlights). Combining marks inside a word are skipped.
 * Tokens are capped at {@link MAX_TOKEN_LENGTH} units (the rest of a longer run is ignored).
 *
 * Hyphenated words also produce a compound token: `Pre-training` gives `pre`, `training` and
 * `pretraining`, so `pretraining` and `pre training` both find it.
 *
 * The builder in `segment.ts` inlines the same rules in its hot loop for speed; the tests
 * check that both agree.
 */

/** Longest token kept (longer runs, e.g. hashes in URLs, are truncated). */
export const MAX_TOKEN_LENGTH = 40;

/** `FOLD[c]`: folded code unit of `c`; 0 = separator; {@link SKIP} = ignored inside a word. */
const FOLD = new Uint16Array(65536);
/** Whether `FOLD[c]` has been computed (non-ASCII units are computed on first sight). */
const KNOWN = new Uint8Array(65536);
/** Marker for combining marks: part of the word, but not stored. */
export const SKIP = 0xffff;

for (let c = 0; c < 128; c++) {
  KNOWN[c] = 1;
  if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122)) {
    FOLD[c] = c;
  } else if (c >= 65 && c <= 90) {
    FOLD[c] = c + 32;
  }
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;

function computeFold(c: number): number {
  KNOWN[c] = 1;
  if (c >= 0xd800 && c <= 0xdfff) {
    return 0; // lone surrogates (emoji, rare scripts): separators
  }
  const s = String.fromCharCode(c);
  if (MARK.test(s)) {
    FOLD[c] = SKIP;
  } else if (LETTER_OR_DIGIT.test(s)) {
    const folded = s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    FOLD[c] = folded.length > 0 ? folded.charCodeAt(0) : c;
  }
  return FOLD[c] ?? 0;
}

/** Folded code unit of `c` (0 for a separator, {@link SKIP} for a combining mark). */
export function foldChar(c: number): number {
  return KNOWN[c] === 1 ? (FOLD[c] ?? 0) : computeFold(c);
}

/** Whether `c` (a UTF-16 unit) joins two word parts into a compound: ASCII hyphen, U+2010, U+2011. */
function isHyphen(c: number): boolean {
  return c === 45 || c === 0x2010 || c === 0x2011;
}

/** One token of a text: folded term and its `[start, end)` span in the original text. */
export interface Token {
  readonly term: string;
  readonly start: number;
  readonly end: number;
  /** True for the joined form of a hyphenated word (`pretraining` from `pre-training`). */
  readonly compound?: boolean;
}

/** Tokens of `text`, in order; compounds follow the last part of their hyphenated word. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let term = '';
  let start = -1;
  let compound = '';
  let compoundStart = -1;
  let parts = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const f = i < n ? foldChar(text.charCodeAt(i)) : 0;
    if (f !== 0) {
      if (start < 0) {
        start = i;
      }
      if (f !== SKIP && term.length < MAX_TOKEN_LENGTH) {
        term += String.fromCharCode(f);
      }
      continue;
    }
    if (start < 0) {
      continue;
    }
    if (term.length > 0) {
      out.push({ term, start, end: i });
      compound = parts === 0 ? term : (compound + term).slice(0, MAX_TOKEN_LENGTH);
      if (parts === 0) {
        compoundStart = start;
      }
      parts++;
    }
    // A single hyphen between two word parts continues the compound.
    const joins = i < n - 1 && isHyphen(text.charCodeAt(i)) && foldChar(text.charCodeAt(i + 1)) !== 0 && parts > 0;
    if (!joins) {
      if (parts > 1) {
        out.push({ term: compound, start: compoundStart, end: i, compound: true });
      }
      parts = 0;
      compound = '';
    }
    term = '';
    start = -1;
  }
  return out;
}

/** Folded letters and digits of `text`, nothing else: `"Deep Résidual-Learning!"` → `deepresiduallearning`. */
export function foldedLetters(text: string): string {
  let s = '';
  for (let i = 0; i < text.length; i++) {
    const f = foldChar(text.charCodeAt(i));
    if (f !== 0 && f !== SKIP) {
      s += String.fromCharCode(f);
    }
  }
  return s;
}

/** 32-bit FNV-1a of the folded letters and digits of `text` (exact-title detection). */
export function foldedHash(text: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) {
    const f = foldChar(text.charCodeAt(i));
    if (f !== 0 && f !== SKIP) {
      h = Math.imul(h ^ f, 16777619);
    }
  }
  return h >>> 0;
}

/**
 * English function words. They are not indexed in abstracts (a third of all words, no
 * meaning there) and count little in a query, but titles and author fields keep them.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each either few for from further had has have having he her here hers him his how i if in ' +
    'into is it its itself just may me might more most must my no nor not now of off on once only or other our ours out over own same ' +
    'shall she should so some such than that the their theirs them then there these they this those through to too under until up upon ' +
    'us very via was we were what when where whether which while who whom why will with within without would yet you your'
  ).split(' '),
);
