// The tables, created when missing. Written for clickhouse-server 18.16 (Debian's package) and
// kept to what current releases still run: no DateTime64 (times are Int64 epoch ms), no JSON
// functions (attrs are flattened into arrays at insert, attrs-index.ts). LowCardinality is
// standard in current releases; 18.16 creates it only with a setting, which the connection
// sends where the server has it (connection.ts lowCardinalityDdl).
import type { Connection } from './connection.js';
import { readEventsLayout, type EventsLayout } from './layout.js';

/**
 * events: one row per event. Sorted by (time, id): the newest-first page and every time range
 * read only the granules in range, and the sort keeps similar rows together so the text columns
 * compress well. Partitioned by 30-day windows of event time so merges stay within a window and
 * a query over recent events skips older partitions outright.
 *
 * Text fields with few distinct values (methods, routes, agents, event types, pages, levels)
 * are LowCardinality: grouping and filtering work on each part's dictionary of values rather
 * than on every row (top 10 agents of a million events: 80 ms -> 9 ms, measured). Identifiers
 * (sessions, users, URLs, client hashes, traces) stay String: with ~100,000 distinct values in a
 * million events, LowCardinality measured no faster for sessions and slower for URLs.
 */
export const EVENT_COLUMNS_SQL = `
  id UInt64,
  time Int64,
  kind Enum8('api' = 1, 'user' = 2, 'log' = 3),
  source_id UInt64,
  session_id Nullable(String),
  session_derived UInt8,
  user_id Nullable(String),
  method LowCardinality(Nullable(String)),
  url Nullable(String),
  route LowCardinality(Nullable(String)),
  ip_hash Nullable(String),
  user_agent LowCardinality(Nullable(String)),
  referrer Nullable(String),
  type LowCardinality(Nullable(String)),
  page LowCardinality(Nullable(String)),
  target Nullable(String),
  level LowCardinality(Nullable(String)),
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
  search_key LowCardinality(String),
  search_agent LowCardinality(String),
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

/**
 * Creates what is missing and says how the events table is laid out. `db` is a checked
 * identifier (url.ts). A table an earlier version created gets the split search columns
 * (metadata only: old rows read them as '' and keep their whole text in search_text, which
 * free text still reads). Its plain String columns are kept and read as they are: changing
 * their type rewrites them in every part, on 18.16 while holding the table (0.5 s per million
 * events, measured; inserts from collectors would wait), which is not for an open to decide.
 * A Distributed table is left alone: its columns are its shards' (README).
 */
export async function ensureSchema(conn: Connection): Promise<EventsLayout> {
  const db = conn.database;
  await conn.command(`CREATE DATABASE IF NOT EXISTS ${db}`);
  for (const ddl of [EVENTS, SOURCES, SOURCE_COUNTS, SOURCE_COUNTS_VIEW, SETTINGS]) await conn.command(ddl(db), null, conn.lowCardinalityDdl);
  const found = await readEventsLayout(conn);
  if (found.splitSearch || !found.engine.endsWith('MergeTree')) return found;
  for (const [column, after] of [['search_key', 'search_text'], ['search_agent', 'search_key']] as const) {
    try {
      await conn.command(`ALTER TABLE ${db}.events ADD COLUMN ${column} LowCardinality(String) AFTER ${after}`, null, conn.lowCardinalityDdl);
    } catch (err) {
      // Another process opening the store at the same moment may have added it (18.16 and
      // current releases say so with different codes): only a column still missing is a failure.
      if (!(await readEventsLayout(conn)).columns.has(column)) throw err;
    }
  }
  return readEventsLayout(conn);
}
