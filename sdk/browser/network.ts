// Sees the page's fetch and XMLHttpRequest calls (method, URL, status, duration) and adds the
// session header to those going to the page's own origin or to a listed API origin. The app
// must not be able to tell: same arguments unless a header is added, the very promise fetch
// returned, the same exceptions, and nothing of ours thrown into its code.

export const SESSION_HEADER = 'X-Session-Id';

export interface ApiCall {
  method: string;
  url: string;
  /** Absent when no answer came (network error, abort, timeout, opaque no-cors answer). */
  status?: number;
  duration_ms: number;
  /** Start time, epoch ms. */
  time: number;
  error?: string;
}

export interface NetworkOptions {
  /** The page URL, to resolve relative URLs. */
  base: () => string;
  /** The session id when this URL should carry the header, else null. */
  headerFor: (url: URL) => string | null;
  /** Requests that are neither recorded nor tagged (the collector's own). */
  ignore: (url: URL) => boolean;
  record: (call: ApiCall) => void;
  /** A monotonic clock in ms for durations. */
  clock?: () => number;
}

type AnyFn = (...args: unknown[]) => unknown;

const defaultClock = (): number =>
  typeof performance !== 'undefined' && typeof performance.now === 'function' ? performance.now() : Date.now();

function resolve(raw: string, base: string): URL | null {
  try {
    const u = new URL(raw, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/** Our own failures must never reach the app. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // Nothing to do: a missed record is better than a broken app.
  }
}

const round = (ms: number) => Math.max(0, Math.round(ms * 10) / 10);

/** Replaces host.fetch; returns a function that puts the original back. */
export function patchFetch(host: { fetch?: typeof fetch }, opts: NetworkOptions): () => void {
  const orig = host.fetch;
  if (typeof orig !== 'function') return () => {};
  const clock = opts.clock ?? defaultClock;
  const hasRequest = typeof Request === 'function';

  /** What to record about this call and the arguments to pass on (a header added, or as given). */
  const inspect = (args: Parameters<typeof fetch>): { url: URL; method: string; args: Parameters<typeof fetch> } | null => {
    const [input, init] = args;
    const req = hasRequest && input instanceof Request ? input : null;
    const url = resolve(req ? req.url : String(input), opts.base());
    if (!url || opts.ignore(url)) return null;
    const method = String(init?.method ?? req?.method ?? 'GET').toUpperCase();
    const id = opts.headerFor(url);
    if (!id) return { url, method, args };
    // fetch(input, init) takes init.headers when given, else the Request's: merge into that.
    const headers = new Headers(init?.headers !== undefined ? init.headers : req ? req.headers : undefined);
    if (headers.has(SESSION_HEADER)) return { url, method, args };
    headers.set(SESSION_HEADER, id);
    return { url, method, args: [input, { ...init, headers }] };
  };

  const wrapped = function (this: unknown, ...args: Parameters<typeof fetch>): Promise<Response> {
    let call: ReturnType<typeof inspect>;
    try {
      call = inspect(args);
    } catch {
      // Headers the app got wrong: fetch itself will reject them, exactly as without us.
      call = null;
    }
    const start = clock();
    const time = Date.now();
    const result = Reflect.apply(orig, this, call ? call.args : args) as Promise<Response>;
    if (call && result && typeof result.then === 'function') {
      const done = (status: number | undefined, error?: string) => {
        const rec: ApiCall = { method: call.method, url: call.url.href, duration_ms: round(clock() - start), time };
        if (status !== undefined) rec.status = status;
        if (error !== undefined) rec.error = error;
        opts.record(rec);
      };
      // A side branch: the app gets fetch's own promise, and its rejection stays the app's to
      // handle. Neither handler may throw, or the page would see an unhandled rejection of ours.
      result.then(
        (res) => safely(() => (res.type === 'opaque' ? done(undefined, 'opaque response (no-cors)') : done(res.status))),
        (err: unknown) => safely(() => done(undefined, err instanceof Error ? `${err.name}: ${err.message}` : String(err))),
      );
    }
    return result;
  };
  host.fetch = wrapped;
  return () => {
    if (host.fetch === wrapped) host.fetch = orig;
  };
}

interface XhrMeta {
  method: string;
  url: URL | null;
  tagged: boolean;
  /** send() was called since open(): a second send throws natively and must not record twice. */
  sent: boolean;
}

/** XMLHttpRequest.prototype, seen through the three methods we wrap. */
interface XhrProto {
  open: AnyFn;
  send: AnyFn;
  setRequestHeader: AnyFn;
}

/** Wraps open, setRequestHeader and send on the prototype; returns a function that undoes it. */
export function patchXhr(proto: object | undefined, opts: NetworkOptions): () => void {
  if (!proto) return () => {};
  const p = proto as XhrProto;
  const { open, send, setRequestHeader } = p;
  if (typeof open !== 'function' || typeof send !== 'function' || typeof setRequestHeader !== 'function') return () => {};
  const clock = opts.clock ?? defaultClock;
  const meta = new WeakMap<object, XhrMeta>();

  const wrappedOpen = function (this: object, ...args: unknown[]): unknown {
    safely(() => {
      meta.delete(this);
      const url = resolve(String(args[1]), opts.base());
      if (url && !opts.ignore(url)) meta.set(this, { method: String(args[0]).toUpperCase(), url, tagged: false, sent: false });
    });
    // `arguments` as given: open(m, u) and open(m, u, undefined) differ (the latter is synchronous).
    return Reflect.apply(open, this, args);
  };

  const wrappedSetHeader = function (this: object, ...args: unknown[]): unknown {
    safely(() => {
      const m = meta.get(this);
      if (m && String(args[0]).toLowerCase() === SESSION_HEADER.toLowerCase()) m.tagged = true;
    });
    return Reflect.apply(setRequestHeader, this, args);
  };

  const wrappedSend = function (this: object, ...args: unknown[]): unknown {
    safely(() => {
      const m = meta.get(this);
      if (!m || !m.url || m.sent) return;
      m.sent = true;
      const url = m.url;
      const id = m.tagged ? null : opts.headerFor(url);
      if (id) {
        Reflect.apply(setRequestHeader, this, [SESSION_HEADER, id]);
        m.tagged = true;
      }
      const xhr = this as XMLHttpRequest;
      const start = clock();
      const time = Date.now();
      let error: string | undefined;
      const onFail = (e: Event) => {
        error = e.type === 'timeout' ? 'timeout' : e.type === 'abort' ? 'aborted' : 'network error';
      };
      const types = ['error', 'abort', 'timeout'] as const;
      for (const t of types) xhr.addEventListener(t, onFail);
      const onEnd = () =>
        safely(() => {
          for (const t of types) xhr.removeEventListener(t, onFail);
          xhr.removeEventListener('loadend', onEnd);
          const call: ApiCall = { method: m.method, url: url.href, duration_ms: round(clock() - start), time };
          if (xhr.status > 0 && error === undefined) call.status = xhr.status;
          else call.error = error ?? 'network error';
          opts.record(call);
        });
      xhr.addEventListener('loadend', onEnd);
    });
    return Reflect.apply(send, this, args);
  };

  p.open = wrappedOpen;
  p.setRequestHeader = wrappedSetHeader;
  p.send = wrappedSend;
  return () => {
    if (p.open === wrappedOpen) p.open = open;
    if (p.setRequestHeader === wrappedSetHeader) p.setRequestHeader = setRequestHeader;
    if (p.send === wrappedSend) p.send = send;
  };
}
