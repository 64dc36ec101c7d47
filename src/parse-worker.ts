/** Worker thread entry (dist/parse-worker.js): parses big source files off the extension host's main thread. */
import { parentPort } from 'node:worker_threads';
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
    parentPort?.postMessage({ id: m.id, result: parseSourceBytes(m.path, m.bytes, { explicit: m.explicit }) });
  } catch (error) {
    parentPort?.postMessage({ id: m.id, error: String(error) });
  }
});
