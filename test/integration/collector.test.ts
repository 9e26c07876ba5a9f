// POST /api/analytics/collect against a real server on port 0 and a real SQLite file.
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startServer } from '../../electron/core/http/server.js';
import { startCollector } from '../helpers/collector.js';
import { makeService } from '../helpers/service.js';

async function collector(token?: string) {
  const c = await startCollector({ token });
  return { ...c, post: (body: unknown, headers: Record<string, string> = {}) => c.post('/api/analytics/collect', body, headers) };
}

describe('collector: POST /api/analytics/collect', () => {
  it('records an event and answers only once it is on disk', async () => {
    const { db, post } = await collector();
    const res = await post({ event_type: 'button_click', event_data: { element: '#buy', page: '/cart', price: 12 }, timestamp: '2026-11-23T10:15:00Z' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { success: boolean; event_id: string; message: string };
    expect(body).toEqual({ success: true, event_id: expect.stringMatching(/^evt_\d+$/), message: 'Event recorded successfully' });
    // A second, independent connection sees it as soon as the response has arrived.
    const other = new Database(db, { readonly: true });
    const row = other.prepare('SELECT * FROM events_view WHERE id = ?').get(Number(body.event_id.slice(4))) as Record<string, unknown>;
    other.close();
    expect(row).toMatchObject({ kind: 'user', type: 'button_click', target: '#buy', page: '/cart', time: Date.UTC(2026, 10, 23, 10, 15) });
    expect(JSON.parse(row.attrs as string)).toEqual({ price: 12 });
    expect(JSON.parse(row.raw as string)).toMatchObject({ event_type: 'button_click' });
    expect(row.ip_hash).toMatch(/^[0-9a-f]+$/);
    expect(String(row.raw)).not.toContain('127.0.0.1');
  });

  it('defaults the timestamp to now and accepts custom event names', async () => {
    const { service, post } = await collector();
    const before = Date.now();
    const res = await post({ event_type: 'checkout_started', event_data: {} });
    expect(res.status).toBe(200);
    const r = await service.dispatch('events.search', { query: 'type:checkout_started' });
    expect(r.ok && r.value.events[0]!.time).toBeGreaterThanOrEqual(before);
    expect(r.ok && r.value.events[0]!.time).toBeLessThanOrEqual(Date.now());
  });

  it('takes session and user ids from the payload or from the X-Session-Id / X-User-Id headers', async () => {
    const { service, post } = await collector();
    await post({ event_type: 'page_view', event_data: { page: '/' }, session_id: 'top-level' });
    await post({ event_type: 'page_view', event_data: { page: '/a', session_id: 'in-data', user_id: 'u1' } });
    await post({ event_type: 'page_view', event_data: { page: '/b' } }, { 'x-session-id': 'from-header', 'x-user-id': 'u2' });
    await post({ event_type: 'page_view', event_data: { page: '/c' } }, { baggage: 'session.id=from-baggage,x=1' });
    const r = await service.dispatch('events.search', { query: 'type:page_view' });
    if (!r.ok) throw new Error(r.message);
    const byPage = Object.fromEntries(r.value.events.map((e) => [e.page, [e.session_id, e.user_id]]));
    expect(byPage).toEqual({
      '/': ['top-level', undefined],
      '/a': ['in-data', 'u1'],
      '/b': ['from-header', 'u2'],
      '/c': ['from-baggage', undefined],
    });
  });

  it('answers invalid JSON with 400 and a detail', async () => {
    const { post } = await collector();
    const res = await post('{"event_type": ');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { success: boolean; error: string; details: { path: string; message: string }[] };
    expect(body.success).toBe(false);
    expect(body.error).toBe('Invalid JSON');
    expect(body.details[0]!.message).toMatch(/JSON/);
  });

  it('answers schema errors with 400 and one detail per problem, storing nothing', async () => {
    const { service, post } = await collector();
    const res = await post({ event_type: '', event_data: 'nope', timestamp: 'yesterday' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { details: { path: string; message: string }[] };
    expect(body.details.map((d) => d.path).sort()).toEqual(['event_data', 'event_type', 'timestamp']);
    expect(body.details.find((d) => d.path === 'timestamp')!.message).toMatch(/ISO 8601/);
    const r = await service.dispatch('events.search', {});
    expect(r.ok && r.value.total).toBe(0);
  });

  it('keeps the raw payload exactly as received, unknown keys included', async () => {
    const { service, post } = await collector();
    const text = '{"event_type":"page_view",  "event_data":{"page":"/"},"sdk_version":"2.1"}';
    const res = (await (await post(text)).json()) as { event_id: string };
    const r = await service.dispatch('events.get', { id: res.event_id.slice(4) });
    expect(r.ok && r.value.raw).toBe(text);
  });

  it('refuses impossible dates and reads a timestamp without an offset as UTC, whatever the machine zone', async () => {
    const { service, post } = await collector();
    const bad = await post({ event_type: 'x', event_data: {}, timestamp: '2024-02-30T10:00:00Z' });
    expect(bad.status).toBe(400);
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    onTestFinished(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });
    expect((await post({ event_type: 'naive_time', event_data: {}, timestamp: '2026-11-23T10:00:00' })).status).toBe(200);
    const r = await service.dispatch('events.search', { query: 'type:naive_time' });
    expect(r.ok && r.value.events[0]!.time).toBe(Date.UTC(2026, 10, 23, 10, 0, 0));
  });

  it('stores an event whose baggage header is badly encoded, without a session from it', async () => {
    const { service, post } = await collector();
    const res = await post({ event_type: 'page_view', event_data: { page: '/x' } }, { baggage: 'session.id=%E0%A4%A' });
    expect(res.status).toBe(200);
    const r = await service.dispatch('events.search', { query: 'page:/x' });
    expect(r.ok && r.value.events[0]!.session_id).toBeUndefined();
  });

  it('caps ids taken from headers at 200 characters, like ids in the body', async () => {
    const { service, post } = await collector();
    await post({ event_type: 'page_view', event_data: { page: '/long' } }, { 'x-session-id': 's'.repeat(5000) });
    const r = await service.dispatch('events.search', { query: 'page:/long' });
    expect(r.ok && r.value.events[0]!.session_id).toBe('s'.repeat(200));
  });

  it('refuses absurdly nested payloads with 400 and the path, instead of failing inside', async () => {
    const { service, post } = await collector();
    const deep = `{"event_type":"x","event_data":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    const res = await post(deep);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { details: { path: string; message: string }[] };
    expect(body.details[0]!.message).toMatch(/nested more than 32 levels/);
    expect(body.details[0]!.path).toMatch(/^event_data\.a\.a/);
    expect((await post({ event_type: 'ok', event_data: {} })).status).toBe(200);
    const r = await service.dispatch('events.search', {});
    expect(r.ok && r.value.total).toBe(1);
  });

  it('refuses a body over 1 MB with 413', async () => {
    const { post } = await collector();
    const res = await post({ event_type: 'big', event_data: { blob: 'x'.repeat(1024 * 1024 + 10) } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { success: boolean }).success).toBe(false);
  });

  it('answers a browser preflight from a localhost origin and sends CORS headers', async () => {
    const { server, post } = await collector();
    const pre = await fetch(`${server.origin}/api/analytics/collect`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const res = await post({ event_type: 'page_view', event_data: {} }, { origin: 'http://localhost:5173' });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    for (const origin of ['https://evil.example', 'http://127.evil.example', 'http://localhost.evil.example']) {
      const foreign = await post({ event_type: 'page_view', event_data: {} }, { origin });
      expect(foreign.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('refuses requests whose Host header is not ours (DNS rebinding)', async () => {
    const { server } = await collector();
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${server.origin}/api/analytics/collect`, { method: 'POST', headers: { host: 'evil.example:80', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{"event_type":"x","event_data":{}}');
    });
    expect(status).toBe(403);
  });

  it('with a token, ingest needs it (403 and a one-line reason otherwise)', async () => {
    const { post } = await collector('a-long-enough-secret-token');
    const denied = await post({ event_type: 'x', event_data: {} });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: string }).error).toMatch(/token/);
    const ok = await post({ event_type: 'x', event_data: {} }, { authorization: 'Bearer a-long-enough-secret-token' });
    expect(ok.status).toBe(200);
  });

  it('refuses to listen beyond loopback without a token', async () => {
    const service = await makeService();
    await expect(startServer({ service, host: '0.0.0.0', port: 0, uiDir: null })).rejects.toThrow(/without --token/);
    // A name that merely starts with 127. is not loopback.
    await expect(startServer({ service, host: '127.evil.invalid', port: 0, uiDir: null })).rejects.toThrow(/without --token/);
  });

  it('answers on any loopback address it is bound to, such as 127.0.0.2', async () => {
    const service = await makeService();
    const server = await startServer({ service, host: '127.0.0.2', port: 0, uiDir: null });
    onTestFinished(() => server.close());
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    const res = await fetch(`${server.origin}/api/analytics/collect`, { method: 'POST', body: '{"event_type":"x","event_data":{}}' });
    expect(res.status).toBe(200);
  });
});
