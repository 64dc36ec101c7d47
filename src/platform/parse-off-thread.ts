/**
 * Parses source files in a worker thread, whatever their size (issue #18: a few hundred hostile
 * bytes used to block the extension host for seconds, and files under 2 MB were parsed on it),
 * so the extension host stays responsive. A parse that throws, or that kills the worker (out of
 * memory, a crash), costs that file only: it is reported as a problem of that file, the worker is
 * restarted for the next one, and the file is never retried on the host thread. Only when the
 * worker cannot start at all (no worker threads, a missing script) does parsing fall back to the
 * host thread.
 *
 * Several files parse at once, in up to {@link MAX_WORKERS} workers (one per core): a library of
 * several files loads in about the time of its biggest. Another worker starts only when a file
 * arrives while every started one has {@link SPREAD_BYTES} or more waiting, so a small library
 * costs one worker.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import { problem } from '../core/model';
import { PayloadDecoder } from '../core/parse-cache';
import type { Pause } from '../core/parse-cache';
import type { ParsedWithPayload } from '../core/load';
import type { ParsedSource } from '../core/sources';
import { parseSourceBytes } from '../core/sources';

/** Files at least this big are parsed off the main thread: every file (was 2 MB before #18). */
export const OFF_THREAD_BYTES = 0;

/** Parse workers at most, whatever the cores (each holds a file's text and parse at a time). */
export const MAX_WORKERS = 4;

/** Bytes waiting in every started worker before another one is started. */
export const SPREAD_BYTES = 4 * 1024 * 1024;

/** How many workers parse at once by default: one per core, at least 1, at most {@link MAX_WORKERS}. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(MAX_WORKERS, availableParallelism()));
}

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
  /** The answer so far (from its first line on). */
  answer?: Answer;
}

/** What the worker posts for a file (see `parse-worker.ts`): lines, then the end, then the bytes. */
interface Message {
  readonly id: number;
  readonly ready?: boolean;
  readonly line?: string;
  readonly end?: boolean;
  readonly payload?: Uint8Array;
  readonly error?: string;
  /** With `end`: the worker's time parsing the file, and writing its lines. */
  readonly parseMs?: number;
  readonly linesMs?: number;
}

/** Where parsing time went, summed over files (for the load's log line). */
export interface ParseTimes {
  /** Files parsed in a worker. */
  files: number;
  /** The workers' time parsing, and writing the answers' lines. */
  parseMs: number;
  linesMs: number;
  /** This thread's time from handing a file over to having its parse. */
  waitMs: number;
}

/**
 * A file's answer as it arrives: each line decoded in turn (pausing between them, so the host
 * stays responsive), the parse resolved at the end, and the payload bytes for the cache after
 * that (undefined when they never come: the cache then encodes the parse itself).
 */
class Answer {
  private readonly decoder: PayloadDecoder;
  private decoding: Promise<void> = Promise.resolve();
  private settled = false;
  private ended = false;
  private giveBytes: (bytes: Uint8Array | undefined) => void = () => undefined;
  private readonly bytes = new Promise<Uint8Array | undefined>((resolve) => {
    this.giveBytes = resolve;
  });

  constructor(
    private readonly pending: Pending,
    private readonly pause: Pause,
  ) {
    this.decoder = new PayloadDecoder(pending.path, undefined);
  }

  line(text: string): void {
    this.decoding = this.decoding.then(async () => {
      if (!this.settled) {
        this.decoder.line(text); // a damaged line is reported at the end
        await this.pause();
      }
    });
  }

  end(): void {
    this.ended = true;
    this.decoding = this.decoding.then(() => {
      const parsed = this.decoder.finish();
      if (parsed === 'damaged') {
        this.fail(new Error(`the parse worker's answer for ${this.pending.path} was damaged`));
      } else if (!this.settled) {
        this.settled = true;
        this.pending.resolve({ parsed, payload: this.bytes });
      }
    });
  }

  payload(bytes: Uint8Array): void {
    if (!this.ended) {
      this.fail(new Error(`the parse worker's answer for ${this.pending.path} was damaged (its bytes came before its end)`));
    }
    this.giveBytes(bytes);
  }

  fail(error: Error): void {
    if (!this.settled) {
      this.settled = true;
      this.pending.reject(error);
    }
    this.giveBytes(undefined);
  }
}

/** Fails a file: its parse, when not answered yet, and its payload bytes, when still to come. */
function fail(p: Pending, error: Error): void {
  if (p.answer) {
    p.answer.fail(error);
  } else {
    p.reject(error);
  }
}

/** One worker and the files handed to it, answered in order. */
interface Slot {
  worker: Worker | undefined;
  readonly pending: Map<number, Pending>;
}

export class SourceParser implements vscode.Disposable {
  private readonly slots: Slot[];
  private failed = false;
  /** Whether a worker ever loaded its script (it says `ready`): after that, a worker failure is the file's fault. */
  private everOnline = false;
  private nextId = 0;
  /** Files parsed in a worker so far. */
  offThread = 0;
  /** Where parsing time went since the last {@link takeTimes}. */
  private times: ParseTimes = { files: 0, parseMs: 0, linesMs: 0, waitMs: 0 };

  constructor(
    private readonly workerScript: string,
    /** Lets other work run between chunks of an answer being decoded (the extension yields a task). */
    private readonly pause: Pause = () => Promise.resolve(),
    /** Workers that may parse at once. */
    workers = defaultWorkers(),
    /** Bytes waiting in every started worker before another one is started. */
    private readonly spreadBytes = SPREAD_BYTES,
  ) {
    this.slots = Array.from({ length: Math.max(1, Math.floor(workers)) }, () => ({ worker: undefined, pending: new Map<number, Pending>() }));
  }

