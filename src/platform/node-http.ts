/**
 * The live core's HTTP port over node's http/https modules. In the extension host VS Code patches
 * these modules for its proxy settings (`http.proxy`, `http.proxySupport`, system proxy), so
 * requests made here go through the user's proxy; the CLI uses the same code (no proxy support
 * beyond what node itself offers).
 *
 * One GET, no redirects followed (the core decides), a deadline for the whole exchange, a size
 * cap, and a clear LiveError for each way it can fail.
 */
// Plain 'http'/'https' (not 'node:…'): the names VS Code's proxy support hooks in the extension host.
import * as http from 'http';
import * as https from 'https';
import { LiveError } from '../core/fetch/errors';
import type { HttpPort, HttpRequest, HttpResponse } from '../core/fetch/http';
import { hostOf } from '../core/fetch/http';

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'a certificate in its chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another host',
};

function headersOf(res: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (v !== undefined) {
      out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    }
  }
  return out;
}

export const nodeHttp: HttpPort = (request: HttpRequest) =>
  new Promise<HttpResponse>((resolve, reject) => {
    const host = hostOf(request.url);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      reject(new LiveError('network', `"${request.url}" is not a web address.`));
      return;
    }
    if (request.signal?.aborted) {
      reject(new LiveError('cancelled', 'Cancelled.'));
      return;
    }
    const mod = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
    if (!mod) {
      reject(new LiveError('network', `"${request.url}" is not an http(s) address.`));
      return;
    }
    let settled = false;
    let gotResponse = false;
    const finish = (error: LiveError | undefined, response?: HttpResponse): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else if (response) {
        resolve(response);
      }
    };
    const onAbort = (): void => finish(new LiveError('cancelled', 'Cancelled.'));
    const timer = setTimeout(() => {
      finish(new LiveError('timeout', `${host} did not ${gotResponse ? 'finish its answer' : 'answer'} within ${Math.round(request.timeoutMs / 100) / 10} s; nothing was saved. Check your network or proxy, or try again later.`));
    }, request.timeoutMs);
    const req = mod.request(url, { method: 'GET', headers: { ...request.headers, 'accept-encoding': 'identity' } }, (res) => {
      gotResponse = true;
      const chunks: Buffer[] = [];
      let size = 0;
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > request.maxBytes) {
        finish(new LiveError('too-large', `${host} sent an answer of ${(declared / 1048576).toFixed(1)} MB, over the ${Math.round(request.maxBytes / 1048576)} MB limit; nothing was saved.`));
        return;
      }
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > request.maxBytes) {
          finish(new LiveError('too-large', `${host} sent more than the ${Math.round(request.maxBytes / 1048576)} MB limit; nothing was saved.`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('aborted', () => finish(new LiveError('truncated', `${host} closed the connection before the whole answer arrived (${size} bytes${Number.isFinite(declared) ? ` of ${declared}` : ''}); nothing was saved.`)));
      res.on('error', () => finish(new LiveError('truncated', `${host} closed the connection before the whole answer arrived (${size} bytes${Number.isFinite(declared) ? ` of ${declared}` : ''}); nothing was saved.`)));
      res.on('end', () => {
        if (!res.complete || (Number.isFinite(declared) && size !== declared)) {
          finish(new LiveError('truncated', `${host} closed the connection before the whole answer arrived (${size} bytes${Number.isFinite(declared) ? ` of ${declared}` : ''}); nothing was saved.`));
          return;
        }
        finish(undefined, { status: res.statusCode ?? 0, headers: headersOf(res), body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (gotResponse) {
        finish(new LiveError('truncated', `${host} closed the connection before the whole answer arrived; nothing was saved.`));
        return;
      }
      const code = error.code ?? '';
      const reason = NETWORK_REASONS[code] ?? (code ? code : error.message);
      finish(new LiveError('network', `Could not reach ${host}: ${reason}${code && NETWORK_REASONS[code] ? ` (${code})` : ''}. Check the address, your network or proxy.`));
    });
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
