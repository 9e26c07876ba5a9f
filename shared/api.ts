// THE contract between the UI and the core. Every call the renderer can make is listed here
// with its input and output schema; both transports (Electron IPC and HTTP) carry exactly
// these calls through one dispatch, and nothing else crosses the boundary.
import { z } from 'zod';
import { LogEventDetailSchema, LogEventSchema } from './events.js';
import { SortSpecSchema } from './sort.js';
import { SuggestFieldSchema } from './suggest.js';
import {
  AggregateRowSchema, BridgeRowSchema, GroupFieldSchema, MetricSchema, STATS_BY, SessionSummarySchema, TimeRangeSchema, TimelineSchema,
} from './analysis.js';
import { workspaceCalls } from './api-workspace.js';
import { DEFAULT_FACET_LIMIT, FACET_FIELDS, FacetFieldSchema, FacetSchema, MAX_FACET_LIMIT } from './facets.js';

// Kept equal to the core's format registry by test/unit/format-samples.test.ts.
export const IMPORT_FORMATS = [
  'auto', 'access', 'jsonl', 'csv', 'har', 'otlp', 'segment', 'posthog',
  'w3c', 'cloudfront', 'alb', 'haproxy', 'apache-error', 'nginx-error', 'logfmt',
] as const;
export const ImportFormatSchema = z.enum(IMPORT_FORMATS, {
  error: `format must be one of ${IMPORT_FORMATS.join(', ')}`,
});
export type ImportFormat = z.infer<typeof ImportFormatSchema>;

/** Fields a JSON-lines or CSV import maps from the file's own names (importers/format-types.ts). */
export const MAPPABLE_FIELDS = [
  'time', 'level', 'message', 'status', 'method', 'url', 'duration_ms', 'trace_id', 'span_id',
  'session_id', 'user_id', 'route', 'type', 'page', 'target', 'user_agent', 'referrer', 'ip',
] as const;

/** Our field -> the file's field (a dot path into nested JSON), or null to leave it unmapped. */
export const FieldMappingSchema = z.partialRecord(z.enum(MAPPABLE_FIELDS), z.string().min(1).max(200).nullable());

/** How to read a file, beyond what detection finds. */
export const ImportOptionsSchema = z.object({
  format: ImportFormatSchema.default('auto'),
  /** An nginx `log_format` or Apache `LogFormat` string for access logs in a custom layout. */
  log_format: z.string().min(1).max(2000).optional(),
  mapping: FieldMappingSchema.optional(),
});
export type ImportOptions = z.input<typeof ImportOptionsSchema>;

export const ImportErrorSchema = z.object({
  line: z.number().int(),
  reason: z.string(),
  text: z.string(),
});

export const ImportSummarySchema = z.object({
  /** The import's id in `import.progress` messages and for `import.cancel`. */
  job_id: z.string(),
  source_id: z.number().int(),
  name: z.string(),
  format: z.string(),
  /**
   * done: read to the end; unchanged: already imported and not changed since, nothing read;
   * cancelled: stopped by the user, what was committed stays.
   */
  state: z.enum(['done', 'unchanged', 'cancelled']),
  /** Byte offset the read started at: above 0 when a file that grew was read on from there. */
  resumed_from: z.number().int(),
  /** Bytes and lines read in this import. */
  bytes: z.number().int(),
  lines: z.number().int(),
  /** Our field -> the file's field, for formats that map names (JSON lines, CSV). */
  mapping: z.record(z.string(), z.string()).optional(),
  /** Things the parser decided that the user should know, one sentence each. */
  notes: z.array(z.string()).optional(),
  imported: z.number().int(),
  skipped: z.number().int(),
  /** Lines longer than 1 MiB, imported cut to that length. */
  truncated: z.number().int(),
  /** The first bad lines (at most 20), with their line numbers. */
  errors: z.array(ImportErrorSchema),
  elapsed_ms: z.number(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

export const SourceSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['collector', 'file']),
  name: z.string(),
  format: z.string().nullable(),
  imported: z.number().int(),
  skipped: z.number().int(),
  created_at: z.number().int(),
  /** The file it was read from (absent for the collector). */
  path: z.string().nullable(),
  state: z.enum(['importing', 'done', 'cancelled', 'failed']),
  /** The file's size when it was last read; null for the collector. */
  size: z.number().int().nullable(),
  /** How it was read (what a re-import starts from); null for the collector. */
  options: ImportOptionsSchema.nullable(),
  /** The app reads it on as it grows (`sources.follow`). */
  following: z.boolean(),
  /** A copy of a file uploaded through the browser: there is no path of the user's to follow. */
  uploaded: z.boolean(),
});
export type Source = z.infer<typeof SourceSchema>;

