// POST /api/logs: API calls as our Node middleware and browser SDK send them, or as a user's
// own code writes them: one record or an array, each mapped by mapping/api-log-map.ts. A record's
// own event_id makes a resend of it stored once.
import { ApiLogRecordSchema } from '../../../../shared/events.js';
import { mapApiLogRecord } from '../../mapping/api-log-map.js';
import { parseWithEventId } from '../../mapping/client-event-id.js';
import { issueLine } from '../../mapping/json-issues.js';
import { PayloadError, type AcceptedEvent, type RejectedEvent, type WireFormat } from '../ingest-types.js';
import { countItems } from '../batch-size.js';
import { parseJsonBody } from '../json-body.js';

export const apiLogFormat: WireFormat = {
  name: 'api-logs',
  paths: ['/api/logs'],
  decode(body, req) {
    const json = parseJsonBody(body, (j) => countItems(Array.isArray(j) ? j.length : 1, req));
    const items: unknown[] = Array.isArray(json) ? json : [json];
    if (items.length === 0) throw new PayloadError(400, 'Invalid batch', [{ path: '', message: 'the array holds no records' }]);
    const accepted: AcceptedEvent[] = [];
    const rejected: RejectedEvent[] = [];
    items.forEach((item, index) => {
      const parsed = parseWithEventId(ApiLogRecordSchema, item);
      if (parsed.success) accepted.push({ index, event: mapApiLogRecord(parsed.data, JSON.stringify(item), req), ...parsed.dedup, payload: item });
      else rejected.push({ index, reason: issueLine(parsed.issues) });
    });
    return { accepted, rejected };
  },
};
