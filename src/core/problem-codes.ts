/**
 * A short code for each kind of source problem, shown with the diagnostic in the Problems panel
 * (`Lit Notes(duplicate-key)`) so problems of one kind can be filtered and told apart. The
 * loaders word their messages consistently; the code is read from that wording. Pure.
 */
import type { Problem } from './model';

export type ProblemCode =
  | 'duplicate-key'
  | 'key-conflict'
  | 'key-lock'
  | 'not-loaded'
  | 'file-too-large'
  | 'unknown-format'
  | 'invalid-json'
  | 'encoding'
  | 'unclosed'
  | 'unbalanced-braces'
  | 'undefined-macro'
  | 'crossref'
  | 'duplicate-field'
  | 'no-title'
  | 'skipped-entry'
  | 'size-budget'
  | 'date'
  | 'internal-error'
  | 'format';

/** First match wins: the more specific wordings come first. */
const RULES: ReadonlyArray<readonly [ProblemCode, RegExp]> = [
  ['internal-error', /^Internal error/],
  ['file-too-large', /litNotes\.maxFileSizeMB limit|MB limit$/],
  ['not-loaded', /^(Skipped: |Cannot read: |Not loaded: |Could not be read: )/],
  ['key-lock', /key lock/],
  ['duplicate-key', /^Duplicate (key|id) /],
  ['key-conflict', /^Key `.*` is (pinned here|also pinned)/],
  ['invalid-json', /^Invalid JSON/],
  ['encoding', /^Invalid UTF-8/],
  ['unknown-format', /^(Unknown format|Not a valid |Not CSL-JSON|Not a Hugging Face|No BibTeX entries)/],
  ['unbalanced-braces', /unbalanced braces/],
  ['unclosed', /is not closed|no `ER {2}-` end tag|The file ends (after|inside)/],
  ['undefined-macro', /^Undefined @string macro/],
  ['crossref', /crossref/],
  ['duplicate-field', /appears twice|is defined again/],
  ['no-title', /(has )?no title|without a title/i],
  ['size-budget', /size budget/],
  ['date', /\bdate\b|\bday\b|referenceYear/i],
  ['skipped-entry', /skipped|ignored/i],
];

export function problemCode(p: Pick<Problem, 'message'>): ProblemCode {
  return RULES.find(([, re]) => re.test(p.message))?.[0] ?? 'format';
}

/**
 * Where a problem points elsewhere ("first at line 12", "`other.bib:40` already uses it"): the
 * related locations, as a path (undefined: the problem's own file) and a 1-based line.
 */
export function relatedLocations(p: Pick<Problem, 'message'>): Array<{ path: string | undefined; line: number }> {
  const out: Array<{ path: string | undefined; line: number }> = [];
  const first = /\(first at line (\d+)\)/.exec(p.message);
  if (first) {
    out.push({ path: undefined, line: Number(first[1]) });
  }
  for (const m of p.message.matchAll(/(?:^|\s)([^\s`"()]+\.[A-Za-z0-9]+):(\d+)\b/g)) {
    out.push({ path: m[1], line: Number(m[2]) });
  }
  return out;
}
