// The seed contract: one event at /api/analytics/collect, and the batch form high-traffic
// pages (and our browser SDK) send to /api/analytics/batch. An event's own event_id makes a
// resend of it stored once (the answer names the first copy's id).
import { CollectBatchSchema, CollectEventSchema } from '../../../../shared/events.js';
import { countItems } from '../batch-size.js';
import { PayloadError, type AcceptedEvent, type RejectedEvent, type WireFormat } from '../ingest-types.js';
import { issueDetails, issueLine } from '../../mapping/json-issues.js';
import { parseJsonBody } from '../json-body.js';
import { MAX_BODY_BYTES } from '../limits.js';
import { mapCollectEvent } from '../../mapping/seed-map.js';
import { parseWithEventId } from '../../mapping/client-event-id.js';

export const seedCollectFormat: WireFormat = {
  name: 'collect',
  paths: ['/api/analytics/collect'],
  bodyLimit: MAX_BODY_BYTES,
  decode(body, req) {
    const json = parseJsonBody(body);
    const parsed = parseWithEventId(CollectEventSchema, json);
    if (!parsed.success) throw new PayloadError(400, 'Invalid event', issueDetails(parsed.issues));
    const event = mapCollectEvent(parsed.data, body.toString('utf8'), req);
    return { accepted: [{ index: 0, event, ...parsed.dedup, payload: json }], rejected: [] };
  },
  answer(outcome) {
    const id = outcome.ids[0]?.id;
    return {
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ success: true, event_id: `evt_${id}`, message: 'Event recorded successfully' }),
    };
  },
};

export const seedBatchFormat: WireFormat = {
  name: 'batch',
  paths: ['/api/analytics/batch'],
  decode(body, req) {
    // Counted before anything walks the array: a 413 must not cost a pass over 240,000 items.
    const json = parseJsonBody(body, (j) => {
      const list = Array.isArray(j) ? j : typeof j === 'object' && j !== null && 'events' in j ? j.events : undefined;
      if (Array.isArray(list)) countItems(list.length, req);
    });
    const shape = CollectBatchSchema.safeParse(Array.isArray(json) ? { events: json } : json);
    if (!shape.success) throw new PayloadError(400, 'Invalid batch', issueDetails(shape.error.issues));
    const accepted: AcceptedEvent[] = [];
    const rejected: RejectedEvent[] = [];
    shape.data.events.forEach((item, index) => {
      const parsed = parseWithEventId(CollectEventSchema, item);
      if (parsed.success) accepted.push({ index, event: mapCollectEvent(parsed.data, JSON.stringify(item), req), ...parsed.dedup, payload: item });
      else rejected.push({ index, reason: issueLine(parsed.issues) });
    });
    return { accepted, rejected };
  },
};
