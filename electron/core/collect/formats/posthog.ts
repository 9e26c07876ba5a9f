// PostHog's capture API (posthog-js, posthog-node and the other PostHog SDKs), so apps already
// instrumented for PostHog only need their api_host changed. A body is one event, an array of
// events, or {batch: [...], api_key, sent_at}; see posthog-body.ts for its encodings.
import { z } from 'zod';
import { countItems } from '../batch-size.js';
import { PayloadError, type DecodedPayload, type IngestRequest, type WireFormat } from '../ingest-types.js';
import { issueLine } from '../../mapping/json-issues.js';
import { MAX_BATCH_EVENTS, MAX_BODY_BYTES } from '../limits.js';
import { isObj, num } from '../../mapping/request-ids.js';
import { BodyToken, decodeItems, parseEnvelope, type BatchWords, type ItemResult } from './batch-items.js';
import { ClientTime } from '../../mapping/client-time.js';
import { readPosthogBody } from './posthog-body.js';
import { mapPosthogEvent, posthogDedupKey, PosthogEventSchema } from '../../mapping/posthog-map.js';

const PATHS = ['/e/', '/capture/', '/batch/', '/i/v0/e/'].flatMap((p) => [p, p.slice(0, -1)]);

/**
 * posthog-js events carry every browser property PostHog knows (about 2 KB each, more with a
 * stack trace), so a full batch outgrows the 500 KB kept for other formats' batches.
 */
const POSTHOG_BODY_LIMIT = MAX_BODY_BYTES;

const Envelope = z.object({
  batch: z.array(z.unknown(), { error: 'batch must be an array of events' }),
  api_key: z.string().optional(),
  token: z.string().optional(),
  sent_at: ClientTime.optional(),
});

const WORDS: BatchWords = { format: 'PostHog', item: 'event' };

interface Unpacked {
  items: unknown[];
  token?: string;
  sentAt?: number;
}

function unpack(json: unknown): Unpacked {
  if (Array.isArray(json)) return { items: json };
  if (!isObj(json)) throw new PayloadError(400, 'The payload must be an event, an array of events or {"batch": [...]}.');
  if (!('batch' in json)) return { items: [json] };
  const env = parseEnvelope(json, Envelope, WORDS);
  return { items: env.batch, token: env.api_key ?? env.token, sentAt: env.sent_at };
}

/** The project token an event carries itself (posthog-js puts it in every event's properties). */
function eventToken(item: Record<string, unknown>): string | undefined {
  const props = isObj(item.properties) ? item.properties : {};
  for (const v of [item.api_key, item.token, props.token]) if (typeof v === 'string' && v !== '') return v;
  return undefined;
}

function decodePosthog(body: Buffer, req: IngestRequest): DecodedPayload {
  const json = readPosthogBody(body, req, POSTHOG_BODY_LIMIT);
  const { items, token, sentAt: batchSentAt } = unpack(json);
  countItems(items.length, req, true, () => new PayloadError(413, `The payload holds ${items.length} events; the limit is ${MAX_BATCH_EVENTS}.`));
  // posthog-js stamps every request with `_=<its clock in ms>`; PostHog reads it as sent_at.
  const querySentAt = num(req.query.get('_'));

  const bodyToken = new BodyToken(token);
  return decodeItems(items, WORDS, bodyToken, (item): ItemResult => {
    if (!bodyToken.admits(eventToken(item))) return { reason: "the event's token differs from the request's api_key" };
    const parsed = PosthogEventSchema.safeParse(item);
    if (!parsed.success) return { reason: issueLine(parsed.error.issues) };
    const ev = parsed.data;
    const sentAt = ev.sent_at ?? batchSentAt ?? querySentAt;
    const event = mapPosthogEvent(ev, { raw: JSON.stringify(item), ...(sentAt !== undefined ? { sentAt } : {}) }, req);
    const dedupKey = posthogDedupKey(ev);
    return { event, ...(dedupKey !== undefined ? { dedupKey } : {}) };
  });
}

export const posthogFormat: WireFormat = {
  name: 'posthog',
  acceptsBodyToken: true,
  paths: PATHS,
  bodyLimit: POSTHOG_BODY_LIMIT,
  decode: decodePosthog,
  // PostHog answers {"status": 1}; posthog-js and posthog-node read only the status code.
  answer() {
    return { status: 200, contentType: 'application/json', body: JSON.stringify({ status: 1 }) };
  },
};
