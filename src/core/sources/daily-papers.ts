/**
 * Loader for Hugging Face Daily Papers listing pages saved as plain text
 * (the browser's "save as text" / select-all-and-copy of the papers page).
 *
 * The format is described in `docs/formats/daily-papers.md`. In short, after a few header
 * lines (`Daily Papers`, `byAK and the research community`, ...) and the page's own year-less
 * date (`Jan 2`), every paper is
 *
 * ```text
 * Title line
 *
 * Abstract paragraph (one line)
 *
 *   • 13 authors          <- or an organisation line "handle Display Name"; the whole
 * ·                          three-line metadata block is optional
 * Oct 8, 2024 1           <- "Mon D, YYYY" or year-less "Mon D", then optional upvotes
 * ```
 *
 * Pure: no I/O. Never throws; anything odd becomes a {@link Problem}. Runs in linear time.
 */
import type { PaperRecord, ParseResult, Problem } from '../model';
import { problem } from '../model';
import { collapseWhitespace, isoDate, monthNumber, splitLines, stripBom } from '../text';

export interface DailyPapersOptions {
  /**
   * The calendar year in which the page was captured, used only when the page itself shows
   * no explicit year at all (see {@link inferCurrentYear}).
   */
  referenceYear?: number;
}

/** Lines of the page chrome above the paper list, exactly as the site renders them. */
const HEADER_LINES: ReadonlySet<string> = new Set([
  'new',
  'Get trending papers in your email inbox!',
  'Subscribe',
  'Daily Papers',
  'byAK and the research community',
]);

/** The line between the metadata (authors / organisation) and the date. U+00B7 MIDDLE DOT. */
const SEPARATOR = '\u00b7';

/** `Oct 8, 2024 1`, `Apr 15`, `Jan 29 3`: month, day, optional `, year`, optional trailing text (upvotes). */
const DATE_LINE = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\s+(\d{1,2})(?:,\s*(\d{4}))?(?:\s+(\S.*))?$/;

/** `• 13 authors` (leading spaces are trimmed before matching). U+2022 BULLET. */
const AUTHORS_LINE = /^\u2022\s*(\d+)\s+authors?$/;

/** Longest line still considered a date or an authors line; longer lines are never matched against the regexes. */
const MAX_SHORT_LINE = 64;
/** Longest line taken as an organisation line. */
const MAX_META_LENGTH = 200;
/** Lines longer than this are abstracts, never titles (seed titles: at most 130 characters). */
const MAX_TITLE_LENGTH = 300;

/** A non-blank line of the input, trimmed, with its 1-based line number. */
interface Line {
  readonly text: string;
  readonly line: number;
  /** True when a blank line (or the start of the file) precedes this line. */
  readonly gapBefore: boolean;
}

/** One page: header (if any), the page's own date (if any) and the lines below it. */
interface Page {
  readonly hasHeader: boolean;
  readonly pageDate?: Line;
  readonly body: Line[];
}

/** The metadata block of one paper, as indices into the page body. */
interface MetaGroup {
  /** `• N authors` or organisation line. */
  readonly meta?: Line;
  readonly separator?: Line;
  readonly date?: Line;
  /** First and last body index covered by the block. */
  readonly start: number;
  readonly end: number;
}

/** A parsed date line. `year` is absent when the page omitted it. */
interface DateParts {
  readonly month: number;
  readonly day: number;
  readonly year?: number;
  readonly upvotes?: number;
}

/** A paper before the page's year-less dates are resolved. */
interface Draft {
  readonly record: PaperRecord;
  dateParts?: DateParts;
  dateLine?: number;
}

/**
 * Cheap content check: is this text a saved Daily Papers page?
 * Looks at the first 4 KB only: two or more of the page's header lines, or a complete
 * metadata block (`• N authors` / organisation, `·`, date) for pages copied without header.
 */
export function looksLikeDailyPapers(text: string): boolean {
  const lines = splitLines(stripBom(text.slice(0, 4096)))
    .map((l) => l.trim())
    .filter((l) => l !== '');
  let headerLines = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (HEADER_LINES.has(l) && ++headerLines >= 2) {
      return true;
    }
    if (l === SEPARATOR && i > 0 && parseDateLine(lines[i + 1] ?? '') !== undefined) {
      return true;
    }
  }
  return false;
}

/**
 * Parses a saved Daily Papers page into one record per paper occurrence (duplicates are kept:
 * merging is done elsewhere). `path` is only used for source locations and problems.
 */
