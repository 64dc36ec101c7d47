/**
 * Hugging Face papers API JSON: a `/api/daily_papers` list (items holding a `paper`
 * object), a list of paper objects, or a single paper object (`/api/papers/<arxiv id>`).
 */
import type { PaperRecord, ParseResult, Problem } from '../model';
import { problem } from '../model';
import { arxivPdfUrl, huggingFaceUrl } from '../links';
import { ForwardLines, collapseWhitespace, encodeUriComponentSafe, normalizeArxivId, stripBom } from '../text';
import { parseJsonReporting, recordElementOffsets } from './json-positions';


/** Content-based detection: JSON whose first few KB carry Hugging Face paper keys. */
export function looksLikeHfJson(text: string): boolean {
  const head = stripBom(text).slice(0, 4096).trimStart();
  if (!head.startsWith('[') && !head.startsWith('{')) {
    return false;
  }
  return /"(paper|upvotes|numComments|discussionId|submittedOnDailyAt)"\s*:/.test(head);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: Json | undefined): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** Unwraps hard-wrapped text: single newlines become spaces, paragraph breaks stay. */
function unwrap(text: string): string {
  if (!text.includes('\n')) {
    return collapseWhitespace(text); // no paragraph break: no split (as `unwrapText`)
  }
  return text
    .split(/\n\s*\n/)
    .map((p) => collapseWhitespace(p))
    .filter((p) => p !== '')
    .join('\n\n');
}

export function parseHfJson(text: string, path: string): ParseResult {
  const problems: Problem[] = [];
  const body = stripBom(text);
  const lines = new ForwardLines(body); // records are asked for in file order
  const parsed = parseJsonReporting<Json>(body, path, lines);
  if ('problem' in parsed) {
    return { records: [], problems: [parsed.problem] };
  }
  const data = parsed.data;
  const items: Json[] = Array.isArray(data) ? data : [data];
  const offsets = Array.isArray(data) ? recordElementOffsets(body) : [body.search(/\S/)];
  const records: PaperRecord[] = [];
  items.forEach((item, i) => {
    const line = lines.lineOf(offsets[i] ?? 0);
    const record = toRecord(item, path, line, problems);
    if (record) {
      records.push(record);
    }
  });
  return { records, problems };
}

function toRecord(item: Json, path: string, line: number, problems: Problem[]): PaperRecord | undefined {
  if (!isObject(item)) {
    problems.push(problem(path, line, 'Expected a paper object, found ' + (Array.isArray(item) ? 'an array' : typeof item)));
    return undefined;
  }
  const paper = isObject(item.paper) ? item.paper : item;
  const title = str(paper.title) ?? str(item.title);
  if (!title) {
    problems.push(problem(path, line, 'Paper without a title: skipped'));
    return undefined;
  }
  const record: PaperRecord = {
    title: collapseWhitespace(title),
    authors: [],
    tags: [],
    sources: [{ path, line, format: 'hf-json' }],
    type: 'preprint',
  };
  const summary = str(paper.summary) ?? str(item.summary);
  if (summary) {
    record.abstract = unwrap(summary);
  }
  if (Array.isArray(paper.authors)) {
    for (const a of paper.authors) {
      const name = isObject(a) ? str(a.name) : str(a);
      if (name) {
        record.authors.push(collapseWhitespace(name));
      }
    }
  }
  const published = str(paper.publishedAt) ?? str(item.publishedAt);
  const day = published ? /^(\d{4})-(\d{2})-(\d{2})/.exec(published) : null;
  if (day) {
    record.date = `${day[1]}-${day[2]}-${day[3]}`;
    record.year = Number(day[1]);
  } else if (published) {
    problems.push(problem(path, line, `Unreadable publishedAt date "${published}"`, 'warning'));
  }
  const listed = listedDay(item, paper, path);
  if (listed) {
    record.listed = listed;
  }
  if (typeof paper.upvotes === 'number' && Number.isFinite(paper.upvotes) && paper.upvotes >= 0) {
    record.upvotes = Math.floor(paper.upvotes);
  }
  const org = isObject(paper.organization) ? paper.organization : isObject(item.organization) ? item.organization : undefined;
  const orgName = org ? (str(org.fullname) ?? str(org.name)) : undefined;
  if (orgName) {
    record.organization = orgName;
  }
  const id = str(paper.id);
  const arxivId = normalizeArxivId(id);
  if (arxivId) {
    record.arxivId = arxivId;
    record.url = huggingFaceUrl(arxivId);
    record.pdfUrl = arxivPdfUrl(arxivId);
  } else if (id) {
    record.url = huggingFaceUrl(encodeUriComponentSafe(id));
  }
  return record;
}

const DAY = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])/;
/** What `/api/daily_papers?date=…` files are named: ours (`hf-daily-2025-12-10.json`) and the archive's (`daily_papers_2025-12-10.json`). */
const DAILY_FILE = /(?:^|[/\\])(?:hf-daily-|daily_papers_)(\d{4}-\d{2}-\d{2})\.json$/i;
/** Most hours a time-zone copy of a timestamp is shifted by. */
const MAX_ZONE_HOURS = 14;

/**
 * The day the paper was listed on Daily Papers, which the API has said in three ways over time:
 * `paper.submittedOnDailyAt` (since 2025); the list item's own `publishedAt` (2024, when it is not
 * the paper's `publishedAt` shifted by whole hours, a time-zone copy of the arXiv date as in
 * early-2025 lists); and the day in the name of a saved `/api/daily_papers?date=` list.
 */
function listedDay(item: JsonObject, paper: JsonObject, path: string): string | undefined {
  const submitted = DAY.exec(str(paper.submittedOnDailyAt) ?? str(item.submittedOnDailyAt) ?? '');
  if (submitted) {
    return submitted[0];
  }
  if (paper === item) {
    return undefined;
  }
  const fromName = DAY.exec(DAILY_FILE.exec(path)?.[1] ?? '');
  if (fromName) {
    return fromName[0];
  }
  const own = str(item.publishedAt);
  const ownDay = own ? DAY.exec(own) : null;
  if (!own || !ownDay) {
    return undefined;
  }
  const a = Date.parse(own);
  const b = Date.parse(str(paper.publishedAt) ?? '');
  const hours = Math.abs(a - b) / 3_600_000;
  const zoneCopy = Number.isFinite(hours) && Number.isInteger(hours) && hours <= MAX_ZONE_HOURS;
  return zoneCopy ? undefined : ownDay[0];
}
