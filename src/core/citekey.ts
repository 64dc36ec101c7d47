/**
 * Citation keys. BibTeX and CSL-JSON records keep the key their source gives them. Every
 * other paper gets a generated key, `<first author's family name><year><first significant
 * title word>` (Google Scholar style, e.g. `vaswani2017attention`), or `<title word><year>`
 * when no author name is known (Daily Papers pages only give a count), e.g. `torchtitan2024`.
 *
 * Keys are pandoc-safe (ASCII letters, digits and `_:.-`, starting with a letter), unique
 * across the library, and deterministic: papers are ordered by their identity (DOI, arXiv id,
 * normalised title, first source), not by load order, before collisions are broken with
 * suffixes `a`, `b`, … `z`, `aa`, …
 */
import type { Paper, PaperRecord } from './model';
import { normalizeTitle } from './text';

const STOP_WORDS = new Set(
  ('a an the of on in for to and or with without by from at as is are be via into onto towards toward ' +
    'about over under between through using use do does can we our your how what why when which who ' +
    'not no its it this that these those than then there their where whose much many more most all any some each every only just very up out new'
  ).split(' '),
);

/** Folds text to ASCII letters and digits (accents removed, other characters dropped). */
export function asciiFold(text: string): string {
  if (/^[A-Za-z0-9]*$/.test(text)) {
    return text;
  }
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/[^A-Za-z0-9]/g, '');
}

/** Whether a key can be cited as `@key` by pandoc without braces. */
export function isPandocSafeKey(key: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_:.-]*$/.test(key) && !/[:.-]$/.test(key);
}

/** Turns any key into a pandoc-safe one (used for source keys that are not). */
export function sanitizeKey(key: string): string {
  let k = key
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_:.-]+/g, '')
    .replace(/[:.-]+$/, '');
  if (!/^[A-Za-z]/.test(k)) {
    k = 'ref' + k;
  }
  return k === 'ref' ? 'ref' : k;
}

function familyName(author: string): string {
  const name = author.trim();
  if (name.includes(',')) {
    return name.split(',')[0] ?? '';
  }
  const parts = name.split(/\s+/);
  return parts[parts.length - 1] ?? '';
}

/** The generated base key of a paper, before collision suffixes. */
export function baseKey(record: Pick<PaperRecord, 'title' | 'authors' | 'year'>): string {
  let word: string | undefined;
  let firstWord: string | undefined;
  for (const raw of record.title.split(/[\s\-–—/:]+/)) {
    const w = asciiFold(raw);
    if (w === '') {
      continue;
    }
    firstWord ??= w;
    if (/^[a-z]/i.test(w) && !STOP_WORDS.has(w.toLowerCase())) {
      word = w;
      break;
    }
  }
  const chosen = (word ?? firstWord ?? 'paper').toLowerCase();
  const author = record.authors[0] ? asciiFold(familyName(record.authors[0])).toLowerCase() : '';
  const year = record.year !== undefined ? String(record.year) : '';
  const key = author ? `${author}${year}${chosen}` : `${chosen}${year}`;
  return /^[a-z]/.test(key) ? key : `p${key}`;
}

/** A sort key for a paper's identity, independent of load order. */
function identity(r: PaperRecord): string {
  const first = r.sources[0];
  return [r.doi ?? '', r.arxivId ?? '', normalizeTitle(r.title), first ? `${first.path}:${first.line}` : ''].join('\u0000');
}

/** `a`, `b`, … `z`, `aa`, `ab`, …: the n-th (0-based) collision suffix. */
export function letterSuffix(n: number): string {
  let s = '';
  let i = n;
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return s;
}

/**
 * Gives every merged record its final key. Source keys are kept (made pandoc-safe if needed);
 * when two papers claim the same key, the one first in identity order keeps it and the
 * others get a suffix. Generated keys never take a key a source gave.
 */
export function assignCitekeys(records: readonly PaperRecord[]): Paper[] {
  const ids = new Map(records.map((r) => [r, identity(r)]));
  const ordered = [...records].sort((a, b) => {
    const ia = ids.get(a) ?? '';
    const ib = ids.get(b) ?? '';
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  const taken = new Set<string>();
  const keyed = new Map<PaperRecord, string>();
  const claim = (base: string): string => {
    if (!taken.has(base)) {
      taken.add(base);
      return base;
    }
    for (let n = 0; ; n++) {
      const candidate = base + letterSuffix(n);
      if (!taken.has(candidate)) {
        taken.add(candidate);
        return candidate;
      }
    }
  };
  // Pass 1: keys the sources gave, so generated keys never steal them.
  const own = ordered.filter((r) => r.key !== undefined && r.key.trim() !== '');
  for (const r of own) {
    const k = isPandocSafeKey(r.key ?? '') ? (r.key ?? '') : sanitizeKey(r.key ?? '');
    if (!taken.has(k)) {
      taken.add(k);
      keyed.set(r, k);
    }
  }
  for (const r of own) {
    if (!keyed.has(r)) {
      keyed.set(r, claim(sanitizeKey(r.key ?? '')));
    }
  }
  // Pass 2: generated keys.
  for (const r of ordered) {
    if (!keyed.has(r)) {
      keyed.set(r, claim(baseKey(r)));
    }
  }
  return records.map((r) => ({ ...r, key: keyed.get(r) ?? baseKey(r) }));
}