export function parseDailyPapers(text: string, path: string, options: DailyPapersOptions = {}): ParseResult {
  const problems: Problem[] = [];
  const records: PaperRecord[] = [];
  try {
    const lines = nonBlankLines(text);
    if (lines.length === 0) {
      return { records, problems };
    }
    const referenceYear = validReferenceYear(options.referenceYear, path, problems);
    const pages = splitPages(lines);
    pages.forEach((page, i) => {
      const isLastPage = i === pages.length - 1;
      for (const r of parsePage(page, path, isLastPage, referenceYear, problems)) {
        records.push(r); // no push(...list): it throws past ~125k papers (#18)
      }
    });
    if (records.length === 0 && !pages.some((p) => p.hasHeader)) {
      return {
        records: [],
        problems: [problem(path, lines[0]?.line ?? 1, 'Not a Hugging Face Daily Papers page: no page header and no paper metadata found')],
      };
    }
  } catch (err) {
    // Defensive: the code above should not throw, but a loader must never take the caller down.
    problems.push(problem(path, 1, `Internal error while reading the Daily Papers page: ${String(err)}`));
  }
  return { records, problems };
}

/** Non-blank lines, trimmed, with their 1-based numbers. Handles a BOM and LF / CRLF / CR. */
function nonBlankLines(text: string): Line[] {
  const out: Line[] = [];
  let gap = true;
  splitLines(stripBom(text)).forEach((raw, i) => {
    const t = raw.trim();
    if (t === '') {
      gap = true;
      return;
    }
    out.push({ text: t, line: i + 1, gapBefore: gap });
    gap = false;
  });
  return out;
}

/**
 * Splits the lines into pages. A page starts at a run of header lines: one is enough at the
 * very start of the file, two or more are needed further down (so that a paper titled
 * "Subscribe" does not start a page). Lines before the first header form a header-less page.
 */
function splitPages(lines: readonly Line[]): Page[] {
  const pages: Page[] = [];
  let current: { hasHeader: boolean; pageDate?: Line; body: Line[] } = { hasHeader: false, body: [] };
  let i = 0;
  while (i < lines.length) {
    let run = 0;
    while (i + run < lines.length && HEADER_LINES.has(lines[i + run]?.text ?? '')) {
      run++;
    }
    if (run >= 2 || (run === 1 && i === 0)) {
      if (current.hasHeader || current.body.length > 0) {
        pages.push(current);
      }
      current = { hasHeader: true, body: [] };
      i += run;
      const next = lines[i];
      const parts = next ? parseDateLine(next.text) : undefined;
      if (next && parts && parts.upvotes === undefined) {
        current.pageDate = next;
        i++;
      }
      continue;
    }
    const line = lines[i];
    if (line) {
      current.body.push(line);
    }
    i++;
  }
  pages.push(current);
  return pages;
}

/** Parses one page's body into records, resolving year-less dates against that page. */
function parsePage(page: Page, path: string, isLastPage: boolean, referenceYear: number | undefined, problems: Problem[]): PaperRecord[] {
  const { body } = page;
  if (body.length === 0) {
    if (page.hasHeader) {
      problems.push(problem(path, page.pageDate?.line ?? 1, 'The page lists no papers', 'warning'));
    }
    return [];
  }
  const groups = findMetaGroups(body, path, problems);
  if (!page.hasHeader) {
    if (groups.length === 0) {
      // Either not this format at all (then the caller reports only that) or stray text above the header.
      problems.push(problem(path, body[0]?.line ?? 1, 'Text before the Daily Papers header is not part of the paper list: ignored', 'warning'));
      return [];
    }
    problems.push(problem(path, body[0]?.line ?? 1, 'No Daily Papers header found; parsing the paper list anyway', 'warning'));
  }

  const drafts: Draft[] = [];
  let segStart = 0;
  // Each block closes the run of lines before it; the run after the last block ends the page.
  const segmentEnds: { end: number; group?: MetaGroup }[] = [...groups.map((group) => ({ end: group.start, group })), { end: body.length }];
  for (const { end, group } of segmentEnds) {
    const papers = splitSegment(body.slice(segStart, end));
    segStart = group ? group.end + 1 : end;
    if (papers.length === 0) {
      if (group) {
        problems.push(problem(path, (group.meta ?? group.separator ?? group.date)?.line ?? 1, 'Paper metadata without a title and abstract before it: ignored', 'warning'));
      }
      continue;
    }
    // The paper that owns the block (if any) ends where the block ends, the others before it.
    const blockEnd = group ? group.end : end - 1;
    papers.forEach((paper, pi) => {
      const isLastPaper = pi === papers.length - 1;
      const atEndOfFile = isLastPage && isLastPaper && blockEnd === body.length - 1;
      const draft = buildDraft(paper, isLastPaper ? group : undefined, atEndOfFile, path, problems);
      if (draft) {
        drafts.push(draft);
      }
    });
  }

  resolveDates(drafts, page, path, referenceYear, problems);
  return drafts.map((d) => d.record);
}

