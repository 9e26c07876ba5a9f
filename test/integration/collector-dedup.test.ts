// Segment's messageId and PostHog's uuid de-duplicate (README, "The collector"): clients retry
// a request whose answer they missed, so the same message arriving twice, alone, in a batch or
// after the collector restarted on the same database, must be stored once and keep its id.
// Segment and PostHog answer as their own APIs do, without event ids, so the id compared is
// the stored event's.
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../shared/events.js';
import { startCollector } from '../helpers/collector.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { makeService } from '../helpers/service.js';
import { tempDbPath } from '../helpers/temp.js';

const TIME = '2026-11-23T10:15:00.000Z';
const segmentCall = { type: 'track', event: 'Order Completed', userId: 'u-1', timestamp: TIME, properties: { total: 42 } };
const segmentTrack = (messageId: string) => ({ ...segmentCall, messageId });
const segmentBatch = (...messageIds: string[]) => ({ batch: messageIds.map(segmentTrack) });
const posthogEvent = (uuid: string) => ({ event: 'checkout', distinct_id: 'u-2', uuid, timestamp: TIME, properties: { step: 3 } });
const posthogBatch = (...uuids: string[]) => ({ api_key: 'phc_test', batch: uuids.map(posthogEvent) });

/** Each case: where a client sends, and the body it sends again when it retries. */
const CASES: { name: string; path: string; body: unknown; query: string }[] = [
  { name: 'Segment /v1/track', path: '/v1/track', body: segmentTrack('msg-track-1'), query: 'type:"Order Completed"' },
  { name: 'Segment /v1/batch', path: '/v1/batch', body: segmentBatch('msg-batch-1'), query: 'type:"Order Completed"' },
  { name: 'PostHog /batch/', path: '/batch/', body: posthogBatch('01890c1e-0000-7000-8000-00000000dd01'), query: 'type:checkout' },
];

const ids = (events: readonly LogEvent[]) => events.map((e) => e.id);

describe('collector de-duplication', () => {
  for (const c of CASES) {
    it(`stores a message sent twice to ${c.name} once, under the same id`, async () => {
      const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
      const first = await post(c.path, c.body);
      expect(first.status, await first.text()).toBe(200);
      const afterFirst = await search(c.query);
      expect(afterFirst).toHaveLength(1);

      const second = await post(c.path, c.body);
      expect(second.status, await second.text()).toBe(200);
      const afterSecond = await search(c.query);
      expect(ids(afterSecond)).toEqual(ids(afterFirst));
    });
  }

  it('stores a message repeated inside one Segment or PostHog batch once', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    expect((await post('/v1/batch', segmentBatch('m-a', 'm-a', 'm-b'))).status).toBe(200);
    expect((await post('/batch/', posthogBatch('u-a', 'u-a'))).status).toBe(200);
    expect(await search('type:"Order Completed"')).toHaveLength(2);
    expect(await search('type:checkout')).toHaveLength(1);
  });

  it('keys Segment and PostHog ids apart, and stores messages without an id every time', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    // The same id text from both libraries names two different messages.
    await post('/v1/track', segmentTrack('shared-id'));
    await post('/e/', posthogEvent('shared-id'));
    await post('/v1/track', segmentCall);
    await post('/v1/track', segmentCall);
    expect(await search('type:"Order Completed"')).toHaveLength(3);
    expect(await search('type:checkout')).toHaveLength(1);
  });

  it('still recognises a message sent again after the collector restarted on the same database', async () => {
    const db = tempDbPath();
    const sendAll = async (origin: string) => {
      for (const c of CASES) {
        const res = await fetch(`${origin}${c.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c.body) });
        expect(res.status, `${c.name}: ${await res.text()}`).toBe(200);
      }
    };
    const first = await startServeProcess(['--db', db, '--rate-limit', '0']);
    await sendAll(first.origin);
    // A 200 means committed: the crudest stop must not matter.
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await startServeProcess(['--db', db, '--rate-limit', '0']);
    await sendAll(second.origin);
    second.child.kill('SIGTERM');
    await second.exited;

    const service = await makeService(db);
    const found = async (query: string) => {
      const r = await service.dispatch('events.search', { query, limit: 100 });
      if (!r.ok) throw new Error(r.message);
      return r.value.events;
    };
    // One Segment message from /v1/track, one from /v1/batch; one PostHog event.
    expect(await found('type:"Order Completed"')).toHaveLength(2);
    expect(await found('type:checkout')).toHaveLength(1);
  }, 30_000);
});
