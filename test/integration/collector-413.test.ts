// Issue 9: a client must be able to read a 413. The answer comes before the client has sent its
// body; the collector reads and drops the rest (up to a bound) before answering, so the client
// reads the status and the message instead of a reset socket ("fetch failed", EPIPE). The server
// is `logbridge serve` in its own process: in the test's own process the reset rarely shows.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { DISCARD_BYTES } from '../../electron/core/net/body.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { tempDbPath } from '../helpers/temp.js';

async function startCollector() {
  const server = await startServeProcess(['--db', tempDbPath()]);
  const post = (path: string, body: unknown) =>
    fetch(`${server.origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body instanceof Uint8Array ? body : JSON.stringify(body),
    });
  return { server, post };
}

const MB = 1024 * 1024;
const LIMIT_TEXT = /over the request body limit of 1048576 bytes/;

/** POSTs with node:http, as clients that ask to close after the answer do. */
function postClosing(origin: string, path: string, body: Buffer): Promise<{ status: number; text: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = http.request(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length, connection: 'close' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end(body);
  });
}

async function stillAnswers(post: (path: string, body: unknown) => Promise<Response>) {
  const res = await post('/api/analytics/collect', { event_type: 'after', event_data: {} });
  expect(res.status).toBe(200);
}

describe('a client still sending its body reads the 413', () => {
  it('fetch with a 5 MB body and a Content-Length', async () => {
    const { post } = await startCollector();
    const res = await post('/api/analytics/collect', Buffer.alloc(5 * MB, 0x20));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(LIMIT_TEXT);
    await stillAnswers(post);
  });

  it('fetch with a 5 MB body streamed without a Content-Length', async () => {
    const { server, post } = await startCollector();
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= 5 * MB) return c.close();
        sent += chunk.length;
        c.enqueue(chunk);
      },
    });
    const res = await fetch(`${server.origin}/api/analytics/collect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(LIMIT_TEXT);
    await stillAnswers(post);
  });

  it('a client that sends Connection: close gets the answer every time, not a reset', async () => {
    const { server, post } = await startCollector();
    const body = Buffer.alloc(5 * MB, 0x20);
    for (let i = 0; i < 5; i++) {
      const r = await postClosing(server.origin, '/api/analytics/collect', body);
      expect(r).toMatchObject({ status: 413, text: expect.stringMatching(LIMIT_TEXT) });
    }
    await stillAnswers(post);
  });

  it('a body past the discard bound still gets its 413 before the connection is closed', async () => {
    const { post } = await startCollector();
    const res = await post('/api/analytics/collect', Buffer.alloc(DISCARD_BYTES + 8 * MB, 0x20));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(LIMIT_TEXT);
    await stillAnswers(post);
  });
});