/**
 * Finds the metadata blocks of a page body. A block is anchored on a `·` line: the line just
 * before it is the `• N authors` or organisation line (an authors line may be separated by
 * blank lines; an organisation line must touch the `·`), the line just after it is the date.
 * A `• N authors` line without a `·` after it also forms a block (with the date line right after it, if any).
 */
function findMetaGroups(body: readonly Line[], path: string, problems: Problem[]): MetaGroup[] {
  const groups: MetaGroup[] = [];
  let minStart = 0; // no block may reach back into the previous one
  for (let k = 0; k < body.length; k++) {
    const line = body[k];
    if (!line) {
      continue;
    }
    const next = body[k + 1];
    if (line.text === SEPARATOR) {
      const prev = k - 1 >= minStart ? body[k - 1] : undefined;
      const hasMeta = prev !== undefined && (isAuthorsLine(prev.text) || (!line.gapBefore && prev.text.length <= MAX_META_LENGTH && prev.text !== SEPARATOR));
      const hasDate = next !== undefined && (!next.gapBefore || parseDateLine(next.text) !== undefined);
      const group: MetaGroup = {
        ...(hasMeta ? { meta: prev } : {}),
        separator: line,
        ...(hasDate ? { date: next } : {}),
        start: hasMeta ? k - 1 : k,
        end: hasDate ? k + 1 : k,
      };
      groups.push(group);
      k = group.end;
      minStart = k + 1;
    } else if (isAuthorsLine(line.text) && next?.text !== SEPARATOR) {
      const hasDate = next !== undefined && !next.gapBefore && parseDateLine(next.text) !== undefined;
      if (hasDate) {
        // Without a date the block is reported later (missing date, or a cut-off last paper).
        problems.push(problem(path, line.line, `No '${SEPARATOR}' line between the author count and the date`, 'warning'));
      }
      groups.push({ meta: line, ...(hasDate ? { date: next } : {}), start: k, end: hasDate ? k + 1 : k });
      k = hasDate ? k + 1 : k;
      minStart = k + 1;
    }
  }
  return groups;
}

/** A paper's text lines: the title and zero or more abstract paragraphs. */
interface PaperLines {
  readonly title: Line;
  readonly abstract: Line[];
}

type Label = 'title' | 'abstract' | 'more';
const LABELS: readonly Label[] = ['title', 'abstract', 'more'];

/**
 * Splits the lines between two metadata blocks into papers. Normally they simply alternate
 * title, abstract, title, abstract (papers without metadata, then the one owning the block).
 * When the count or the lengths do not fit (a missing abstract, an abstract in two
 * paragraphs), the cheapest labelling wins (a Viterbi pass, linear in the number of lines):
 * a paper without abstract costs 1, an extra abstract paragraph 3, and a line longer than
 * any title used as a title 10.
 */
