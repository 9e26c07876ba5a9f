// Decode threads for big request bodies. Parsing, mapping and redacting a megabyte body takes
// tens of milliseconds at best (seconds for hostile ones); on the event loop that time is added
// to every other request waiting, on a thread it is not. Threads start with the first big body,
// so one-shot commands never pay for them.
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { RedactionRules } from '../privacy/redact.js';
import { spawnWorker } from '../spawn-worker.js';
import type { DecodeJob, DecodeReply, DecodeRequest } from './decode-protocol.js';
import type { Prepared } from './prepare.js';

export interface DecodePoolOptions {
  redactKey: Buffer;
  redactRules: RedactionRules;
  /** Threads; by default one per core but one, at most two (the writer thread needs a core too). */
  threads?: number;
  /** Bodies waiting or being decoded; more are refused as busy rather than held in memory. */
  maxQueued?: number;
}

/** Every thread has `maxQueued` bodies to decode: the answer is a 503 with Retry-After. */
export class DecodeBusyError extends Error {
  override name = 'DecodeBusyError';
}

export interface DecodeResult {
  prepared: Prepared;
  /** The thread that decoded it (worker_threads threadId). */
  thread: number;
}

export interface DecodePool {
  run(job: DecodeJob): Promise<DecodeResult>;
  /** Stops the threads; bodies still waiting are failed. */
  close(): Promise<void>;
}

interface Slot {
  worker: Worker | null;
  waiting: Map<number, { resolve(r: DecodeResult): void; reject(err: Error): void }>;
}

const DEFAULT_MAX_QUEUED = 32;

export function createDecodePool(opts: DecodePoolOptions): DecodePool {
  const threads = opts.threads ?? Math.max(1, Math.min(2, os.availableParallelism() - 1));
  const maxQueued = opts.maxQueued ?? DEFAULT_MAX_QUEUED;
  const slots: Slot[] = Array.from({ length: threads }, () => ({ worker: null, waiting: new Map() }));
  const workerData = { redactKey: opts.redactKey.toString('hex'), redactRules: opts.redactRules };
  let seq = 0;
  let closed = false;

  const fail = (slot: Slot, err: Error) => {
    slot.worker = null;
    for (const w of slot.waiting.values()) w.reject(err);
    slot.waiting.clear();
  };

  const start = (slot: Slot): Worker => {
    const worker = spawnWorker(new URL('./decode-worker.ts', import.meta.url), workerData);
    worker.on('message', (r: DecodeReply) => {
      const w = slot.waiting.get(r.id);
      slot.waiting.delete(r.id);
      if (slot.waiting.size === 0) worker.unref();
      if ('error' in r) w?.reject(new Error(`A decode thread failed: ${r.error}`));
      else w?.resolve({ prepared: r.prepared, thread: r.thread });
    });
    worker.on('error', (err) => fail(slot, new Error(`A decode thread failed: ${err.message}`)));
    worker.on('exit', (code) => {
      if (slot.worker === worker) fail(slot, new Error(`A decode thread stopped (exit code ${code}).`));
    });
    worker.unref();
    return worker;
  };

  return {
    run(job) {
      if (closed) return Promise.reject(new Error('The decode threads have stopped.'));
      const queued = slots.reduce((n, s) => n + s.waiting.size, 0);
      if (queued >= maxQueued) return Promise.reject(new DecodeBusyError('The collector is busy decoding other large requests; retry in a moment.'));
      const slot = slots.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
      const worker = (slot.worker ??= start(slot));
      const id = ++seq;
      return new Promise<DecodeResult>((resolve, reject) => {
        slot.waiting.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, job } satisfies DecodeRequest);
      });
    },
    async close() {
      closed = true;
      await Promise.all(
        slots.map(async (slot) => {
          const w = slot.worker;
          if (!w) return;
          fail(slot, new Error('The decode threads have stopped.'));
          await w.terminate();
        }),
      );
    },
  };
}