  /** How many files are worth handing over at once (one per worker; 1 when parsing on the host thread). */
  get workers(): number {
    return this.failed ? 1 : this.slots.length;
  }

  /**
   * Parses one file. Cancelling `token` while a big file parses in a worker stops that worker
   * at once (it is restarted for the next file) and rejects with `ParseCancelled`.
   */
  async parse(path: string, bytes: Uint8Array, explicit: boolean, token?: vscode.CancellationToken): Promise<ParsedSource> {
    const made = await this.parseWithPayload(path, bytes, explicit, token);
    return 'payload' in made ? made.parsed : made;
  }

  /** {@link parse}, with the parse cache's payload of the parse when a worker made it (the cache writes it as it is). */
  async parseWithPayload(path: string, bytes: Uint8Array, explicit: boolean, token?: vscode.CancellationToken): Promise<ParsedSource | ParsedWithPayload> {
    if (token?.isCancellationRequested) {
      throw new ParseCancelled(path);
    }
    if (bytes.byteLength < OFF_THREAD_BYTES || this.failed) {
      return parseSourceBytes(path, bytes, { explicit });
    }
    try {
      const handed = performance.now();
      const result = await this.inWorker(path, bytes, explicit, token);
      this.times.waitMs += performance.now() - handed;
      this.times.files++;
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

  /** Where parsing time went since the last call (files parsed on this thread are not counted). */
  takeTimes(): ParseTimes {
    const times = this.times;
    this.times = { files: 0, parseMs: 0, linesMs: 0, waitMs: 0 };
    return times;
  }

  /**
   * The slot to hand a file to: the started worker with the fewest bytes waiting (the first of
   * equals). Another worker is started only when every started one has at least `spreadBytes`
   * waiting: starting a worker costs more than parsing a small file.
   */
  private leastBusy(): Slot {
    let best: Slot | undefined;
    let bestBytes = Number.POSITIVE_INFINITY;
    for (const slot of this.slots) {
      if (!slot.worker) {
        continue;
      }
      let waiting = 0;
      for (const p of slot.pending.values()) {
        waiting += p.bytes.byteLength + 1;
      }
      if (waiting < bestBytes) {
        best = slot;
        bestBytes = waiting;
      }
    }
    if (best && bestBytes < this.spreadBytes) {
      return best;
    }
    return this.slots.find((slot) => !slot.worker) ?? best ?? this.slots[0]!;
  }

  private inWorker(path: string, bytes: Uint8Array, explicit: boolean, token: vscode.CancellationToken | undefined): Promise<ParsedWithPayload> {
    const slot = this.leastBusy();
    const worker = this.start(slot);
    const id = this.nextId++;
    return new Promise<ParsedWithPayload>((resolve, reject) => {
      const cancel = token?.onCancellationRequested(() => {
        // the slot that holds this file now (a crash may have moved it to a fresh worker there)
        if (slot.worker && slot.pending.has(id)) {
          this.stop(slot, slot.worker, new ParseCancelled(path));
        }
      });
      const done = (): void => {
        cancel?.dispose();
      };
      slot.pending.set(id, {
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
   * Terminates `worker` (if it is still the slot's current one). Cancelled: everything pending
   * in the slot is rejected. Crashed: only the file it was parsing (the oldest pending; it
   * parses in order) is rejected, and the rest go to a fresh worker, so one hostile file costs
   * only itself.
   */
  private stop(slot: Slot, worker: Worker, error: Error, crashed = false): void {
    if (slot.worker !== worker) {
      return;
    }
    slot.worker = undefined;
    void worker.terminate();
    const pending = [...slot.pending.entries()];
    slot.pending.clear();
    if (!crashed || !this.everOnline || pending.length <= 1) {
      pending.forEach(([, p]) => fail(p, error));
      return;
    }
    const [first, ...rest] = pending;
    if (first) {
      fail(first[1], error);
    }
    let next: Worker;
    try {
      next = this.start(slot);
    } catch (startError) {
      rest.forEach(([, p]) => fail(p, startError instanceof Error ? startError : new Error(String(startError))));
      return;
    }
    for (const [id, p] of rest) {
      slot.pending.set(id, p);
      next.postMessage({ id, path: p.path, bytes: p.bytes, explicit: p.explicit });
    }
  }

  private start(slot: Slot): Worker {
    if (slot.worker) {
      return slot.worker;
    }
    let worker: Worker;
    try {
      worker = new Worker(this.workerScript);
    } catch (error) {
      throw new WorkerUnavailable(String(error));
    }
    worker.on('message', (m: Message) => {
      if (m.ready) {
        this.everOnline = true; // its script loaded ('online' comes before that, so it is not enough)
        return;
      }
      const p = slot.pending.get(m.id);
      if (!p) {
        return;
      }
      p.answer ??= new Answer(p, this.pause);
      if (m.line !== undefined) {
        p.answer.line(m.line);
      } else if (m.end) {
        this.times.parseMs += m.parseMs ?? 0;
        this.times.linesMs += m.linesMs ?? 0;
        p.answer.end();
      } else {
        // the file's last message: its bytes, or its error
        slot.pending.delete(m.id);
        if (m.payload) {
          p.answer.payload(m.payload);
        } else {
          p.answer.fail(new Error(m.error ?? 'parse failed'));
        }
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
      this.stop(slot, worker, this.everOnline ? error : new WorkerUnavailable(String(error)), true);
    });
    worker.unref();
    slot.worker = worker;
    return worker;
  }

  dispose(): void {
    for (const slot of this.slots) {
      void slot.worker?.terminate();
      slot.worker = undefined;
    }
  }
}
