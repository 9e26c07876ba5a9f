// The browser-mode guard: the UI, /rpc and /live read everything collected, so only the
// holder of the printed URL's secret, from our own origin, gets in.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startServer } from '../../electron/core/http/server.js';
import { makeService } from '../helpers/service.js';
import { tempDir } from '../helpers/temp.js';

async function browserMode() {
  const root = tempDir();
  const uiDir = path.join(root, 'ui');
  fs.mkdirSync(uiDir);
  fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Logbridge</title>');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'do not serve');
  const service = makeService();
  const server = await startServer({ service, host: '127.0.0.1', port: 0, uiDir });
  onTestFinished(() => server.close());
  const secret = new URL(server.url).searchParams.get('token')!;
  return { service, server, secret };
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  return cookie.split(';')[0]!;
}

describe('browser mode: access', () => {
  it('prints a URL with a secret that is new at each start', async () => {
    const a = await browserMode();
    const b = await browserMode();
    expect(a.secret.length).toBeGreaterThanOrEqual(24);
    expect(a.secret).not.toBe(b.secret);
  });

  it('the printed URL sets an HttpOnly SameSite=Strict cookie that opens the UI', async () => {
    const { server } = await browserMode();
    expect((await fetch(server.origin)).status).toBe(401);
    expect((await fetch(`${server.origin}/?token=wrong`, { redirect: 'manual' })).status).toBe(403);
    const cookie = await signIn(server.url);
    const page = await fetch(server.origin, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-eval/);
    expect(await page.text()).toContain('<title>Logbridge</title>');
  });

  it('/rpc needs the cookie, refuses other origins and never sends CORS headers', async () => {
    const { server } = await browserMode();
    const rpc = (headers: Record<string, string>) => fetch(`${server.origin}/rpc/app.info`, { method: 'POST', headers, body: '{}' });
    expect((await rpc({})).status).toBe(401);
    const cookie = await signIn(server.url);
    const ok = await rpc({ cookie, origin: server.origin });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, value: { version: 'test' } });
    expect(ok.headers.get('access-control-allow-origin')).toBeNull();
    const cross = await rpc({ cookie, origin: 'http://localhost:5173' });
    expect(cross.status).toBe(403);
    expect(cross.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('does not serve files outside the UI folder', async () => {
    const { server } = await browserMode();
    const cookie = await signIn(server.url);
    // fetch() would normalise `..` away before sending; node:http sends the path as written.
    const rawGet = (p: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(`${server.origin}/`, { path: p, headers: { cookie } }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    expect((await rawGet('/index.html')).status).toBe(200);
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/ui/../../secret.txt', '/%2e%2e%2fsecret.txt']) {
      const res = await rawGet(p);
      expect(res.status, p).toBe(404);
      expect(res.body).not.toContain('do not serve');
    }
    expect((await rawGet('/%E0%A4%A')).status).toBe(400);
  });

  it('pushes events.added over server-sent events when the collector stores an event', async () => {
    const { server } = await browserMode();
    const cookie = await signIn(server.url);
    const controller = new AbortController();
    onTestFinished(() => controller.abort());
    const live = await fetch(`${server.origin}/live/events.added`, { headers: { cookie }, signal: controller.signal });
    expect(live.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = live.body!.getReader();
    await fetch(`${server.origin}/api/analytics/collect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event_type: 'page_view', event_data: { page: '/' } }),
    });
    let text = '';
    while (!text.includes('data:')) text += new TextDecoder().decode((await reader.read()).value);
    const data = JSON.parse(/data: (.*)\n/.exec(text)![1]!);
    expect(data).toEqual({ count: 1, latest_id: expect.any(Number) });
  });
});
