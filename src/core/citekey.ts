/**
 * Citation keys: the one rule that decides every paper's key, for the extension and the CLI.
 *
 * 1. **Source keys are kept verbatim.** A key a file gives (BibTeX key, CSL-JSON `id`, biblatex
 *    `ids`, CSL `citation-key`) is the paper's key exactly as written. When two different papers
 *    carry the same key, the first occurrence (by file path, then line) owns it, as in BibTeX;
 *    the later one is reported with both lines and gets a suffixed key.
 * 2. **Pinned keys never move.** A key used before (a note's `citekey`, an entry of the key
 *    lock, see `key-lock.ts`) stays with the paper it was used for, matched by arXiv id, DOI or
 *    title. A pinned key whose paper is gone stays reserved: no other paper ever takes it.
 *    Notes win over the lock; a pin never takes a key a source gives to another paper.
 * 3. **Other papers get a generated key**, `<first author's family name><year><first significant
 *    title word>` (`vaswani2017attention`), or `<title word><year>` when no author name is known
 *    (`torchtitan2024`); without a publication year, the year the paper was listed on Daily Papers
 *    stands in. Collisions take the next free suffix `a`, `b`, … `z`, `aa`, … in identity
 *    order (DOI, arXiv id, title, first source), so the result does not depend on load order.
 *
 * Every key a paper answers to besides its primary key is one of its `aliases`.
 */
import type { KeyOrigin, Paper, PaperRecord, Problem, SourceLocation } from './model';
import { problem } from './model';
import type { Steps } from './steps';
import { runSteps, sortSteps } from './steps';
import { normalizeArxivId, normalizeDoi, normalizeTitle } from './text';

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

function familyName(author: string): string {
  const name = author.trim();
  const comma = name.indexOf(',');
  if (comma >= 0) {
    return name.slice(0, comma);
  }
  const space = name.lastIndexOf(' ');
  return space < 0 ? name : name.slice(space + 1);
}

/** An author's family name folded for comparison (`Łukasz Kaiser` → `kaiser`). */
export function familyKey(author: string): string {
  return asciiFold(familyName(author)).toLowerCase();
}

/** What separates a title's words for generated keys. */
const WORD_BREAKS = /[\s\-–—/:]+/g;

/** The generated base key of a paper, before collision suffixes. */
export function baseKey(record: Pick<PaperRecord, 'title' | 'authors' | 'year'> & Pick<Partial<PaperRecord>, 'listed'>): string {
  let word: string | undefined;
  let firstWord: string | undefined;
  // The title's words (as `split(WORD_BREAKS)` gives them), read only up to the first significant one.
  const title = record.title;
  WORD_BREAKS.lastIndex = 0;
  for (let start = 0; start <= title.length; ) {
    const m = WORD_BREAKS.exec(title);
    const end = m ? m.index : title.length;
    const w = asciiFold(title.slice(start, end));
    start = m ? WORD_BREAKS.lastIndex : title.length + 1;
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
  const author = record.authors[0] ? familyKey(record.authors[0]) : '';
  // No publication year: the year it was listed on Daily Papers (`bag2025`, not a bare `bag`).
  const listedYear = record.listed !== undefined && /^\d{4}/.test(record.listed) ? record.listed.slice(0, 4) : '';
  const year = record.year !== undefined ? String(record.year) : listedYear;
  const key = author ? `${author}${year}${chosen}` : `${chosen}${year}`;
  return /^[a-z]/.test(key) ? key : `p${key}`;
}

/** A sort key for a paper's identity, independent of load order. */
function identity(r: PaperRecord, title: string): string {
  const first = r.sources[0];
  return `${r.doi ?? ''}\u0000${r.arxivId ?? ''}\u0000${title}\u0000${first ? `${first.path}:${first.line}` : ''}`;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Compares record indices by {@link identity}, then index. Field by field, without building the
 * strings: the same order, since no field holds the separator U+0000 (normalised titles are
 * letters and digits; where a DOI or arXiv id holds one, the strings are built and compared).
 */
function identityOrder(records: readonly PaperRecord[], titles: readonly string[]): (a: number, b: number) => number {
  const n = records.length;
  const dois = new Array<string>(n);
  const arxiv = new Array<string>(n);
  let separators = false;
  for (let i = 0; i < n; i++) {
    const r = records[i] as PaperRecord;
    dois[i] = r.doi ?? '';
    arxiv[i] = r.arxivId ?? '';
    separators ||= (dois[i] as string).includes('\u0000') || (arxiv[i] as string).includes('\u0000');
  }
  if (separators) {
    const ids = records.map((r, i) => identity(r, titles[i] ?? ''));
    return (a, b) => compareStrings(ids[a] ?? '', ids[b] ?? '') || a - b;
  }
  const where = (i: number): string => {
    const first = records[i]?.sources[0];
    return first ? `${first.path}:${first.line}` : '';
  };
  return (a, b) => compareStrings(dois[a] ?? '', dois[b] ?? '') || compareStrings(arxiv[a] ?? '', arxiv[b] ?? '') || compareStrings(titles[a] ?? '', titles[b] ?? '') || compareStrings(where(a), where(b)) || a - b;
}

/**
 * Normalised titles of merged records, as `mergeRecords` computed them (keyed by the array it
 * returned), so keys do not normalise every title again.
 */
const normalizedTitles = new WeakMap<readonly PaperRecord[], readonly string[]>();

/**
 * What keys need of merged records whatever the pins: kept per records array, so keying the
 * same merged papers again when pins change (every new note) skips it. Merged records are
 * never modified.
 */
interface Prepared {
  readonly titles: readonly string[];
  /** Record indices in identity order (see {@link identity}). */
  readonly order: readonly number[];
  /** Generated base keys, made when first needed. */
  readonly baseKeys: Array<string | undefined>;
  matcher?: PaperMatcher;
}

const preparedFor = new WeakMap<readonly PaperRecord[], Prepared>();

function* preparedSteps(records: readonly PaperRecord[]): Steps<Prepared> {
  const known = preparedFor.get(records);
  if (known) {
    return known;
  }
  const n = records.length;
  let titles = normalizedTitles.get(records);
  if (!titles) {
    const fresh = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      fresh[i] = normalizeTitle((records[i] as PaperRecord).title);
      if (i % KEY_STEP === KEY_STEP - 1) {
        yield;
      }
    }
    titles = fresh;
  }
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
  }
  yield* sortSteps(order, identityOrder(records, titles));
  const prepared: Prepared = { titles, order, baseKeys: new Array<string | undefined>(n) };
  preparedFor.set(records, prepared);
  return prepared;
}

