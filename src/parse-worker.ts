/**
 * Worker thread entry (dist/parse-worker.js): parses source files off the extension host's main
 * thread and answers with the parse cache's payload bytes (`core/parse-cache.ts`), transferred,
 * not copied. The host decodes them in slices into compact strings; a structured clone of the
 * records kept each field in the parser's two-byte form and took one long task to receive.
 */
import { parentPort } from 'node:worker_threads';
import { encodePayload } from './core/parse-cache';
import { parseSourceBytes } from './core/sources';

interface Request {
  readonly id: number;
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly explicit: boolean;
}

parentPort?.postMessage({ ready: true }); // the script loaded: from now on a failure is a file's, not the worker's
parentPort?.on('message', (m: Request) => {
  try {
    const payload = encodePayload(parseSourceBytes(m.path, m.bytes, { explicit: m.explicit }));
    parentPort?.postMessage({ id: m.id, payload }, [payload.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort?.postMessage({ id: m.id, error: String(error) });
  }
});
