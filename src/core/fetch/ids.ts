/**
 * What people paste to name a paper: arXiv ids (new and old style, with or without a version or
 * an `arXiv:` prefix), Hugging Face paper URLs and arXiv abs/pdf URLs. Normalised to a bare id
 * plus an optional version; the Hugging Face API wants the bare id.
 */
import { trimTrailing } from '../text';

export interface PaperRef {
  /** Bare arXiv id: `2410.17243` or `hep-th/9901001`. */
  readonly id: string;
  /** Version number when one was given (`v2` → 2). */
  readonly version?: number;
  /** Old-style id (`archive/YYMMNNN`): Hugging Face has no page for these. */
  readonly oldStyle: boolean;
}

/** New style: YYMM.NNNN (2007–2014) or YYMM.NNNNN (2015+), month 01..12. */
const NEW_ID = /^(\d{2}(?:0[1-9]|1[0-2])\.\d{4,5})(?:v(\d{1,3}))?$/;
/** Old style: archive[.SUBJ]/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136. */
const OLD_ID = /^([a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]{2})?\/\d{2}(?:0[1-9]|1[0-2])\d{3})(?:v(\d{1,3}))?$/;

const ARXIV_HOSTS = /^(?:www\.|export\.)?arxiv\.org$/i;
const HF_HOSTS = /^(?:www\.)?(?:huggingface\.co|hf\.co)$/i;

function fromBare(text: string): PaperRef | undefined {
  const m = NEW_ID.exec(text);
  if (m) {
    return withVersion(m[1] ?? '', m[2], false);
  }
  const o = OLD_ID.exec(text);
  if (o) {
    return withVersion(o[1] ?? '', o[2], true);
  }
  return undefined;
}

function withVersion(id: string, version: string | undefined, oldStyle: boolean): PaperRef | undefined {
  if (version === undefined) {
    return { id, oldStyle };
  }
  const v = Number(version);
  return v >= 1 ? { id, version: v, oldStyle } : undefined;
}

function fromUrl(text: string): PaperRef | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return undefined;
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  path = trimTrailing(path, /\//);
  if (ARXIV_HOSTS.test(url.hostname)) {
    const m = /^\/(?:abs|pdf|html)\/(.+?)(?:\.pdf)?$/i.exec(path);
    return m ? fromBare(m[1] ?? '') : undefined;
  }
  if (HF_HOSTS.test(url.hostname)) {
    const m = /^\/papers\/(.+)$/.exec(path);
    return m ? fromBare(m[1] ?? '') : undefined;
  }
  return undefined;
}

/** One id or URL; undefined when it is neither. */
export function parsePaperRef(input: string): PaperRef | undefined {
  const text = input.trim().replace(/^<(.*)>$/, '$1').trim();
  if (text === '') {
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return fromUrl(text);
  }
  if (/^(?:huggingface\.co|hf\.co|(?:www\.|export\.)?arxiv\.org)\//i.test(text)) {
    return fromUrl('https://' + text);
  }
  const bare = text.replace(/^arxiv\s*:\s*/i, '');
  return fromBare(bare);
}

export interface ParsedRefs {
  /** Distinct papers in the order given (same id twice: the first wins). */
  readonly refs: PaperRef[];
  /** Pieces that are not ids, in the words they were given. */
  readonly invalid: string[];
}

/** Pasted lines, comma or whitespace separated lists: each piece is one id or URL. */
export function parsePaperRefs(input: string | readonly string[]): ParsedRefs {
  const pieces = (typeof input === 'string' ? [input] : input).flatMap((s) => s.split(/[\s,;]+/)).filter((s) => s.trim() !== '');
  const refs: PaperRef[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  // "arXiv: 2410.17243" split on the space: glue a lone prefix to what follows.
  for (let i = 0; i < pieces.length; i++) {
    let piece = pieces[i] ?? '';
    if (/^arxiv:?$/i.test(piece) && i + 1 < pieces.length) {
      piece = 'arXiv:' + (pieces[++i] ?? '');
    }
    const ref = parsePaperRef(piece);
    if (!ref) {
      invalid.push(piece);
    } else if (!seen.has(ref.id)) {
      seen.add(ref.id);
      refs.push(ref);
    }
  }
  return { refs, invalid };
}

/** The id as arXiv's id_list wants it: with the version when one was asked for. */
export function arxivQueryId(ref: PaperRef): string {
  return ref.version !== undefined ? `${ref.id}v${ref.version}` : ref.id;
}

/** A file-name-safe form of an id: old-style slashes become underscores. */
export function idForFileName(id: string): string {
  return id.replace(/\//g, '_');
}
