/**
 * Grouping and sorting papers for the tree view. Pure, computed once per library change;
 * the view only slices the sorted arrays, so expanding a group of any size is cheap.
 */
import type { Paper } from './model';
import { effectiveDate } from './model';

export const GROUP_BY = ['date', 'source', 'organization', 'status', 'tag'] as const;
export type GroupBy = (typeof GROUP_BY)[number];
export const SORT_BY = ['date', 'title', 'upvotes'] as const;
export type SortBy = (typeof SORT_BY)[number];
export const READING_STATUSES = ['unread', 'reading', 'read'] as const;
export type ReadingStatus = (typeof READING_STATUSES)[number];

export interface PaperGroup {
  /** Stable across reloads: derived from the grouping and the group's value. */
  readonly id: string;
  readonly label: string;
  /**
   * Papers directly in this group, sorted. A year with months has the months as subgroups and,
   * here, its papers known only by year (shown after the months, no "(no month)" level).
   */
  readonly papers: readonly Paper[];
  readonly subgroups: readonly PaperGroup[];
  /** Papers in this group and its subgroups. */
  readonly count: number;
}

export interface GroupingContext {
  /** Reading status of a paper (from its note); `unread` when it has none. */
  statusOf(paper: Paper): ReadingStatus;
  /** Tags of a paper (the library's plus its note's). */
  tagsOf(paper: Paper): readonly string[];
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Made on first use: the first Intl.Collator of a process loads ICU's data, not wanted at activation. */
let collatorMade: Intl.Collator | undefined;
const collator = (): Intl.Collator => (collatorMade ??= new Intl.Collator('en', { sensitivity: 'base', numeric: true }));

export function comparePapersBy(sort: SortBy): (a: Paper, b: Paper) => number {
  const byTitle = (a: Paper, b: Paper): number => collator().compare(a.title, b.title) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  // A paper without a publication date sorts by the day it was listed on Daily Papers.
  const byDate = (a: Paper, b: Paper): number => {
    const da = effectiveDate(a)?.date ?? '';
    const db = effectiveDate(b)?.date ?? '';
    return da === db ? byTitle(a, b) : da < db ? 1 : -1;
  };
  switch (sort) {
    case 'title':
      return byTitle;
    case 'upvotes':
      return (a, b) => (b.upvotes ?? -1) - (a.upvotes ?? -1) || byDate(a, b);
    case 'date':
      return byDate;
  }
}

function leaf(id: string, label: string, papers: Paper[], compare: (a: Paper, b: Paper) => number): PaperGroup {
  papers.sort(compare);
  return { id, label, papers, subgroups: [], count: papers.length };
}

function bucket(papers: readonly Paper[], keysOf: (p: Paper) => readonly string[]): Map<string, Paper[]> {
  const map = new Map<string, Paper[]>();
  for (const p of papers) {
    for (const k of keysOf(p)) {
      const list = map.get(k);
      if (list) {
        list.push(p);
      } else {
        map.set(k, [p]);
      }
    }
  }
  return map;
}

/** Labels for papers without a value, always shown last. */
export const NO_VALUE = { date: 'Undated', source: 'No source', organization: 'No organisation', tag: 'Untagged' } as const;

/** Groups papers. Group ids are stable: `<grouping>:<value>` (and `/<month>` for months). */
export function groupPapers(papers: readonly Paper[], by: GroupBy, sort: SortBy, context: GroupingContext): PaperGroup[] {
  const compare = comparePapersBy(sort);
  const lastIfEmpty = (a: string, b: string): number => (a === '' ? 1 : b === '' ? -1 : collator().compare(a, b));
  switch (by) {
    case 'date': {
      // By publication date, else by the day the paper was listed on Daily Papers.
      const when = new Map<Paper, string>();
      for (const p of papers) {
        const d = effectiveDate(p);
        if (d) {
          when.set(p, d.date);
        }
      }
      const years = bucket(papers, (p) => [when.get(p)?.slice(0, 4) ?? '']);
      return [...years.keys()]
        .sort((a, b) => (a === '' ? 1 : b === '' ? -1 : Number(b) - Number(a)))
        .map((year) => {
          const inYear = years.get(year) ?? [];
          if (year === '') {
            return leaf('date:', NO_VALUE.date, inYear, compare);
          }
          const months = bucket(inYear, (p) => [/^\d{4}-(\d{2})/.exec(when.get(p) ?? '')?.[1] ?? '']);
          const yearOnly = months.get('') ?? [];
          months.delete('');
          if (months.size === 0) {
            return leaf(`date:${year}`, year, yearOnly, compare);
          }
          const subgroups = [...months.keys()]
            .sort((a, b) => Number(b) - Number(a))
            .map((m) => leaf(`date:${year}/${m}`, `${MONTH_NAMES[Number(m) - 1] ?? m} ${year}`, months.get(m) ?? [], compare));
          yearOnly.sort(compare);
          return { id: `date:${year}`, label: year, papers: yearOnly, subgroups, count: inYear.length };
        });
    }
    case 'source': {
      const files = bucket(papers, (p) => [...new Set(p.sources.map((s) => s.path))]);
      return [...files.keys()].sort(lastIfEmpty).map((f) => leaf(`source:${f}`, f, files.get(f) ?? [], compare));
    }
    case 'organization': {
      const orgs = bucket(papers, (p) => [p.organization ?? '']);
      return [...orgs.keys()].sort(lastIfEmpty).map((o) => leaf(`organization:${o}`, o || NO_VALUE.organization, orgs.get(o) ?? [], compare));
    }
    case 'status': {
      const statuses = bucket(papers, (p) => [context.statusOf(p)]);
      return READING_STATUSES.filter((s) => statuses.has(s)).map((s) => leaf(`status:${s}`, s.charAt(0).toUpperCase() + s.slice(1), statuses.get(s) ?? [], compare));
    }
    case 'tag': {
      const tags = bucket(papers, (p) => {
        const t = context.tagsOf(p);
        return t.length > 0 ? t : [''];
      });
      return [...tags.keys()].sort(lastIfEmpty).map((t) => leaf(`tag:${t}`, t || NO_VALUE.tag, tags.get(t) ?? [], compare));
    }
  }
}

/** Finds the leaf group a paper is shown in (the first one, for papers in several groups). */
export function findGroupOf(groups: readonly PaperGroup[], key: string): { group: PaperGroup; index: number; parents: PaperGroup[] } | undefined {
  const visit = (list: readonly PaperGroup[], parents: PaperGroup[]): ReturnType<typeof findGroupOf> => {
    for (const g of list) {
      const index = g.papers.findIndex((p) => p.key === key);
      if (index >= 0) {
        return { group: g, index, parents };
      }
      const inner = visit(g.subgroups, [...parents, g]);
      if (inner) {
        return inner;
      }
    }
    return undefined;
  };
  return visit(groups, []);
}
