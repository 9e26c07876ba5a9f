// An import's rows are committed on a thread of their own (bulk-writer-worker.ts) with its own
// connection: a big load, and above all the index build at its end (seconds per million rows),
// would otherwise stop the main thread, and with it the desktop UI and the collector's HTTP
// server. An in-memory store, which another thread cannot open, loads inline instead.
import { batchTransferListOf, type ColumnBatch } from '../column-batch.js';
import type { BulkLoadOptions } from './bulk-load.js';
import { mergeDerivedSessions } from './derived-session-sql.js';
import type { Store } from './open.js';
import { spawnWorker } from '../../spawn-worker.js';
import { WriterError, type FailedReply } from './writer-error.js';

export interface BulkWriter {
  /** Commits one batch (in the order given); resolves with what it added. */
  append(batch: ColumnBatch, bad: number): Promise<{ inserted: number; lastId: number }>;
  /**
   * Builds the indexes again if they were dropped, moves the rows of derived sessions merged
   * after they were written ([from, to] refs, derived-sessions.ts), and ends the thread.
   */
  finish(sessionMerges?: SessionMerges): Promise<void>;
}

export type SessionMerges = readonly (readonly [number, number])[];
export type BulkWriterRequest =
  | { type: 'append'; seq: number; batch: ColumnBatch; bad: number }
  | { type: 'finish'; seq: number; sessionMerges: SessionMerges };
export type BulkWriterReply =
  | { type: 'done'; seq: number; inserted: number; lastId: number }
  | FailedReply;

/** The thread allocates little of its own (batches arrive transferred): a small young generation. */
const WRITER_LIMITS = { maxYoungGenerationSizeMb: 2 };

/**
 * `inline`: load on this thread (a one-shot command, whose main thread has nothing else to do,
 * saves the thread's memory); an in-memory store, which another thread cannot open, always does.
 */
export function startBulkWriter(store: Store, opts: BulkLoadOptions & { inline?: boolean }): BulkWriter {
  if (store.path === ':memory:' || opts.inline) {
    const bulk = store.bulkLoad(opts);
    return {
      append: async (batch, bad) => bulk.append(batch, bad),
      async finish(sessionMerges = []) {
        bulk.finish();
        mergeDerivedSessions(store.db, sessionMerges);
      },
    };
  }
  const worker = spawnWorker(new URL('./bulk-writer-worker.ts', import.meta.url), {
    path: store.path,
    nativeBinding: store.nativeBinding,
    sourceId: opts.sourceId,
    dropIndexes: opts.dropIndexes,
  }, WRITER_LIMITS);
  const waiting = new Map<number, { resolve(r: { inserted: number; lastId: number }): void; reject(err: Error): void }>();
  let seq = 0;
  let dead: Error | null = null;
  const failAll = (err: Error) => {
    dead ??= err;
    for (const w of waiting.values()) w.reject(dead);
    waiting.clear();
  };
  worker.on('message', (r: BulkWriterReply) => {
    const w = waiting.get(r.seq);
    waiting.delete(r.seq);
    if (r.type === 'done') w?.resolve({ inserted: r.inserted, lastId: r.lastId });
    else w?.reject(new WriterError(r.message, r.code));
  });
  worker.on('error', (err) => failAll(new WriterError(`The import's writer thread failed: ${err.message}`)));
  worker.on('exit', (code) => failAll(new WriterError(`The import's writer thread stopped (exit code ${code}).`)));

  const send = (req: BulkWriterRequest, transfer: ArrayBuffer[] = []) =>
    new Promise<{ inserted: number; lastId: number }>((resolve, reject) => {
      if (dead) {
        reject(dead);
        return;
      }
      waiting.set(req.seq, { resolve, reject });
      worker.postMessage(req, transfer);
    });

  return {
    append: (batch, bad) => send({ type: 'append', seq: ++seq, batch, bad }, batchTransferListOf(batch)),
    async finish(sessionMerges = []) {
      try {
        await send({ type: 'finish', seq: ++seq, sessionMerges });
      } finally {
        await worker.terminate();
      }
    },
  };
}
