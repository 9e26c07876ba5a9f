// One Segment call (track, page, screen, identify, group, alias) turned into our event model, the
// same whether it came to the collector (collect/formats/segment.ts) or from an export file
// (importers/formats/segment-export.ts): both read alike and share de-duplication keys.
import { z } from 'zod';
import type { NewEvent } from '../../../shared/events.js';
import { ClientTime } from './client-time.js';
import type { MapContext } from './context.js';
import { MAX_ID_CHARS } from './limits.js';
import { header, id, isObj, pick, sessionFromHeaders, str, traceFromHeaders } from './request-ids.js';

export const CALLS = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;
export type Call = (typeof CALLS)[number];

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

const MAX_TYPE_CHARS = 200;
const TARGET_KEYS = ['target', 'element', 'selector'];
const MESSAGE_KEYS = ['message', 'error_message', 'error'];

export interface BatchDefaults {
  sentAt?: number;
  context?: Record<string, unknown>;
}

/** One call in our event model. `ctx.now` is when it arrived; sentAt corrects the client's clock by it. */
export function mapMessage(
  m: Message,
  call: Call,
  raw: string,
  defaults: BatchDefaults,
  ctx: MapContext,
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
    id(context.sessionId) ?? id(pick(props, ['session_id', 'sessionId'], used)) ?? sessionFromHeaders(ctx.headers);
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
  let time = clientTime ?? ctx.now;
  // Segment's clock-skew rule: the client's clock is trusted only for the gap between the event
  // and the send. An event that already carries receivedAt was processed by Segment once (a
  // replay or an export) and its timestamp is already corrected.
  if (clientTime !== undefined && sentAt !== undefined && m.receivedAt === undefined) {
    time = clientTime + (ctx.now - sentAt);
    attrs.set('client_timestamp', new Date(clientTime).toISOString());
  }

  const trace = traceFromHeaders(ctx.headers);
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
      user_agent: str(userAgent) ?? header(ctx.headers, 'user-agent') ?? null,
      ip_hash: ctx.ipHash,
      trace_id: trace?.trace_id ?? null,
      attrs: Object.fromEntries(attrs),
      raw,
    },
  };
}

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
