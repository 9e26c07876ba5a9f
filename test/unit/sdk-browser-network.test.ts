// fetch and XHR as the app sees them after the SDK wrapped them: same arguments (plus the
// session header where it belongs), the very same promise, the same exceptions; and what the
// SDK records about each call.
import { describe, expect, it } from 'vitest';
import { patchFetch, patchXhr, type ApiCall, type NetworkOptions } from '../../sdk/browser/network.js';

const PAGE = 'http://localhost:5173/app/page?x=1';

function options(overrides: Partial<NetworkOptions> = {}) {
  const calls: ApiCall[] = [];
  let t = 0;
  const opts: NetworkOptions = {
    base: () => PAGE,
    headerFor: (u) => (u.origin === 'http://localhost:5173' || u.origin === 'https://api.example.test' ? 'sess-1' : null),
    ignore: (u) => u.origin === 'http://127.0.0.1:4318',
    record: (c) => calls.push(c),
    clock: () => (t += 25),
    ...overrides,
  };
  return { opts, calls };
}

type FetchArgs = Parameters<typeof fetch>;

/** A fetch that records what it was called with and answers as told. */
function fakeFetch(answer: () => Promise<Response>) {
  const seen: { args: FetchArgs; self: unknown; count: number }[] = [];
  const fn = function (this: unknown, ...args: FetchArgs) {
    seen.push({ args, self: this, count: args.length });
    return answer();
  };
  return { fn: fn as typeof fetch, seen };
}

const sessionHeader = (args: FetchArgs): string | null => {
  const [input, init] = args;
  if (init?.headers !== undefined) return new Headers(init.headers).get('x-session-id');
  return input instanceof Request ? input.headers.get('x-session-id') : null;
};

const flushMicrotasks = () => new Promise((r) => setTimeout(r, 0));

