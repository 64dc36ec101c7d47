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

  async parse(path: string, bytes: Uint8Array, explicit: boolean): Promise<ParsedSource> {
    if (bytes.byteLength < OFF_THREAD_BYTES || this.failed) {
      return parseSourceBytes(path, bytes, { explicit });
    }
    try {
      const result = await this.inWorker(path, bytes, explicit);
      this.offThread++;
      return result;
    } catch {
      this.failed = true; // e.g. a host without worker threads: parse inline from now on
      return parseSourceBytes(path, bytes, { explicit });
    }
  }

  private inWorker(path: string, bytes: Uint8Array, explicit: boolean): Promise<ParsedSource> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<ParsedSource>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, path, bytes, explicit });
    });
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
    const failAll = (error: Error): void => {
      this.worker = undefined;
      for (const p of this.pending.values()) {
        p.reject(error);
      }
      this.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`parse worker exited with ${code}`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
