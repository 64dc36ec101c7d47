/**
 * Size budgets for loaded records (issue #18): whatever a source file holds, a record's title,
 * abstract, other text fields, author and tag lists stay within fixed sizes, so the work done
 * after loading (titles normalised for merging, search indexing, hovers, notes) is bounded per
 * record. Values over budget are cut (never splitting a character) and reported with the
 * record's line; the record itself is kept.
 */
import type { PaperRecord, Problem } from '../model';
import { problem } from '../model';

export const RECORD_BUDGETS = {
  title: 4_000,
  abstract: 200_000,
  /** Every other text field: key, DOI, URLs, venue, organisation, type, each author and tag. */
  text: 8_000,
  authors: 10_000,
  tags: 2_000,
} as const;

const TEXT_FIELDS = ['key', 'organization', 'doi', 'arxivId', 'url', 'pdfUrl', 'venue', 'type'] as const;

/** `text` cut to at most `n` UTF-16 units without splitting a surrogate pair. */
export function cutText(text: string, n: number): string {
  if (text.length <= n) {
    return text;
  }
  const c = text.charCodeAt(n - 1);
  return text.slice(0, c >= 0xd800 && c <= 0xdbff ? n - 1 : n);
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** Applies RECORD_BUDGETS to `records` in place; each cut is reported once per record and field. */
export function applyRecordBudgets(records: PaperRecord[], path: string, problems: Problem[]): void {
  for (const r of records) {
    const line = r.sources[0]?.line ?? 1;
    const cut: string[] = [];
    if (r.title.length > RECORD_BUDGETS.title) {
      cut.push(`title (${fmt(r.title.length)} characters, budget ${fmt(RECORD_BUDGETS.title)})`);
      r.title = cutText(r.title, RECORD_BUDGETS.title);
    }
    if (r.abstract !== undefined && r.abstract.length > RECORD_BUDGETS.abstract) {
      cut.push(`abstract (${fmt(r.abstract.length)} characters, budget ${fmt(RECORD_BUDGETS.abstract)})`);
      r.abstract = cutText(r.abstract, RECORD_BUDGETS.abstract);
    }
    for (const f of TEXT_FIELDS) {
      const v = r[f];
      if (v !== undefined && v.length > RECORD_BUDGETS.text) {
        cut.push(`${f} (${fmt(v.length)} characters, budget ${fmt(RECORD_BUDGETS.text)})`);
        r[f] = cutText(v, RECORD_BUDGETS.text);
      }
    }
    for (const [name, list, max] of [
      ['authors', r.authors, RECORD_BUDGETS.authors],
      ['tags', r.tags, RECORD_BUDGETS.tags],
    ] as const) {
      if (list.length > max) {
        cut.push(`${name} (${fmt(list.length)}, budget ${fmt(max)})`);
        list.length = max;
      }
      let long = false;
      for (let i = 0; i < list.length; i++) {
        const v = list[i] ?? '';
        if (v.length > RECORD_BUDGETS.text) {
          list[i] = cutText(v, RECORD_BUDGETS.text);
          long = true;
        }
      }
      if (long) {
        cut.push(`${name} with names over ${fmt(RECORD_BUDGETS.text)} characters`);
      }
    }
    if (cut.length > 0) {
      problems.push(problem(path, line, `Record over the size budget, truncated: ${cut.join('; ')}`, 'warning'));
    }
  }
}
