import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpTransport, secretAccepted } from '../../renderer/src/api/http-transport.js';
import type { LiveStatus } from '../../renderer/src/api/transport.js';

interface Seen {
  url: string;
  authorization: string | undefined;
}

/** Replaces fetch with one answering from `answer`, recording each request. */
function fakeFetch(answer: (url: string, n: number) => Response | Promise<Response>): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    seen.push({ url, authorization: new Headers(init.headers).get('authorization') ?? undefined });
    return answer(url, seen.length);
  });
  return seen;
}

const stream = () => new Response(new ReadableStream({ start: () => {} }), { status: 200, headers: { 'content-type': 'text/event-stream' } });

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
    expect(seen).toEqual([{ url: '/live/events.added', authorization: 'Bearer stale' }]);
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

  it('a refused call says the page is not signed in', async () => {
    fakeFetch(() => new Response('no', { status: 401 }));
    await expect(createHttpTransport({ secret: async () => null }).call('app.info', {})).rejects.toMatchObject({ code: 'SESSION_MISSING' });
  });
});
