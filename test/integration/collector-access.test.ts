// Who may send events: configured origins (default: pages on this machine), preflights with
// Private Network Access, and tokens as Bearer or as Segment's Basic auth.
import { describe, expect, it } from 'vitest';
import { startCollector } from '../helpers/collector.js';

const event = { event_type: 'page_view', event_data: { page: '/' } };

describe('collector access', () => {
  it('refuses events from origins that are not allowed, storing nothing, with a one-line reason', async () => {
    const { post, search } = await startCollector();
    for (const origin of ['https://evil.example', 'http://127.evil.example', 'null']) {
      // text/plain needs no preflight: without this check any page could write events.
      const res = await post('/api/analytics/collect', JSON.stringify(event), { origin, 'content-type': 'text/plain' });
      expect(res.status, origin).toBe(403);
      expect(((await res.json()) as { error: string }).error).toBe(
        `Origin ${origin} may not send events here; start Logbridge with --allow-origin ${origin} to allow it.`,
      );
    }
    expect(await search('')).toEqual([]);
    const local = await post('/api/analytics/collect', event, { origin: 'http://127.0.0.1:8080' });
    expect(local.status).toBe(200);
    expect(local.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080');
  });

  it('allows exactly the configured origins once any are configured', async () => {
    const { post } = await startCollector({ config: { allowedOrigins: ['https://app.example.test'] } });
    const ok = await post('/api/analytics/batch', { events: [event] }, { origin: 'https://app.example.test' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
    expect(ok.headers.get('access-control-expose-headers')).toMatch(/retry-after/);
    expect((await post('/api/analytics/batch', { events: [event] }, { origin: 'http://localhost:3000' })).status).toBe(403);
    const withLocal = await startCollector({ config: { allowedOrigins: ['https://app.example.test', 'localhost'] } });
    expect((await withLocal.post('/api/analytics/batch', { events: [event] }, { origin: 'http://localhost:3000' })).status).toBe(200);
    const any = await startCollector({ config: { allowedOrigins: ['*'] } });
    expect((await any.post('/api/analytics/batch', { events: [event] }, { origin: 'https://anywhere.example' })).status).toBe(200);
  });

  it('answers preflights with the headers clients send and Private Network Access', async () => {
    const { server } = await startCollector();
    const pre = await fetch(`${server.origin}/api/logs`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-session-id, traceparent, x-custom-thing',
        'access-control-request-private-network': 'true',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(pre.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/x-session-id.*traceparent.*x-custom-thing/);
    expect(pre.headers.get('access-control-allow-private-network')).toBe('true');
    const foreign = await fetch(`${server.origin}/api/logs`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('accepts the token as Bearer or as Basic (user or password), and refuses a wrong one in one line', async () => {
    const token = 'write-key-0123456789abcdef';
    const { post, search } = await startCollector({ token });
    const basicUser = `Basic ${Buffer.from(`${token}:`).toString('base64')}`;
    const basicPass = `Basic ${Buffer.from(`user:${token}`).toString('base64')}`;
    for (const authorization of [`Bearer ${token}`, basicUser, basicPass]) {
      expect((await post('/api/analytics/collect', event, { authorization })).status, authorization).toBe(200);
    }
    for (const authorization of ['Bearer wrong-token-0123456789', `Basic ${Buffer.from('nope:').toString('base64')}`, '']) {
      const res = await post('/api/logs', { method: 'GET', url: '/x' }, authorization ? { authorization } : {});
      expect(res.status).toBe(403);
      const { error } = (await res.json()) as { error: string };
      expect(error).toMatch(/^Forbidden: a valid token is required/);
      expect(error).not.toContain('\n');
    }
    // A refused sender learns nothing about its payload, even a broken one.
    expect((await post('/api/analytics/collect', '{broken')).status).toBe(403);
    // Segment's and PostHog's clients may carry the key in the body instead.
    expect((await post('/v1/track', { type: 'track', event: 'e', userId: 'u', writeKey: token })).status).toBe(200);
    expect((await post('/e/', { event: 'e', distinct_id: 'u', api_key: token })).status).toBe(200);
    expect((await post('/v1/track', { type: 'track', event: 'e', userId: 'u', writeKey: 'not-the-key-0123456789' })).status).toBe(403);
    // The browser SDK's beacons cannot set headers: its data-token goes in the query.
    expect((await post(`/api/analytics/batch?token=${token}`, { events: [event] })).status).toBe(200);
    expect((await post('/api/analytics/batch?token=wrong-token-0123456789', { events: [event] })).status).toBe(403);
    expect(await search('')).toHaveLength(6);
  });

  it('serves 405 for other methods and 404 for the SDK when it has not been built', async () => {
    const { server } = await startCollector({ config: { sdkFile: null } });
    const get = await fetch(`${server.origin}/api/analytics/batch`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    const sdk = await fetch(`${server.origin}/sdk.js`);
    expect(sdk.status).toBe(404);
  });
});

describe('collector robustness', () => {
  it('answers 400 to a request target URL cannot read, and keeps serving', async () => {
    const { server, post } = await startCollector();
    const net = await import('node:net');
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1', () => {
        socket.end(`POST http://[::1 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect((await post('/api/analytics/collect', event)).status).toBe(200);
  });
});
