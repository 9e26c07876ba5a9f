// The SQLite adapter behind the store port (../port.ts): the embedded default. The table-family
// modules beside it stay synchronous (better-sqlite3 is); this file is where they become the
// port's async calls, where collector groups go to the writer thread, and where an import
// chooses how to load.
import type { LogEvent, NewEvent } from '../../../../shared/events.js';
import type { QueryNode } from '../../query/ast.js';
import { fieldCounts, StoreInputError, type AggregateSpec, type BulkSink, type EventStore, type SearchPage, type SearchSpec, type SourcesPort } from '../port.js';
import { openStore, type Store } from './open.js';
import { compileFilter } from './event-filter.js';
import { startWriter, type Writer } from './writer.js';
import { startBulkWriter } from './bulk-writer.js';
import { createFaultWatch } from './fault-watch.js';
import { parseRowId } from './row-ids.js';
import { createSortedSql, type SqlSortKey } from './sorted-search.js';
import { checkSearchSpec, decodeSortCursor, encodeSortCursor, resolveSortKey, sortOf, type SortKey } from '../sort-cursor.js';
import { sortValueOf, type SortField, type SortSpec } from '../../../../shared/sort.js';
import { createSqlAggregator } from './aggregate-sql.js';
import { createColumnarIndex, NotColumnarError, type ColumnarIndex } from './columnar/index.js';
import { FREE_TEXT, startWarmer, type Warmer } from './warm-ahead.js';

export interface SqliteStoreOptions {
  path: string;
  /** Path to a better_sqlite3.node built for this runtime's ABI (Electron passes its own). */
  nativeBinding?: string;
  /** Where a fault is reported once (default: stderr). */
  log?: (line: string) => void;
  /** Check the file for damage at open (default true; see open.ts). */
  checkIntegrity?: boolean;
  /** How long the store must be quiet before the warmer steps (warm-ahead.ts IDLE_MS; tests shorten it). */
  warmIdleMs?: number;
  /**
   * Answer counts, filtered pages and aggregates from the in-memory columnar index (columnar/):
   * milliseconds per answer on a million events, once its columns are loaded (about a second
   * each time a big store is opened). Right for the app and `serve`, which answer many queries;
   * a one-shot command answers one and is quicker with SQL alone. Default true.
   */
  columnar?: boolean;
}

/**
 * Above this many expected events, an import drops the secondary indexes while it loads and
 * builds them after (event-indexes.ts), and commits on a thread of its own.
 */
const BIG_LOAD_EVENTS = 50_000;

/** Offsets SQL walks along events_by_time faster than the index gathers and selects rows. */
const SQL_OFFSET_ROWS = 2_000;

/** A cursor's key with the row id this store hands out. */
function rowKey(key: SortKey): SqlSortKey {
  const id = parseRowId(key.id);
  if (id === null) throw new StoreInputError('The search cursor is not one this store handed out; start the search again from its first page.');
  return { value: key.value, time: key.time, id };
}

export interface SqliteEventStore extends EventStore {
  readonly kind: 'sqlite';
  /** The synchronous store underneath, for the adapter's own tests and tools. */
  readonly sync: Store;
  /** Whether `field`'s sort order is made for the rows held (warmAhead); false without the index. */
  sortReady(field: SortField): boolean;
  /** Whether what a free-text search reads is loaded (warmAhead); false without the index. */
  searchReady(): boolean;
}

