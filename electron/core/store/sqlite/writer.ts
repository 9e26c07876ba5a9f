// Appends on a worker thread (writer-worker.ts) with its own connection. better-sqlite3 is
// synchronous, so an insert and its fsync would otherwise stop the collector from reading the
// next requests; here the two overlap, and SQLite's WAL lets the main connection keep reading.
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../../spawn-worker.js';
import type { NewEvent } from '../../../../shared/events.js';
import { WriterError, type FailedReply } from './writer-error.js';

export type WriterRequest =
  | { type: 'append'; seq: number; sourceId: number; events: readonly NewEvent[] }
  | { type: 'close' };
export type WriterReply =
  | { type: 'ready' }
  | { type: 'done'; seq: number; ids: number[] }
  | FailedReply;

export interface Writer {
  /** Inserts and commits on the writer thread; resolves with the ids once on disk. */
  append(sourceId: number, events: readonly NewEvent[]): Promise<number[]>;
  /** False once the thread has stopped (closed or crashed); start a new writer then. */
  alive(): boolean;
  close(): Promise<void>;
}

export interface WriterOptions {
  path: string;
  nativeBinding?: string;
}

export { WriterError };

function spawnWriter(opts: WriterOptions): Worker {
  return spawnWorker(new URL('./writer-worker.ts', import.meta.url), { path: opts.path, nativeBinding: opts.nativeBinding });
}

export function startWriter(opts: WriterOptions): Writer {
  const worker = spawnWriter(opts);
  const waiting = new Map<number, { resolve(ids: number[]): void; reject(err: Error): void }>();
  let seq = 0;
  let dead: Error | null = null;

  const failAll = (err: Error) => {
    dead = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('message', (r: WriterReply) => {
    if (r.type === 'ready') return;
    const w = waiting.get(r.seq);
    waiting.delete(r.seq);
    if (r.type === 'done') w?.resolve(r.ids);
    else w?.reject(new WriterError(r.message, r.code));
  });
  worker.on('error', (err) => failAll(new WriterError(`The writer thread failed: ${err.message}`)));
  worker.on('exit', (code) => failAll(new WriterError(`The writer thread stopped (exit code ${code}).`)));
  // The thread must not keep a finished process alive; pending appends hold it via their promises' owners.
  worker.unref();

  return {
    alive: () => dead === null,
    append(sourceId, events) {
      if (dead) return Promise.reject(dead);
      const id = ++seq;
      return new Promise<number[]>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ type: 'append', seq: id, sourceId, events } satisfies WriterRequest);
      }).finally(() => {
        if (waiting.size === 0) worker.unref();
      });
    },
    async close() {
      if (dead) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref();
      worker.postMessage({ type: 'close' } satisfies WriterRequest);
      await exited;
    },
  };
}
