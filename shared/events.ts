// The event model shared by the core, the renderer and the command line.
// Isomorphic: no node:*, no electron, no DOM.
import { z } from 'zod';
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
  id: z.number().int(),
  time: z.number().int(),
  kind: z.enum(EVENT_KINDS),
  session_id: z.string().optional(),
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

/** Columns we filter on that travel inside `attrs` on the way out (DESIGN.md's --json names). */
export const ATTR_COLUMNS = ['req_bytes', 'resp_bytes', 'ip_hash', 'user_agent', 'referrer'] as const;

export const LogEventDetailSchema = LogEventSchema.extend({ raw: z.string() });
export type LogEventDetail = z.infer<typeof LogEventDetailSchema>;

/**
 * What importers and the collector hand to the store. Kind-specific fields that have their
 * own column are named here; everything else goes in `attrs`.
 */
export interface NewEvent {
  time: number;
  kind: EventKind;
  session_id?: string | null;
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
