/**
 * Worker thread entry (dist/parse-worker.js): parses source files off the extension host's main
 * thread and answers with the parse cache's payload (`core/parse-cache.ts`), in three steps:
 *
 * 1. each payload line as text (`{ id, line }`), posted as soon as it is made, so the host
 *    decodes one line while this thread writes the next (on a 100k-paper file this overlap saves
 *    the host's whole decoding time, 1.3-1.9 s);
 * 2. `{ id, end: true }` once the last line is posted: the host's parse is complete;
 * 3. the same payload as UTF-8 bytes (`{ id, payload }`, transferred, not copied), for the parse
 *    cache, made only after the host has every line.
 *
 * Decoding with `JSON.parse` gives the host compact strings (one byte per character where the
 * text allows); a structured clone of the records kept each field in the parser's two-byte form
 * and took one long task to receive.
 */
import { parentPort } from 'node:worker_threads';
import { concat } from './core/bytes';
import { payloadTexts } from './core/parse-cache';
import { parseSourceBytes } from './core/sources';

interface Request {
  readonly id: number;
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly explicit: boolean;
}

const encoder = new TextEncoder();

parentPort?.postMessage({ ready: true }); // the script loaded: from now on a failure is a file's, not the worker's
parentPort?.on('message', (m: Request) => {
  try {
    const started = performance.now();
    const parsed = parseSourceBytes(m.path, m.bytes, { explicit: m.explicit });
    const parsedAt = performance.now();
    const lines: string[] = [];
    for (const line of payloadTexts(parsed)) {
      parentPort?.postMessage({ id: m.id, line });
      lines.push(line);
    }
    // with this thread's times (for the host's log): parsing, then writing the lines
    parentPort?.postMessage({ id: m.id, end: true, parseMs: parsedAt - started, linesMs: performance.now() - parsedAt });
    const payload = concat(lines.map((line) => encoder.encode(line)));
    parentPort?.postMessage({ id: m.id, payload }, [payload.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort?.postMessage({ id: m.id, error: String(error) });
  }
});
