// PostHog events one per line, as PostHog's batch exports (S3, files) and event exports write
// them: {uuid, event, distinct_id, timestamp, properties, elements_chain, person_id, ...}. Each
// is mapped exactly as the collector maps the same event (mapping/posthog-map.ts), and
// shares its de-duplication key (the uuid), so a collected event imported again is stored once.
//
// Decisions worth knowing:
// - Time is `timestamp` (PostHog has already applied its clock-skew rule); without a readable
//   one the line is bad. Exports write it as ISO 8601 or as ClickHouse does
//   ("2015-05-17 10:05:03.000000", UTC); both read (time-value.ts).
// - `properties` may be a JSON object or, from ClickHouse-backed exports, its JSON text.
// - A top-level elements_chain (where exports keep it) describes the clicked element, as
//   $elements_chain does in what posthog-js sends.
// - properties.$ip is the end user's address: it becomes ip_hash and is replaced by it in raw.
import { fileContext } from '../../mapping/context.js';
import { issueLine } from '../../mapping/json-issues.js';
import { MAX_ID_CHARS } from '../../mapping/limits.js';
import { mapPosthogEvent, posthogDedupKey, PosthogEventSchema } from '../../mapping/posthog-map.js';
import type { LineFormatDefinition } from '../format-types.js';
import { isObj, objectLines, setAttr, shareOf, type JsonObject } from './json-line.js';
import { redactWithoutAddress } from './json-record.js';
import { readTime } from './time-value.js';

const T0 = Date.UTC(2015, 4, 17, 10, 5, 3);

function isPosthogEvent(o: JsonObject): boolean {
  return typeof o.event === 'string' && (typeof o.distinct_id === 'string' || typeof o.distinct_id === 'number');
}

/** properties as an object, or why they are unusable. */
function propertiesOf(o: JsonObject): JsonObject | string {
  const p = o.properties;
  if (p === undefined || p === null || p === '') return {};
  if (isObj(p)) return p;
  if (typeof p === 'string') {
    try {
      const parsed: unknown = JSON.parse(p);
      if (isObj(parsed)) return parsed;
    } catch {
      // Reported below, like any other properties that are not an object.
    }
  }
  return 'properties must be a JSON object (or its JSON text)';
}

