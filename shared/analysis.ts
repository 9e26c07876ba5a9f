// The contract's shapes for sessions, timelines and charts (the calls are listed in api.ts).
// A session joins a user's actions to the API calls they caused; these shapes are what the
// session list, the timeline, the dashboard, the bridge chart and their CLI commands all read, so
// the UI and `logbridge sessions|timeline|stats` show the same figures.
// Isomorphic: no node:*, no electron, no DOM.
import { z } from 'zod';
import { LogEventSchema } from './events.js';
import { GROUP_FIELDS, MEASURE_FIELDS } from './fields.js';

/** An aggregate's group key as text (a status 404 as "404"); null for a missing value. */
export const keyText = (k: string | number | null | undefined): string | null => (k === null || k === undefined ? null : String(k));

/** A call counts as failed from this status up (shared with the error counts: fields.ts). */
export { ERROR_STATUS_FROM } from './fields.js';

/** "Ended after a failure" in the session list: the session's last event within this of a failed or slow call. */
export const ENDED_AFTER_FAILURE_MS = 60_000;

export const SessionSummarySchema = z.object({
  session_id: z.string(),
  /** Made by an importer from client and agent (a file without ids), not given by the data. */
  derived: z.boolean(),
  /** The session's user; the last one named when a user logged in part-way. */
  user_id: z.string().nullable(),
  /** First and last event, epoch ms. */
  start: z.number().int(),
  end: z.number().int(),
  duration_ms: z.number().int(),
  /** Page views. */
  pages: z.number().int(),
  /** User events of any type (page views included). */
  actions: z.number().int(),
  api_calls: z.number().int(),
  /** Failed API calls (status from ERROR_STATUS_FROM up) plus error_encountered events. */
  errors: z.number().int(),
  slowest_ms: z.number().nullable(),
  /**
   * The session's last event came within ENDED_AFTER_FAILURE_MS of a failed call or a slow one
   * (slower than its route's p95 over the whole store).
   */
  ended_after_failure: z.boolean(),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

/**
 * The browser's and the server's record of one call: same session, method and path, started
 * within CALL_PAIR_TOLERANCE_MS of each other, or the same trace id.
 */
export const CallPairSchema = z.object({
  browser_id: z.string(),
  server_id: z.string(),
});
export const CALL_PAIR_TOLERANCE_MS = 2_000;

export const TimelineSchema = z.object({
  session: SessionSummarySchema,
  /** Oldest first. */
  events: z.array(LogEventSchema),
  pairs: z.array(CallPairSchema),
  /** More events than the limit: the first `limit` are shown. */
  truncated: z.boolean(),
  /** The sessions that started just before and just after this one (among those matching the query). */
  prev: z.string().nullable(),
  next: z.string().nullable(),
});
export type Timeline = z.infer<typeof TimelineSchema>;

export const GroupFieldSchema = z.enum(GROUP_FIELDS);
export const MeasureFieldSchema = z.enum(MEASURE_FIELDS);

/** The store port's metrics (electron/core/store/port.ts), as the contract carries them. */
export const MetricSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('count') }),
  z.object({ op: z.literal('errors') }),
  z.object({ op: z.literal('distinct'), field: GroupFieldSchema }),
  z.object({ op: z.enum(['p50', 'p95', 'p99', 'avg', 'min', 'max', 'sum']), field: MeasureFieldSchema }),
]);
export type MetricInput = z.infer<typeof MetricSchema>;

/** A time range, epoch ms, start inclusive and end exclusive; either end may be open. */
export const TimeRangeSchema = z
  .object({ from: z.number().int().optional(), to: z.number().int().optional() })
  .refine((r) => r.from === undefined || r.to === undefined || r.from < r.to, 'the range must start before it ends');

export const AggregateRowSchema = z.object({
  keys: z.array(z.union([z.string(), z.number(), z.null()])),
  bucket: z.number().int().optional(),
  values: z.array(z.number().nullable()),
});

/** Per route: what became of the sessions after a failed, a slow and a normal call. */
export const BridgeOutcomeSchema = z.object({
  /** Sessions with at least one call of this class on the route. */
  sessions: z.number().int(),
  /** Of those, the ones whose last user action came no later than the window after their last such call. */
  left: z.number().int(),
});
export const BridgeRowSchema = z.object({
  route: z.string(),
  method: z.string().nullable(),
  calls: z.number().int(),
  /** The route's p95 duration: a slow call took longer. */
  p95_ms: z.number().nullable(),
  failed: BridgeOutcomeSchema,
  slow: BridgeOutcomeSchema,
  normal: BridgeOutcomeSchema,
});
export type BridgeRow = z.infer<typeof BridgeRowSchema>;

/** What `stats --by` and the per-route table group by. */
export const STATS_BY = ['route', 'method', 'status', 'page', 'all'] as const;