/** Records that `titles[i]` is `normalizeTitle(records[i].title)` (for `mergeRecords`). */
export function rememberNormalizedTitles(records: readonly PaperRecord[], titles: readonly string[]): void {
  normalizedTitles.set(records, titles);
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

/** A key used before, and the paper it was used for. */
export interface Pin {
  readonly key: string;
  readonly arxiv?: string;
  readonly doi?: string;
  readonly title?: string;
  readonly year?: number;
  /** Notes win over the key lock. */
  readonly origin: 'note' | 'lock';
  /** Where the pin is written (a note or the lock), for problems. */
  readonly path: string;
  readonly line: number;
}

export interface KeyedPapers {
  /** In the order of the input records. */
  readonly papers: Paper[];
  /** Duplicate keys and pins that could not be honoured. */
  readonly problems: Problem[];
}

/**
 * Hands out keys that are not taken, in linear time overall: for each base, the next suffix to
 * try is remembered, so a thousand papers with one base cost a thousand steps, not a million.
 */
class KeyClaims {
  private readonly taken = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();
  has(key: string): boolean {
    return this.taken.has(key);
  }
  take(key: string): void {
    this.taken.add(key);
  }
  /** `base` if free, else the first free `base` + suffix. */
  claim(base: string): string {
    let n = this.nextSuffix.get(base);
    if (n === undefined) {
      this.nextSuffix.set(base, 0);
      if (!this.taken.has(base)) {
        this.taken.add(base);
        return base;
      }
      n = 0;
    }
    for (;; n++) {
      const candidate = base + letterSuffix(n);
      if (!this.taken.has(candidate)) {
        this.taken.add(candidate);
        this.nextSuffix.set(base, n + 1);
        return candidate;
      }
    }
  }
}

interface Occurrence {
  readonly key: string;
  readonly paper: number;
  readonly source: SourceLocation;
  /** 0 for the source's own key, 1 for its further keys (`ids`, `citation-key`). */
  readonly rank: number;
}

function compareOccurrences(a: Occurrence, b: Occurrence): number {
  return (a.source.path < b.source.path ? -1 : a.source.path > b.source.path ? 1 : 0) || a.source.line - b.source.line || a.rank - b.rank;
}

function where(s: { path: string; line: number }): string {
  return `${s.path}:${s.line}`;
}

/** Finds the paper a pin was used for: by arXiv id, then DOI, then title (and year among equal titles). */
class PaperMatcher {
  private readonly byArxiv = new Map<string, number>();
  private readonly byDoi = new Map<string, number>();
  private readonly byTitle = new Map<string, number[]>();
  private constructor(private readonly records: readonly PaperRecord[]) {}
  /** Indexes the records, in identity order (the first of equal ids wins), in steps. */
  static *buildSteps(records: readonly PaperRecord[], titles: readonly string[], order: readonly number[]): Steps<PaperMatcher> {
    const m = new PaperMatcher(records);
    for (let k = 0; k < order.length; k++) {
      const i = order[k] as number;
      const r = records[i] as PaperRecord;
      if (r.arxivId && !m.byArxiv.has(r.arxivId)) {
        m.byArxiv.set(r.arxivId, i);
      }
      if (r.doi && !m.byDoi.has(r.doi)) {
        m.byDoi.set(r.doi, i);
      }
      const t = titles[i] ?? '';
      if (t !== '') {
        const list = m.byTitle.get(t);
        if (list) {
          list.push(i);
        } else {
          m.byTitle.set(t, [i]);
        }
      }
      if (k % KEY_STEP === KEY_STEP - 1) {
        yield;
      }
    }
    return m;
  }
  match(pin: Pin): number | undefined {
    const arxiv = normalizeArxivId(pin.arxiv);
    const byArxiv = arxiv !== undefined ? this.byArxiv.get(arxiv) : undefined;
    if (byArxiv !== undefined) {
      return byArxiv;
    }
    const doi = normalizeDoi(pin.doi);
    const byDoi = doi !== undefined ? this.byDoi.get(doi) : undefined;
    if (byDoi !== undefined) {
      return byDoi;
    }
    const candidates = pin.title ? this.byTitle.get(normalizeTitle(pin.title)) : undefined;
    if (!candidates) {
      return undefined;
    }
    return candidates.find((i) => pin.year !== undefined && this.records[i]?.year === pin.year) ?? candidates[0];
  }
}

function comparePins(a: Pin, b: Pin): number {
  return (a.origin === b.origin ? 0 : a.origin === 'note' ? -1 : 1) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line;
}

/** Records handled between two steps of {@link assignCitekeysSteps}. */
const KEY_STEP = 1024;

/**
 * Gives every merged record its key and aliases (see the file comment for the rule).
 * Deterministic: the same records and pins, in any order, get the same keys.
 */
export function assignCitekeys(records: readonly PaperRecord[], pins: readonly Pin[] = []): KeyedPapers {
  return runSteps(assignCitekeysSteps(records, pins));
}

/** {@link assignCitekeys} in steps of about a thousand records (see `core/steps.ts`). The same result. */
export function* assignCitekeysSteps(records: readonly PaperRecord[], pins: readonly Pin[] = []): Steps<KeyedPapers> {
  const problems: Problem[] = [];
  const n = records.length;
  const prep = yield* preparedSteps(records);
  const { titles, order } = prep;
  const claims = new KeyClaims();

  const sortedPins = [...pins].sort(comparePins);
  const matcher = sortedPins.length > 0 ? (prep.matcher ??= yield* PaperMatcher.buildSteps(records, titles, order)) : undefined;
  const pinTargets = sortedPins.map((p) => matcher?.match(p));
  yield;

  // 1. Source keys: the paper a pin gave the key to owns it, else the first occurrence.
  const occurrences: Occurrence[] = [];
  for (let paper = 0; paper < n; paper++) {
    for (const source of (records[paper] as PaperRecord).sources) {
      if (source.key !== undefined && source.key !== '') {
        occurrences.push({ key: source.key, paper, source, rank: 0 });
      }
      for (const key of source.otherKeys ?? []) {
        if (key !== '') {
          occurrences.push({ key, paper, source, rank: 1 });
        }
      }
    }
    if (paper % KEY_STEP === KEY_STEP - 1) {
      yield;
    }
  }
  yield* sortSteps(occurrences, compareOccurrences);
  const owner = new Map<string, Occurrence>();
  /** Later occurrences of keys that occur more than once. */
  const others = new Map<string, Occurrence[]>();
  for (let i = 0; i < occurrences.length; i++) {
    const occ = occurrences[i] as Occurrence;
    if (!owner.has(occ.key)) {
      owner.set(occ.key, occ);
      claims.take(occ.key);
    } else {
      const list = others.get(occ.key);
      if (list) {
        list.push(occ);
      } else {
        others.set(occ.key, [occ]);
      }
    }
    if (i % KEY_STEP === KEY_STEP - 1) {
      yield;
    }
  }
  const pinnedOwner = new Set<string>();
  sortedPins.forEach((p, i) => {
    const target = pinTargets[i];
    const current = owner.get(p.key);
    if (target === undefined || !current || pinnedOwner.has(p.key)) {
      return;
    }
    pinnedOwner.add(p.key);
    if (current.paper !== target) {
      const carried = others.get(p.key)?.find((o) => o.paper === target);
      if (carried) {
        owner.set(p.key, carried); // a duplicate key used before stays with the paper it was used for
      }
    }
  });
  const duplicates: Occurrence[] = [];
  for (const occ of occurrences) {
    const first = owner.get(occ.key);
    if (first && first.paper !== occ.paper && occ.rank === 0) {
      duplicates.push(occ);
    }
  }
  yield;
  /** The source keys each paper owns, in its sources' order (most papers have none: no list). */
  const own = new Array<string[] | undefined>(n);
  const owned = (keys: string[] | undefined, key: string | undefined, paper: number): string[] | undefined => {
    if (key !== undefined && owner.get(key)?.paper === paper && !keys?.includes(key)) {
      if (keys) {
        keys.push(key);
      } else {
        return [key];
      }
    }
    return keys;
  };
  for (let paper = 0; paper < n; paper++) {
    let keys: string[] | undefined;
    for (const source of (records[paper] as PaperRecord).sources) {
      keys = owned(keys, source.key, paper);
      for (const key of source.otherKeys ?? []) {
        keys = owned(keys, key, paper);
      }
    }
    own[paper] = keys;
    if (paper % KEY_STEP === KEY_STEP - 1) {
      yield;
    }
  }

  // 2. Pins: every pinned key is reserved; matched ones go to their paper.
  const pinned = new Map<number, string[]>();
  const pinHolder = new Map<string, { pin: Pin; target: number | undefined }>();
  sortedPins.forEach((pin, i) => {
    claims.take(pin.key);
    const target = pinTargets[i];
    const sourceOwner = owner.get(pin.key);
    if (sourceOwner) {
      if (target !== undefined && target !== sourceOwner.paper) {
        problems.push(problem(pin.path, pin.line, `Key \`${pin.key}\` is pinned here to "${records[target]?.title ?? ''}", but ${where(sourceOwner.source)} gives it to another paper; the source's key wins`, 'warning'));
      }
      return;
    }
    const holder = pinHolder.get(pin.key);
    if (holder) {
      if (target !== undefined && holder.target !== target) {
        problems.push(problem(pin.path, pin.line, `Key \`${pin.key}\` is also pinned at ${where(holder.pin)} to another paper; that pin wins`, 'warning'));
      }
      return;
    }
    pinHolder.set(pin.key, { pin, target });
    if (target !== undefined) {
      const list = pinned.get(target);
      if (list) {
        list.push(pin.key);
      } else {
        pinned.set(target, [pin.key]);
      }
    }
  });
  yield;

  // 3. Primary keys and aliases; duplicates of a source key and papers without keys are claimed last.
  const keys = new Array<string | undefined>(n);
  const origins = new Array<KeyOrigin>(n);
  const aliases = new Array<string[] | undefined>(n);
  for (let paper = 0; paper < n; paper++) {
    const mine = own[paper];
    const pinnedKeys = pinned.get(paper);
    origins[paper] = 'generated';
    if (mine || pinnedKeys) {
      const all = [...(mine ?? []), ...(pinnedKeys ?? [])];
      keys[paper] = all[0];
      origins[paper] = mine ? 'source' : 'pinned';
      aliases[paper] = all.slice(1);
    }
    if (paper % KEY_STEP === KEY_STEP - 1) {
      yield;
    }
  }
  const duplicateOf = new Map<number, Occurrence>();
  for (const occ of duplicates) {
    if (!duplicateOf.has(occ.paper)) {
      duplicateOf.set(occ.paper, occ);
    }
  }
  yield;
  for (let i = 0; i < n; i++) {
    const paper = order[i] as number;
    if (keys[paper] === undefined) {
      const dup = duplicateOf.get(paper);
      keys[paper] = claims.claim(dup ? dup.key : (prep.baseKeys[paper] ??= baseKey(records[paper] as PaperRecord)));
    }
    if (i % KEY_STEP === KEY_STEP - 1) {
      yield;
    }
  }
  for (const [paper, dup] of duplicateOf) {
    const first = owner.get(dup.key) as Occurrence;
    problems.push(problem(dup.source.path, dup.source.line, `Duplicate key \`${dup.key}\`: ${where(first.source)} already uses it for another paper ("${records[first.paper]?.title ?? ''}"); this entry is cited as \`${keys[paper] ?? ''}\``, 'warning'));
  }
  const papers = new Array<Paper>(n);
  for (let i = 0; i < n; i++) {
    papers[i] = { ...(records[i] as PaperRecord), key: keys[i] as string, aliases: aliases[i] ?? [], keyOrigin: origins[i] };
    if (i % KEY_STEP === KEY_STEP - 1) {
      yield;
    }
  }
  return { papers, problems };
}
