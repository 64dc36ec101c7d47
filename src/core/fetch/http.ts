/**
 * The HTTP port the live core talks through. The core never opens a socket: the extension and
 * the CLI hand it an implementation (node:http/https in src/platform/node-http.ts).
 */
import { trimTrailing } from '../text';

export interface HttpRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Whole request, connection to last byte. */
  readonly timeoutMs: number;
  /** Bodies larger than this fail with a `too-large` LiveError. */
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body decoded as UTF-8. */
  readonly body: string;
}

/**
 * Sends one GET and never follows redirects (the caller decides where a token may go). Throws a
 * LiveError of kind timeout, network, too-large, truncated or cancelled; any HTTP status is an
 * answer, not an error.
 */
export type HttpPort = (request: HttpRequest) => Promise<HttpResponse>;

/** Sleeps, resolving early (rejecting) when the signal aborts. Injectable so tests need not wait. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('cancelled'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** The host part of a URL for messages: `huggingface.co`, `127.0.0.1:4312`. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * A base URL setting as a clean `scheme://host[:port][/path]` without a trailing slash; undefined
 * when it is not an http(s) URL.
 */
export function normalizeBaseUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    return undefined;
  }
  return trimTrailing(url.origin + url.pathname, /\//);
}
