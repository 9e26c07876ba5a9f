// Deletes collected events older than N days: once at start, then every hour. The collector
// shares this event loop and better-sqlite3 is synchronous, so the work goes in bounded chunks
// with a turn of the loop between them: a backlog of millions never holds up an ingest request
// for longer than one chunk.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { z } from 'zod';
import type { EventStore } from '../store/port.js';

export const DEFAULT_RETENTION_DAYS = 90;
export const DEFAULT_PURGE_INTERVAL_MS = 60 * 60 * 1000;
/** About 20 ms of deletes on a laptop: an ingest request waits at most that long. */
export const DEFAULT_PURGE_CHUNK = 5_000;
const DAY_MS = 86_400_000;

/** 0 keeps collected events forever. */
export const RetentionDaysSchema = z
  .number({ error: 'Retention days must be a number.' })
  .int('Retention days must be a whole number.')
  .min(0, 'Retention days cannot be negative; use 0 to keep collected events forever.')
  .max(36_500, 'Retention days must be at most 36500 (100 years); use 0 to keep collected events forever.');

export interface RetentionPurgeOptions {
  store: Pick<EventStore, 'purgeCollectedBefore'>;
  days: number;
  log: (message: string) => void;
  now?: () => number;
  intervalMs?: number;
  chunkSize?: number;
}

export interface RetentionPurge {
  /** No purge starts after this, and a running one stops before its next chunk. */
  stop(): void;
  /** Purges now (or joins the purge already running); resolves with the events deleted. */
  runNow(): Promise<number>;
}

function positiveInt(name: string, v: number): number {
  if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${name} must be a positive whole number, not ${v}.`);
  return v;
}

export function startRetentionPurge(opts: RetentionPurgeOptions): RetentionPurge {
  const parsedDays = RetentionDaysSchema.safeParse(opts.days);
  if (!parsedDays.success) throw new RangeError(parsedDays.error.issues[0]?.message ?? 'Retention days are invalid.');
  const days = parsedDays.data;
  const now = opts.now ?? Date.now;
  const intervalMs = positiveInt('The purge interval', opts.intervalMs ?? DEFAULT_PURGE_INTERVAL_MS);
  const chunk = positiveInt('The purge chunk size', opts.chunkSize ?? DEFAULT_PURGE_CHUNK);
  const { store, log } = opts;

  if (days === 0) return { stop() {}, runNow: () => Promise.resolve(0) };

  let stopped = false;
  let running: Promise<number> | null = null;

  const purge = async (): Promise<number> => {
    const cutoff = now() - days * DAY_MS;
    let total = 0;
    for (;;) {
      // Also before the first chunk, so that starting (and runNow) never blocks its caller.
      // Not unref'd: libuv would then not wake for it, and an idle server would leave the
      // purge half done until the next request came in.
      await nextTurn();
      if (stopped) break;
      const n = await store.purgeCollectedBefore(cutoff, chunk);
      total += n;
      if (n < chunk) break;
    }
    if (total > 0) log(`Retention: deleted ${total} collected events older than ${days} days.`);
    return total;
  };

  const runNow = (): Promise<number> => {
    if (stopped) return Promise.resolve(0);
    running ??= purge().finally(() => {
      running = null;
    });
    return running;
  };

  const scheduled = () => {
    runNow().catch((err: unknown) => log(`Retention purge failed: ${err instanceof Error ? err.message : String(err)}`));
  };

  // The hourly timer does not keep the process alive on its own.
  const timer = setInterval(scheduled, intervalMs);
  timer.unref();
  scheduled();

  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
    runNow,
  };
}
