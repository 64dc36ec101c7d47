/**
 * Parses big source files in a worker thread so the extension host stays responsive while a
 * 100,000-paper file loads. Small files parse inline (a worker round trip would cost more).
 * Falls back to inline parsing if the worker cannot start.
 */
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { ParsedSource } from '../core/sources';
import { parseSourceBytes } from '../core/sources';

/** Files at least this big are parsed off the main thread. */
export const OFF_THREAD_BYTES = 2 * 1024 * 1024;

/** Thrown by `parse` when its token is cancelled: the result is not wanted, and nothing is wrong. */
export class ParseCancelled extends Error {
  constructor(readonly path: string) {
    super(`parsing ${path} was cancelled`);
  }
}

interface Pending {
  resolve(result: ParsedSource): void;
  reject(error: Error): void;
}

export class SourceParser implements vscode.Disposable {
  private worker: Worker | undefined;
  private failed = false;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  /** Files parsed in the worker so far. */
  offThread = 0;

  constructor(private readonly workerScript: string) {}

  /**
   * Parses one file. Cancelling `token` while a big file parses in the worker stops the worker
   * at once (it is restarted for the next file) and rejects with `ParseCancelled`.
   */
  async parse(path: string, bytes: Uint8Array, explicit: boolean, token?: vscode.CancellationToken): Promise<ParsedSource> {
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
      this.failed = true; // e.g. a host without worker threads: parse inline from now on
      return parseSourceBytes(path, bytes, { explicit });
    }
  }

  private inWorker(path: string, bytes: Uint8Array, explicit: boolean, token: vscode.CancellationToken | undefined): Promise<ParsedSource> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<ParsedSource>((resolve, reject) => {
      const cancel = token?.onCancellationRequested(() => {
        this.stop(worker, new ParseCancelled(path));
      });
      const done = (): void => {
        cancel?.dispose();
      };
      this.pending.set(id, {
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

  /** Terminates `worker` (if it is still the current one) and rejects what it was parsing. */
  private stop(worker: Worker, error: Error): void {
    if (this.worker !== worker) {
      return;
    }
    this.worker = undefined;
    const pending = [...this.pending.values()];
    this.pending.clear();
    pending.forEach((p) => p.reject(error));
    void worker.terminate();
  }

  private start(): Worker {
    if (this.worker) {
      return this.worker;
    }
    const worker = new Worker(this.workerScript);
    worker.on('message', (m: { id: number; result?: ParsedSource; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.result) {
        p?.resolve(m.result);
      } else {
        p?.reject(new Error(m.error ?? 'parse failed'));
      }
    });
    // Events of a worker that was stopped on purpose (and maybe already replaced) are ignored.
    worker.on('error', (error) => this.stop(worker, error));
    worker.on('exit', (code) => this.stop(worker, new Error(`parse worker exited with ${code}`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
