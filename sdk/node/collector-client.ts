// A batching sender for the Logbridge collector that the host app can forget about: record()
// is synchronous and O(1), sending happens later on one keep-alive connection, nothing it
// does keeps the process alive, and no failure (collector down, slow, refusing, or a bug
// here) is ever thrown into the caller. What is lost is counted in stats() instead.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { ApiRecord } from './record.js';

export interface CollectorClientOptions {
  /** The collector's base URL; records go to `<collector>/api/logs`. */
  collector?: string;
  /** Sent as `Authorization: Bearer <token>` (needed when the collector is not on loopback). */
  token?: string;
  /** How long a record may wait for companions before its batch is sent. */
  flushIntervalMs?: number;
  /** Records per request. */
  maxBatch?: number;
  /** Records held while the collector is slow or away; beyond it the oldest are dropped. */
  maxQueue?: number;
  /** How long one request to the collector may take before it counts as failed. */
  timeoutMs?: number;
  /**
   * Told about every batch given up and every exception swallowed. Without it, the first
   * problem becomes one process warning and the rest are only counted.
   */
  onError?: (err: Error) => void;
}

export interface ClientStats {
  /** Records the collector accepted. */
  sent: number;
  /** Records never sent: queue overflow, unserialisable or oversized, or left over at close(). */
  dropped: number;
  /** Records in batches given up after the collector failed or refused them. */
  failed: number;
  /** Records waiting to be sent. */
  queued: number;
  /** Exceptions swallowed in the SDK or in your callbacks. */
  errors: number;
}

export interface CollectorClient {
  record(rec: ApiRecord): void;
  /** Sends what is queued; resolves once it is delivered or a batch has failed for good. Never rejects. */
  flush(): Promise<void>;
  /** Flushes, then drops whatever could not be sent and releases the connection. Never rejects. */
  close(): Promise<void>;
  stats(): ClientStats;
  /** Counts and reports an exception the SDK swallowed so the app never sees it. */
  reportError(err: unknown, context: string): void;
}

export const DEFAULT_COLLECTOR = 'http://127.0.0.1:4318';
// Below the collector's own limits (500 KiB per batch, 32 KiB per event, 2500 events per
// batch) so a batch is never refused for its size.
const MAX_BODY_BYTES = 450 * 1024;
const MAX_RECORD_BYTES = 32 * 1024;
const MAX_BATCH = 2500;
const RETRY_DELAY_MS = 500;
const DEFAULT_RETRY_AFTER_MS = 1000;
const MAX_RETRY_AFTER_MS = 30_000;
const CLOSING_MAX_WAIT_MS = 1000;
const DEFAULT_TIMEOUT_MS = 5000;

/** A fixed-size queue: push and shift are O(1); when full, a push overwrites the oldest. */
class Ring<T> {
  private items: (T | undefined)[];
  private head = 0;
  size = 0;
  constructor(private readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }
  /** Returns true when the oldest item was overwritten to make room. */
  push(v: T): boolean {
    this.items[(this.head + this.size) % this.capacity] = v;
    if (this.size < this.capacity) {
      this.size++;
      return false;
    }
    this.head = (this.head + 1) % this.capacity;
    return true;
  }
  peek(): T | undefined {
    return this.size === 0 ? undefined : this.items[this.head];
  }
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const v = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    return v;
  }
  clear(): void {
    this.items = new Array<T | undefined>(this.capacity);
    this.head = 0;
    this.size = 0;
  }
}

type Attempt = { ok: true } | { ok: false; error: Error; /** null: retrying cannot help */ retryInMs: number | null };

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));
const noop = () => {};

function intOption(v: number | undefined, fallback: number, min: number, max: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.floor(v))) : fallback;
}

