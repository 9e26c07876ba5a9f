import { describe, expect, it } from 'vitest';
import { jsonlFormat } from '../../electron/core/importers/formats/jsonl.js';
import { posthogExportFormat } from '../../electron/core/importers/formats/posthog-export.js';
import { segmentExportFormat } from '../../electron/core/importers/formats/segment-export.js';
import { csvFormat } from '../../electron/core/importers/formats/csv.js';
import { posthogFormat } from '../../electron/core/collect/formats/posthog.js';
import { segmentFormat } from '../../electron/core/collect/formats/segment.js';
import type { AcceptedEvent } from '../../electron/core/collect/ingest-types.js';
import { ingestRequest } from '../helpers/ingest-request.js';
import { checkSamples, detectionSample as sample, jsonLines as lines, parseWith, testContext, type Parsed } from '../helpers/parse-format.js';

const T0 = Date.UTC(2015, 4, 17, 10, 5, 3);

const track = {
  type: 'track', event: 'Order Completed', messageId: 'm-1', anonymousId: 'a-1', userId: 'u-1',
  timestamp: '2015-05-17T10:05:03.000Z', receivedAt: '2015-05-17T10:05:04.000Z', sentAt: '2015-05-17T10:05:03.500Z',
  properties: { revenue: 99, element: 'button#pay' },
  context: { ip: '203.0.113.9', userAgent: 'Mozilla/5.0', page: { url: 'https://shop.test/checkout', path: '/checkout' } },
};
const pageview = {
  uuid: '01890c1e-0000-7000-8000-000000000001', event: '$pageview', distinct_id: 'user-42', timestamp: '2015-05-17T10:05:03.000Z',
  properties: { $session_id: 's-7', $current_url: 'https://shop.test/cart', $ip: '203.0.113.9', $browser: 'Chrome', $raw_user_agent: 'Mozilla/5.0' },
};

/** The imported event is the collected one but for where it was read (raw, line, location), and shares its dedup key. */
function expectCollectedAlike(imported: Parsed['events'][number], collected: AcceptedEvent): void {
  const { raw: _r1, at: _at, line: _l, dedup_key: dedup, ...mine } = imported;
  const { raw: _r2, ...theirs } = collected.event;
  expect(mine).toEqual(theirs);
  expect(dedup).toBe(collected.dedupKey);
}

describe('segmentExportFormat samples', () => checkSamples(segmentExportFormat));
describe('posthogExportFormat samples', () => checkSamples(posthogExportFormat));

describe('detection of exports', () => {
  const segment = sample(lines(track, { ...track, type: 'page', messageId: 'm-2' }, { type: 'identify', userId: 'u', messageId: 'm-3' }));
  const posthog = sample(lines(pageview, { ...pageview, event: 'clicked', uuid: 'x' }));
  const logs = sample(lines({ time: 1431857103, msg: 'a', type: 'track' }, { time: 1431857104, event: 'signup', user_id: 'u' }));

  it('scores each export above generic JSON lines', () => {
    expect(segmentExportFormat.detect(segment)).toBeGreaterThan(jsonlFormat.detect(segment));
    expect(posthogExportFormat.detect(posthog)).toBeGreaterThan(jsonlFormat.detect(posthog));
    expect(segmentExportFormat.detect(segment)).toBeGreaterThan(0.9);
    expect(posthogExportFormat.detect(posthog)).toBeGreaterThan(0.9);
  });

  it('does not claim each other, plain JSON logs or CSV', () => {
    expect(segmentExportFormat.detect(posthog)).toBe(0);
    expect(posthogExportFormat.detect(segment)).toBe(0);
    for (const f of [segmentExportFormat, posthogExportFormat]) {
      expect(f.detect(logs)).toBe(0);
      expect(f.detect(sample('time,event,distinct_id\n2015-05-17T10:05:03Z,a,b\n'))).toBe(0);
      expect(f.detect(sample(''))).toBe(0);
    }
    expect(csvFormat.detect(segment)).toBe(0);
  });

  it('is less sure when only some lines fit, leaving mixed files to JSON lines', () => {
    const mixed = sample(lines(track, track, { time: 1, msg: 'x' }, { time: 2, msg: 'y' }));
    expect(segmentExportFormat.detect(mixed)).toBeLessThan(jsonlFormat.detect(mixed));
    const noProps = sample(lines({ event: 'a', distinct_id: 'u', timestamp: 1 }, { event: 'b', distinct_id: 'u', timestamp: 2 }));
    expect(posthogExportFormat.detect(noProps)).toBeGreaterThan(jsonlFormat.detect(noProps));
  });
});