describe('patched fetch', () => {
  it('returns the very promise fetch returned and records method, URL, status and duration', async () => {
    const promise = Promise.resolve(new Response('{}', { status: 201 }));
    const { fn } = fakeFetch(() => promise);
    const host = { fetch: fn };
    const { opts, calls } = options();
    patchFetch(host, opts);
    const got = host.fetch('/api/items', { method: 'post', body: '{}' });
    expect(got).toBe(promise);
    await got;
    await flushMicrotasks();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'http://localhost:5173/api/items', status: 201, duration_ms: 25 });
    expect(typeof calls[0]!.time).toBe('number');
  });

  it('adds X-Session-Id to same-origin and listed API origins only', async () => {
    const { fn, seen } = fakeFetch(async () => new Response(null, { status: 204 }));
    const host = { fetch: fn };
    patchFetch(host, options().opts);
    await host.fetch('/same');
    await host.fetch('https://api.example.test/v1/x');
    await host.fetch('https://cdn.other.test/lib.js');
    expect(seen.map((s) => sessionHeader(s.args))).toEqual(['sess-1', 'sess-1', null]);
    // A call that needs no header passes its arguments through untouched.
    expect(seen[2]!.count).toBe(1);
    expect(seen[2]!.args[0]).toBe('https://cdn.other.test/lib.js');
  });

  it('keeps the app headers in every shape and the app own X-Session-Id', async () => {
    const { fn, seen } = fakeFetch(async () => new Response(null));
    const host = { fetch: fn };
    patchFetch(host, options().opts);
    await host.fetch('/a', { headers: { 'content-type': 'application/json' } });
    await host.fetch('/b', { headers: [['x-trace', '1']] });
    await host.fetch('/c', { headers: new Headers({ authorization: 'Bearer t' }) });
    await host.fetch('/d', { headers: { 'X-Session-Id': 'app-chosen' } });
    const h = seen.map((s) => new Headers(s.args[1]?.headers));
    expect(h[0]!.get('content-type')).toBe('application/json');
    expect(h[1]!.get('x-trace')).toBe('1');
    expect(h[2]!.get('authorization')).toBe('Bearer t');
    expect(h.slice(0, 3).map((x) => x.get('x-session-id'))).toEqual(['sess-1', 'sess-1', 'sess-1']);
    expect(h[3]!.get('x-session-id')).toBe('app-chosen');
  });

  it('works with Request objects, keeping their headers, method and body', async () => {
    const { fn, seen } = fakeFetch(async () => new Response(null, { status: 200 }));
    const host = { fetch: fn };
    const { opts, calls } = options();
    patchFetch(host, opts);
    const req = new Request('http://localhost:5173/api/save', { method: 'PUT', headers: { 'x-app': 'yes' }, body: 'payload' });
    await host.fetch(req);
    const [input, init] = seen[0]!.args;
    expect(input).toBe(req);
    const effective = new Request(input, init);
    expect(effective.method).toBe('PUT');
    expect(effective.headers.get('x-app')).toBe('yes');
    expect(effective.headers.get('x-session-id')).toBe('sess-1');
    expect(await effective.text()).toBe('payload');
    // The app's Request itself is not modified.
    expect(req.headers.has('x-session-id')).toBe(false);
    await flushMicrotasks();
    expect(calls[0]).toMatchObject({ method: 'PUT', url: 'http://localhost:5173/api/save', status: 200 });
  });

  it('rejects with the same error, records it, and leaves the rejection to the app', async () => {
    const err = new TypeError('Failed to fetch');
    const { fn } = fakeFetch(() => Promise.reject(err));
    const host = { fetch: fn };
    const { opts, calls } = options();
    patchFetch(host, opts);
    await expect(host.fetch('/down')).rejects.toBe(err);
    await flushMicrotasks();
    expect(calls[0]).toMatchObject({ method: 'GET', url: 'http://localhost:5173/down', error: 'TypeError: Failed to fetch' });
    expect(calls[0]!.status).toBeUndefined();
  });

  it('keeps `this` as the caller gave it', async () => {
    const { fn, seen } = fakeFetch(async () => new Response(null));
    const host = { fetch: fn };
    patchFetch(host, options().opts);
    await host.fetch('/x');
    const detached = host.fetch;
    await detached('/y');
    expect(seen[0]!.self).toBe(host);
    expect(seen[1]!.self).toBeUndefined();
  });

  it('neither records nor tags the collector, and skips non-http URLs', async () => {
    const { fn, seen } = fakeFetch(async () => new Response(null));
    const host = { fetch: fn };
    const { opts, calls } = options({ headerFor: () => 'sess-1' });
    patchFetch(host, opts);
    await host.fetch('http://127.0.0.1:4318/api/analytics/batch', { method: 'POST', body: '{}' });
    await host.fetch('data:text/plain,hi');
    await flushMicrotasks();
    expect(calls).toEqual([]);
    expect(seen.map((s) => s.count)).toEqual([2, 1]);
    expect(sessionHeader(seen[0]!.args)).toBeNull();
  });

  it('never throws into the app when its own recorder fails', async () => {
    const { fn } = fakeFetch(async () => new Response(null));
    const host = { fetch: fn };
    patchFetch(host, options({ record: () => { throw new Error('ours'); }, headerFor: () => { throw new Error('ours too'); } }).opts);
    const res = await host.fetch('/still-works');
    expect(res.status).toBe(200);
    await flushMicrotasks();
  });

  it('puts the original back when undone', () => {
    const { fn } = fakeFetch(async () => new Response(null));
    const host = { fetch: fn };
    const undo = patchFetch(host, options().opts);
    expect(host.fetch).not.toBe(fn);
    undo();
    expect(host.fetch).toBe(fn);
  });
});

