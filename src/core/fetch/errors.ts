/** The one error type of the live fetch core: a kind to branch on and a message for people. */

export type LiveErrorKind =
  /** The date is impossible or malformed (a usage error before any request, or the server's 400). */
  | 'bad-date'
  /** Hugging Face answered 400 for a day it has not reached yet ("today" is settled in UTC). */
  | 'not-yet'
  /** The paper is neither on Hugging Face nor on arXiv. */
  | 'not-found'
  /** The id or URL is not an arXiv id. */
  | 'bad-id'
  /** 429 after every allowed retry. */
  | 'rate-limited'
  /** 5xx after every allowed retry, or another unexpected status. */
  | 'http'
  | 'timeout'
  /** Connection refused, DNS failure, reset before any answer. */
  | 'network'
  /** The response is bigger than the size cap. */
  | 'too-large'
  /** The connection closed before the whole body arrived. */
  | 'truncated'
  /** The body is not what the endpoint returns (not JSON, not an array, not Atom). */
  | 'invalid'
  | 'cancelled';

export class LiveError extends Error {
  constructor(
    readonly kind: LiveErrorKind,
    message: string,
    /** HTTP status, when there was an answer. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LiveError';
  }
}

export function isLiveError(e: unknown): e is LiveError {
  return e instanceof LiveError;
}

/** A message for any thrown value: LiveError messages as they are, others without a stack. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) {
    return e.message;
  }
  return String(e);
}
