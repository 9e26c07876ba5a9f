// A stand-in for the collector (a plain node:http server on port 0 that keeps every batch it
// is sent) for the Node SDK's tests, and the port-0 listen they start their apps with.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, onTestFinished, vi } from 'vitest';
import type { ApiRecord } from '../../sdk/node/index.js';

/** Listens on a free port until the test ends; kept-alive sockets would hold close() open. */
export async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface Batch {
  at: number;
  path: string | undefined;
  headers: http.IncomingHttpHeaders;
  records: ApiRecord[];
  remotePort: number | undefined;
}

const accept = (res: http.ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');

/** A collector whose answer to the n-th batch (0-based) the test chooses; by default 200. */
export async function fakeCollector(answer: (res: http.ServerResponse, n: number) => void = accept) {
  const batches: Batch[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const records = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ApiRecord[];
      batches.push({ at: Date.now(), path: req.url, headers: req.headers, records, remotePort: req.socket.remotePort });
      answer(res, batches.length - 1);
    });
  });
  const url = await listen(server);
  const records = () => batches.flatMap((b) => b.records);
  const waitFor = (n: number) => vi.waitFor(() => expect(records()).toHaveLength(n), { timeout: 25_000, interval: 10 });
  return { url, batches, records, waitFor };
}