function splitSegment(seg: readonly Line[]): PaperLines[] {
  const n = seg.length;
  if (n === 0) {
    return [];
  }
  // cost[i*3+s]: cheapest labelling of seg[0..i] with seg[i] labelled LABELS[s]; back: previous label index.
  const cost = new Float64Array(n * 3).fill(Infinity);
  const back = new Int8Array(n * 3).fill(-1);
  const titleCost = (l: Line): number => (l.text.length > MAX_TITLE_LENGTH ? 10 : 0);
  cost[0] = titleCost(seg[0] as Line);
  for (let i = 1; i < n; i++) {
    const line = seg[i] as Line;
    const prevT = cost[(i - 1) * 3] ?? Infinity;
    const prevA = cost[(i - 1) * 3 + 1] ?? Infinity;
    const prevM = cost[(i - 1) * 3 + 2] ?? Infinity;
    // title: after anything; after a title it means that paper had no abstract.
    const tFromT = prevT + 1;
    const tFromAM = Math.min(prevA, prevM);
    cost[i * 3] = titleCost(line) + Math.min(tFromT, tFromAM);
    back[i * 3] = tFromT < tFromAM ? 0 : prevA <= prevM ? 1 : 2;
    // abstract: only right after a title.
    cost[i * 3 + 1] = prevT;
    back[i * 3 + 1] = 0;
    // more: a further abstract paragraph.
    cost[i * 3 + 2] = 3 + Math.min(prevA, prevM);
    back[i * 3 + 2] = prevA <= prevM ? 1 : 2;
  }
  let best = 0;
  let bestCost = (cost[(n - 1) * 3] ?? Infinity) + 1; // ending on a title: last paper has no abstract
  for (let s = 1; s < 3; s++) {
    const c = cost[(n - 1) * 3 + s] ?? Infinity;
    if (c < bestCost) {
      best = s;
      bestCost = c;
    }
  }
  const labels = new Array<Label>(n);
  for (let i = n - 1, s = best; i >= 0; i--) {
    labels[i] = LABELS[s] ?? 'title';
    s = back[i * 3 + s] ?? 0;
  }
  const papers: PaperLines[] = [];
  seg.forEach((line, i) => {
    const last = papers[papers.length - 1];
    if (labels[i] === 'title' || !last) {
      papers.push({ title: line, abstract: [] });
    } else {
      last.abstract.push(line);
    }
  });
  return papers;
}

/**
 * Builds the record of one paper and its metadata block, or reports and returns undefined
 * when the file ends inside this paper (truncated download).
 */
function buildDraft(paper: PaperLines, group: MetaGroup | undefined, atEndOfFile: boolean, path: string, problems: Problem[]): Draft | undefined {
  const { title } = paper;
  const dateParts = group?.date ? parseDateLine(group.date.text) : undefined;
  if (atEndOfFile) {
    if (!group && paper.abstract.length === 0) {
      problems.push(problem(path, title.line, 'The file ends after this title: the last paper is cut off and was skipped'));
      return undefined;
    }
    if (group && (!group.date || !dateParts)) {
      problems.push(problem(path, title.line, "The file ends inside this paper's metadata (no complete date line): the last paper is cut off and was skipped"));
      return undefined;
    }
  }

  const record: PaperRecord = {
    title: collapseWhitespace(title.text),
    authors: [],
    // Every paper on Hugging Face Papers is an arXiv paper (the hf-json loader says the same).
    type: 'preprint',
    tags: [],
    sources: [{ path, line: title.line, format: 'daily-papers' }],
  };
  if (paper.abstract.length > 0) {
    record.abstract = paper.abstract.map((l) => l.text).join('\n\n');
  } else {
    problems.push(problem(path, title.line, 'Paper without an abstract', 'warning'));
  }
  if (title.text.length > MAX_TITLE_LENGTH) {
    problems.push(problem(path, title.line, `Unusually long title (${title.text.length} characters): the page structure may be damaged`, 'warning'));
  }
  if (group?.meta) {
    applyMeta(record, group.meta.text);
  }
  if (group && !group.date) {
    problems.push(problem(path, (group.separator ?? group.meta)?.line ?? title.line, 'Paper metadata without a date line', 'warning'));
  }
  const draft: Draft = { record };
  if (group?.date) {
    if (dateParts) {
      draft.dateParts = dateParts;
      draft.dateLine = group.date.line;
      if (dateParts.upvotes !== undefined) {
        record.upvotes = dateParts.upvotes;
      }
      const extra = DATE_LINE.exec(group.date.text)?.[4];
      if (extra !== undefined && dateParts.upvotes === undefined) {
        problems.push(problem(path, group.date.line, `Unrecognised text after the date: "${extra}"`, 'warning'));
      }
    } else {
      problems.push(problem(path, group.date.line, `Unrecognised date line: "${clip(group.date.text)}"`, 'warning'));
    }
  }
  return draft;
}

/**
 * Applies a metadata line: `• N authors` gives the author count; anything else is an
 * organisation line `handle Display Name`. Hugging Face handles never contain whitespace,
 * display names may (`PrincetonUniversity Princeton University`, `MUG-V shopee-llm-mug team`),
 * so the handle is the first whitespace-separated token and the display name is the rest.
 * A lone token is kept as the organisation name.
 */
function applyMeta(record: PaperRecord, text: string): void {
  const authors = text.length <= MAX_SHORT_LINE ? AUTHORS_LINE.exec(text) : null;
  if (authors) {
    record.authorCount = Number(authors[1]);
    return;
  }
  const space = text.search(/\s/);
  record.organization = space < 0 ? text : text.slice(space).trim();
}

