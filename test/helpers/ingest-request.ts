// What the wire-format unit tests hand a format in place of the ingest pipeline: a request as
// the pipeline would describe it, and a stand-in pipeline on port 0 for the real client libraries.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, onTestFinished } from 'vitest';
import { encodingOf, inflateLimited } from '../../electron/core/collect/decompress.js';
import { PayloadError, type DecodedPayload, type IngestRequest, type WireFormat } from '../../electron/core/collect/ingest-types.js';
import { BATCH_BODY_LIMIT } from '../../electron/core/collect/limits.js';

export interface RequestOptions {
  /** Receive time, epoch ms; each suite fixes its own so event times are exact. */
  now: number;
  method?: string;
  headers?: http.IncomingHttpHeaders;
  /** Sent as the content-type header unless `headers` names one itself. */
  contentType?: string;
  query?: string | URLSearchParams;
  ipHash?: string | null;
}

export function ingestRequest(path: string, o: RequestOptions): IngestRequest {
  const headers = o.headers ?? {};
  return {
    method: o.method ?? 'POST',
    path,
    headers: o.contentType === undefined ? headers : { 'content-type': o.contentType, ...headers },
    query: new URLSearchParams(o.query ?? ''),
    ipHash: o.ipHash ?? null,
    now: o.now,
  };
}

/** Runs decode and returns the PayloadError it threw, failing on anything else. */
export function payloadError(run: () => unknown): PayloadError {
  try {
    run();
  } catch (err) {
    if (err instanceof PayloadError) return err;
    throw err;
  }
  throw new Error('expected a PayloadError');
}

/** The one event a payload decoded to, failing unless there is exactly one and no rejection. */
export function only(d: DecodedPayload) {
  expect(d.rejected).toEqual([]);
  expect(d.accepted).toHaveLength(1);
  return d.accepted[0]!;
}

export interface Delivery {
  path: string;
  headers: http.IncomingHttpHeaders;
  decoded: DecodedPayload;
}

/**
 * Stands in for the ingest pipeline (undo Content-Encoding, decode, answer) so a format can be
 * tried against its real client library; keeps every delivery, closes after the test.
 */
export async function fakePipeline(format: WireFormat): Promise<{ origin: string; seen: Delivery[] }> {
  const seen: Delivery[] = [];
  const server = http.createServer((r, res) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => {
      const url = new URL(r.url ?? '/', 'http://127.0.0.1');
      const ingest = ingestRequest(url.pathname, { method: r.method, headers: r.headers, query: url.searchParams, now: Date.now() });
      const body = inflateLimited(Buffer.concat(chunks), encodingOf(r.headers['content-encoding'])!, format.bodyLimit ?? BATCH_BODY_LIMIT);
      const decoded = format.decode(body, ingest);
      seen.push({ path: url.pathname, headers: r.headers, decoded });
      const ans = format.answer!({ ids: decoded.accepted.map((a, i) => ({ index: a.index, id: String(i + 1) })), rejected: decoded.rejected }, ingest);
      res.writeHead(ans.status, { 'content-type': ans.contentType });
      res.end(ans.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}
