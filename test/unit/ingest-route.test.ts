// The pipeline around the formats, with a fake format and fake dependencies: what it refuses
// per event before anything reaches the commit.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runIngest, type IngestDeps } from '../../electron/core/collect/ingest-route.js';
import type { WireFormat } from '../../electron/core/collect/ingest-types.js';
import { createRateLimiter } from '../../electron/core/collect/rate-limit.js';
import type { NewEvent } from '../../shared/events.js';

function request(body: string): IncomingMessage {
  const req = Readable.from([Buffer.from(body)]) as unknown as IncomingMessage;
  Object.assign(req, { headers: { 'content-type': 'application/json' }, method: 'POST', socket: { remoteAddress: '127.0.0.1' } });
  return req;
}

function deps(committed: NewEvent[][]): IngestDeps {
  return {
    authRefusal: () => null,
    hashClientIp: () => 'h',
    redact: (e) => e,
    limiter: createRateLimiter(0),
    commit: async (events) => {
      committed.push([...events]);
      return events.map((_, i) => String(i + 1));
    },
    now: () => 1_763_900_000_000,
  };
}

/** A format whose mapping has a bug that lets a function through as the type. */
const buggy: WireFormat = {
  name: 'buggy',
  paths: ['/buggy'],
  decode: () => ({
    accepted: [
      { index: 0, event: { time: 1, kind: 'user', type: 'fine', raw: '{}' } },
      { index: 1, event: { time: 2, kind: 'user', type: Object.prototype.toString as unknown as string, raw: '{}' } },
      { index: 2, event: { time: 3, kind: 'api', status: Number.NaN, raw: '{}' } },
    ],
    rejected: [],
  }),
};

describe('ingest pipeline', () => {
  it('refuses an event whose columns are not text or numbers, alone, before the grouped commit', async () => {
    const committed: NewEvent[][] = [];
    const answer = await runIngest(buggy, request('{}'), new URL('http://x/buggy'), deps(committed));
    expect(answer.status).toBe(200);
    expect(JSON.parse(String(answer.body))).toMatchObject({
      accepted: 1,
      rejected: [
        { index: 1, reason: 'type could not be read as text' },
        { index: 2, reason: 'status could not be read as a number' },
      ],
    });
    expect(committed.map((g) => g.map((e) => e.type))).toEqual([['fine']]);
  });
});
