/**
 * Parses source files in a worker thread, whatever their size (issue #18: a few hundred hostile
 * bytes used to block the extension host for seconds, and files under 2 MB were parsed on it),
 * so the extension host stays responsive. A parse that throws, or that kills the worker (out of
 * memory, a crash), costs that file only: it is reported as a problem of that file, the worker is
 * restarted for the next one, and the file is never retried on the host thread. Only when the
 * worker cannot start at all (no worker threads, a missing script) does parsing fall back to the
 * host thread.
 */
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import { problem } from '../core/model';
import { decodePayload } from '../core/parse-cache';
import type { Pause } from '../core/parse-cache';
import type { ParsedWithPayload } from '../core/load';
import type { ParsedSource } from '../core/sources';
import { parseSourceBytes } from '../core/sources';

/** Files at least this big are parsed off the main thread: every file (was 2 MB before #18). */
export const OFF_THREAD_BYTES = 0;

/** The worker could not start (it failed before running any code): parse on the host thread instead. */
class WorkerUnavailable extends Error {}

/** Thrown by `parse` when its token is cancelled: the result is not wanted, and nothing is wrong. */
export class ParseCancelled extends Error {
  constructor(readonly path: string) {
    super(`parsing ${path} was cancelled`);
  }
}

interface Pending {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly explicit: boolean;
  resolve(result: ParsedWithPayload): void;
  reject(error: Error): void;
}

export class SourceParser implements vscode.Disposable {
  private worker: Worker | undefined;
  private failed = false;
  /** Whether a worker ever loaded its script (it says `ready`): after that, a worker failure is the file's fault. */
  private everOnline = false;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  /** Files parsed in the worker so far. */
  offThread = 0;

  constructor(
    private readonly workerScript: string,
    /** Lets other work run between chunks of an answer being decoded (the extension yields a task). */
    private readonly pause: Pause = () => Promise.resolve(),
  ) {}

  /**
   * Parses one file. Cancelling `token` while a big file parses in the worker stops the worker
   * at once (it is restarted for the next file) and rejects with `ParseCancelled`.
   */
  async parse(path: string, bytes: Uint8Array, explicit: boolean, token?: vscode.CancellationToken): Promise<ParsedSource> {
    const made = await this.parseWithPayload(path, bytes, explicit, token);
    return 'payload' in made ? made.parsed : made;
  }

  /** {@link parse}, with the parse cache's payload of the parse when the worker made it (the cache writes it as it is). */
  async parseWithPayload(path: string, bytes: Uint8Array, explicit: boolean, token?: vscode.CancellationToken): Promise<ParsedSource | ParsedWithPayload> {
    if (token?.isCancellationRequested) {
      throw new ParseCancelled(path);
    }
    if (bytes.byteLength < OFF_THREAD_BYTES || this.failed) {
      return parseSourceBytes(path, bytes, { explicit });
    }
    try {
      const result = await this.inWorker(path, bytes, explicit, token);
      this.offThread++;
      return result;
    } catch (error) {
      if (error instanceof ParseCancelled) {
        throw error;
      }
      if (error instanceof WorkerUnavailable || !this.everOnline) {
        this.failed = true; // e.g. a host without worker threads: parse inline from now on
        return parseSourceBytes(path, bytes, { explicit });
      }
      // This file broke the parser (threw, or killed the worker): it alone is lost, reported.
      const reason = error instanceof Error ? error.message : String(error);
      return { path, format: undefined, records: [], problems: [problem(path, 1, `Could not be read: the parser stopped on this file (${reason}); the other sources are loaded`)] };
    }
  }

  private inWorker(path: string, bytes: Uint8Array, explicit: boolean, token: vscode.CancellationToken | undefined): Promise<ParsedWithPayload> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<ParsedWithPayload>((resolve, reject) => {
      const cancel = token?.onCancellationRequested(() => {
        if (this.worker) {
          this.stop(this.worker, new ParseCancelled(path));
        }
      });
      const done = (): void => {
        cancel?.dispose();
      };
      this.pending.set(id, {
        path,
        bytes,
        explicit,
        resolve: (r) => {
          done();
          resolve(r);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
      worker.postMessage({ id, path, bytes, explicit });
    });
  }

  /**
   * Terminates `worker` (if it is still the current one). Cancelled: everything pending is
   * rejected. Crashed: only the file it was parsing (the oldest pending; it parses in order) is
   * rejected, and the rest go to a fresh worker, so one hostile file costs only itself.
   */
  private stop(worker: Worker, error: Error, crashed = false): void {
    if (this.worker !== worker) {
      return;
    }
    this.worker = undefined;
    void worker.terminate();
    const pending = [...this.pending.entries()];
    this.pending.clear();
    if (!crashed || !this.everOnline || pending.length <= 1) {
      pending.forEach(([, p]) => p.reject(error));
      return;
    }
    const [first, ...rest] = pending;
    first?.[1].reject(error);
    let next: Worker;
    try {
      next = this.start();
    } catch (startError) {
      rest.forEach(([, p]) => p.reject(startError instanceof Error ? startError : new Error(String(startError))));
      return;
    }
    for (const [id, p] of rest) {
      this.pending.set(id, p);
      next.postMessage({ id, path: p.path, bytes: p.bytes, explicit: p.explicit });
    }
  }

  private start(): Worker {
    if (this.worker) {
      return this.worker;
    }
    let worker: Worker;
    try {
      worker = new Worker(this.workerScript);
    } catch (error) {
      throw new WorkerUnavailable(String(error));
    }
    worker.on('message', (m: { id: number; ready?: boolean; payload?: Uint8Array; error?: string }) => {
      if (m.ready) {
        this.everOnline = true; // its script loaded ('online' comes before that, so it is not enough)
        return;
      }
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (!p) {
        return;
      }
      if (m.payload) {
        const path = p.path;
        const payload = m.payload;
        decodePayload(payload, path, undefined, this.pause).then(
          (r) => (r === 'damaged' ? p.reject(new Error(`the parse worker's answer for ${path} was damaged`)) : p.resolve({ parsed: r, payload })),
          (e: unknown) => p.reject(e instanceof Error ? e : new Error(String(e))),
        );
      } else {
        p.reject(new Error(m.error ?? 'parse failed'));
      }
    });
    // A crash is handled on 'exit', never on 'error': Node delivers every message the worker
    // posted before it died just before 'exit', but its uncaught error travels on another port
    // and can arrive before them. Acting on 'error' blamed a file whose answer was still in
    // flight (seen under load). Events of a worker stopped on purpose (and maybe already
    // replaced) are ignored.
    let failure: Error | undefined;
    worker.on('error', (error) => {
      failure ??= error;
    });
    worker.on('exit', (code) => {
      const error = failure ?? new Error(`parse worker exited with ${code}`);
      this.stop(worker, this.everOnline ? error : new WorkerUnavailable(String(error)), true);
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
