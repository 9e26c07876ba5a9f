// Appends on a worker thread (writer-worker.ts) with its own connection. better-sqlite3 is
// synchronous, so an insert and its fsync would otherwise stop the collector from reading the
// next requests; here the two overlap, and SQLite's WAL lets the main connection keep reading.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { Worker } from 'node:worker_threads';
import type { NewEvent } from '../../../shared/events.js';

export type WriterRequest =
  | { type: 'append'; seq: number; sourceId: number; events: readonly NewEvent[] }
  | { type: 'close' };
export type WriterReply =
  | { type: 'ready' }
  | { type: 'done'; seq: number; ids: number[] }
  | { type: 'failed'; seq: number; message: string };

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
  /** The bundled worker script (the desktop build); by default the TypeScript source through tsx. */
  workerFile?: string;
}

export class WriterError extends Error {
  override name = 'WriterError';
}

/** tsx's ESM register API, found through its package exports (works under any loader). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('tsx/package.json');
  const TsxPackage = z.object({ exports: z.object({ './esm/api': z.object({ import: z.object({ default: z.string() }) }) }) });
  const pkg = TsxPackage.parse(JSON.parse(fs.readFileSync(pkgFile, 'utf8')));
  return pathToFileURL(path.join(path.dirname(pkgFile), pkg.exports['./esm/api'].import.default)).href;
}

function spawnWorker(opts: WriterOptions): Worker {
  const workerData = { path: opts.path, nativeBinding: opts.nativeBinding };
  if (opts.workerFile) return new Worker(opts.workerFile, { workerData });
  // From source (tests, `npx logbridge`), the worker needs tsx's loader before it can import .ts.
  const tsx = tsxEsmApi();
  const entry = pathToFileURL(fileURLToPath(new URL('./writer-worker.ts', import.meta.url))).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

export function startWriter(opts: WriterOptions): Writer {
  const worker = spawnWorker(opts);
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
    else w?.reject(new WriterError(r.message));
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