export const posthogExportFormat: LineFormatDefinition = {
  name: 'posthog',
  title: 'PostHog export (one event per line)',
  shape: 'lines',

  detect(sample) {
    const share = shareOf(sample, isPosthogEvent);
    if (share < 0.5) return 0;
    if (share < 0.8) return 0.6;
    // Above generic JSON lines (at most 0.9); surer still when properties are there too.
    return shareOf(sample, (o) => isPosthogEvent(o) && o.properties !== undefined) >= 0.8 ? 0.95 : 0.92;
  },

  create(ctx) {
    return {
      line: objectLines((o, text, lineNo) => {
        const time = readTime(o.timestamp);
        if (Number.isNaN(time)) return { ok: false, reason: 'no time: "timestamp" is missing or not a time we can read' };
        let properties = propertiesOf(o);
        if (typeof properties === 'string') return { ok: false, reason: properties };
        if (typeof o.elements_chain === 'string' && o.elements_chain !== '' && properties.$elements_chain === undefined) {
          properties = { ...properties, $elements_chain: o.elements_chain };
        }
        // The time is read here (exports write forms the collector's schema refuses); sent_at
        // and offset are about a live request's clocks and mean nothing in a file.
        const parsed = PosthogEventSchema.safeParse({ ...o, properties, timestamp: undefined, sent_at: undefined, offset: undefined });
        if (!parsed.success) return { ok: false, reason: issueLine(parsed.error.issues) };
        const ev = { ...parsed.data, timestamp: time };
        const ip = typeof properties.$ip === 'string' && properties.$ip !== '' ? properties.$ip : undefined;
        const ipHash = ip === undefined ? null : ctx.ipHash(ip);
        const mapped = mapPosthogEvent(ev, { raw: text }, fileContext(time, ipHash));
        const attrs = mapped.attrs ?? {};
        if (typeof o.person_id === 'string' && o.person_id !== '') setAttr(attrs, 'person_id', o.person_id.slice(0, MAX_ID_CHARS));
        const event = { ...mapped, attrs, line: lineNo, dedup_key: posthogDedupKey(ev) ?? null };
        return { ok: true, event: redactWithoutAddress(ctx, event, o, ip, ipHash) };
      }),
    };
  },

  samples: [
    {
      title: 'a page view, an autocapture click and a custom event from a batch export',
      input:
        '{"uuid":"01890c1e-0000-7000-8000-000000000001","event":"$pageview","distinct_id":"user-42","timestamp":"2015-05-17T10:05:03.000000+00:00","properties":{"$session_id":"s-7","$current_url":"https://shop.test/cart","$referrer":"$direct","$ip":"203.0.113.9","$browser":"Chrome"},"person_id":"p-1"}\n' +
        '{"uuid":"01890c1e-0000-7000-8000-000000000002","event":"$autocapture","distinct_id":"user-42","timestamp":"2015-05-17 10:05:04.000000","elements_chain":"button.buy:attr__id=\\"buy\\"nth-child=\\"1\\"text=\\"Buy now\\"","properties":"{\\"$event_type\\":\\"click\\",\\"$session_id\\":\\"s-7\\",\\"$current_url\\":\\"https://shop.test/cart\\"}"}\n' +
        '{"uuid":"01890c1e-0000-7000-8000-000000000003","event":"checkout started","distinct_id":7,"timestamp":"2015-05-17T10:05:05Z","properties":{"cart_value":42}}\n',
      events: [
        {
          time: T0, kind: 'user', type: 'page_view', user_id: 'user-42', session_id: 's-7', page: 'https://shop.test/cart', referrer: null,
          dedup_key: 'posthog:01890c1e-0000-7000-8000-000000000001', line: 1, attrs: { $browser: 'Chrome', uuid: '01890c1e-0000-7000-8000-000000000001', person_id: 'p-1' },
        },
        { time: T0 + 1000, type: 'button_click', target: 'button#buy.buy', session_id: 's-7' },
        { time: T0 + 2000, type: 'checkout started', user_id: '7', attrs: { cart_value: 42, uuid: '01890c1e-0000-7000-8000-000000000003' } },
      ],
    },
    {
      title: 'an exception with its stack, and a mobile screen view',
      input:
        '{"uuid":"e-1","event":"$exception","distinct_id":"user-42","timestamp":"2015-05-17T10:05:03Z","properties":{"$exception_list":[{"type":"TypeError","value":"x is undefined","stacktrace":{"frames":[{"filename":"app.js","lineno":3,"colno":9,"function":"pay"}]}}]}}\n' +
        '{"uuid":"e-2","event":"$screen","distinct_id":"user-42","timestamp":"2015-05-17T10:05:04Z","properties":{"$screen_name":"Checkout","$session_id":"s-8"}}\n',
      events: [
        { time: T0, kind: 'user', type: 'error_encountered', message: 'x is undefined', attrs: { exception_type: 'TypeError', stack: 'TypeError: x is undefined\n    at pay (app.js:3:9)' } },
        { time: T0 + 1000, type: 'screen_view', page: 'Checkout', session_id: 's-8', dedup_key: 'posthog:e-2' },
      ],
    },
    {
      title: 'bad lines: no event name, no time, properties that are not an object',
      input:
        '{"distinct_id":"u","timestamp":"2015-05-17T10:05:03Z"}\n' +
        '{"event":"x","distinct_id":"u"}\n' +
        '{"event":"x","distinct_id":"u","timestamp":"2015-05-17T10:05:03Z","properties":[1]}\n',
      bad: [/^event: /, /no time/, /properties must be a JSON object/],
    },
  ],
};