export function openSqliteStore(opts: SqliteStoreOptions): SqliteEventStore {
  const store = openStore({ path: opts.path, nativeBinding: opts.nativeBinding, checkIntegrity: opts.checkIntegrity });
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  // A damaged file or a full disk: one line in the log, one sentence in every answer.
  const faults = createFaultWatch(opts.path, log);
  const inMemory = store.path === ':memory:';
  // Started with the first collected event: one-shot commands never pay for the thread.
  let writer: Writer | null = null;

  const appendOnce = async (sourceId: number, events: readonly NewEvent[]): Promise<number[]> => {
    faults.beforeWrite();
    if (!inMemory) writer ??= startWriter({ path: store.path, nativeBinding: store.nativeBinding });
    try {
      const ids = writer ? await writer.append(sourceId, events) : store.append(sourceId, events);
      faults.afterWrite();
      return ids;
    } catch (err) {
      // A writer thread that died answers this group with errors; the next group gets a new one.
      if (writer && !writer.alive()) writer = null;
      throw faults.check(err) ?? err;
    }
  };

  const index: ColumnarIndex | null = opts.columnar === false ? null : createColumnarIndex(store.db);
  const aggregateWithSql = createSqlAggregator(store);
  // Text columns and sort orders made ahead while the store is idle (warmAhead): started by the first search, so
  // a `serve` that only collects keeps nothing for a table nobody opened.
  let warmFields: readonly SortField[] | null = null;
  let warmer: Warmer | null = null;
  const answering = () => warmer?.busy() ?? (() => {});
  /**
   * The index's answer, or SQL's where the index cannot answer exactly (columnar/errors.ts). What
   * the answer reads is loaded first in slices (ColumnarIndex.prepare), between turns of the loop.
   * `quiet`: an answer that is no sign of a user at work (the count of everything, polled).
   */
  const fast = async <T>(what: Parameters<ColumnarIndex['prepare']>[0], viaIndex: (i: ColumnarIndex) => T, viaSql: () => T, quiet = false): Promise<T> => {
    if (!index) return viaSql();
    const done = quiet ? () => {} : answering();
    try {
      await index.prepare(what);
      return viaIndex(index);
    } catch (err) {
      if (err instanceof NotColumnarError) return viaSql();
      throw err;
    } finally {
      done();
    }
  };

  const sortedSql = createSortedSql(store.db, store.strings);
  const rowOf = async (id: string) => {
    const rowId = parseRowId(id);
    return rowId === null ? undefined : store.events.byIds([rowId])[0];
  };
  const pageOf = (events: LogEvent[], limit: number, sort: SortSpec, total?: number): SearchPage => {
    const last = events.length === limit ? events[events.length - 1] : undefined;
    const next = last ? encodeSortCursor(sort, { value: sortValueOf(last, sort.field) ?? null, time: last.time, id: last.id }) : null;
    return { events, next, ...(total === undefined ? {} : { total: { count: total, approximate: false } }) };
  };
  const countOf = async (filter: QueryNode | null): Promise<number> =>
    fast({ filter }, (i) => i.count(filter), () => store.events.count(compileFilter(filter)), filter === null);
  const search = async (spec: SearchSpec): Promise<SearchPage> => {
    checkSearchSpec(spec);
    const { filter, limit } = spec;
    const sort = sortOf(spec);
    const offset = spec.offset ?? 0;
    const after = spec.after === undefined ? undefined : rowKey(await resolveSortKey(sort, decodeSortCursor(sort, spec.after), rowOf));
    const viaSql = () => pageOf(sortedSql.page(compileFilter(filter), sort, limit, offset, after), limit, sort);
    // The index counts the matches as it walks them; SQL counts apart.
    const viaIndex = (i: ColumnarIndex) => {
      const { ids, total } = i.sortedPage(filter, sort, limit, offset, after);
      return pageOf(store.events.byIds(ids), limit, sort, spec.count ? total : undefined);
    };
    // Without a filter, events_by_time gives the newest (or oldest) rows at once; the index would scan.
    const newest = filter === null && sort.field === 'time' && offset <= SQL_OFFSET_ROWS;
    if (index && warmFields && !warmer) warmer = startWarmer(index, warmFields, log, opts.warmIdleMs);
    let page: SearchPage;
    if (newest) {
      const done = answering();
      page = viaSql();
      done();
    } else page = await fast({ filter, page: true, sort }, viaIndex, viaSql);
    return spec.count && !page.total ? { ...page, total: { count: await countOf(filter), approximate: false } } : page;
  };

  const sources: SourcesPort = {
    collectorId: async () => store.sources.collectorId(),
    createFile: async (name, format, file, options) => store.sources.createFile(name, format, file, options),
    findByPath: async (path) => store.sources.findByPath(path),
    findUpload: async (name, size, headHash) => store.sources.findUpload(name, size, headHash),
    findSameContent: async (size, headHash) => store.sources.findSameContent(size, headHash),
    getFile: async (id) => store.sources.getFile(id),
    finish: async (id, state, file, report) => store.sources.finish(id, state, file, report),
    forgetAfterLine: async (id, line) => store.sources.forgetAfterLine(id, line),
    lastDerivedSession: async (id) => store.events.lastDerivedSession(id),
    remove: async (id) => store.sources.remove(id),
    list: async () => store.sources.list(),
  };

  return {
    kind: 'sqlite',
    location: opts.path,
    notes: [],
    sync: store,
    append: (sourceId, events) => appendOnce(sourceId, events).then((ids) => ids.map(String)),
    async bulkLoad({ sourceId, expectedEvents, inline }): Promise<BulkSink> {
      const big = expectedEvents >= BIG_LOAD_EVENTS;
      const bulk = startBulkWriter(store, {
        sourceId,
        // Dropping the indexes pays only when the load is big next to what is stored already.
        dropIndexes: big && expectedEvents >= store.events.maxId(),
        // A small file commits in a few short transactions, sooner than a thread starts.
        inline: inline === true || !big,
      });
      return {
        append: async (batch, bad) => ({ inserted: (await bulk.append(batch, bad)).inserted }),
        finish: (merges) => bulk.finish(merges),
        abort: () => bulk.finish(),
      };
    },
    search,
    count: async (filter) => ({ count: await countOf(filter), approximate: false }),
    async get(id) {
      const rowId = parseRowId(id);
      return rowId === null ? undefined : store.events.get(rowId);
    },
    aggregate: (spec: AggregateSpec) => fast({ filter: spec.filter, spec }, (i) => i.aggregate(spec), () => aggregateWithSql(spec)),
    countEach: (filter, fields, limit) =>
      fast(
        // Loads the filter's columns and every field's (one spec grouping by all of them).
        { filter, spec: { filter, groupBy: [...fields], metrics: [{ op: 'count' }] } },
        (i) => i.countEach(filter, fields, limit),
        () => fields.map((f) => aggregateWithSql(fieldCounts(filter, f, limit))),
      ),
    sources,
    secret: async (name) => store.settings.secret(name),
    purgeCollectedBefore: async (cutoff, limit) => store.retention.purgeCollectedBefore(cutoff, limit),
    fault: (err) => faults.check(err),
    sortReady: (field) => index?.sortWarm(field) ?? false,
    searchReady: () => index?.holds(FREE_TEXT) ?? false,
    warmAhead(fields) {
      warmFields = fields;
    },
    async close() {
      warmer?.stop();
      await writer?.close();
      writer = null;
      index?.close();
      store.close();
    },
  };
}
