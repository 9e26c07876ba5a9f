// The store port: everything the core asks of storage, as one async interface. Handlers, the
// importers, the collector and the command line see only this; each adapter (sqlite/, the
// embedded default, and clickhouse/, for teams) keeps its SQL to itself. One contract suite
// (test/helpers/store-contract.ts, run by store-contract-<adapter>.test.ts) runs unchanged against every adapter.
//
// Event ids and search cursors are opaque strings: SQLite hands out row ids, ClickHouse random
// 64-bit numbers (several collectors may write to one cluster, so there is no sequence to share).
import type { LogEvent, NewEvent } from '../../../shared/events.js';
import type { GroupField, MeasureField } from '../../../shared/fields.js';
import type { SortField, SortSpec } from '../../../shared/sort.js';
import type { QueryNode } from '../query/ast.js';
import type { ColumnBatch } from './column-batch.js';

export type EventId = string;

export type SourceState = 'importing' | 'done' | 'cancelled' | 'failed';

export interface SourceRow {
  id: number;
  kind: 'collector' | 'file';
  name: string;
  format: string | null;
  imported: number;
  skipped: number;
  created_at: number;
  path: string | null;
  state: SourceState;
}

/** What identifies a file's content without reading it all. */
export interface FileIdentity {
  path: string;
  size: number;
  mtimeMs: number;
  /** A hash of the first bytes: the same path rewritten with other content is another file. */
  headHash: string;
}

export interface FileSourceRow extends SourceRow {
  size: number | null;
  mtime_ms: number | null;
  head_hash: string | null;
  read_bytes: number;
  read_lines: number;
  /** The import options it was read with, as JSON. */
  options: string | null;
  /** The format's report (field mapping, notes), as JSON. */
  report: string | null;
}

/** A stored event with what is needed to find its raw text. */
export interface StoredEvent {
  event: LogEvent;
  sourceId: number;
  /** Collected events keep their payload; imported ones point into their file. */
  raw: string | null;
  byteOffset: number | null;
  byteLength: number | null;
}

export type { SortSpec };

export interface SearchSpec {
  filter: QueryNode | null;
  limit: number;
  /**
   * The order (default DEFAULT_SORT, time desc): by the field, then time, then id, all in the
   * one direction; events without a value come last in both directions. Text orders by code
   * point (shared/sort.ts). The fields' values are what shared/sort.ts sortValueOf reads.
   */
  sort?: SortSpec;
  /**
   * The `next` of the page before; absent for the first page. A cursor made under another sort
   * is a StoreInputError, never a wrong page.
   */
  after?: string;
  /** Skips this many matching events in the sort order (to jump to any row); never with `after`. */
  offset?: number;
  /**
   * Also count every match (SearchPage.total): where the adapter finds the page by walking the
   * matches it knows their number already, and the table needs both for each search.
   */
  count?: boolean;
}

export interface SearchPage {
  /** In the spec's sort order (newest first by default: time, then id). */
  events: LogEvent[];
  /** Where the next page starts, in the same sort; null when this page is the last. */
  next: string | null;
  /** Every match, when the spec asked (`count`). */
  total?: CountResult;
}

export interface CountResult {
  count: number;
  /** True when the adapter estimated (the UI shows it as such). */
  approximate: boolean;
}

export type Metric =
  | { op: 'count' }
  /** Events with a status from ERROR_STATUS_FROM (shared/fields.ts) up. */
  | { op: 'errors' }
  | { op: 'distinct'; field: GroupField }
  | { op: 'p50' | 'p95' | 'p99' | 'avg' | 'min' | 'max' | 'sum'; field: MeasureField };

export interface AggregateSpec {
  filter: QueryNode | null;
  groupBy?: GroupField[];
  /** Time buckets of this many milliseconds, aligned to multiples of it since the epoch. */
  bucketMs?: number;
  metrics: Metric[];
  /**
   * Without buckets: rows are ordered by this metric (an index into metrics, default 0),
   * largest first, then by keys; `limit` keeps the first. With buckets: rows are ordered by
   * bucket, then keys, and `limit` caps the groups per bucket by the same metric.
   */
  orderBy?: number;
  limit?: number;
  /** Exact figures even where the adapter would otherwise estimate (slower on big stores). */
  exact?: boolean;
}

export interface AggregateRow {
  /** One per groupBy field: text, a status number, or null where the event has none. */
  keys: (string | number | null)[];
  /** The bucket's start (epoch ms) when bucketMs was given. */
  bucket?: number;
  /** One per metric; null where there was nothing to measure (no durations in the group). */
  values: (number | null)[];
}

export interface AggregateResult {
  rows: AggregateRow[];
  /** True when any value is an estimate (a percentile from a sketch, a sampled count). */
  approximate: boolean;
}

/** Ids of a collector group, in the order of the events given; a duplicate gets the stored one's id. */
export type AppendResult = EventId[];

export type SessionMerges = readonly (readonly [number, number])[];