function parseRetryAfter(v: string | undefined): number {
  if (v === undefined || v.trim() === '') return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(v);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(v) - Date.now();
  if (!Number.isFinite(ms)) return DEFAULT_RETRY_AFTER_MS;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

function endpointFor(collector: string): URL | null {
  try {
    const url = new URL(collector);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/logs`;
    url.search = '';
    url.hash = '';
    return url;
  } catch {
    return null;
  }
}

/** A record as JSON, without its headers if that is what makes it too big; undefined if unusable. */
function serialize(rec: ApiRecord): string | undefined {
  let json = JSON.stringify(rec);
  if (Buffer.byteLength(json) > MAX_RECORD_BYTES && (rec.request_headers || rec.response_headers)) {
    const { request_headers: _req, response_headers: _res, ...rest } = rec;
    json = JSON.stringify(rest);
  }
  return Buffer.byteLength(json) > MAX_RECORD_BYTES ? undefined : json;
}

export function createCollectorClient(opts: CollectorClientOptions = {}): CollectorClient {
  const flushIntervalMs = intOption(opts.flushIntervalMs, 1000, 0, 3_600_000);
  const maxQueue = intOption(opts.maxQueue, 10_000, 1, 10_000_000);
  const maxBatch = Math.min(intOption(opts.maxBatch, 100, 1, MAX_BATCH), maxQueue);
  const timeoutMs = intOption(opts.timeoutMs, DEFAULT_TIMEOUT_MS, 1, 600_000);
  const collector = opts.collector ?? DEFAULT_COLLECTOR;
  const endpoint = endpointFor(collector);
  const transport = endpoint?.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 1 });
  const queue = new Ring<ApiRecord>(maxQueue);
  const counts = { sent: 0, dropped: 0, failed: 0, errors: 0 };

  let warned = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let timerDue = Infinity;
  let pausedUntil = 0;
  let closing = false;
  let closed = false;
  let closePromise: Promise<void> | null = null;

  function notify(err: Error): void {
    const handler = opts.onError;
    if (handler) {
      try {
        const r: unknown = handler(err);
        // An async handler that rejects would otherwise be an unhandled rejection in the app.
        if (r instanceof Promise) r.catch(noop);
      } catch {
        // The user's own error handler failing must not reach the app either.
      }
      return;
    }
    if (warned) return;
    warned = true;
    try {
      process.emitWarning(`${err.message} (further problems are only counted: see stats())`, { type: 'LogbridgeWarning' });
    } catch {
      // Nothing left to tell.
    }
  }

  function reportError(err: unknown, context: string): void {
    counts.errors++;
    const e = asError(err);
    notify(new Error(`Logbridge: ${context}: ${e.message}`, { cause: err }));
  }

  if (!endpoint) notify(new Error(`Logbridge: ${JSON.stringify(collector)} is not an http(s) URL; API records will be dropped`));

  function schedule(delayMs: number): void {
    if (closing) return; // close() is draining already
    const due = Math.max(Date.now() + delayMs, pausedUntil);
    if (timer && timerDue <= due) return;
    if (timer) clearTimeout(timer);
    timerDue = due;
    timer = setTimeout(() => {
      timer = null;
      timerDue = Infinity;
      void startRun();
    }, due - Date.now());
    timer.unref();
  }

  function takeBatch(): { body: string; count: number } {
    const parts: string[] = [];
    let bytes = 2;
    while (parts.length < maxBatch && queue.size > 0) {
      let json: string | undefined;
      try {
        json = serialize(queue.peek()!);
      } catch (err) {
        reportError(err, 'a record could not be serialised');
      }
      if (json === undefined) {
        queue.shift();
        counts.dropped++;
        continue;
      }
      const size = Buffer.byteLength(json) + 1;
      if (parts.length > 0 && bytes + size > MAX_BODY_BYTES) break;
      queue.shift();
      parts.push(json);
      bytes += size;
    }
    return { body: `[${parts.join(',')}]`, count: parts.length };
  }

  function post(body: string): Promise<Attempt> {
    return new Promise<Attempt>((resolve) => {
      let settled = false;
      let deadline: NodeJS.Timeout | undefined;
      const settle = (a: Attempt) => {
        if (settled) return;
        settled = true;
        if (deadline) clearTimeout(deadline);
        resolve(a);
      };
      const retry = (error: Error): Attempt => ({ ok: false, error, retryInMs: RETRY_DELAY_MS });
      try {
        const headers: http.OutgoingHttpHeaders = {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'logbridge-node-sdk',
        };
        if (opts.token) headers.authorization = `Bearer ${opts.token}`;
        const req = transport.request(endpoint!, { method: 'POST', agent, headers }, (res) => {
          const status = res.statusCode ?? 0;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (text.length < 300) text += chunk;
          });
          res.on('error', (err) => settle(retry(err)));
          res.on('close', () => settle(retry(new Error('the answer was cut short'))));
          res.on('end', () => {
            if (status >= 200 && status < 300) return settle({ ok: true });
            const error = new Error(`the collector answered ${status}${text ? `: ${text.slice(0, 300)}` : ''}`);
            if (status === 429) {
              const wait = parseRetryAfter(res.headers['retry-after']);
              pausedUntil = Date.now() + wait;
              return settle({ ok: false, error, retryInMs: wait });
            }
            // A refused token or payload stays refused; only overload and server errors pass.
            settle({ ok: false, error, retryInMs: status >= 500 || status === 408 ? RETRY_DELAY_MS : null });
          });
        });
        // Never hold the host process open for our sake; flush() holds it while awaited.
        req.on('socket', (socket) => socket.unref());
        req.on('error', (err) => settle(retry(err)));
        deadline = setTimeout(() => {
          const err = new Error(`no answer within ${timeoutMs} ms`);
          req.destroy(err);
          settle(retry(err));
        }, timeoutMs);
        deadline.unref();
        req.end(body);
      } catch (err) {
        settle({ ok: false, error: asError(err), retryInMs: null });
      }
    });
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      setTimeout(resolve, ms).unref();
    });

  /** One batch, with at most one retry. Returns false when it was given up. */
  async function send(batch: { body: string; count: number }): Promise<boolean> {
    let result = await post(batch.body);
    if (!result.ok && result.retryInMs !== null) {
      await sleep(closing ? Math.min(result.retryInMs, CLOSING_MAX_WAIT_MS) : result.retryInMs);
      result = await post(batch.body);
    }
    if (result.ok) {
      counts.sent += batch.count;
      return true;
    }
    counts.failed += batch.count;
    notify(new Error(`Logbridge: could not deliver ${batch.count} API record(s) to ${endpoint!.href}: ${result.error.message}`, { cause: result.error }));
    return false;
  }

  /** Sends until the queue is empty, or stops at the first batch given up (the rest wait for the next tick). */
  async function drain(): Promise<void> {
    try {
      while (queue.size > 0) {
        const batch = takeBatch();
        if (batch.count === 0) continue;
        if (!(await send(batch))) return;
      }
    } catch (err) {
      reportError(err, 'sending failed');
    }
  }

  function startRun(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
      timerDue = Infinity;
    }
    if (!running) {
      running = drain().then(() => {
        running = null;
        if (queue.size > 0) schedule(flushIntervalMs);
      });
    }
    return running;
  }

  async function flush(): Promise<void> {
    // Everything else is unref()ed; while a caller awaits us, the process must stay up.
    const hold = setInterval(noop, 1 << 30);
    try {
      if (endpoint) await startRun();
    } catch (err) {
      reportError(err, 'flush failed');
    } finally {
      clearInterval(hold);
    }
  }

  return {
    record(rec) {
      try {
        if (closed || !endpoint) {
          counts.dropped++;
          return;
        }
        // A copy, not the caller's object: one reused for several records must not share an id.
        if (queue.push(rec.event_id === undefined ? { ...rec, event_id: randomUUID() } : rec)) counts.dropped++;
        if (closing) return;
        if (queue.size >= maxBatch) {
          if (!running) schedule(0);
        } else {
          schedule(flushIntervalMs);
        }
      } catch (err) {
        reportError(err, 'recording failed');
      }
    },
    flush,
    close() {
      closePromise ??= (async () => {
        closing = true;
        await flush();
        closed = true;
        if (timer) clearTimeout(timer);
        counts.dropped += queue.size;
        queue.clear();
        try {
          agent.destroy();
        } catch (err) {
          reportError(err, 'closing the connection failed');
        }
      })();
      return closePromise;
    },
    stats: () => ({ ...counts, queued: queue.size }),
    reportError,
  };
}
