// Segment's HTTP Tracking API (analytics.js, @segment/analytics-node and the other Segment
// libraries), so apps already instrumented for Segment only need their host changed.
// Spec: track/page/screen/identify/group/alias calls, each alone or inside /v1/batch.
import { z } from 'zod';
import type { NewEvent } from '../../../../shared/events.js';
import { countItems } from '../batch-size.js';
import { PayloadError, type DecodedPayload, type IngestRequest, type WireFormat } from '../ingest-types.js';
import { issueLine, parseJsonText } from '../json-body.js';
import { MAX_ID_CHARS } from '../limits.js';
import { header, id, isObj, pick, sessionFromHeaders, str, traceFromHeaders } from '../request-ids.js';
import { BodyToken, decodeItems, parseEnvelope, type BatchWords, type ItemResult } from './batch-items.js';
import { ClientTime } from './client-time.js';

export const CALLS = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;
export type Call = (typeof CALLS)[number];

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

/** What each call becomes in our event model; track keeps the event name as sent. */
const CALL_TYPE: Record<Exclude<Call, 'track'>, string> = {
  page: 'page_view',
  screen: 'screen_view',
  identify: 'identify',
  group: 'group',
  alias: 'alias',
};

const Obj = z.record(z.string(), z.unknown());
const IdValue = z.union([z.string(), z.number()]);

export const MessageSchema = z.object({
  type: z.string().optional(),
  userId: IdValue.nullish(),
  anonymousId: IdValue.nullish(),
  event: z.string().optional(),
  name: z.string().nullish(),
  category: z.string().nullish(),
  properties: Obj.nullish(),
  traits: Obj.nullish(),
  context: Obj.nullish(),
  timestamp: ClientTime.nullish(),
  originalTimestamp: ClientTime.nullish(),
  sentAt: ClientTime.nullish(),
  receivedAt: z.unknown().optional(),
  messageId: IdValue.nullish(),
  writeKey: z.string().nullish(),
  groupId: IdValue.nullish(),
  previousId: IdValue.nullish(),
});
export type Message = z.infer<typeof MessageSchema>;

const BatchSchema = z.object({
  batch: z.array(z.unknown(), { error: 'batch must be an array of calls' }),
  writeKey: z.string().optional(),
  sentAt: ClientTime.optional(),
  context: Obj.optional(),
});

const MAX_TYPE_CHARS = 200;
const TARGET_KEYS = ['target', 'element', 'selector'];
const MESSAGE_KEYS = ['message', 'error_message', 'error'];

export interface BatchDefaults {
  sentAt?: number;
  context?: Record<string, unknown>;
}

function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw new PayloadError(400, 'Request body is empty; expected a Segment call as JSON.');
  return parseJsonText(text, 'Request body');
}

