// The browser-mode guard: /rpc and /live read everything collected, so only the holder of the
// printed URL's secret, sending it as a Bearer header from our own origin, gets in. No cookie
// ever carries it: cookies are not scoped by port, so other local servers would receive it.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startServer } from '../../electron/core/http/server.js';
import { makeService } from '../helpers/service.js';
import { tempDir } from '../helpers/temp.js';

/** Reads a live stream's messages as [event name, payload] until `enough` holds. */
async function readLive(res: Response, enough: (seen: [string, unknown][]) => boolean): Promise<[string, unknown][]> {
  const seen: [string, unknown][] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  while (!enough(seen)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
    const blocks = text.split('\n\n');
    text = blocks.pop()!;
    for (const block of blocks) {
      const lines = block.split('\n');
      const data = lines.find((l) => l.startsWith('data: '));
      if (data) seen.push([lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message', JSON.parse(data.slice(6))]);
    }
  }
  return seen;
}

const ACCESS_LINE = '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 404 1 "-" "x"\n';

async function browserMode() {
  const root = tempDir();
  const uiDir = path.join(root, 'ui');
  fs.mkdirSync(uiDir);
  fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Logbridge</title>');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'do not serve');
  const service = await makeService();
  const server = await startServer({ service, host: '127.0.0.1', port: 0, uiDir });
  onTestFinished(() => server.close());
  const secret = new URLSearchParams(new URL(server.url).hash.slice(1)).get('token')!;
  return { service, server, secret, bearer: { authorization: `Bearer ${secret}` } };
}

describe('browser mode: access', () => {
  it('prints a URL whose fragment carries a secret that is new at each start', async () => {
    const a = await browserMode();
    const b = await browserMode();
    expect(a.server.url).toBe(`${a.server.origin}/#token=${a.secret}`);
    expect(new URL(a.server.url).search).toBe('');
    expect(a.secret.length).toBeGreaterThanOrEqual(24);
    expect(a.secret).not.toBe(b.secret);
  });

  it('serves the page to anyone, and never sets a cookie, even for an old ?token= link', async () => {
    const { server, secret } = await browserMode();
    for (const url of [server.origin, `${server.origin}/?token=${secret}`, `${server.origin}/?token=wrong`]) {
      const page = await fetch(url, { redirect: 'manual' });
      expect(page.status, url).toBe(200);
      expect(page.headers.get('set-cookie'), url).toBeNull();
      expect([...page.headers.values()].join('\n')).not.toContain(secret);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-eval/);
      expect(await page.text()).toContain('<title>Logbridge</title>');
    }
  });

  it('/rpc needs the secret as a Bearer header, refuses other origins and never sends CORS headers', async () => {
    const { server, secret, bearer } = await browserMode();
    const rpc = (headers: Record<string, string>) => fetch(`${server.origin}/rpc/app.info`, { method: 'POST', headers, body: '{}' });
    expect((await rpc({})).status).toBe(401);
    expect((await rpc({ authorization: 'Bearer wrong-secret' })).status).toBe(401);
    const ok = await rpc({ ...bearer, origin: server.origin });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, value: { version: 'test' } });
    expect(ok.headers.get('access-control-allow-origin')).toBeNull();
    const cross = await rpc({ ...bearer, origin: 'http://localhost:5173' });
    expect(cross.status).toBe(403);
    expect(cross.headers.get('access-control-allow-origin')).toBeNull();
    // The cookie the old handshake set, replayed by whoever received it, opens nothing.
    expect((await rpc({ cookie: `logbridge_${server.port}=${secret}` })).status).toBe(401);
  });

  it('says in the 401 what the token is: a secret for this run of the server, not a one-time token', async () => {
    const { server } = await browserMode();
    const res = await fetch(`${server.origin}/rpc/app.info`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(text).not.toMatch(/one-time/i);
    expect(text).toMatch(/#token=/);
    expect(text).toMatch(/made when the server started.*valid until the server stops/);
  });

  it('does not serve files outside the UI folder', async () => {
    const { server } = await browserMode();
    // fetch() would normalise `..` away before sending; node:http sends the path as written.
    const rawGet = (p: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(`${server.origin}/`, { path: p }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    expect((await rawGet('/index.html')).status).toBe(200);
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/ui/../../secret.txt', '/%2e%2e%2fsecret.txt', '//../secret.txt']) {
      const res = await rawGet(p);
      expect(res.status, p).toBe(404);
      expect(res.body).not.toContain('do not serve');
    }
  });

  it('/live needs the Bearer secret (no cookie) and pushes events.added when the collector stores an event', async () => {
    const { server, secret, bearer } = await browserMode();
    expect((await fetch(`${server.origin}/live/events.added`)).status).toBe(401);
    expect((await fetch(`${server.origin}/live/events.added`, { headers: { cookie: `logbridge_${server.port}=${secret}` } })).status).toBe(401);
    expect((await fetch(`${server.origin}/live/events.added`, { headers: { ...bearer, origin: 'http://127.0.0.1:1' } })).status).toBe(403);
    const controller = new AbortController();
    onTestFinished(() => controller.abort());
    const live = await fetch(`${server.origin}/live/events.added`, { headers: bearer, signal: controller.signal });
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = live.body!.getReader();
    await fetch(`${server.origin}/api/analytics/collect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event_type: 'page_view', event_data: { page: '/' } }),
    });
    let text = '';
    while (!text.includes('data:')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text, 'a stream of one topic leaves its messages unnamed').not.toContain('event:');
    const data = JSON.parse(/data: (.*)\n/.exec(text)![1]!);
    expect(data).toEqual({ count: 1 });
  });

  it('one /live stream carries every topic, each message named by its topic, behind the same guard', async () => {
    const { server, secret, bearer } = await browserMode();
    expect((await fetch(`${server.origin}/live`)).status).toBe(401);
    expect((await fetch(`${server.origin}/live`, { headers: { cookie: `logbridge_${server.port}=${secret}` } })).status).toBe(401);
    expect((await fetch(`${server.origin}/live`, { headers: { ...bearer, origin: 'http://127.0.0.1:1' } })).status).toBe(403);
    expect((await fetch(`${server.origin}/live?topics=events.added,nope`, { headers: bearer })).status).toBe(400);
    const controller = new AbortController();
    onTestFinished(() => controller.abort());
    const all = await fetch(`${server.origin}/live`, { headers: bearer, signal: controller.signal });
    const progressOnly = await fetch(`${server.origin}/live?topics=import.progress`, { headers: bearer, signal: controller.signal });
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(progressOnly.status).toBe(200);

    await fetch(`${server.origin}/api/analytics/collect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event_type: 'page_view', event_data: { page: '/' } }),
    });
    const imported = await fetch(`${server.origin}/rpc/import.file`, { method: 'POST', headers: bearer, body: JSON.stringify({ name: 'a.log', content: ACCESS_LINE }) });
    expect(await imported.json()).toMatchObject({ ok: true });

    const topicsOf = (seen: [string, unknown][]) => new Set(seen.map(([topic]) => topic));
    // An unnamed message ends the wait too, so that a stream without names fails here at once.
    const seenAll = await readLive(all, (seen) => topicsOf(seen).size === 2 || topicsOf(seen).has('message'));
    expect([...topicsOf(seenAll)].sort()).toEqual(['events.added', 'import.progress']);
    expect(seenAll.find(([topic]) => topic === 'events.added')![1]).toEqual({ count: 1 });
    const progress = seenAll.filter(([topic]) => topic === 'import.progress');
    const seenProgress = await readLive(progressOnly, (seen) => seen.length >= progress.length);
    expect([...topicsOf(seenProgress)]).toEqual(['import.progress']);
    expect(seenProgress.slice(0, progress.length)).toEqual(progress);
  });
});