describe('segmentExportFormat', () => {
  it('maps a message as the collector maps the same call', () => {
    const ctx = testContext();
    const imported = parseWith(segmentExportFormat, lines(track)).events[0]!;
    const collected = segmentFormat.decode(
      Buffer.from(JSON.stringify({ batch: [track] })),
      ingestRequest('/v1/batch', { now: T0 + 1000, ipHash: ctx.ipHash('203.0.113.9') }),
    ).accepted[0]!;
    expectCollectedAlike(imported, collected);
  });

  it('takes the message time as written: sentAt is ignored, receivedAt is the last resort', () => {
    const { receivedAt: _, ...noReceived } = track;
    const r = parseWith(segmentExportFormat, lines(
      noReceived,
      { type: 'page', messageId: 'p', anonymousId: 'a', receivedAt: '2015-05-17T10:05:09Z' },
      { type: 'page', messageId: 'q', anonymousId: 'a', sentAt: 'garbage', timestamp: '2015-05-17T10:05:10Z' },
    ));
    expect(r.bad).toEqual([]);
    expect(r.events.map((e) => e.time)).toEqual([T0, T0 + 6000, T0 + 7000]);
  });

  it('hashes context.ip and keeps the address out of everything stored', () => {
    const e = parseWith(segmentExportFormat, lines(track)).events[0]!;
    expect(e.ip_hash).toBe(testContext().ipHash('203.0.113.9'));
    expect(JSON.stringify(e)).not.toContain('203.0.113.9');
    expect(e).toMatchObject({ target: 'button#pay', attrs: { revenue: 99, anonymous_id: 'a-1', message_id: 'm-1' } });
  });

  it('maps screen, group and alias calls and numeric ids', () => {
    const r = parseWith(segmentExportFormat, lines(
      { type: 'screen', name: 'Settings', userId: 17, messageId: 1, timestamp: '2015-05-17T10:05:03Z' },
      { type: 'Group', groupId: 'acme', userId: 'u', messageId: 'g', timestamp: '2015-05-17T10:05:03Z', traits: { seats: 4 } },
      { type: 'alias', previousId: 'anon', userId: 'u', messageId: 'al', timestamp: '2015-05-17T10:05:03Z' },
    ));
    expect(r.bad).toEqual([]);
    expect(r.events.map((e) => [e.type, e.user_id, e.dedup_key])).toEqual([
      ['screen_view', '17', 'segment:1'], ['group', 'u', 'segment:g'], ['alias', 'u', 'segment:al'],
    ]);
    expect(r.events[1]!.attrs).toMatchObject({ seats: 4, group_id: 'acme' });
  });

  it('reports messages the collector would refuse, with its reasons', () => {
    const r = parseWith(segmentExportFormat, lines(
      { type: 'track', event: 'x', messageId: 'm', timestamp: 'yesterday' },
      { messageId: 'm', timestamp: '2015-05-17T10:05:03Z' },
      { type: 'track', event: 'x'.repeat(201), messageId: 'm', timestamp: '2015-05-17T10:05:03Z' },
    ));
    expect(r.bad.map((b) => b.reason)).toEqual([
      expect.stringMatching(/^timestamp: /), expect.stringMatching(/type is missing/), expect.stringMatching(/over 200 characters/),
    ]);
  });
});

describe('posthogExportFormat', () => {
  it('maps an event as the collector maps the same event', () => {
    const ctx = testContext();
    const imported = parseWith(posthogExportFormat, lines(pageview)).events[0]!;
    const collected = posthogFormat.decode(
      Buffer.from(JSON.stringify([pageview])),
      ingestRequest('/batch/', { now: T0 + 5000, ipHash: ctx.ipHash('203.0.113.9'), contentType: 'application/json' }),
    ).accepted[0]!;
    expectCollectedAlike(imported, collected);
  });

  it('reads ClickHouse-style timestamps and properties given as JSON text', () => {
    const r = parseWith(posthogExportFormat, lines(
      { ...pageview, timestamp: '2015-05-17 10:05:03.250000', properties: JSON.stringify(pageview.properties) },
      { ...pageview, uuid: 'u2', timestamp: 1431857104 },
    ));
    expect(r.bad).toEqual([]);
    expect(r.events.map((e) => [e.time, e.session_id, e.page])).toEqual([
      [T0 + 250, 's-7', 'https://shop.test/cart'], [T0 + 1000, 's-7', 'https://shop.test/cart'],
    ]);
  });

  it('keeps $ip out of everything stored, as its hash only', () => {
    const e = parseWith(posthogExportFormat, lines(pageview)).events[0]!;
    expect(e.ip_hash).toBe(testContext().ipHash('203.0.113.9'));
    expect(JSON.stringify(e)).not.toContain('203.0.113.9');
    expect(e).toMatchObject({ user_agent: 'Mozilla/5.0', attrs: { $browser: 'Chrome' } });
  });

  it('maps exceptions with their stack, and events without properties', () => {
    const r = parseWith(posthogExportFormat, lines(
      {
        event: '$exception', distinct_id: 'u', timestamp: '2015-05-17T10:05:03Z',
        properties: { $exception_list: [{ type: 'TypeError', value: 'x is undefined', stacktrace: { frames: [{ filename: 'app.js', lineno: 3, function: 'f' }] } }] },
      },
      { event: 'ping', distinct_id: null, timestamp: '2015-05-17T10:05:03Z' },
    ));
    expect(r.bad).toEqual([]);
    expect(r.events[0]).toMatchObject({ type: 'error_encountered', message: 'x is undefined', attrs: { exception_type: 'TypeError' } });
    expect(String(r.events[0]!.attrs!.stack)).toContain('at f (app.js:3)');
    expect(r.events[1]).toMatchObject({ type: 'ping', user_id: null, dedup_key: null });
  });

  it('reports lines it cannot use', () => {
    const r = parseWith(posthogExportFormat, lines(
      { event: '', distinct_id: 'u', timestamp: '2015-05-17T10:05:03Z' },
      { event: 'x', distinct_id: 'u', timestamp: '2015-05-17T10:05:03Z', properties: '{not json' },
      { event: 'x', distinct_id: { id: 1 }, timestamp: '2015-05-17T10:05:03Z' },
    ) + '[]\n');
    expect(r.bad.map((b) => b.reason)).toEqual([
      expect.stringMatching(/event must not be empty/), expect.stringMatching(/properties must be a JSON object/),
      expect.stringMatching(/^distinct_id: /), 'not a JSON object',
    ]);
  });
});
