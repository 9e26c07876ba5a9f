export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  /** Run the pending call now, if there is one. */
  flush(): void;
  cancel(): void;
  pending(): boolean;
}

/**
 * Trailing-edge debounce: only the last call within `waitMs` runs, with its arguments. With
 * `maxWaitMs`, a pending call runs at most that long after the first call it holds, so calls
 * that keep coming less than `waitMs` apart (a collector receiving events every 100 ms) still
 * get one run per `maxWaitMs` instead of none until they stop.
 */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, waitMs: number, maxWaitMs?: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastArgs: A | undefined;
  /** When the first call of the pending run came. */
  let firstAt: number | undefined;

  const run = () => {
    timer = undefined;
    firstAt = undefined;
    const args = lastArgs;
    lastArgs = undefined;
    if (args) fn(...args);
  };

  const debounced = (...args: A) => {
    lastArgs = args;
    const now = Date.now();
    firstAt ??= now;
    clearTimeout(timer);
    const wait = maxWaitMs === undefined ? waitMs : Math.max(0, Math.min(waitMs, firstAt + maxWaitMs - now));
    timer = setTimeout(run, wait);
  };
  debounced.flush = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    run();
  };
  debounced.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    firstAt = undefined;
    lastArgs = undefined;
  };
  debounced.pending = () => timer !== undefined;
  return debounced;
}
