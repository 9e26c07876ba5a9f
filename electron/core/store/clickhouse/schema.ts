// The tables, created when missing. Written for clickhouse-server 18.16 (Debian's package) and
// kept to what current releases still run: no DateTime64 (times are Int64 epoch ms), no
// LowCardinality (18.16 has it only behind a setting), no JSON functions (attrs are flattened
// into arrays at insert, attrs-index.ts).
import type { Connection } from './connection.js';

/**
 * events: one row per event. Sorted by (time, id): the newest-first page and every time range
 * read only the granules in range, and the sort keeps similar rows together so the text columns
 * compress well. Partitioned by 30-day windows of event time so merges stay within a window and
 * a query over recent events skips older partitions outright.
 */
export const EVENT_COLUMNS_SQL = `
  id UInt64,
  time Int64,
  kind Enum8('api' = 1, 'user' = 2, 'log' = 3),
  source_id UInt64,
  session_id Nullable(String),
  session_derived UInt8,
  user_id Nullable(String),
  method Nullable(String),
  url Nullable(String),
  route Nullable(String),
  ip_hash Nullable(String),
  user_agent Nullable(String),
  referrer Nullable(String),
  type Nullable(String),
  page Nullable(String),
  target Nullable(String),
  level Nullable(String),
  message Nullable(String),
  line Nullable(Int64),
  status Nullable(Float64),
  duration_ms Nullable(Float64),
  req_bytes Nullable(Float64),
  resp_bytes Nullable(Float64),
  trace_id Nullable(String),
  span_id Nullable(String),
  attrs Nullable(String),
  attr_paths Array(String),
  attr_types Array(UInt8),
  attr_texts Array(String),
  attr_nums Array(Float64),
  search_text String,
  raw Nullable(String),
  byte_offset Nullable(Int64),
  byte_length Nullable(Int64),
  dedup_key Nullable(String)
`;

/** The events table's engine; a cluster's local tables take the same (README). */
export const EVENTS_ENGINE = 'MergeTree PARTITION BY intDiv(time, 2592000000) ORDER BY (time, id)';

const EVENTS = (db: string) => `CREATE TABLE IF NOT EXISTS ${db}.events (${EVENT_COLUMNS_SQL}) ENGINE = ${EVENTS_ENGINE}`;

/**
 * sources: a row per change (reads take each source's highest version with argMax, sources.ts;
 * ReplacingMergeTree drops the older ones as it merges).
 * A removed source is a last version with deleted = 1. `skipped` and the read position move
 * with each committed batch of the one import that writes the source.
 */
const SOURCES = (db: string) => `CREATE TABLE IF NOT EXISTS ${db}.sources (
  id UInt64,
  kind String,
  name String,
  format Nullable(String),
  created_at Int64,
  created_order UInt64,
  path Nullable(String),
  state String,
  size Nullable(Float64),
  mtime_ms Nullable(Float64),
  head_hash Nullable(String),
  read_bytes Float64,
  read_lines Float64,
  skipped Int64,
  options Nullable(String),
  report Nullable(String),
  deleted UInt8,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY id`;

/**
 * Event counts per source as deltas summed on read: every insert into events adds its count
 * through the view below (in the same request, so no writer has to read-modify-write a total
 * that another collector is also moving); deletes add minus what they removed.
 */
const SOURCE_COUNTS = (db: string) => `CREATE TABLE IF NOT EXISTS ${db}.source_counts (
  source_id UInt64,
  imported Int64
) ENGINE = SummingMergeTree
ORDER BY source_id`;

const SOURCE_COUNTS_VIEW = (db: string) => `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.source_counts_on_insert
TO ${db}.source_counts
AS SELECT source_id, toInt64(count()) AS imported FROM ${db}.events GROUP BY source_id`;

/** Secrets and other per-store settings; the first value written for a key wins. */
const SETTINGS = (db: string) => `CREATE TABLE IF NOT EXISTS ${db}.settings (
  key String,
  value String,
  created_at Int64
) ENGINE = MergeTree
ORDER BY (key, created_at, value)`;

/** `db` is a checked identifier (url.ts). */
export async function ensureSchema(conn: Connection): Promise<void> {
  const db = conn.database;
  await conn.command(`CREATE DATABASE IF NOT EXISTS ${db}`);
  for (const ddl of [EVENTS, SOURCES, SOURCE_COUNTS, SOURCE_COUNTS_VIEW, SETTINGS]) await conn.command(ddl(db));
}
