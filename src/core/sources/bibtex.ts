/**
 * BibTeX / BibLaTeX loader.
 *
 * A hand-written, position-aware, error-tolerant scanner (one linear pass, no regex
 * backtracking over the file) followed by field mapping. It implements what BibTeX and biber
 * do with the file structure: `@string` macros (case-insensitive, predefined month macros),
 * `#` concatenation, bare numbers, `@comment`, `@preamble`, `{}`/`()` delimiters, `crossref`
 * inheritance; LaTeX in the fields we keep is converted to Unicode (`./latex`).
 *
 * Why not `@retorquere/bibtex-parser`: see docs/formats/bibtex-csl-ris.md ("Parser choice"):
 * in short, it takes 26-40 s on the 4 MB `beebe-super.bib` (target: 10k entries < 1 s), it
 * reports no source positions, and its CommonJS build does not load in Node.
 *
 * Error policy (never throws): a damaged entry is reported with its line and skipped, and
 * the scan resumes at the next line that starts an entry (`@type{`), so one bad entry never
 * takes the rest of the file with it. Two common damages are repaired with a warning instead:
 * an entry whose closing brace is missing (all its fields were read), and a field with
 * unbalanced braces followed by more fields (`publisher = {Taylor {{\&} Francis},`).
 */
import type { PaperRecord, ParseResult, Problem, SourceLatex, SourceLocation } from '../model';
import { problem } from '../model';
import { LineIndex, collapseWhitespace, normalizeArxivId, stripBom, trimTrailing } from '../text';
import {
  addTags,
  arxivFromDoi,
  arxivFromText,
  choosePdf,
  compactRecord,
  doiAsWritten,
  doiCapitalsIn,
  doiOf,
  firstUrl,
  fromParts,
  isArxivId,
  isPdfLink,
  monthIn,
  parseIsoDate,
  splitKeywords,
  untitledLabel,
  unwrapText,
  yearIn,
} from './fields';
import { latexToUnicode, latexVerbatim } from './latex';
import { parseBibtexNames } from './names';

