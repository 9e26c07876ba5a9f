// Segment messages one per line, as Segment's S3/warehouse-style exports and replay files hold
// them (track, page, screen, identify, group, alias). Each is mapped exactly as the collector
// maps the same call (mapping/segment-map.ts), so an imported export and live traffic read
// alike, and share de-duplication keys: a message both collected and imported is stored once.
//
// Decisions worth knowing:
// - Time is the message's `timestamp` (Segment has already corrected it for clock skew in an
//   export), else `originalTimestamp`, else `receivedAt`; with none of them the line is bad.
//   sentAt is ignored: the collector's skew correction needs a receive time, which a file lacks.
// - context.ip is the end user's address: it becomes ip_hash and is replaced by it in raw.
// - The user is userId, else anonymousId (a visitor not identified yet), which also stays in attrs.
import { fileContext } from '../../mapping/context.js';
import { issueLine } from '../../mapping/json-issues.js';
import { CALLS, callOf, mapMessage, MessageSchema, segmentDedupKey } from '../../mapping/segment-map.js';
import type { LineFormatDefinition } from '../format-types.js';
import { isObj, objectLines, shareOf, type JsonObject } from './json-line.js';
import { redactWithoutAddress } from './json-record.js';
import { readTime } from './time-value.js';

const T0 = Date.UTC(2015, 4, 17, 10, 5, 3);
const CALL_SET: ReadonlySet<string> = new Set(CALLS);

function isSegmentMessage(o: JsonObject): boolean {
  return typeof o.type === 'string' && CALL_SET.has(o.type.toLowerCase())
    && (o.messageId !== undefined || o.anonymousId !== undefined || o.userId !== undefined);
}

export const segmentExportFormat: LineFormatDefinition = {
  name: 'segment',
  title: 'Segment export (one message per line)',
  shape: 'lines',

  detect(sample) {
    const share = shareOf(sample, isSegmentMessage);
    // Above generic JSON lines (at most 0.9), which would also read these lines.
    return share >= 0.8 ? 0.95 : share >= 0.5 ? 0.6 : 0;
  },

  create(ctx) {
    return {
      line: objectLines((o, text, lineNo) => {
        const parsed = MessageSchema.safeParse({ ...o, sentAt: undefined });
        if (!parsed.success) return { ok: false, reason: issueLine(parsed.error.issues) };
        const m = parsed.data;
        const call = callOf(m, 'batch');
        if (typeof call !== 'string') return { ok: false, reason: call.reason };
        const received = readTime(o.receivedAt);
        const time = m.timestamp ?? m.originalTimestamp ?? (Number.isNaN(received) ? undefined : received);
        if (time === undefined) return { ok: false, reason: 'no time: the message has no timestamp, originalTimestamp or receivedAt' };
        const ip = isObj(m.context) && typeof m.context.ip === 'string' && m.context.ip !== '' ? m.context.ip : undefined;
        const ipHash = ip === undefined ? null : ctx.ipHash(ip);
        const mapped = mapMessage(m, call, text, {}, fileContext(time, ipHash));
        if ('reason' in mapped) return { ok: false, reason: mapped.reason };
        const event = { ...mapped.event, line: lineNo, dedup_key: segmentDedupKey(m) ?? null };
        return { ok: true, event: redactWithoutAddress(ctx, event, o, ip, ipHash) };
      }),
    };
  },

  samples: [
    {
      title: 'track, page and identify messages as Segment exports them',
      input:
        '{"type":"track","event":"Order Completed","messageId":"m-1","anonymousId":"a-1","userId":"u-1","timestamp":"2015-05-17T10:05:03.000Z","receivedAt":"2015-05-17T10:05:04.000Z","sentAt":"2015-05-17T10:05:03.900Z","properties":{"revenue":99,"currency":"EUR"},"context":{"ip":"203.0.113.9","userAgent":"Mozilla/5.0","sessionId":"s-1","page":{"url":"https://shop.test/checkout","referrer":"https://shop.test/cart"}}}\n' +
        '{"type":"page","name":"Pricing","messageId":"m-2","anonymousId":"a-1","timestamp":"2015-05-17T10:05:04.000Z","properties":{"url":"https://shop.test/pricing"}}\n' +
        '{"type":"identify","messageId":"m-3","userId":"u-1","originalTimestamp":"2015-05-17T10:05:05.000Z","traits":{"plan":"pro"}}\n',
      events: [
        {
          time: T0, kind: 'user', type: 'Order Completed', user_id: 'u-1', session_id: 's-1', page: 'https://shop.test/checkout',
          referrer: 'https://shop.test/cart', user_agent: 'Mozilla/5.0', dedup_key: 'segment:m-1', line: 1,
        },
        { time: T0 + 1000, kind: 'user', type: 'page_view', page: 'https://shop.test/pricing', user_id: 'a-1', dedup_key: 'segment:m-2' },
        { time: T0 + 2000, kind: 'user', type: 'identify', user_id: 'u-1', attrs: { plan: 'pro', message_id: 'm-3' } },
      ],
    },
    {
      title: 'screen, group and alias calls; numeric ids; receivedAt when there is no timestamp',
      input:
        '{"type":"screen","name":"Settings","userId":17,"messageId":41,"timestamp":"2015-05-17T10:05:03Z","properties":{"tab":"privacy"}}\n' +
        '{"type":"group","groupId":"acme","userId":"u-1","messageId":"g-1","receivedAt":"2015-05-17T10:05:04Z","traits":{"seats":4}}\n' +
        '{"type":"alias","previousId":"anon-9","userId":"u-1","messageId":"al-1","timestamp":"2015-05-17T10:05:05Z"}\n',
      events: [
        { time: T0, type: 'screen_view', page: 'Settings', user_id: '17', dedup_key: 'segment:41', attrs: { tab: 'privacy', name: 'Settings' } },
        { time: T0 + 1000, type: 'group', user_id: 'u-1', attrs: { seats: 4, group_id: 'acme' } },
        { time: T0 + 2000, type: 'alias', user_id: 'u-1', attrs: { previous_id: 'anon-9' } },
      ],
    },
    {
      title: 'bad lines: an unknown call type, a track without a name, no time, not JSON',
      input:
        '{"type":"shout","messageId":"m-4","timestamp":"2015-05-17T10:05:03.000Z"}\n' +
        '{"type":"track","messageId":"m-5","timestamp":"2015-05-17T10:05:03.000Z"}\n' +
        '{"type":"track","event":"Opened","messageId":"m-6"}\n' +
        'nope\n',
      bad: [/type "shout" is not one of track, page/, /a track call needs an event name/, /no time/, /not a JSON object/],
    },
  ],
};
