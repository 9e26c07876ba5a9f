// The event model shared by the core, the renderer and the command line.
// Isomorphic: no node:*, no electron, no DOM.
import { z } from 'zod';
import { EVENT_FIELDS, type EventFieldName } from './fields.js';
import { parseTimeValue } from './time.js';

export const EVENT_KINDS = ['api', 'user', 'log'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const AttrsSchema = z.record(z.string(), z.unknown());

/**
 * An event as it crosses the contract and as `--json` prints it (with `time` turned into
 * ISO 8601 there). Absent fields are omitted rather than null so output stays small.
 * Columns we filter on but DESIGN.md does not name at top level (sizes, ip_hash, user agent,
 * referrer) travel inside `attrs`.
 */
export const LogEventSchema = z.object({
  /** Opaque: each store makes its own (a row id, a random 64-bit number); compare, never compute. */
  id: z.string(),
  time: z.number().int(),
  kind: z.enum(EVENT_KINDS),
  session_id: z.string().optional(),
  /** True when session_id was derived (same client and agent, 30 minutes of silence), not given. */
  session_derived: z.boolean().optional(),
  user_id: z.string().optional(),
  source: z.string().optional(),
  line: z.number().int().optional(),
  method: z.string().optional(),
  url: z.string().optional(),
  route: z.string().optional(),
  status: z.number().int().optional(),
  duration_ms: z.number().optional(),
  type: z.string().optional(),
  page: z.string().optional(),
  target: z.string().optional(),
  level: z.string().optional(),
  message: z.string().optional(),
  trace_id: z.string().optional(),
  span_id: z.string().optional(),
  attrs: AttrsSchema.optional(),
});
export type LogEvent = z.infer<typeof LogEventSchema>;

/**
 * Columns we filter on that travel inside `attrs` on the way out (DESIGN.md's --json names): the
 * catalogue's fields placed in 'attrs' (shared/fields.ts).
 */
export const ATTR_COLUMNS: readonly EventFieldName[] = EVENT_FIELDS.filter((f) => f.placement === 'attrs').map((f) => f.name);

export const LogEventDetailSchema = LogEventSchema.extend({
  raw: z.string(),
  /** Why raw is not the original text (an imported file that moved or changed since). */
  raw_note: z.string().optional(),
});
export type LogEventDetail = z.infer<typeof LogEventDetailSchema>;

/**
 * What importers and the collector hand to the store. Kind-specific fields that have their
 * own column are named here; everything else goes in `attrs`.
 */
export interface NewEvent {
  time: number;
  kind: EventKind;
  session_id?: string | null;
  /** session_id was derived by the importer rather than given by the data. */
  session_derived?: boolean;
  user_id?: string | null;
  line?: number | null;
  method?: string | null;
  url?: string | null;
  route?: string | null;
  status?: number | null;
  duration_ms?: number | null;
  req_bytes?: number | null;
  resp_bytes?: number | null;
  ip_hash?: string | null;
  user_agent?: string | null;
  referrer?: string | null;
  type?: string | null;
  page?: string | null;
  target?: string | null;
  level?: string | null;
  message?: string | null;
  trace_id?: string | null;
  span_id?: string | null;
  attrs?: Record<string, unknown> | null;
  /** A sender-chosen id (Segment messageId, PostHog uuid): a second event with it is not stored. */
  dedup_key?: string | null;
  /** The payload exactly as received: the log line, or the JSON of the event. */
  raw: string;
}

// ---- Collector wire format: what our users' existing clients already send ----

/**
 * An ISO 8601 date-time, read as epoch ms. Impossible dates (2024-02-30) are refused rather than
 * rolled over, and a time without an offset is UTC, as the search language reads it.
 */
function parseIsoTimestamp(s: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/i.test(s)) return null;
  return parseTimeValue(s)?.start ?? null;
}

/** Parsed once here: the schema hands over epoch ms, so nothing downstream reads the text again. */
const IsoTimestamp = z.string().transform((s, ctx) => {
  const ms = parseIsoTimestamp(s);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: 'timestamp must be an ISO 8601 date-time, e.g. 2026-11-23T10:15:00Z' });
    return z.NEVER;
  }
  return ms;
});

export const CollectEventSchema = z.object({
  event_type: z
    .string()
    .min(1, 'event_type must not be empty')
    .max(200, 'event_type must be at most 200 characters'),
  event_data: z.record(z.string(), z.unknown(), { error: 'event_data must be an object' }),
  timestamp: IsoTimestamp.optional(),
  session_id: z.string().max(200).optional(),
  user_id: z.string().max(200).optional(),
});
export type CollectEvent = z.infer<typeof CollectEventSchema>;

/** `{events: [...]}` for /api/analytics/batch: items are checked one by one, so only the shape is here. */
export const CollectBatchSchema = z.object({
  events: z.array(z.unknown(), { error: 'events must be an array of events' }),
});

/** ISO 8601 text or epoch milliseconds, as epoch ms. */
const TimeInput = z.union([
  IsoTimestamp,
  z
    .number()
    .int('time in epoch milliseconds must be a whole number')
    .min(0, 'time must not be before 1970')
    .max(253_402_300_799_999, 'time must be before the year 10000'),
]);

const HeaderMap = z.record(z.string().max(256), z.union([z.string(), z.array(z.string()), z.number()]));
const Hex = (len: number, name: string) =>
  z.string().regex(new RegExp(`^[0-9a-fA-F]{${len}}$`), `${name} must be ${len} hex digits`);

/**
 * One API call for POST /api/logs, as our Node middleware and browser SDK send it and as a
 * user's own code can write it by hand. Unknown keys are kept (in attrs), not refused.
 */
export const ApiLogRecordSchema = z.looseObject({
  method: z.string().min(1, 'method must not be empty').max(32, 'method must be at most 32 characters'),
  url: z.string().min(1, 'url must not be empty').max(8192, 'url must be at most 8192 characters'),
  status: z.number().int().min(0).max(999, 'status must be an HTTP status code').optional(),
  duration_ms: z
    .number()
    .min(0, 'duration_ms must not be negative')
    .max(8_640_000_000, 'duration_ms must be at most 100 days (8640000000)')
    .optional(),
  time: TimeInput.optional(),
  session_id: z.string().max(200).optional(),
  user_id: z.string().max(200).optional(),
  route: z.string().max(2048).optional(),
  trace_id: Hex(32, 'trace_id').optional(),
  span_id: Hex(16, 'span_id').optional(),
  request_headers: HeaderMap.optional(),
  response_headers: HeaderMap.optional(),
  request_body: z.unknown().optional(),
  response_body: z.unknown().optional(),
  req_bytes: z.number().int().min(0).optional(),
  resp_bytes: z.number().int().min(0).optional(),
  error: z.string().max(4096).optional(),
  source: z.string().max(100).optional(),
});
export type ApiLogRecord = z.infer<typeof ApiLogRecordSchema>;