/** Content-based detection: the first significant line (after `%` comments) starts an `@` entry. */
export function looksLikeBibtex(text: string): boolean {
  const head = stripBom(text).slice(0, 65536);
  const first = /^[ \t]*([^\s%])/m.exec(head.replace(/^[ \t]*%.*$/gm, ''));
  if (first?.[1] === '[' || first?.[1] === '{') {
    return false; // JSON
  }
  if (first && first[1] === '@' && /^[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]/m.test(head.slice(first.index))) {
    return true;
  }
  // Junk text before the first entry is legal BibTeX: accept a clear entry or @string line.
  return /^[ \t]*@[ \t]*(?:[A-Za-z][\w-]*[ \t]*[{(][ \t]*[^\s,={}()"]+[ \t]*,|string[ \t]*[{(])/im.test(head);
}

/**
 * Predefined month macros, as in BibTeX's standard styles (`jan` … `dec`); full English month
 * names used as macros (`month = September`) are accepted too instead of being reported.
 */
const MONTH_MACROS: ReadonlyArray<[string, string]> = [
  ['jan', 'January'], ['feb', 'February'], ['mar', 'March'], ['apr', 'April'], ['may', 'May'], ['jun', 'June'],
  ['jul', 'July'], ['aug', 'August'], ['sep', 'September'], ['oct', 'October'], ['nov', 'November'], ['dec', 'December'],
];

/**
 * Entry types that are containers of data, not works, and cannot be cited: skipped without a
 * problem. (A biblatex `@set` is citable, as its members together: it loads, titled by them.)
 */
const CONTAINER_TYPES = new Set(['xdata']);

/** Types whose own title may live in `booktitle` / `maintitle` when `title` is missing. */
const BOOK_LIKE = new Set(['proceedings', 'mvproceedings', 'collection', 'mvcollection', 'book', 'mvbook', 'periodical', 'reference', 'mvreference']);

/** Child types that take their container's `title` as `booktitle` through `crossref`. */
const IN_CONTAINER = new Set(['inproceedings', 'conference', 'incollection', 'inbook', 'bookinbook', 'suppbook', 'suppcollection', 'inreference', 'suppperiodical']);

/**
 * Fields a child inherits through `crossref` when it lacks them. Deliberately an allow-list:
 * a proceedings volume's `doi`, `url`, `abstract`, `pages` or `keywords` describe the volume,
 * not the paper, and would make the merge step fuse every paper of a volume into one.
 */
const INHERITED = ['booktitle', 'booksubtitle', 'journal', 'journaltitle', 'year', 'month', 'day', 'date', 'publisher', 'address', 'location', 'editor', 'series', 'volume', 'organization', 'institution', 'school', 'eventtitle'];

/** Fields an alias entry (one with no title, only a `crossref`) does not take from its target. */
const NOT_INHERITED_BY_ALIAS = new Set(['crossref', 'ids', 'entryset', 'key', 'label', 'shorthand', 'xref', 'related']);

interface Entry {
  readonly type: string;
  readonly key: string;
  readonly fields: Map<string, string>;
  readonly offset: number;
  readonly line: number;
}

class BibError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Joins repeated `keywords` fields of one entry. */
const KEYWORD_SEPARATOR = '\u001f';

/**
 * Budgets against macro expansion bombs (`@string{b = a # a}` doubling, issue #18): a value
 * assembled with `#` or macros is cut at MAX_EXPANDED_CHARS (reported, the entry kept), and one
 * file's macro uses copy at most MACRO_EXPANSION_BUDGET characters (or 4 × the file's length) in
 * total (beyond it, a macro expands to nothing, reported), so parsing cost stays linear in the
 * file's size.
 */
export const MAX_EXPANDED_CHARS = 1_000_000;
export const MACRO_EXPANSION_BUDGET = 16_000_000;

/** `text` cut to at most `n` UTF-16 units without splitting a surrogate pair. */
function safeSlice(text: string, n: number): string {
  if (n >= text.length) {
    return text;
  }
  const c = text.charCodeAt(n - 1);
  return text.slice(0, c >= 0xd800 && c <= 0xdbff ? n - 1 : n);
}

const ENTRY_START = /[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]/y;
const ENTRY_LINE = /^[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]/gm;
const SWALLOWED_FIELD = /,[ \t]*(?:\r\n?|\n)\s*[A-Za-z][\w:+.-]*[ \t]*=/;
const FIELD_END = /[ \t]*,[ \t]*(?:\r\n?|\n)\s*[A-Za-z][\w:+.-]*[ \t]*=/y;
// `\s*(?:,\s*)?`, not `\s*,?\s*`: two adjacent `\s*` made a long run of spaces quadratic.
const ENTRY_END = /\s*(?:,\s*)?[})][ \t]*(?:\r|\n|$)/y;

/** What a braced value's scan stops at: braces and line breaks. */
const BRACED_STOP = /[{}\n\r]/g;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 0xa0 || c === 0xfeff;
}

/** ASCII characters that may not appear in BibTeX identifiers (types, keys, field and macro names). */
const NOT_IDENT = new Uint8Array(128);
for (const ch of '"#%\'(),={}@\\') {
  NOT_IDENT[ch.charCodeAt(0)] = 1;
}

function isIdentChar(c: number): boolean {
  return c > 32 && c !== 0x7f && c !== 0xa0 && (c >= 128 || NOT_IDENT[c] === 0);
}

class Scanner {
  pos = 0;
  readonly entries: Entry[] = [];
  readonly problems: Problem[] = [];
  readonly macros = new Map<string, string>([...MONTH_MACROS, ...MONTH_MACROS.map(([, full]): [string, string] => [full.toLowerCase(), full])]);
  /** Uses of undefined macros, by lower-cased name: reported once per name. */
  private readonly undefinedMacros = new Map<string, { name: string; field: string; offsets: number[] }>();
  /** Directives seen (entries, @string, @comment, @preamble): a file with none is not BibTeX. */
  directives = 0;
  private recovered: { field: string; offset: number } | undefined;
  /** The last field value read in an entry, with the offset where its text starts. */
  private lastValue: { field: string; value: string; offset: number } | undefined;
  private currentField = '';
  /** Characters of macro text copied into values so far (bounded by MACRO_EXPANSION_BUDGET). */
  private expanded = 0;
  /** Offset of the entry or @string being read, and the budget hits already reported. */
  private budgetEntry = 0;
  private readonly budgetReported = new Set<string>();

  constructor(
    readonly s: string,
    readonly path: string,
    readonly lines: LineIndex,
  ) {}

  private warn(offset: number, message: string, severity: Problem['severity'] = 'warning'): void {
    this.problems.push(problem(this.path, this.lines.lineOf(offset), message, severity));
  }

  /** Whether an entry starts on the line beginning at `offset` (`@type{` or `@type(`). */
  private entryStartsAt(offset: number): boolean {
    ENTRY_START.lastIndex = offset;
    return ENTRY_START.test(this.s);
  }

  /** Start of the first line at or after `offset` (a line start, or the next one) that begins an entry. */
  private nextEntryLine(offset: number): number {
    ENTRY_LINE.lastIndex = offset;
    const m = ENTRY_LINE.exec(this.s);
    return m ? m.index : this.s.length;
  }

  /** Offset just after the end of the line containing `offset` (after `\n`, `\r\n` or `\r`). */
  private nextLine(offset: number): number {
    const s = this.s;
    let i = offset;
    while (i < s.length && s.charCodeAt(i) !== 10 && s.charCodeAt(i) !== 13) {
      i++;
    }
    return i + (s.charCodeAt(i) === 13 && s.charCodeAt(i + 1) === 10 ? 2 : 1);
  }

  /** The last line examined by `nextAt`: [start, end) and whether it is a `%` comment line. */
  private line = { start: 0, end: 0, comment: false };

  /** Next `@` outside `%` comment lines. Positions only grow, so each line is examined once. */
  private nextAt(from: number): number {
    const s = this.s;
    let pos = from;
    for (;;) {
      const at = s.indexOf('@', pos);
      if (at < 0) {
        return -1;
      }
      if (at >= this.line.end || at < this.line.start) {
        let start = at;
        const floor = at >= this.line.end ? this.line.end : 0;
        while (start > floor && s.charCodeAt(start - 1) !== 10 && s.charCodeAt(start - 1) !== 13) {
          start--;
        }
        let j = start;
        while (j < at && (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9)) {
          j++;
        }
        let end = at;
        while (end < s.length && s.charCodeAt(end) !== 10 && s.charCodeAt(end) !== 13) {
          end++;
        }
        this.line = { start, end, comment: j < at && s.charCodeAt(j) === 37 /* % */ };
      }
      if (this.line.comment) {
        pos = this.nextLine(at);
        continue;
      }
      return at;
    }
  }

  private skipSpace(): void {
    const s = this.s;
    while (this.pos < s.length && isSpace(s.charCodeAt(this.pos))) {
      this.pos++;
    }
  }

  /** Skips whitespace and `%` comment lines (between fields). */
  private skipSpaceAndComments(): void {
    const s = this.s;
    for (;;) {
      this.skipSpace();
      if (s.charCodeAt(this.pos) === 37) {
        this.pos = Math.min(s.length, this.nextLine(this.pos));
      } else {
        return;
      }
    }
  }

  private ident(): string {
    const s = this.s;
    const start = this.pos;
    while (this.pos < s.length && isIdentChar(s.charCodeAt(this.pos))) {
      this.pos++;
    }
    return s.slice(start, this.pos);
  }

  scan(): void {
    this.scanDirectives();
    for (const { name, field, offsets } of this.undefinedMacros.values()) {
      const more = offsets.length > 1 ? ` (${offsets.length} uses; also at line ${offsets.slice(1, 6).map((o) => this.lines.lineOf(o)).join(', ')}${offsets.length > 6 ? ', …' : ''})` : '';
      this.warn(offsets[0] ?? 0, `Undefined @string macro \`${name}\` in field \`${field}\`; its name is used as the value${more}`);
    }
  }

  private scanDirectives(): void {
    const s = this.s;
    for (;;) {
      const at = this.nextAt(this.pos);
      if (at < 0) {
        return;
      }
      this.pos = at + 1;
      while (s.charCodeAt(this.pos) === 32 || s.charCodeAt(this.pos) === 9) {
        this.pos++;
      }
      const c0 = s.charCodeAt(this.pos);
      if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) {
        continue; // a stray `@` in text between entries (e-mail address, `@.`): BibTeX ignores it
      }
      const type = this.ident();
      this.skipSpace();
      const open = s.charAt(this.pos);
      if (open !== '{' && open !== '(') {
        continue;
      }
      this.pos++;
      const bodyStart = this.pos;
      const close = open === '{' ? '}' : ')';
      const kind = type.toLowerCase();
      this.directives++;
      this.budgetEntry = at;
      try {
        if (kind === 'comment') {
          this.comment(at, close);
        } else if (kind === 'preamble') {
          this.comment(at, close); // its content does not matter here: skipped like a comment
        } else if (kind === 'string') {
          this.stringDirective(close);
        } else {
          this.entry(at, kind, close);
        }
      } catch (error) {
        if (!(error instanceof BibError)) {
          throw error;
        }
        const key = kind === 'comment' || kind === 'string' || kind === 'preamble' ? '' : this.peekKey(bodyStart);
        const where = /\bline \d/.test(error.message) ? '' : ` (line ${this.lines.lineOf(error.offset)})`;
        this.warn(at, `${key ? `Entry \`${key}\`` : `@${type}`} skipped: ${error.message}${where}`, 'error');
        this.pos = Math.max(this.nextEntryLine(error.offset), at + 1);
      }
    }
  }

  /** `@comment{...}`: skipped with brace matching; unbalanced, only its line is skipped. */
  private comment(at: number, close: string): void {
    const s = this.s;
    let depth = 1;
    for (let i = this.pos; i < s.length; i++) {
      const c = s.charAt(i);
      if (c === '{' || (close === ')' && c === '(')) {
        depth++;
      } else if (c === '}' || (close === ')' && c === ')')) {
        if (--depth === 0) {
          this.pos = i + 1;
          return;
        }
      }
    }
    this.warn(at, `@${trimTrailing(this.s.slice(at + 1, this.pos), /[\s{(]/)} is not closed; only its first line was skipped`);
    this.pos = Math.min(s.length, this.nextLine(at));
  }

  /** `@string{name = value}` (several comma-separated definitions are accepted). */
  private stringDirective(close: string): void {
    for (;;) {
      this.skipSpaceAndComments();
      if (this.s.charAt(this.pos) === close) {
        this.pos++;
        return;
      }
      const nameAt = this.pos;
      const name = this.ident();
      if (name === '') {
        throw new BibError(`expected a macro name, found \`${this.s.charAt(this.pos) || 'end of file'}\``, this.pos);
      }
      this.skipSpace();
      if (this.s.charAt(this.pos) !== '=') {
        throw new BibError(`expected \`=\` after @string name \`${name}\``, this.pos);
      }
      this.pos++;
      this.currentField = name;
      const value = this.value(false);
      if (this.macros.has(name.toLowerCase()) && monthIn(name) === undefined) {
        this.warn(nameAt, `@string \`${name}\` is defined again; the new value is used`);
      }
      this.macros.set(name.toLowerCase(), value);
      this.skipSpaceAndComments();
      if (this.s.charAt(this.pos) === ',') {
        this.pos++;
      }
    }
  }

  private entry(at: number, type: string, close: string): void {
    const bodyStart = this.pos;
    let entry: Entry;
    let unclosed: 'eof' | 'next' | undefined;
    this.recovered = undefined;
    this.lastValue = undefined;
    try {
      ({ entry, unclosed } = this.entryBody(at, type, close, false));
    } catch (error) {
      if (!(error instanceof BibError)) {
        throw error;
      }
      // Second chance: end a value at `},` + newline + `name =` even when its braces do not balance.
      this.pos = bodyStart;
      this.recovered = undefined;
      try {
        ({ entry, unclosed } = this.entryBody(at, type, close, true));
      } catch {
        throw error;
      }
      const r = this.recovered as { field: string; offset: number } | undefined;
      if (r) {
        this.warn(at, `Entry \`${entry.key}\`: unbalanced braces in field \`${r.field}\` (line ${this.lines.lineOf(r.offset)}); read up to the next field`);
      }
    }
    if (unclosed !== undefined && this.recovered === undefined) {
      // A value with one brace too many swallows the rest of the entry, closing brace included:
      // retry with recovery; keep it only if it reads a properly closed entry.
      const end = this.pos;
      this.pos = bodyStart;
      try {
        const retry = this.entryBody(at, type, close, true);
        const r = this.recovered as { field: string; offset: number } | undefined;
        if (retry.unclosed === undefined && r) {
          entry = retry.entry;
          unclosed = undefined;
          this.warn(at, `Entry \`${entry.key}\`: unbalanced braces in field \`${r.field}\` (line ${this.lines.lineOf(r.offset)}); read up to the next field`);
        } else {
          this.pos = end;
        }
      } catch {
        this.pos = end;
      }
      this.recovered = undefined;
    }
    const last = this.lastValue as { field: string; value: string; offset: number } | undefined;
    if (unclosed !== undefined && last) {
      // The entry "lacks" its closing brace because a value swallowed it: a field value that
      // contains `,` newline `name =` is a field missing its own closing brace. Skip the entry.
      const m = SWALLOWED_FIELD.exec(last.value);
      if (m) {
        const offset = last.offset + m.index + 1;
        throw new BibError(`unbalanced braces in field \`${last.field}\`: its value runs into the next field at line ${this.lines.lineOf(offset + m[0].length - 1)}`, offset);
      }
    }
    if (unclosed === 'eof') {
      this.warn(at, `Entry \`${entry.key}\` is not closed before the end of the file (truncated?); its complete fields were loaded`);
    } else if (unclosed === 'next') {
      this.warn(at, `Entry \`${entry.key}\` is not closed (missing \`${close}\` before the next entry); its fields were loaded`);
    }
    this.entries.push(entry);
  }

  private peekKey(from: number): string {
    const m = /^\s*([^\s,={}()]+)\s*,/.exec(this.s.slice(from, from + 200));
    return m?.[1] ?? '';
  }

  private entryBody(at: number, type: string, close: string, recover: boolean): { entry: Entry; unclosed?: 'eof' | 'next' } {
    const s = this.s;
    this.skipSpace();
    const keyStart = this.pos;
    let key = '';
    while (this.pos < s.length) {
      const c = s.charAt(this.pos);
      if (c === ',' || c === close || isSpace(c.charCodeAt(0)) || (c === '}' && close === ')')) {
        break;
      }
      this.pos++;
    }
    key = s.slice(keyStart, this.pos);
    this.skipSpace();
    // A key may contain `=` (`url:https://…?id=x`, as BibTeX reads it: up to the comma); a token
    // with `=` not followed by a comma, or one followed by `=`, is the first field of a keyless entry.
    if (s.charAt(this.pos) === '=' || (key.includes('=') && (s.charAt(this.pos) !== ',' || /=["{]/.test(key)))) {
      key = ''; // no key: what we read was the first field name
      this.pos = keyStart;
    } else if (s.charAt(this.pos) === ',') {
      this.pos++;
    } else if (s.charAt(this.pos) !== close) {
      if (this.pos >= s.length) {
        throw new BibError('the entry ends right after its key', this.pos);
      }
      throw new BibError(`expected \`,\` after the key \`${key}\`, found \`${s.charAt(this.pos)}\``, this.pos);
    }
    const entry: Entry = { type, key, fields: new Map(), offset: at, line: this.lines.lineOf(at) };
    for (;;) {
      this.skipSpaceAndComments();
      if (this.pos >= s.length) {
        return { entry, unclosed: 'eof' };
      }
      const c = s.charAt(this.pos);
      if (c === close) {
        this.pos++;
        return { entry };
      }
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '@' && this.entryStartsAt(this.lineStart(this.pos))) {
        return { entry, unclosed: 'next' };
      }
      const nameAt = this.pos;
      const name = this.ident();
      if (name === '') {
        throw new BibError(`unexpected \`${c}\` where a field name was expected`, this.pos);
      }
      this.skipSpace();
      if (s.charAt(this.pos) !== '=') {
        throw new BibError(this.pos >= s.length ? `field \`${name}\` has no value (end of file)` : `expected \`=\` after field name \`${name}\`, found \`${s.charAt(this.pos)}\``, this.pos);
      }
      this.pos++;
      this.currentField = name;
      const valueAt = this.pos;
      const value = this.value(recover);
      this.lastValue = { field: name, value, offset: valueAt };
      const field = name.toLowerCase();
      const previous = entry.fields.get(field);
      if (previous === undefined) {
        entry.fields.set(field, value);
      } else if (field === 'keywords') {
        entry.fields.set(field, previous + KEYWORD_SEPARATOR + value); // repeated keywords fields add up
      } else if (previous !== value) {
        this.warn(nameAt, `Entry \`${key}\`: field \`${name}\` appears twice; the first value is used`);
      }
    }
  }

  private lineStart(offset: number): number {
    let i = offset;
    while (i > 0 && this.s.charCodeAt(i - 1) !== 10 && this.s.charCodeAt(i - 1) !== 13) {
      i--;
    }
    return i;
  }

  /**
   * Appends one part of a value within the budgets: a value built with `#` and macros never
   * exceeds MAX_EXPANDED_CHARS, and the macro text copied into values is bounded per file, so a
   * few hundred bytes of `@string{b = a # a}` cannot grow into gigabytes (billion laughs). Past
   * the file's budget a macro stands for its own name, as an undefined one does.
   */
  private append(out: string, part: string, at: number, macroName?: string): string {
    let add = part;
    if (macroName !== undefined) {
      const budget = Math.max(MACRO_EXPANSION_BUDGET, 4 * this.s.length);
      if (this.expanded + part.length > budget) {
        this.budgetHit(at, `@string expansion budget of this file (${budget.toLocaleString('en-US')} characters) is used up; the macro name \`${macroName}\` is used as the value`);
        add = macroName;
      }
    } else if (out.length === 0) {
      return part; // a literal value as written in the file: linear in the input, not capped here
    }
    if (out.length + add.length > MAX_EXPANDED_CHARS) {
      this.budgetHit(at, `value of \`${this.currentField}\` is over ${MAX_EXPANDED_CHARS.toLocaleString('en-US')} characters after @string expansion; truncated`);
      add = safeSlice(add, Math.max(0, MAX_EXPANDED_CHARS - out.length));
    }
    if (macroName !== undefined && add !== macroName) {
      this.expanded += add.length;
    }
    return out + add;
  }

  /** Reports a budget hit once per entry (or @string) and field. */
  private budgetHit(at: number, message: string): void {
    const id = `${this.budgetEntry}\u0000${this.currentField}`;
    if (this.budgetReported.has(id)) {
      return;
    }
    this.budgetReported.add(id);
    if (this.budgetReported.size <= 100) {
      this.warn(at, message);
    }
  }

  /** A field value: parts joined by `#`. Returns the raw LaTeX text with macros expanded. */
  private value(recover: boolean): string {
    const s = this.s;
    let out = '';
    for (;;) {
      this.skipSpace();
      const c = s.charCodeAt(this.pos);
      const partAt = this.pos;
      if (c === 123 /* { */) {
        out = this.append(out, this.braced(recover), partAt);
      } else if (c === 34 /* " */) {
        out = this.append(out, this.quoted(recover), partAt);
      } else if (c >= 48 && c <= 57) {
        const start = this.pos;
        while (this.pos < s.length && isIdentChar(s.charCodeAt(this.pos))) {
          this.pos++;
        }
        out = this.append(out, s.slice(start, this.pos), partAt);
      } else if (this.pos < s.length && isIdentChar(c)) {
        const at = this.pos;
        const name = this.ident();
        const macro = this.macros.get(name.toLowerCase());
        if (macro === undefined) {
          const known = this.undefinedMacros.get(name.toLowerCase());
          if (known) {
            known.offsets.push(at);
          } else {
            this.undefinedMacros.set(name.toLowerCase(), { name, field: this.currentField, offsets: [at] });
          }
          out = this.append(out, name, at);
        } else {
          out = this.append(out, macro, at, name);
        }
      } else if (this.pos >= s.length) {
        throw new BibError(`field \`${this.currentField}\` has no value (end of file)`, this.pos);
      } else {
        throw new BibError(`field \`${this.currentField}\`: expected a value, found \`${s.charAt(this.pos)}\``, this.pos);
      }
      this.skipSpace();
      if (s.charCodeAt(this.pos) === 35 /* # */) {
        this.pos++;
        continue;
      }
      return out;
    }
  }

  /** `{...}` with balanced braces; a line starting an entry inside it means the value is not closed. */
  private braced(recover: boolean): string {
    const s = this.s;
    const start = this.pos + 1;
    let depth = 0;
    // A regex search jumps from brace to brace and line break to line break (native code: on
    // 100k generated entries, twice as fast as a charCodeAt loop over the abstracts).
    BRACED_STOP.lastIndex = this.pos;
    while (BRACED_STOP.test(s)) {
      const i = BRACED_STOP.lastIndex - 1;
      const c = s.charCodeAt(i);
      // Like BibTeX, every brace counts, escaped or not (Mendeley writes `{\{}Word{\}}`).
      if (c === 123) {
        depth++;
      } else if (c === 125) {
        depth--;
        if (depth === 0) {
          this.pos = i + 1;
          return s.slice(start, i);
        }
        if (recover && this.valueEndsAt(i + 1)) {
          this.recovered ??= { field: this.currentField, offset: i };
          this.pos = i + 1;
          return s.slice(start, i);
        }
      } else if (this.entryStartsAt(i + 1)) {
        throw new BibError(`unbalanced braces in field \`${this.currentField}\`: the value is not closed before the next entry`, i + 1);
      }
      BRACED_STOP.lastIndex = i + 1;
    }
    throw new BibError(`unbalanced braces in field \`${this.currentField}\`: the value is not closed before the end of the file`, s.length);
  }

  /** `"..."`: ends at a `"` outside braces. */
  private quoted(recover: boolean): string {
    const s = this.s;
    const start = this.pos + 1;
    let depth = 0;
    for (let i = start; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 92 && s.charCodeAt(i + 1) === 34) {
        i++; // `\"` (invalid BibTeX, but common: "M\"uller") does not end the value
      } else if (c === 123) {
        depth++;
      } else if (c === 125) {
        depth = Math.max(0, depth - 1);
      } else if (c === 34 && (depth === 0 || (recover && this.valueEndsAt(i + 1)))) {
        if (depth !== 0) {
          this.recovered ??= { field: this.currentField, offset: i };
        }
        this.pos = i + 1;
        return s.slice(start, i);
      } else if ((c === 10 || c === 13) && this.entryStartsAt(i + 1)) {
        throw new BibError(`field \`${this.currentField}\`: the quoted value is not closed before the next entry`, i + 1);
      }
    }
    throw new BibError(`field \`${this.currentField}\`: the quoted value is not closed before the end of the file`, s.length);
  }

  /** In recovery mode: does a value plausibly end here (`,` newline `name =`, or the entry's end)? */
  private valueEndsAt(offset: number): boolean {
    FIELD_END.lastIndex = offset;
    if (FIELD_END.test(this.s)) {
      return true;
    }
    ENTRY_END.lastIndex = offset;
    if (!ENTRY_END.test(this.s)) {
      return false;
    }
    const after = ENTRY_END.lastIndex;
    return after >= this.s.length || this.entryStartsAt(after) || /^\s*(?:$|@)/.test(this.s.slice(after, after + 200));
  }
}

export function parseBibtex(text: string, path: string): ParseResult {
  const body = stripBom(text);
  const lines = new LineIndex(body);
  const scanner = new Scanner(body, path, lines);
  try {
    scanner.scan();
  } catch (error) {
    // Defensive: the scanner reports problems itself; anything else must not escape.
    scanner.problems.push(problem(path, lines.lineOf(scanner.pos), `Internal error while reading BibTeX: ${String(error)}`));
  }
  const problems = scanner.problems;
  if (scanner.directives === 0 && body.trim() !== '') {
    problems.push(problem(path, 1, 'No BibTeX entries found (no `@type{key, ...}` in the file)'));
  }
  const entries = scanner.entries;
  const byKey = new Map<string, Entry>();
  for (const e of entries) {
    if (e.key === '') {
      continue;
    }
    const k = e.key.toLowerCase();
    const first = byKey.get(k);
    if (first) {
      problems.push(problem(path, e.line, `Duplicate key \`${e.key}\` (first at line ${first.line}); both entries are kept`, 'warning'));
    } else {
      byKey.set(k, e);
    }
  }
  resolveCrossrefs(entries, byKey, path, problems);
  const records: PaperRecord[] = [];
  for (const e of entries) {
    try {
      const r = toRecord(e, path, problems);
      if (r) {
        records.push(r);
      }
    } catch (error) {
      problems.push(problem(path, e.line, `Entry \`${e.key}\` could not be converted: ${String(error)}`));
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { records, problems };
}

function resolveCrossrefs(entries: readonly Entry[], byKey: Map<string, Entry>, path: string, problems: Problem[]): void {
  const done = new Set<Entry>();
  const resolve = (e: Entry, visiting: Set<Entry>): void => {
    if (done.has(e)) {
      return;
    }
    done.add(e);
    const ref = e.fields.get('crossref');
    if (ref === undefined) {
      return;
    }
    const target = latexVerbatim(ref).split(',')[0]?.trim() ?? '';
    const parent = byKey.get(target.toLowerCase());
    if (!parent || parent === e) {
      problems.push(problem(path, e.line, `Entry \`${e.key}\`: crossref target \`${target}\` not found`, 'warning'));
      return;
    }
    if (visiting.has(parent)) {
      problems.push(problem(path, e.line, `Entry \`${e.key}\`: circular crossref via \`${parent.key}\``, 'warning'));
      return;
    }
    visiting.add(e);
    resolve(parent, visiting);
    const take = (field: string, from: string): void => {
      const v = parent.fields.get(from);
      if (v !== undefined && !e.fields.has(field)) {
        e.fields.set(field, v);
      }
    };
    if (!e.fields.has('title') && !e.fields.has('booktitle')) {
      // An entry that is only a `crossref` is an alias: classic BibTeX gives it every field.
      for (const [field, value] of parent.fields) {
        if (!e.fields.has(field) && !NOT_INHERITED_BY_ALIAS.has(field)) {
          e.fields.set(field, value);
        }
      }
      return;
    }
    if (IN_CONTAINER.has(e.type) || BOOK_LIKE.has(parent.type)) {
      take('booktitle', 'title');
      take('booksubtitle', 'subtitle');
    }
    for (const f of INHERITED) {
      take(f, f);
    }
    if (e.type === 'inbook' || e.type === 'bookinbook' || e.type === 'suppbook') {
      take('author', 'author');
    }
  };
  for (const e of entries) {
    resolve(e, new Set());
  }
}

function text(e: Entry, field: string): string | undefined {
  const raw = e.fields.get(field);
  if (raw === undefined) {
    return undefined;
  }
  const v = collapseWhitespace(latexToUnicode(raw));
  return v === '' ? undefined : v;
}

function verbatim(e: Entry, field: string): string | undefined {
  const raw = e.fields.get(field);
  if (raw === undefined) {
    return undefined;
  }
  const v = collapseWhitespace(latexVerbatim(raw));
  return v === '' ? undefined : v;
}

function joinTitle(title: string | undefined, subtitle: string | undefined): string | undefined {
  if (!title || !subtitle) {
    return title ?? subtitle;
  }
  return /[.:?!]$/.test(title) ? `${title} ${subtitle}` : `${title}: ${subtitle}`;
}

/** Attachments of a JabRef/Mendeley/Zotero `file` field: `desc:path:type;…`, or a bare path. */
function fileAttachments(value: string): string[] {
  const out: string[] = [];
  for (const item of splitUnescaped(value, ';')) {
    const t = item.trim();
    if (t === '') {
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) {
      out.push(unescapeFile(t));
      continue;
    }
    const parts = splitUnescaped(t, ':');
    let path: string;
    let kind = '';
    if (parts.length >= 3) {
      path = parts.slice(1, -1).join(':');
      kind = parts[parts.length - 1] ?? '';
    } else if (parts.length === 2 && /^[A-Za-z]$/.test(parts[0] ?? '')) {
      path = t; // Windows drive letter
    } else {
      path = parts.length === 2 ? (parts[1] ?? '') : t;
    }
    path = unescapeFile(path.trim());
    if (path !== '' && (isPdfLink(path) || /pdf/i.test(kind))) {
      out.push(path);
    }
  }
  return out;
}

function splitUnescaped(value: string, sep: string): string[] {
  if (!value.includes('\\')) {
    return value.split(sep);
  }
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === '\\' && i + 1 < value.length) {
      cur += c + value.charAt(i + 1);
      i++;
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

function unescapeFile(path: string): string {
  return path.replace(/\\(.)/g, '$1').replace(/\$\\backslash\$/g, '\\');
}

/** Characters without which a value's LaTeX says nothing its display text does not (see `latexToUnicode`). */
const LATEX_CHARS = /[\\{}$~`'^_-]/;

/** The LaTeX of a title as written (macros expanded, whitespace collapsed), when its braces balance. */
function latexOf(e: Entry, field: string): string | undefined {
  const raw = e.fields.get(field);
  if (raw === undefined || !LATEX_CHARS.test(raw)) {
    return undefined; // plain text: the display text is the LaTeX
  }
  const v = collapseWhitespace(raw);
  return v === '' || !bracesBalance(v) ? undefined : v;
}

function bracesBalance(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) {
      depth++;
    } else if (c === 125 && --depth < 0) {
      return false;
    }
  }
  return depth === 0;
}

/** A title and its subtitle, as display text and as LaTeX (joined the same way). */
function titlePair(e: Entry, titleField: string, subtitleField: string): { text: string; latex?: string } | undefined {
  const title = text(e, titleField);
  const subtitle = text(e, subtitleField);
  const joined = joinTitle(title, subtitle);
  if (!joined) {
    return undefined;
  }
  const tRaw = e.fields.get(titleField);
  const stRaw = e.fields.get(subtitleField);
  if ((tRaw === undefined || !LATEX_CHARS.test(tRaw)) && (stRaw === undefined || !LATEX_CHARS.test(stRaw))) {
    return { text: joined }; // no LaTeX: the display text says it all
  }
  const t = title !== undefined ? (latexOf(e, titleField) ?? (tRaw !== undefined && !LATEX_CHARS.test(tRaw) ? title : undefined)) : '';
  const st = subtitle !== undefined ? (latexOf(e, subtitleField) ?? (stRaw !== undefined && !LATEX_CHARS.test(stRaw) ? subtitle : undefined)) : '';
  if (t === undefined || st === undefined) {
    return { text: joined };
  }
  const latex = !t || !st ? t || st : `${t}${/[.:?!]$/.test(title ?? '') ? ' ' : ': '}${st}`;
  return { text: joined, latex };
}

/**
 * A name list as written, when the export could not rebuild it from the display names: braces
 * or macros in it, or a `Family, Given` name whose family has several words (`Ibn Abdulaziz, T.`).
 */
function namesLatex(e: Entry, field: string): string | undefined {
  const raw = e.fields.get(field);
  if (raw === undefined || (!/[{\\]/.test(raw) && !multiWordFamily(raw))) {
    return undefined;
  }
  const v = collapseWhitespace(raw);
  return bracesBalance(v) ? v : undefined;
}

/** Whether a name list (no braces) has a `Family, Given` name whose family part has a space, or a suffix part: one pass, no allocation. */
function multiWordFamily(raw: string): boolean {
  let word = false;
  let spaced = false;
  let comma = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (isSpace(c)) {
      if ((raw.charCodeAt(i + 1) | 32) === 97 && (raw.charCodeAt(i + 2) | 32) === 110 && (raw.charCodeAt(i + 3) | 32) === 100 && isSpace(raw.charCodeAt(i + 4))) {
        word = spaced = comma = false; // " and ": the next name
        i += 3;
      } else if (word && !comma) {
        spaced = true;
      }
    } else if (c === 44 /* , */) {
      if (comma || spaced) {
        return true; // `Ibn Nidal, A.`, or `Family, Jr., Given` (a suffix)
      }
      comma = true;
    } else {
      word = true;
    }
  }
  return false;
}

/** Where an entry is, with its key and biblatex's alias keys (`ids = {a, b}`), verbatim. */
function sourceOf(e: Entry, path: string): SourceLocation {
  const ids = (e.fields.get('ids') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '' && k !== e.key);
  if (!e.key) {
    return { path, line: e.line, format: 'bibtex' };
  }
  return ids.length > 0 ? { path, line: e.line, format: 'bibtex', key: e.key, otherKeys: ids } : { path, line: e.line, format: 'bibtex', key: e.key };
}

function toRecord(e: Entry, path: string, problems: Problem[]): PaperRecord | undefined {
  if (CONTAINER_TYPES.has(e.type)) {
    return undefined;
  }
  let titled = titlePair(e, 'title', 'subtitle');
  if (!titled && BOOK_LIKE.has(e.type)) {
    titled = titlePair(e, 'booktitle', 'booksubtitle') ?? titlePair(e, 'maintitle', 'mainsubtitle');
  }
  const authors = e.fields.has('author') ? parseBibtexNames(e.fields.get('author') ?? '') : [];
  // A book's own `booktitle` is its title (or a copy of it), not a container.
  const container = text(e, 'journaltitle') ?? text(e, 'journal') ?? (BOOK_LIKE.has(e.type) ? undefined : joinTitle(text(e, 'booktitle'), text(e, 'booksubtitle')));
  if (!titled && e.key === '' && ![...e.fields.values()].some((v) => v.trim() !== '')) {
    problems.push(problem(path, e.line, `@${e.type} entry at line ${e.line} has no key and no fields; skipped`, 'error'));
    return undefined;
  }
  let title = titled?.text;
  const members = e.type === 'set' ? text(e, 'entryset') : undefined;
  if (!title && members) {
    title = `Set: ${members.split(',').map((m) => m.trim()).filter((m) => m !== '').join(', ')}`;
  }
  if (!title) {
    // Citable without a title (a key, authors, a container): shown by its key, else its container.
    title = untitledLabel(e.key || undefined, container, authors, yearIn(text(e, 'date') ?? text(e, 'year') ?? ''));
    if (!e.key) {
      problems.push(problem(path, e.line, `@${e.type} entry has no key and no title; loaded as “${title}”`, 'warning'));
    }
  }
  const record: PaperRecord = {
    title,
    authors,
    tags: [],
    sources: [sourceOf(e, path)],
    type: e.type,
  };
  if (e.key) {
    record.key = e.key;
  }
  const latex: SourceLatex = {};
  if (!titled) {
    record.untitled = true;
  } else if (titled.latex !== undefined && titled.latex !== title) {
    latex.title = titled.latex;
  }
  const abstract = e.fields.get('abstract');
  if (abstract !== undefined) {
    record.abstract = unwrapText(latexToUnicode(abstract));
  }
  // Dates: biblatex `date` first, then `year` / `month` / `day`.
  const dateField = verbatim(e, 'date');
  let date = dateField ? parseIsoDate(dateField) : {};
  if (date.year === undefined) {
    const yearText = text(e, 'year') ?? dateField;
    const year = yearText ? yearIn(yearText) : undefined;
    const monthText = text(e, 'month');
    const dayText = text(e, 'day');
    date = fromParts(year, monthText ? monthIn(monthText) : undefined, dayText && /^\d{1,2}$/.test(dayText) ? Number(dayText) : undefined);
  }
  record.date = date.date;
  record.year = date.year;
  // Identifiers and links.
  const url = verbatim(e, 'url');
  record.url = firstUrl(url) ?? (url && !/\s/.test(url) && url.includes('.') ? url : undefined) ?? firstUrl(verbatim(e, 'howpublished')) ?? firstUrl(verbatim(e, 'note'));
  const doiField = verbatim(e, 'doi');
  record.doi = doiOf(doiField) ?? doiOf(record.url);
  record.doiAsWritten = doiField !== undefined ? doiAsWritten(doiField, record.doi) : doiCapitalsIn(record.url, record.doi);
  const eprint = verbatim(e, 'eprint');
  const eprintType = (verbatim(e, 'archiveprefix') ?? verbatim(e, 'eprinttype') ?? '').toLowerCase();
  record.arxivId =
    (eprint && (eprintType === 'arxiv' || (eprintType === '' && isArxivId(eprint))) ? normalizeArxivId(eprint) : undefined) ??
    arxivFromDoi(record.doi) ??
    arxivFromText(verbatim(e, 'arxivid')) ??
    (verbatim(e, 'arxivid') && isArxivId(verbatim(e, 'arxivid') ?? '') ? normalizeArxivId(verbatim(e, 'arxivid')) : undefined) ??
    arxivFromText(record.url) ??
    arxivFromText(text(e, 'journal')) ??
    arxivFromText(text(e, 'howpublished')) ??
    arxivFromText(text(e, 'note'));
  const file = e.fields.get('file');
  const localUrl = verbatim(e, 'local-url');
  record.pdfUrl = choosePdf([
    verbatim(e, 'pdf'),
    ...(file !== undefined ? fileAttachments(file.replace(/[{}]/g, '')) : []),
    localUrl && isPdfLink(localUrl) ? localUrl.replace(/\\%/g, '%') : undefined,
    record.url && isPdfLink(record.url) ? record.url : undefined,
  ]);
  record.container = container;
  record.venue = container ?? text(e, 'eventtitle');
  record.volume = text(e, 'volume');
  record.issue = text(e, 'number') ?? text(e, 'issue');
  record.pages = text(e, 'pages');
  const school = e.type === 'phdthesis' || e.type === 'mastersthesis' || e.type === 'thesis' ? text(e, 'school') : undefined;
  record.publisher = text(e, 'publisher') ?? school ?? text(e, 'institution');
  record.publisherPlace = text(e, 'location') ?? text(e, 'address');
  record.edition = text(e, 'edition');
  const editor = e.fields.get('editor');
  if (editor !== undefined) {
    const editors = parseBibtexNames(editor);
    if (editors.length > 0) {
      record.editors = editors;
    }
  }
  record.series = text(e, 'series');
  const containerField = e.fields.has('journaltitle') ? 'journaltitle' : e.fields.has('journal') ? 'journal' : e.fields.has('booksubtitle') || BOOK_LIKE.has(e.type) ? undefined : 'booktitle';
  const publisherField = e.fields.has('publisher') ? 'publisher' : school !== undefined ? 'school' : 'institution';
  const placeField = e.fields.has('location') ? 'location' : 'address';
  for (const [name, value, field] of [
    ['container', record.container, containerField],
    ['publisher', record.publisher, publisherField],
    ['publisherPlace', record.publisherPlace, placeField],
    ['series', record.series, 'series'],
  ] as const) {
    const raw = value !== undefined && field !== undefined ? latexOf(e, field) : undefined;
    if (raw !== undefined && raw !== value) {
      latex[name] = raw;
    }
  }
  const authorsLatex = namesLatex(e, 'author');
  if (authorsLatex !== undefined) {
    latex.authors = authorsLatex;
  }
  const editorsLatex = record.editors ? namesLatex(e, 'editor') : undefined;
  if (editorsLatex !== undefined) {
    latex.editors = editorsLatex;
  }
  if (Object.keys(latex).length > 0) {
    record.latex = latex;
  }
  record.isbn = verbatim(e, 'isbn');
  record.issn = verbatim(e, 'issn');
  record.note = text(e, 'note');
  record.titleAddon = text(e, 'titleaddon');
  record.language = verbatim(e, 'langid') ?? verbatim(e, 'hyphenation');
  // The paper's organisation (as Lit Notes exports it); for author-less reports also the institution.
  record.organization = text(e, 'organization') ?? (record.authors.length === 0 ? text(e, 'institution') : undefined);
  const keywords = e.fields.get('keywords');
  if (keywords !== undefined) {
    for (const part of keywords.split(KEYWORD_SEPARATOR)) {
      addTags(record.tags, splitKeywords(latexToUnicode(part)));
    }
  }
  return compactRecord(record);
}
