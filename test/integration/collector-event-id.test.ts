// Our own endpoints de-duplicate on the sender's event_id (README, "The collector"): the browser
// SDK sends a batch again when its fetch is reported failed, though the collector may have
// stored it already (a page that follows a link mid-send sees ERR_ABORTED; any lost answer
// does the same), by fetch or by sendBeacon, and the Node middleware retries a batch whose
// answer timed out. Each event must be stored once, and both sends answered with success.
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../shared/events.js';
import { startCollector } from '../helpers/collector.js';

const TIME = '2026-11-23T10:15:00.000Z';
const SID = 'sess-event-id';
const userEvent = (event_id: string | undefined, type = 'button_click') => ({
  ...(event_id !== undefined ? { event_id } : {}),
  event_type: type,
  event_data: { target: '#buy', page: '/cart' },
  timestamp: TIME,
  session_id: SID,
});
const apiCall = (event_id: string | undefined, url = '/api/cart') => ({
  ...(event_id !== undefined ? { event_id } : {}),
  method: 'GET',
  url,
  status: 200,
  duration_ms: 12,
  time: TIME,
  session_id: SID,
  source: 'browser',
});
const hex = (n: number) => n.toString(16).padStart(32, '0');

interface BatchAnswer {
  success: boolean;
  accepted: number;
  event_ids: string[];
  rejected: { index: number; reason: string }[];
}

const ids = (events: readonly LogEvent[]) => events.map((e) => e.id).sort();
/** As the SDK posts (fetch with a string body) and as sendBeacon does: no preflight either way. */
const FETCH = { 'content-type': 'text/plain;charset=UTF-8' };
const BEACON = { 'content-type': 'text/plain' };

describe('collector: event_id on /api/analytics/* and /api/logs', () => {
  it('stores a user-event batch sent by fetch and then by beacon once, answering the same ids', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const body = JSON.stringify({ events: [userEvent(hex(1), 'page_view'), userEvent(hex(2))] });
    const first = await post('/api/analytics/batch', body, FETCH);
    expect(first.status).toBe(200);
    const firstAnswer = (await first.json()) as BatchAnswer;
    const stored = await search(`session:${SID}`);
    expect(stored).toHaveLength(2);

    const again = await post('/api/analytics/batch', body, BEACON);
    expect(again.status).toBe(200);
    const againAnswer = (await again.json()) as BatchAnswer;
    expect(againAnswer).toEqual(firstAnswer);
    expect(againAnswer).toMatchObject({ success: true, accepted: 2, rejected: [] });
    expect(ids(await search(`session:${SID}`))).toEqual(ids(stored));
  });

  it('stores an /api/logs batch sent twice once, and the new records of a larger resend', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const batch = [apiCall(hex(10)), apiCall(hex(11), '/api/pay')];
    const first = await post('/api/logs', batch, FETCH);
    expect(first.status).toBe(200);
    const stored = await search('kind:api');
    expect(stored).toHaveLength(2);

    // A retry carries what was queued since: the old records once more, and a new one.
    const again = await post('/api/logs', [...batch, apiCall(hex(12), '/api/ship')], BEACON);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ success: true, accepted: 3, rejected: [] });
    const after = await search('kind:api');
    expect(after.map((e) => e.url).sort()).toEqual(['/api/cart', '/api/pay', '/api/ship']);
    expect(ids(after.filter((e) => e.url !== '/api/ship'))).toEqual(ids(stored));
    // The id is the de-duplication key, not a field of the call.
    for (const e of after) expect(e.attrs).not.toHaveProperty('event_id');
  });

  it('stores a single /api/analytics/collect event sent twice once, under the same event_id answer', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const answers: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await post('/api/analytics/collect', userEvent('client-id_0001'));
      expect(res.status).toBe(200);
      answers.push(await res.json());
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0]).toMatchObject({ success: true, event_id: expect.stringMatching(/^evt_/) });
    expect(await search(`session:${SID}`)).toHaveLength(1);
  });

  it('stores an event repeated inside one batch once', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const res = await post('/api/analytics/batch', { events: [userEvent(hex(20)), userEvent(hex(20)), userEvent(hex(21))] });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as BatchAnswer;
    expect(answer.event_ids[1]).toBe(answer.event_ids[0]);
    expect(await search(`session:${SID}`)).toHaveLength(2);
  });

  it('stores events without an event_id every time, as before', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    for (let i = 0; i < 2; i++) {
      expect((await post('/api/analytics/batch', { events: [userEvent(undefined)] })).status).toBe(200);
      expect((await post('/api/logs', [apiCall(undefined)])).status).toBe(200);
    }
    expect(await search('type:button_click')).toHaveLength(2);
    expect(await search('kind:api')).toHaveLength(2);
  });

  it("keeps our ids apart from Segment's messageId and PostHog's uuid of the same text", async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const shared = hex(30);
    await post('/api/analytics/batch', { events: [userEvent(shared, 'Order Completed')] });
    await post('/v1/track', { type: 'track', event: 'Order Completed', userId: 'u-1', messageId: shared, timestamp: TIME });
    await post('/e/', { event: 'Order Completed', distinct_id: 'u-1', uuid: shared, timestamp: TIME });
    expect(await search('type:"Order Completed"')).toHaveLength(3);
  });

  it('refuses an event whose event_id is malformed, by index and reason, and stores the rest', async () => {
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const bad = ['short', 'x'.repeat(101), 'has space 123', 12345678];
    const res = await post('/api/analytics/batch', { events: [userEvent(hex(40)), ...bad.map((id) => ({ ...userEvent(undefined), event_id: id }))] });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as BatchAnswer;
    expect(answer.accepted).toBe(1);
    expect(answer.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4]);
    for (const r of answer.rejected.slice(0, 3)) expect(r.reason).toBe('event_id: event_id must be 8 to 100 characters of A-Z, a-z, 0-9, _ or -');
    expect(answer.rejected[3]!.reason).toBe('event_id: event_id must be a string');

    const logs = await post('/api/logs', [apiCall('bad id!'), apiCall(hex(41))]);
    expect(await logs.json()).toMatchObject({ accepted: 1, rejected: [{ index: 0, reason: expect.stringMatching(/^event_id: /) }] });

    // Both problems of one event are named at once; a lone event's answer is a 400 with details.
    const single = await post('/api/analytics/collect', { event_type: '', event_data: {}, event_id: 'bad' });
    expect(single.status).toBe(400);
    const details = ((await single.json()) as { details: { path: string }[] }).details.map((d) => d.path);
    expect(details).toEqual(['event_type', 'event_id']);
    expect(await search('')).toHaveLength(2);
  });
});
