// Events written by another process are announced like our own: `logbridge import` into the
// database the open app uses, or another collector of a shared ClickHouse. Nothing tells this
// process about their commits, so the store's count is read every second (instant on both
// stores) and a change this process did not announce itself is published as events.added.

export interface OtherWriters {
  /** Events this process stored and announced: not someone else's. */
  ownAdded(count: number): void;
  stop(): void;
}

export interface OtherWritersOptions {
  count(): Promise<number>;
  /** `count`: events added elsewhere; 0 when the stored events changed some other way (removed). */
  announce(count: number): void;
  log(message: string): void;
  intervalMs?: number;
}

export const OTHER_WRITERS_INTERVAL_MS = 1000;

export function watchOtherWriters(opts: OtherWritersOptions): OtherWriters {
  let last: number | null = null;
  let own = 0;
  let busy = false;
  let stopped = false;
  let failing = false;

  const look = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      const now = await opts.count();
      if (last !== null) {
        const elsewhere = now - last - own;
        // Removals show as a drop (a source removed, a purge): the views ask again all the same.
        if (elsewhere !== 0) opts.announce(Math.max(0, elsewhere));
      }
      last = now;
      own = 0;
      failing = false;
    } catch (err) {
      // A store that is away (a ClickHouse restart) is said once, not every second.
      if (!failing) opts.log(`watching for other writers: ${err instanceof Error ? err.message : String(err)}`);
      failing = true;
    } finally {
      busy = false;
    }
  };

  const timer = setInterval(() => void look(), opts.intervalMs ?? OTHER_WRITERS_INTERVAL_MS);
  timer.unref();
  void look();
  return {
    ownAdded(count) {
      // Before the first look the baseline already holds them.
      if (last !== null) own += count;
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