/** One call in our event model; also used by the Segment export importer (importers/formats). */
export function mapMessage(
  m: Message,
  call: Call,
  raw: string,
  defaults: BatchDefaults,
  req: IngestRequest,
): { event: NewEvent } | { reason: string } {
  // The batch's context is the default for every call in it; the call's own keys win.
  const context: Record<string, unknown> = { ...defaults.context, ...m.context };
  const props = m.properties ?? {};
  const used = new Set<string>();

  let type: string;
  if (call === 'track') {
    if (m.event === undefined || m.event.trim() === '') return { reason: 'a track call needs an event name' };
    if (m.event.length > MAX_TYPE_CHARS) return { reason: `event name is over ${MAX_TYPE_CHARS} characters` };
    type = m.event;
  } else {
    type = CALL_TYPE[call];
  }

  const ctxPage = isObj(context.page) ? context.page : {};
  let page: string | undefined;
  if (call === 'page' || call === 'screen') {
    page = pick(props, ['url'], used) ?? str(ctxPage.url) ?? pick(props, ['path'], used) ?? str(ctxPage.path) ?? str(m.name);
  } else {
    // A track call from a browser still happened on a page; the column makes it searchable.
    page = str(ctxPage.url) ?? str(ctxPage.path);
  }
  const target = call === 'track' ? pick(props, TARGET_KEYS, used) : undefined;
  const message = call === 'track' ? pick(props, MESSAGE_KEYS, used) : undefined;

  const session =
    id(context.sessionId) ?? id(pick(props, ['session_id', 'sessionId'], used)) ?? sessionFromHeaders(req.headers);
  const userId = id(m.userId);
  const anonymousId = id(m.anonymousId);

  const attrs = new Map<string, unknown>();
  const fields = call === 'identify' || call === 'group' ? (m.traits ?? {}) : props;
  for (const [k, v] of Object.entries(fields)) if (!used.has(k)) attrs.set(k, v);
  if ((call === 'page' || call === 'screen') && m.name) attrs.set('name', m.name);
  if (m.category) attrs.set('category', m.category);
  if (anonymousId !== undefined) attrs.set('anonymous_id', anonymousId);
  if (m.groupId !== undefined && m.groupId !== null) attrs.set('group_id', String(m.groupId));
  if (m.previousId !== undefined && m.previousId !== null) attrs.set('previous_id', String(m.previousId));
  const messageId = id(m.messageId);
  if (messageId !== undefined) attrs.set('message_id', messageId);
  // userAgent has its column; ip is the end user's address, which is stored only hashed;
  // sessionId has its column.
  const { userAgent, ip: _ip, sessionId: _sessionId, ...restContext } = context;
  if (Object.keys(restContext).length > 0) attrs.set('context', restContext);

  const clientTime = m.timestamp ?? m.originalTimestamp ?? undefined;
  const sentAt = m.sentAt ?? defaults.sentAt;
  let time = clientTime ?? req.now;
  // Segment's clock-skew rule: the client's clock is trusted only for the gap between the event
  // and the send. An event that already carries receivedAt was processed by Segment once (a
  // replay or an export) and its timestamp is already corrected.
  if (clientTime !== undefined && sentAt !== undefined && m.receivedAt === undefined) {
    time = clientTime + (req.now - sentAt);
    attrs.set('client_timestamp', new Date(clientTime).toISOString());
  }

  const trace = traceFromHeaders(req.headers);
  return {
    event: {
      time,
      kind: 'user',
      type,
      session_id: session ?? null,
      // Until identify, Segment knows a visitor only by anonymousId: that is the user.
      user_id: userId ?? anonymousId ?? null,
      page: page ?? null,
      target: target ?? null,
      message: message ?? null,
      referrer: str(ctxPage.referrer) ?? str(props.referrer) ?? null,
      user_agent: str(userAgent) ?? header(req.headers, 'user-agent') ?? null,
      ip_hash: req.ipHash,
      trace_id: trace?.trace_id ?? null,
      attrs: Object.fromEntries(attrs),
      raw,
    },
  };
}

const WORDS: BatchWords = { format: 'Segment', item: 'call' };

/** A resend of the same messageId is stored once, whether collected or imported from an export. */
export function segmentDedupKey(m: Pick<Message, 'messageId'>): string | undefined {
  const messageId = str(m.messageId);
  return messageId === undefined ? undefined : `segment:${messageId.slice(0, MAX_ID_CHARS)}`;
}

/** The call a message makes: its endpoint's, or inside a batch its own `type`. */
export function callOf(m: Message, pathCall: Call | 'batch'): Call | { reason: string } {
  // A single call's endpoint says what it is; a body type is redundant in the spec.
  if (pathCall !== 'batch') return pathCall;
  const t = m.type?.toLowerCase();
  if (t === undefined) return { reason: `type is missing; expected one of ${CALLS.join(', ')}` };
  if (!(CALLS as readonly string[]).includes(t)) return { reason: `type "${m.type}" is not one of ${CALLS.join(', ')}` };
  return t as Call;
}

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
