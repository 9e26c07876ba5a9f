import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpTransport, secretAccepted } from '../../renderer/src/api/http-transport.js';
import type { LiveStatus } from '../../renderer/src/api/transport.js';

interface Seen {
  url: string;
  authorization: string | undefined;
  signal?: AbortSignal | null;
}

/** Replaces fetch with one answering from `answer`, recording each request. */
function fakeFetch(answer: (url: string, n: number) => Response | Promise<Response>): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    seen.push({ url, authorization: new Headers(init.headers).get('authorization') ?? undefined, signal: init.signal });
    return answer(url, seen.length);
  });
  return seen;
}

const stream = () => new Response(new ReadableStream({ start: () => {} }), { status: 200, headers: { 'content-type': 'text/event-stream' } });

/** A live stream the test writes server-sent events into. */
function pushable(): { response: Response; push(text: string): void } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    push: (text) => controller.enqueue(new TextEncoder().encode(text)),
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('browser-mode transport', () => {
  it('asks app.info with the candidate secret, and takes only a success as acceptance', async () => {
    const seen = fakeFetch((url) => new Response('{}', { status: url.includes('/ok/') ? 200 : 401 }));
    expect(await secretAccepted('s1', 'http://x/ok')).toBe(true);
    expect(await secretAccepted('s2', 'http://x/no')).toBe(false);
    expect(seen).toEqual([
      { url: 'http://x/ok/rpc/app.info', authorization: 'Bearer s1' },
      { url: 'http://x/no/rpc/app.info', authorization: 'Bearer s2' },
    ]);
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('fetch failed')));
    expect(await secretAccepted('s3')).toBe(false);
  });

  it('a live stream the server refuses the secret for stops, and says the page is signed out', async () => {
    vi.useFakeTimers();
    const seen = fakeFetch(() => new Response('no', { status: 401 }));
    const statuses: LiveStatus[] = [];
    const off = createHttpTransport({ secret: async () => 'stale' }).subscribe('events.added', () => {}, (s) => statuses.push(s));
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(statuses).toEqual(['signed-out']);
    expect(seen.map(({ url, authorization }) => ({ url, authorization }))).toEqual([{ url: '/live', authorization: 'Bearer stale' }]);
    off();
  });

  it('a dropped or failing live stream is retried, with the secret in force at each attempt', async () => {
    vi.useFakeTimers();
    let secret = 'a';
    const seen = fakeFetch((_url, n) => (n === 1 ? new Response('busy', { status: 503 }) : stream()));
    const statuses: LiveStatus[] = [];
    const off = createHttpTransport({ secret: async () => secret }).subscribe('events.added', () => {}, (s) => statuses.push(s));
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses).toEqual(['reconnecting']);
    secret = 'b';
    await vi.advanceTimersByTimeAsync(60_000);
    expect(statuses).toEqual(['reconnecting', 'live']);
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer a', 'Bearer b']);
    off();
  });

  it('all subscriptions share one stream, which dispatches each message by its topic', async () => {
    const live = pushable();
    const seen = fakeFetch(() => live.response);
    const transport = createHttpTransport({ secret: async () => 's' });
    const added: unknown[] = [];
    const progress: unknown[] = [];
    const statuses: LiveStatus[] = [];
    const offAdded = transport.subscribe('events.added', (p) => added.push(p), (s) => statuses.push(s));
    const offProgress = transport.subscribe('import.progress', (p) => progress.push(p));
    await vi.waitFor(() => expect(statuses).toEqual(['live']));
    const lateStatuses: LiveStatus[] = [];
    const offLate = transport.subscribe('events.added', (p) => added.push(['late', p]), (s) => lateStatuses.push(s));
    expect(lateStatuses, 'a subscriber joining an open stream hears that it is live').toEqual(['live']);

    live.push('retry: 2000\n\nevent: events.added\ndata: {"count":1}\n\nevent: import.progress\ndata: {"job":7}\n\n');
    live.push('event: some.other\ndata: {"x":1}\n\ndata: {"unnamed":true}\n\n');
    await vi.waitFor(() => expect(progress).toEqual([{ job: 7 }]));
    expect(added).toEqual([{ count: 1 }, ['late', { count: 1 }]]);
    expect(seen.map(({ url, authorization }) => ({ url, authorization }))).toEqual([{ url: '/live', authorization: 'Bearer s' }]);

    offLate();
    offAdded();
    expect(seen[0]!.signal!.aborted, 'still open while one subscription remains').toBe(false);
    offProgress();
    expect(seen[0]!.signal!.aborted, 'closed with the last subscription').toBe(true);
  });

  it('a stream closed after its last subscription opens again for the next one', async () => {
    const seen = fakeFetch(() => stream());
    const transport = createHttpTransport({ secret: async () => 's' });
    transport.subscribe('events.added', () => {})();
    const off = transport.subscribe('import.progress', () => {});
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[0]!.signal!.aborted).toBe(true);
    expect(seen[1]!.signal!.aborted).toBe(false);
    off();
  });

  it('a refused call says the page is not signed in', async () => {
    fakeFetch(() => new Response('no', { status: 401 }));
    await expect(createHttpTransport({ secret: async () => null }).call('app.info', {})).rejects.toMatchObject({ code: 'SESSION_MISSING' });
  });
});

describe('a call leaves within the act that makes it', () => {
  it('is sent before the caller’s task ends when the secret is known, so the render it causes does not hold it', async () => {
    const seen = fakeFetch(() => new Response('{"ok":true,"value":{}}', { status: 200 }));
    const transport = createHttpTransport({ secret: async () => 'later', secretNow: () => 'now' });
    const answer = transport.call('app.info', {});
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer now']);
    await answer;
  });

  it('waits for a secret being checked, and then sends the checked one', async () => {
    const seen = fakeFetch(() => new Response('{"ok":true,"value":{}}', { status: 200 }));
    const transport = createHttpTransport({ secret: async () => 'checked', secretNow: () => undefined });
    const answer = transport.call('app.info', {});
    expect(seen).toEqual([]);
    await answer;
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer checked']);
  });
});
