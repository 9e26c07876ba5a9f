// THE contract between the UI and the core. Every call the renderer can make is listed here
// with its input and output schema; both transports (Electron IPC and HTTP) carry exactly
// these calls through one dispatch, and nothing else crosses the boundary.
import { z } from 'zod';
import { LogEventDetailSchema, LogEventSchema } from './events.js';

export const ImportFormatSchema = z.enum(['auto', 'access']);
export type ImportFormat = z.infer<typeof ImportFormatSchema>;

export const ImportErrorSchema = z.object({
  line: z.number().int(),
  reason: z.string(),
  text: z.string(),
});

export const ImportSummarySchema = z.object({
  source_id: z.number().int(),
  name: z.string(),
  format: z.string(),
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
});

/** Keyset cursor: the (time, id) of the last row already shown, newest first. */
export const CursorSchema = z.object({ time: z.number().int(), id: z.number().int() });

export const RouteStatsRowSchema = z.object({
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
    }),
  },
  'events.search': {
    input: z.object({
      query: QueryText.default(''),
      limit: z.number().int().min(1).max(5000).default(500),
      before: CursorSchema.optional(),
    }),
    output: z.object({
      events: z.array(LogEventSchema),
      /** Total matches for the query, ignoring limit and cursor. */
      total: z.number().int(),
      next: CursorSchema.nullable(),
    }),
  },
  'events.get': {
    input: z.object({ id: z.number().int() }),
    output: LogEventDetailSchema,
  },
  'stats.routes': {
    input: z.object({
      query: QueryText.default(''),
      /** `route`: one row per route and method; `all`: one row for everything matched. */
      by: z.enum(['route', 'all']).default('route'),
      limit: z.number().int().min(1).max(10_000).default(100),
    }),
    output: z.object({ rows: z.array(RouteStatsRowSchema) }),
  },
  'import.file': {
    input: z.object({
      name: z.string().min(1).max(1000),
      content: z.string().max(MAX_UPLOAD_CHARS, 'file is larger than 512 MB; import it with `logbridge import`'),
      format: ImportFormatSchema.default('auto'),
    }),
    output: ImportSummarySchema,
  },
  'sources.list': {
    input: z.object({}),
    output: z.object({ sources: z.array(SourceSchema) }),
  },
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
  'events.added': z.object({ count: z.number().int(), latest_id: z.number().int() }),
} as const;
export type Topics = typeof topics;
export type TopicName = keyof Topics;
export type TopicPayload<T extends TopicName> = z.infer<Topics[T]>;
export const TOPIC_NAMES = Object.keys(topics) as TopicName[];
