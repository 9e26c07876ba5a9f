// Queues records for one collector endpoint and sends them in batches: on a timer, when
// enough are queued, and with sendBeacon when the page is hidden. One request is in flight at
// a time; a 429 or a failure pauses sending (never a tight retry loop), and a batch the
// collector refuses as bad is dropped rather than resent forever.
import { utf8Length } from './sanitize.js';

export interface PostResult {
  status: number;
  /** The Retry-After header, when the collector's CORS answer lets us read it. */
  retryAfter: string | null;
  /** The answer's text; transports read it only when Retry-After is set (a partly rate-limited batch). */
  body?: string;
}

export interface Transport {
  /** Rejects on network failure. */
  post(url: string, body: string, keepalive: boolean): Promise<PostResult>;
  /** False when the browser would not queue it (payload quota). */
  beacon(url: string, body: string): boolean;
}

export interface ChannelOptions {
  /** The endpoint, read at send time ('' while the collector is unknown: nothing is sent). */
  url: () => string;
  /** Turns the records' JSON texts into one request body. */
  wrap: (items: string[]) => string;
  transport: Transport;
  flushAt: () => number;
  interval: () => number;
  /** Told when records are given up (the collector refused them, or it stayed unreachable). */
  onDrop?: (count: number, status: number) => void;
}

export interface Channel {
  /** Queues one record, already JSON. */
  push(json: string): void;
  /** Sends everything queued (resolves when done or paused). */
  flush(): Promise<void>;
  /** Hands everything queued to sendBeacon; for a page that may be about to go away. */
  flushBeacon(): void;
  readonly queued: number;
}

export const MAX_BATCH_EVENTS = 100;
/** Browsers give keepalive fetches and beacons 64 KB in flight; one batch stays under it. */
export const MAX_BATCH_BYTES = 60 * 1024;
/** Beyond this the oldest records go: an app that never reaches the collector must not grow without bound. */
export const MAX_QUEUE = 1_000;
/** A batch that failed this many times in a row (network or 5xx) is dropped. */
export const MAX_ATTEMPTS = 5;
const DEFAULT_RETRY_AFTER_S = 60;
/**
 * Retry-After says when ONE more event would be accepted; a batch needs more than that, so a
 * rate-limited channel waits at least this long (at most one request per pause, never a loop).
 */
const MIN_RATE_LIMIT_PAUSE_MS = 5_000;
const MAX_PAUSE_MS = 10 * 60_000;

interface Item {
  json: string;
  bytes: number;
}

/** Seconds or an HTTP date, as ms from now; the default when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number {
  let ms = DEFAULT_RETRY_AFTER_S * 1000;
  if (header) {
    const s = Number(header.trim());
    if (Number.isFinite(s) && s >= 0) ms = s * 1000;
    else {
      const at = Date.parse(header);
      if (Number.isFinite(at)) ms = at - now;
    }
  }
  return Math.min(MAX_PAUSE_MS, Math.max(1_000, ms));
}

/** The records of a batch that a 200 answer lists as refused for the rate limit, in order. */
export function rateLimited<T>(batch: readonly T[], body: string | undefined): T[] {
  try {
    const answer = JSON.parse(body ?? '') as { rejected?: { index?: unknown; reason?: unknown }[] };
    const out: T[] = [];
    for (const r of answer.rejected ?? []) {
      const item = typeof r.index === 'number' ? batch[r.index] : undefined;
      if (item !== undefined && /rate limit/i.test(String(r.reason))) out.push(item);
    }
    return out;
  } catch {
    return [];
  }
}

export function createChannel(opts: ChannelOptions): Channel {
  const queue: Item[] = [];
  let running: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pausedUntil = 0;
  /** True while a 429 pause lasts: then not even the beacon goes out. */
  let limited = false;
  let failures = 0;

  const schedule = (ms: number) => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, ms);
  };

  /** Takes the next batch off the head of the queue. */
  const take = (): Item[] => {
    const batch: Item[] = [];
    let bytes = 0;
    for (const item of queue) {
      if (batch.length >= MAX_BATCH_EVENTS || (batch.length > 0 && bytes + item.bytes > MAX_BATCH_BYTES)) break;
      batch.push(item);
      bytes += item.bytes + 1;
    }
    queue.splice(0, batch.length);
    return batch;
  };

  const pause = (ms: number) => {
    pausedUntil = Date.now() + ms;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    schedule(ms);
  };

  const sendAll = async () => {
    while (queue.length > 0 && Date.now() >= pausedUntil) {
      const url = opts.url();
      if (!url) return;
      const batch = take();
      const body = opts.wrap(batch.map((i) => i.json));
      let result: PostResult | null = null;
      try {
        result = await opts.transport.post(url, body, utf8Length(body) <= MAX_BATCH_BYTES);
      } catch {
        result = null;
      }
      const status = result?.status ?? 0;
      if (status >= 200 && status < 300) {
        failures = 0;
        limited = false;
        if (result?.retryAfter == null) continue;
        // Stored in part: the collector names the records it refused for the rate limit.
        queue.unshift(...rateLimited(batch, result.body));
        limited = true;
        pause(Math.max(MIN_RATE_LIMIT_PAUSE_MS, retryAfterMs(result.retryAfter, Date.now())));
        return;
      }
      if (status === 429) {
        queue.unshift(...batch);
        limited = true;
        pause(Math.max(MIN_RATE_LIMIT_PAUSE_MS, retryAfterMs(result?.retryAfter ?? null, Date.now())));
        return;
      }
      if (status === 0 || status >= 500) {
        failures++;
        if (failures < MAX_ATTEMPTS) queue.unshift(...batch);
        else {
          failures = 0;
          opts.onDrop?.(batch.length, status);
        }
        pause(Math.min(60_000, 1_000 * 2 ** failures));
        return;
      }
      // Any other 4xx: the collector judged the batch itself; resending cannot help.
      failures = 0;
      opts.onDrop?.(batch.length, status);
    }
  };

  const flush = (): Promise<void> => {
    if (!running) {
      running = sendAll().finally(() => {
        running = null;
        if (queue.length > 0) schedule(Math.max(opts.interval(), pausedUntil - Date.now()));
      });
    }
    return running;
  };

  return {
    push(json) {
      queue.push({ json, bytes: utf8Length(json) });
      if (queue.length > MAX_QUEUE) queue.splice(0, queue.length - MAX_QUEUE);
      if (queue.length >= opts.flushAt() && Date.now() >= pausedUntil) void flush();
      else schedule(opts.interval());
    },
    flush,
    flushBeacon() {
      const url = opts.url();
      if (!url || (limited && Date.now() < pausedUntil)) return;
      while (queue.length > 0) {
        const batch = take();
        let sent = false;
        try {
          sent = opts.transport.beacon(url, opts.wrap(batch.map((i) => i.json)));
        } catch {
          sent = false;
        }
        if (!sent) {
          // Over the browser's quota: keep them for a later flush if the page lives on.
          queue.unshift(...batch);
          return;
        }
      }
    },
    get queued() {
      return queue.length;
    },
  };
}