/**
 * Parses `Mon D`, `Mon D, YYYY`, optionally followed by an upvote count. Returns undefined
 * for anything else (including impossible days such as `Feb 31`, checked later against the year).
 */
function parseDateLine(text: string): DateParts | undefined {
  if (text.length > MAX_SHORT_LINE) {
    return undefined;
  }
  const m = DATE_LINE.exec(text);
  const month = m?.[1] ? monthNumber(m[1]) : undefined;
  const day = Number(m?.[2]);
  if (!m || month === undefined || day < 1 || day > 31) {
    return undefined;
  }
  const year = m[3] === undefined ? undefined : Number(m[3]);
  const extra = m[4];
  const upvotes = extra !== undefined && /^\d+$/.test(extra) ? Number(extra) : undefined;
  return { month, day, ...(year !== undefined ? { year } : {}), ...(upvotes !== undefined ? { upvotes } : {}) };
}

/**
 * The year the page was rendered in, which is the year of all its year-less dates.
 *
 * Hugging Face omits the year exactly for dates in the current calendar year (a `Jan 2` page
 * still prints `Oct 16, 2025`, so it is not a "last 12 months" rule). Hence every explicit
 * year on a page is before the current year, and the current year is inferred as the
 * smallest year consistent with that: (largest explicit year on the page) + 1. Month order
 * gives no upper bound, so this is exact whenever the page lists at least one paper from
 * the previous year, which listings practically always do.
 *
 * Page evidence wins over `referenceYear`, which is used only when the page shows no year at
 * all. With neither, year-less dates cannot be dated (undefined).
 */
export function inferCurrentYear(explicitYears: readonly number[], referenceYear?: number): number | undefined {
  if (explicitYears.length > 0) {
    return explicitYears.reduce((a, b) => Math.max(a, b)) + 1;
  }
  return referenceYear;
}

/** Fills `date`/`year` of a page's drafts, inferring the year of year-less dates. */
function resolveDates(drafts: readonly Draft[], page: Page, path: string, referenceYear: number | undefined, problems: Problem[]): void {
  const explicitYears: number[] = [];
  const pageDateYear = page.pageDate ? parseDateLine(page.pageDate.text)?.year : undefined;
  if (pageDateYear !== undefined) {
    explicitYears.push(pageDateYear);
  }
  for (const d of drafts) {
    if (d.dateParts?.year !== undefined) {
      explicitYears.push(d.dateParts.year);
    }
  }
  const currentYear = inferCurrentYear(explicitYears, referenceYear);
  const yearless = drafts.filter((d) => d.dateParts && d.dateParts.year === undefined);
  const firstYearless = yearless[0];
  if (currentYear === undefined && firstYearless) {
    problems.push(problem(path, firstYearless.dateLine ?? 1,
      `${yearless.length} date(s) on this page have no year and the page shows no explicit year to infer it from; their date was left out (pass referenceYear to date them)`, 'warning'));
  }
  // The page's own date is the day its papers were listed on Daily Papers.
  const pageParts = page.pageDate ? parseDateLine(page.pageDate.text) : undefined;
  const pageYear = pageParts?.year ?? currentYear;
  const listed = pageParts && pageYear !== undefined ? isoDate(pageYear, pageParts.month, pageParts.day) : undefined;
  for (const d of drafts) {
    if (listed !== undefined && listed.length === 10) {
      d.record.listed = listed;
    }
    const parts = d.dateParts;
    const year = parts?.year ?? currentYear;
    if (!parts || year === undefined) {
      continue;
    }
    const date = isoDate(year, parts.month, parts.day);
    if (date === undefined) {
      continue;
    }
    if (date.length < 10) {
      problems.push(problem(path, d.dateLine ?? 1, `Invalid day ${parts.day} for ${date}; kept the month only`, 'warning'));
    }
    d.record.date = date;
    d.record.year = year;
  }
}

function validReferenceYear(year: number | undefined, path: string, problems: Problem[]): number | undefined {
  if (year === undefined) {
    return undefined;
  }
  if (Number.isInteger(year) && year >= 1 && year <= 9999) {
    return year;
  }
  problems.push(problem(path, 1, `Ignored invalid referenceYear ${String(year)}`, 'warning'));
  return undefined;
}

function isAuthorsLine(text: string): boolean {
  return text.length <= MAX_SHORT_LINE && AUTHORS_LINE.test(text);
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
