// Segment's HTTP Tracking API (analytics.js, @segment/analytics-node and the other Segment
// libraries), so apps already instrumented for Segment only need their host changed.
// Spec: track/page/screen/identify/group/alias calls, each alone or inside /v1/batch; each call
// is mapped by mapping/segment-map.ts.
import { z } from 'zod';
import { ClientTime } from '../../mapping/client-time.js';
import { issueLine } from '../../mapping/json-issues.js';
import { isObj } from '../../mapping/request-ids.js';
import { callOf, mapMessage, MessageSchema, segmentDedupKey, type BatchDefaults, type Call } from '../../mapping/segment-map.js';
import { countItems } from '../batch-size.js';
import { PayloadError, type DecodedPayload, type IngestRequest, type WireFormat } from '../ingest-types.js';
import { parseJsonText } from '../json-body.js';
import { BodyToken, decodeItems, parseEnvelope, type BatchWords, type ItemResult } from './batch-items.js';

/** Long and short paths (analytics.js posts single calls to /v1/t, /v1/p..., batches to /v1/b). */
const PATH_CALL: Record<string, Call | 'batch'> = {
  '/v1/track': 'track',
  '/v1/page': 'page',
  '/v1/screen': 'screen',
  '/v1/identify': 'identify',
  '/v1/group': 'group',
  '/v1/alias': 'alias',
  '/v1/batch': 'batch',
  // Segment documents /v1/import as the same call as /v1/batch, for historical loads.
  '/v1/import': 'batch',
  '/v1/t': 'track',
  '/v1/p': 'page',
  '/v1/s': 'screen',
  '/v1/i': 'identify',
  '/v1/g': 'group',
  '/v1/a': 'alias',
  '/v1/b': 'batch',
};

const Obj = z.record(z.string(), z.unknown());

const BatchSchema = z.object({
  batch: z.array(z.unknown(), { error: 'batch must be an array of calls' }),
  writeKey: z.string().optional(),
  sentAt: ClientTime.optional(),
  context: Obj.optional(),
});

function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw new PayloadError(400, 'Request body is empty; expected a Segment call as JSON.');
  return parseJsonText(text, 'Request body');
}

const WORDS: BatchWords = { format: 'Segment', item: 'call' };

function decodeSegment(body: Buffer, req: IngestRequest): DecodedPayload {
  const pathCall = PATH_CALL[req.path];
  if (pathCall === undefined) throw new PayloadError(400, `${req.path} is not a Segment endpoint.`);
  const json = parseJson(body);
  if (!isObj(json)) throw new PayloadError(400, 'Request body must be a JSON object (a Segment call or {"batch": [...]}).');

  let items: unknown[];
  let defaults: BatchDefaults = {};
  let envelopeKey: string | undefined;
  if (pathCall === 'batch') {
    const env = parseEnvelope(json, BatchSchema, WORDS);
    items = env.batch;
    defaults = { sentAt: env.sentAt, context: env.context };
    envelopeKey = env.writeKey;
  } else {
    items = [json];
  }

  countItems(items.length, req);
  const token = new BodyToken(envelopeKey);
  return decodeItems(items, WORDS, token, (item): ItemResult => {
    const parsed = MessageSchema.safeParse(item);
    if (!parsed.success) return { reason: issueLine(parsed.error.issues) };
    const m = parsed.data;
    // analytics.js puts the writeKey in every call rather than beside the batch.
    if (!token.admits(m.writeKey ?? undefined)) return { reason: "the call's writeKey differs from the batch's" };
    const call = callOf(m, pathCall);
    if (typeof call !== 'string') return call;
    const mapped = mapMessage(m, call, JSON.stringify(item), defaults, req);
    if ('reason' in mapped) return mapped;
    const dedupKey = segmentDedupKey(m);
    return { event: mapped.event, ...(dedupKey !== undefined ? { dedupKey } : {}) };
  });
}

export const segmentFormat: WireFormat = {
  name: 'segment',
  acceptsBodyToken: true,
  paths: Object.keys(PATH_CALL),
  decode: decodeSegment,
  // Segment answers {"success": true}; its libraries only read the status, so the rejected
  // list is extra help for someone reading the answer by hand.
  answer(outcome) {
    const body = outcome.rejected.length > 0 ? { success: true, rejected: outcome.rejected } : { success: true };
    return { status: 200, contentType: 'application/json', body: JSON.stringify(body) };
  },
};