/** An import's writer: one committed batch per call, in order. */
export interface BulkSink {
  /** Stores one batch with `bad` more skipped records; resolves with what it added. */
  append(batch: ColumnBatch, bad: number): Promise<{ inserted: number }>;
  /**
   * Ends the load: indexes rebuilt where the adapter dropped them, and the events of derived
   * sessions the parser merged after writing them ([from, to] refs, derived-sessions.ts) moved.
   */
  finish(sessionMerges?: SessionMerges): Promise<void>;
  /** Ends the load without finishing; what was committed stays. */
  abort(): Promise<void>;
}

export interface BulkLoadOptions {
  sourceId: number;
  /** How many events the file may hold, so the adapter can choose how to load it. */
  expectedEvents: number;
  /** Commit on the calling thread (the one-shot CLI) instead of a writer thread. */
  inline?: boolean;
}

export interface SourcesPort {
  /** The one source the collector writes under, created on first use. */
  collectorId(): Promise<number>;
  createFile(name: string, format: string, file: FileIdentity, options: string | null): Promise<number>;
  /** The newest file source read from `path`. */
  findByPath(path: string): Promise<FileSourceRow | undefined>;
  /** The newest finished file source with this name, size and head hash (an upload sent again). */
  findUpload(name: string, size: number, headHash: string): Promise<FileSourceRow | undefined>;
  /** The newest file source of any name or path with this size and head hash: the same file read from elsewhere. */
  findSameContent(size: number, headHash: string): Promise<FileSourceRow | undefined>;
  getFile(id: number): Promise<FileSourceRow | undefined>;
  /** Records the file as it is now (after a read on), its state and the format's report. */
  finish(id: number, state: SourceState, file: Omit<FileIdentity, 'path'> | null, report: string | null): Promise<void>;
  /** Deletes a source's events past `line` and takes them off its count; resolves with how many went. */
  forgetAfterLine(id: number, line: number): Promise<number>;
  /** The highest derived-session number the source has used (0: none), for a read that goes on. */
  lastDerivedSession(id: number): Promise<number>;
  /** Deletes a source and its events; resolves with how many events went. */
  remove(id: number): Promise<number>;
  list(): Promise<SourceRow[]>;
}

export interface EventStore {
  readonly kind: 'sqlite' | 'clickhouse';
  /** What the user named (a file path, or the ClickHouse URL without its password). */
  readonly location: string;
  /**
   * How this store answers differently from the embedded one (free text that matches substrings
   * rather than words, say), one sentence each; the UI shows them rather than hiding the difference.
   */
  readonly notes: readonly string[];
  /** Stores a collector group in one commit, counting it on the source. */
  append(sourceId: number, events: readonly NewEvent[]): Promise<AppendResult>;
  bulkLoad(opts: BulkLoadOptions): Promise<BulkSink>;
  search(spec: SearchSpec): Promise<SearchPage>;
  count(filter: QueryNode | null): Promise<CountResult>;
  get(id: EventId): Promise<StoredEvent | undefined>;
  aggregate(spec: AggregateSpec): Promise<AggregateResult>;
  /**
   * For each field, what aggregate gives for { filter, groupBy: [field], metrics: [count], limit }:
   * the explorer's facets. Optional: where absent, the fields are asked one aggregate each
   * (the SQLite index counts several fields in one walk of the matches).
   */
  countEach?(filter: QueryNode | null, fields: readonly GroupField[], limit: number): Promise<AggregateResult[]>;
  readonly sources: SourcesPort;
  /** A random secret made on first use and kept with the store (the file IP-hash key). */
  secret(name: string): Promise<string>;
  /**
   * Deletes collected events older than `cutoffMs`, oldest first; resolves with how many went.
   * A call deletes at least `limit` of them (all, when fewer are left) and may delete more:
   * SQLite stops at `limit` to keep its synchronous deletes short, ClickHouse deletes them all in
   * one mutation. Fewer than `limit`: nothing older is left. Imported files are never purged.
   */
  purgeCollectedBefore(cutoffMs: number, limit: number): Promise<number>;
  /** Classifies a failure as a store fault the user can act on (full disk, damaged file, unreachable server). */
  fault(err: unknown): Error | null;
  /**
   * Prepares, in the background while the store is idle (from the first search on: a table is
   * open), what the table's first acts read: a free-text search, and sorting by each of these
   * fields, so the first word typed and the first click on a column header cost what the next
   * ones do. Absent where nothing is kept for them (ClickHouse searches and sorts on the server).
   */
  warmAhead?(fields: readonly SortField[]): void;
  close(): Promise<void>;
}

/** The aggregate countEach gives for one field: the counts of its values among the matches, the `limit` largest. */
export function fieldCounts(filter: QueryNode | null, field: GroupField, limit: number): AggregateSpec {
  return { filter, groupBy: [field], metrics: [{ op: 'count' }], limit };
}

/** A cursor or id that this store did not hand out (or that was damaged on the way). */
export class StoreInputError extends Error {
  override name = 'StoreInputError';
}