/** The parts of XMLHttpRequest the SDK touches, driven by the test. */
class FakeXhr extends EventTarget {
  status = 0;
  openArgs: unknown[] = [];
  headers: [string, string][] = [];
  sends = 0;
  open(...args: unknown[]) {
    this.openArgs = args;
    this.headers = [];
  }
  setRequestHeader(name: string, value: string) {
    this.headers.push([name, value]);
  }
  send(_body?: unknown) {
    this.sends++;
    return 'send-result';
  }
  answer(status: number) {
    this.status = status;
    this.dispatchEvent(new Event('load'));
    this.dispatchEvent(new Event('loadend'));
  }
  fail(type: 'error' | 'abort' | 'timeout') {
    this.dispatchEvent(new Event(type));
    this.dispatchEvent(new Event('loadend'));
  }
}

function patchedXhr(overrides: Partial<NetworkOptions> = {}) {
  class Xhr extends FakeXhr {}
  const { opts, calls } = options(overrides);
  const undo = patchXhr(Xhr.prototype, opts);
  return { Xhr, calls, undo };
}

describe('patched XMLHttpRequest', () => {
  it('passes open arguments through exactly (open(m, u) is not open(m, u, undefined))', () => {
    const { Xhr } = patchedXhr();
    const a = new Xhr();
    a.open('GET', '/two');
    expect(a.openArgs).toEqual(['GET', '/two']);
    expect(a.openArgs).toHaveLength(2);
    const b = new Xhr();
    b.open('POST', '/five', false, 'user', 'pw');
    expect(b.openArgs).toEqual(['POST', '/five', false, 'user', 'pw']);
  });

  it('adds the session header to same-origin calls and records status and duration', () => {
    const { Xhr, calls } = patchedXhr();
    const x = new Xhr();
    x.open('post', '/api/orders');
    x.setRequestHeader('Content-Type', 'application/json');
    expect(x.send('{}')).toBe('send-result');
    expect(x.headers).toEqual([
      ['Content-Type', 'application/json'],
      ['X-Session-Id', 'sess-1'],
    ]);
    x.answer(503);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'http://localhost:5173/api/orders', status: 503, duration_ms: 25 });
  });

  it('leaves other origins and an app-set X-Session-Id alone', () => {
    const { Xhr } = patchedXhr();
    const other = new Xhr();
    other.open('GET', 'https://elsewhere.test/x');
    other.send();
    expect(other.headers).toEqual([]);
    const own = new Xhr();
    own.open('GET', '/x');
    own.setRequestHeader('x-session-id', 'mine');
    own.send();
    expect(own.headers).toEqual([['x-session-id', 'mine']]);
  });

  it('records errors, aborts and timeouts without a status', () => {
    const { Xhr, calls } = patchedXhr();
    for (const kind of ['error', 'abort', 'timeout'] as const) {
      const x = new Xhr();
      x.open('GET', `/${kind}`);
      x.send();
      x.fail(kind);
    }
    expect(calls.map((c) => [c.error, c.status])).toEqual([
      ['network error', undefined],
      ['aborted', undefined],
      ['timeout', undefined],
    ]);
  });

  it('records each use of a reused request once, and nothing for the collector', () => {
    const { Xhr, calls } = patchedXhr();
    const x = new Xhr();
    x.open('GET', '/first');
    x.send();
    x.answer(200);
    x.open('GET', '/second');
    x.send();
    x.send(); // the browser would throw here; it must not add a second record
    x.answer(404);
    const c = new Xhr();
    c.open('POST', 'http://127.0.0.1:4318/api/logs');
    c.send('[]');
    c.answer(200);
    expect(c.headers).toEqual([]);
    expect(calls.map((r) => [r.url, r.status])).toEqual([
      ['http://localhost:5173/first', 200],
      ['http://localhost:5173/second', 404],
    ]);
  });

  it('puts the prototype back when undone', () => {
    const { Xhr, undo } = patchedXhr();
    expect(Xhr.prototype.send).not.toBe(FakeXhr.prototype.send);
    undo();
    expect(Xhr.prototype.send).toBe(FakeXhr.prototype.send);
  });
});
