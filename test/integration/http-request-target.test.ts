// A malformed request target gets a clear 400, whichever route it aims at, and nothing a client
// can cause writes a stack trace to the server's log (`GET /%00` used to answer 500 with one).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { startServer } from '../../electron/core/http/server.js';
import { makeService } from '../helpers/service.js';
import { tempDir } from '../helpers/temp.js';

async function server() {
  const uiDir = path.join(tempDir(), 'ui');
  fs.mkdirSync(uiDir);
  fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Logbridge</title>');
  const running = await startServer({ service: await makeService(), host: '127.0.0.1', port: 0, uiDir });
  onTestFinished(() => running.close());
  const secret = new URLSearchParams(new URL(running.url).hash.slice(1)).get('token')!;
  return { ...running, secret };
}

/** Sends the request line byte for byte: fetch and node:http would refuse or rewrite these targets. HTTP/1.0 keeps the answer unchunked. */
function rawRequest(port: number, method: string, target: string, headers = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(Buffer.from(`${method} ${target} HTTP/1.0\r\nHost: 127.0.0.1:${port}\r\n${headers}\r\n`, 'latin1'));
    });
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);
      resolve({ status, body: answer.slice(answer.indexOf('\r\n\r\n') + 4) });
    });
  });
}

const MALFORMED = [
  '/%00',
  '/index.html%00.png',
  '/assets/%00',
  '/%0a',
  '/%1b[31m',
  '/%7f',
  '/%ff',
  '/%C0%AF',
  '/%E0%A4%A',
  '/%',
  '/rpc/%00',
  '/live/%00',
  '/api/logs%00',
  '*',
  'http://[::1',
];

describe('malformed request targets', () => {
  it('answer 400 in one sentence, on every route, and log nothing', async () => {
    const s = await server();
    const logged = vi.spyOn(process.stderr, 'write');
    onTestFinished(() => logged.mockRestore());
    for (const target of MALFORMED) {
      for (const method of ['GET', 'POST']) {
        const res = await rawRequest(s.port, method, target, `Authorization: Bearer ${s.secret}\r\n`);
        expect(res.status, `${method} ${target}`).toBe(400);
        expect(res.body, `${method} ${target}`).toMatch(/^Bad request: [^\n]+\.\n$/);
        expect(res.body).not.toMatch(/\bat .*:\d+:\d+|Error:/);
      }
    }
    expect(logged).not.toHaveBeenCalled();
  });

  it('refuses raw control and non-ASCII bytes, and targets that are no path, before they reach a route', async () => {
    const s = await server();
    const logged = vi.spyOn(process.stderr, 'write');
    onTestFinished(() => logged.mockRestore());
    for (const target of ['/a\u0001b', '/\u00ff', '/a\u007f', 'relative/path']) {
      expect((await rawRequest(s.port, 'GET', target)).status, JSON.stringify(target)).toBe(400);
    }
    expect(logged).not.toHaveBeenCalled();
  });

  it('decodes a path once (%2500 is the text %00, not a NUL), keeps //x a path, and routes well-formed paths', async () => {
    const s = await server();
    expect((await rawRequest(s.port, 'GET', '/%2500')).status).toBe(404);
    expect((await rawRequest(s.port, 'GET', '/index%2Ehtml')).status).toBe(200);
    expect((await rawRequest(s.port, 'GET', `http://127.0.0.1:${s.port}/index.html`)).status).toBe(200);
    expect((await rawRequest(s.port, 'GET', '/%C3%A9')).status).toBe(404);
    expect((await rawRequest(s.port, 'GET', '//index.html')).status).toBe(200);
    // `//x/...` is a path whose first segment is empty, not a URL naming the host x.
    expect((await rawRequest(s.port, 'GET', '//x/index.html')).status).toBe(404);
  });
});