/** One running import's progress, pushed on the `import.progress` topic. */
export const ImportProgressSchema = z.object({
  job_id: z.string(),
  name: z.string(),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  /** Bytes read of total_bytes (the file's size on disk, compressed or not). */
  bytes: z.number().int(),
  total_bytes: z.number().int(),
  lines: z.number().int(),
  events: z.number().int(),
  bad: z.number().int(),
  bytes_per_s: z.number(),
  /** Time left at the current rate; null until there is a rate. */
  eta_ms: z.number().nullable(),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

/** Largest piece of an upload in one call, base64-encoded. */
export const MAX_UPLOAD_CHUNK_BASE64 = 8 * 1024 * 1024;

/** The deepest row a search jumps to by offset. */
export const MAX_SEARCH_OFFSET = 100_000_000;

/** Where the next page of a search starts: opaque, as the store handed it out in `next`. */
export const CursorSchema = z.string().min(1).max(200);

/** An event's id: opaque, as the store handed it out. */
export const EventIdSchema = z.string().min(1, 'id is empty').max(40, 'id is longer than any event id');

export const RouteStatsRowSchema = z.object({
  /** The grouped value as text (`GET /users/:id` by route, `404` by status); null for `all` or a missing value. */
  key: z.string().nullable(),
  route: z.string().nullable(),
  method: z.string().nullable(),
  count: z.number().int(),
  errors: z.number().int(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
});
export type RouteStatsRow = z.infer<typeof RouteStatsRowSchema>;

const QueryText = z.string().max(10_000, 'query is longer than 10,000 characters');

/** Largest file the renderer may upload in one call; bigger files go through the CLI for now. */
export const MAX_UPLOAD_CHARS = 512 * 1024 * 1024;

export const api = {
  'app.info': {
    input: z.object({}),
    output: z.object({
      version: z.string(),
      dbPath: z.string(),
      collectorUrl: z.string().nullable(),
      /** Which store answers, and how it answers differently from the embedded one (shown in the UI). */
      store: z.object({ kind: z.enum(['sqlite', 'clickhouse']), notes: z.array(z.string()) }),
    }),
  },
  'events.search': {
    input: z.object({
      query: QueryText.default(''),
      /** Leave out requests for images, style sheets, fonts and scripts (shared/assets.ts). */
      hide_assets: z.boolean().default(false),
      /** Only events in this time range (the explorer's time-range picker). */
      range: TimeRangeSchema.optional(),
      limit: z.number().int().min(1).max(5000).default(500),
      before: CursorSchema.optional(),
      /** The order (default time desc); `next` cursors continue in it. */
      sort: SortSpecSchema.optional(),
      /** Skip this many matches in the sort order (jump to any row); not with `before`. */
      offset: z.number().int().min(0).max(MAX_SEARCH_OFFSET).optional(),
    }),
    output: z.object({
      events: z.array(LogEventSchema),
      /** Total matches for the query, ignoring limit and cursor. */
      total: z.number().int(),
      /** True when the store estimated the total (show it as such). */
      total_approximate: z.boolean(),
      next: CursorSchema.nullable(),
    }),
  },
  /**
   * The search box's suggestions: the most frequent values of a field among the events matching
   * `query`, those starting with `prefix` (case-insensitive where the field compares so).
   */
  'events.suggest': {
    input: z.object({
      query: QueryText.default(''),
      field: SuggestFieldSchema,
      prefix: z.string().max(200, 'prefix is longer than 200 characters').default(''),
      hide_assets: z.boolean().default(false),
      range: TimeRangeSchema.optional(),
      limit: z.number().int().min(1).max(50).default(10),
    }),
    output: z.object({ values: z.array(z.object({ value: z.string(), count: z.number().int() })) }),
  },
  /** The explorer's sidebar: each field's top values and counts among the events the search matches. */
  'events.facets': {
    input: z.object({
      query: QueryText.default(''),
      hide_assets: z.boolean().default(false),
      range: TimeRangeSchema.optional(),
      fields: z.array(FacetFieldSchema).min(1).max(FACET_FIELDS.length).default([...FACET_FIELDS]),
      limit: z.number().int().min(1).max(MAX_FACET_LIMIT).default(DEFAULT_FACET_LIMIT),
    }),
    output: z.object({
      /** Events the search matches. */
      total: z.number().int(),
      facets: z.array(FacetSchema),
      approximate: z.boolean(),
    }),
  },
  'events.get': {
    input: z.object({ id: EventIdSchema }),
    output: LogEventDetailSchema,
  },
  'stats.routes': {
    input: z.object({
      query: QueryText.default(''),
      /**
       * `route`: one row per route and method of API calls; `method`, `status`: per value, of API
       * calls; `page`: per page, of every event that names one; `all`: one row for the API calls matched.
       */
      by: z.enum(STATS_BY).default('route'),
      range: TimeRangeSchema.optional(),
      limit: z.number().int().min(1).max(10_000).default(100),
      /** Exact percentiles even where the store would estimate them (slower on big stores). */
      exact: z.boolean().default(false),
    }),
    /** `approximate`: percentiles estimated by the store (a sketch), not ranked exactly. */
    output: z.object({ rows: z.array(RouteStatsRowSchema), approximate: z.boolean() }),
  },
  /**
   * The port's aggregate for the dashboard's charts: any group-by of the catalogue, metrics, and
   * time buckets. `buckets` asks for about that many buckets over the range (or over the matched
   * events' own span when the range is open); the answer says which width it chose.
   */
  'stats.aggregate': {
    input: z.object({
      query: QueryText.default(''),
      range: TimeRangeSchema.optional(),
      group_by: z.array(GroupFieldSchema).max(3).default([]),
      buckets: z.number().int().min(1).max(1000).optional(),
      metrics: z.array(MetricSchema).min(1).max(8),
      order_by: z.number().int().min(0).max(7).optional(),
      limit: z.number().int().min(1).max(10_000).default(100),
      /** Leave out requests for static assets, as events.search does (the explorer's histogram). */
      hide_assets: z.boolean().default(false),
      /**
       * Count every stored record, as the explorer lists them, instead of one record per API
       * call (the dashboard's figures): the histogram's bars then add up to the table's count.
       */
      every_record: z.boolean().default(false),
    }),
    output: z.object({
      rows: z.array(AggregateRowSchema),
      /** The bucket width chosen (absent without buckets). */
      bucket_ms: z.number().int().optional(),
      approximate: z.boolean(),
    }),
  },
  /** Per route: how often sessions ended soon after a failed, a slow and a normal call. */
  'stats.bridge': {
    input: z.object({
      query: QueryText.default(''),
      range: TimeRangeSchema.optional(),
      window_minutes: z.number().min(0.1).max(24 * 60).default(5),
      limit: z.number().int().min(1).max(1000).default(20),
    }),
    output: z.object({ rows: z.array(BridgeRowSchema), window_minutes: z.number() }),
  },
  /**
   * The search text that leaves out what the statistics leave out (a browser's record of a call
   * the server recorded too), for drill-downs to list what a figure counted: '' when nothing
   * is left out, null when it cannot be said in a query of reasonable length.
   */
  'stats.one_record_per_call': {
    input: z.object({}),
    output: z.object({ query: z.string().nullable() }),
  },
  /** Sessions with at least one event matching the query, newest first. */
  'sessions.list': {
    input: z.object({
      query: QueryText.default(''),
      range: TimeRangeSchema.optional(),
      limit: z.number().int().min(1).max(10_000).default(1000),
    }),
    output: z.object({
      sessions: z.array(SessionSummarySchema),
      /** More sessions matched than the limit. */
      truncated: z.boolean(),
    }),
  },
  /** One session's events oldest first; prev and next among the sessions matching the query. */
  'sessions.timeline': {
    input: z.object({
      session_id: z.string().min(1).max(200),
      query: QueryText.default(''),
      limit: z.number().int().min(1).max(50_000).default(10_000),
    }),
    output: TimelineSchema,
  },
  /**
   * Runs the demo shop with a seeded crowd of visitors, through this app's own collector, so an
   * empty store has real sessions to explore.
   */
  'demo.load': {
    input: z.object({ seed: z.number().int().min(0).max(2 ** 31).default(7), visitors: z.number().int().min(1).max(500).default(60) }),
    output: z.object({ sessions: z.number().int(), events: z.number().int(), elapsed_ms: z.number() }),
  },
  /** A small text file in one call (pasted text, tests); files go through import.upload. */
  'import.file': {
    input: ImportOptionsSchema.extend({
      name: z.string().min(1).max(1000),
      content: z.string().max(MAX_UPLOAD_CHARS, 'file is larger than 512 MB; import it with `logbridge import`'),
    }),
    output: ImportSummarySchema,
  },
  /**
   * A file's bytes in pieces (browser mode, where the server may not read the user's paths).
   * The first call leaves out upload_id and gets one; the call with `done` imports the file and
   * answers with the summary. The bytes are kept beside the database so an event's raw line
   * can be read back.
   */
  'import.upload': {
    input: ImportOptionsSchema.extend({
      upload_id: z.string().regex(/^[a-f0-9]{32}$/, 'upload_id is the id an earlier import.upload answered').optional(),
      name: z.string().min(1).max(1000),
      data_base64: z.string().max(MAX_UPLOAD_CHUNK_BASE64, 'an upload piece must be at most 8 MB of base64'),
      done: z.boolean().default(false),
      /** Abandons the upload: the bytes received so far are deleted. */
      abort: z.boolean().default(false),
    }),
    output: z.object({
      upload_id: z.string(),
      received_bytes: z.number().int(),
      summary: ImportSummarySchema.optional(),
    }),
  },
  /** Stops a running import; what it committed stays. */
  'import.cancel': {
    input: z.object({ job_id: z.string().min(1).max(100) }),
    output: z.object({ cancelled: z.boolean() }),
  },
  /** Reads a source's file again with other options (a corrected field mapping); its old events go. */
  'sources.reimport': {
    input: ImportOptionsSchema.extend({ source_id: z.number().int() }),
    output: ImportSummarySchema,
  },
  /** Deletes a file source and its events. */
  'sources.remove': {
    input: z.object({ source_id: z.number().int() }),
    output: z.object({ removed: z.number().int() }),
  },
  'sources.list': {
    input: z.object({}),
    output: z.object({ sources: z.array(SourceSchema) }),
  },
  /** Reads a file source on as it grows, until `sources.unfollow` or the app stops; new lines arrive as `events.added`. */
  'sources.follow': {
    input: z.object({ source_id: z.number().int() }),
    output: z.object({ following: z.boolean() }),
  },
  'sources.unfollow': {
    input: z.object({ source_id: z.number().int() }),
    output: z.object({ following: z.boolean() }),
  },
  ...workspaceCalls,
} as const;

export type Api = typeof api;
export type CallName = keyof Api;
export const CALL_NAMES = Object.keys(api) as CallName[];
export type CallInput<N extends CallName> = z.input<Api[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Api[N]['output']>;

export const ERROR_CODES = ['BAD_INPUT', 'QUERY_SYNTAX', 'NOT_FOUND', 'UNKNOWN_CALL', 'INTERNAL'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const CallErrorSchema = z.object({
  ok: z.literal(false),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** For QUERY_SYNTAX: the 1-based column the message points at. */
  column: z.number().int().optional(),
});
export type CallError = z.infer<typeof CallErrorSchema>;
export type CallResult<N extends CallName> = { ok: true; value: CallOutput<N> } | CallError;

/** Live topics pushed to subscribers (SSE in browser mode, IPC events in Electron). */
export const topics = {
  'events.added': z.object({ count: z.number().int() }),
  'import.progress': ImportProgressSchema,
} as const;
export type Topics = typeof topics;
export type TopicName = keyof Topics;
export type TopicPayload<T extends TopicName> = z.infer<Topics[T]>;
export const TOPIC_NAMES = Object.keys(topics) as TopicName[];
