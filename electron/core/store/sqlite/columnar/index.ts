// The columnar index: the events table held in memory as typed-array columns, so counts, pages
// and aggregates over a million events take milliseconds instead of SQL's scans. It answers
// exactly what SQL would (the same filter meaning, exact percentiles); what it cannot answer
// exactly it refuses with NotColumnarError before answering anything, and the adapter asks SQL.
//
// Columns load when a query first needs them and stay; every answer first catches up with rows
// other connections added (sync: two tiny reads when nothing changed). Each answer runs in one
// read transaction, so the rows, the strings and the epoch it sees belong together.
import type { Database, Statement } from 'better-sqlite3';
import type { QueryNode } from '../../../query/ast.js';
import { fieldCounts, type AggregateResult, type AggregateSpec } from '../../port.js';
import { DEFAULT_SORT, type SortField, type SortSpec } from '../../../../../shared/sort.js';
import type { GroupField } from '../../../../../shared/fields.js';
import { compileFilter } from '../event-filter.js';
import type { ColumnName } from './catalog.js';
import { ColumnTable } from './table.js';
import { StringSets } from './string-sets.js';
import { LeafSql } from './leaf-sql.js';
import { filterColumns, filterMask, type FilterContext } from './filter-mask.js';
import { countMask } from './count-mask.js';
import { SortKeys, sortColumns } from './sort-keys.js';
import { sortedPage } from './sorted-page.js';
import { SortOrders } from './sort-order.js';
import { aggregate, aggregateColumns, aggregateEach } from './aggregate.js';
import { isTimeSpan, matchedSpan, timeSpan } from './time-span.js';
import { orderAndLimit } from '../../aggregate-order.js';
import { KeyDisplay } from './display.js';
import { NotColumnarError, StaleIndexError } from './errors.js';
import { Scratch } from './scratch.js';
import { Lru } from './lru.js';

export { NotColumnarError };
export { bumpEventsEpoch, EVENTS_EPOCH_KEY } from './epoch.js';

/** An answer to come: a count or a page (`page`, in `sort`) of `filter`'s matches, or the aggregate `spec`. */
export interface PrepareWhat {
  filter: QueryNode | null;
  page?: boolean;
  sort?: SortSpec;
  spec?: AggregateSpec;
}

export interface ColumnarIndex {
  /** Brings the columns up to date with the table: loads rows added since (by id), reloads after deletes. */
  sync(): void;
  count(filter: QueryNode | null): number;
  /**
   * Rows [offset, offset + limit) in the sort (port.ts SearchSpec) after the cursor when given
   * (the last row's sort value, null for none; time; row id); plus the total matching the filter.
   */
  sortedPage(
    filter: QueryNode | null,
    sort: SortSpec,
    limit: number,
    offset: number,
    after?: { value: string | number | null; time: number; id: number },
  ): { ids: number[]; total: number };
  /**
   * Keys are display values: text from `strings`, status as a number, source as its name,
   * status_class '2xx', kind 'api', a derived session as d<source>-<n>. Always exact.
   */
  aggregate(spec: AggregateSpec): AggregateResult;
  /** aggregate({ filter, groupBy: [field], metrics: [count], limit }) for each field, counted together (port.ts countEach). */
  countEach(filter: QueryNode | null, fields: readonly GroupField[], limit: number): AggregateResult[];
  /**
   * Loads what the answer to `what` will read, a slice at a time with a turn of the event loop
   * between slices, so a big store's first answers do not stop the process (the collector, the
   * UI) for the seconds its columns take to load. The answer itself then loads nothing.
   */
  prepare(what: PrepareWhat): Promise<void>;
  /** Whether what the answer to `what` reads is loaded already (prepare would load nothing but new rows). */
  holds(what: PrepareWhat): boolean;
  /**
   * Makes the next part of what a page in `field`'s order reads: its keys (a text field's ranks),
   * then its order of every row, one part a call so no call holds the thread for both. Called
   * until sortWarm, the first sort by a column then costs what the next ones do. Its columns
   * must be loaded (prepare).
   */
  warmSort(field: SortField): void;
  /** Whether `field`'s order is made for the rows held now. */
  sortWarm(field: SortField): boolean;
  /** Bytes the loaded columns hold (for the bench and a memory cap). */
  bytes(): number;
  /** Bytes held beside the columns between answers (masks, string lookups, working arrays). */
  cacheBytes(): number;
  /** Rows held (0 before the first answer loads them). */
  rows(): number;
  /**
   * Drops the answers kept for the next ones (match masks, string lookups), not the columns nor
   * the working arrays: so a benchmark times each answer as a new search computes it.
   */
  forgetCaches(): void;
  close(): void;
}

export function createColumnarIndex(db: Database): ColumnarIndex {
  const table = new ColumnTable(db);
  const ctx: FilterContext = { table, sets: new StringSets(db, table), leaves: new LeafSql(db, table) };
  const display = new KeyDisplay(db);
  const scratch = new Scratch();
  const sortKeys = new SortKeys(db, table);
  const sortOrders = new SortOrders(table);
  // The page, the count, the histogram and the facets of one search share its filter: the mask
  // is computed once. It depends only on the rows held (their number, and the generation that
  // moves when they are reloaded): string lookups for rows held never change.
  const masks = new Lru<Uint8Array | null>(4, 64_000_000);
  const maskOf = (filter: QueryNode | null): Uint8Array | null => {
    if (!filter) return null;
    const key = `${table.generation}\u0000${table.n}\u0000${JSON.stringify(filter)}`;
    let mask = masks.get(key);
    if (mask === undefined) {
      mask = filterMask(ctx, filter);
      masks.set(key, mask, mask?.length ?? 0);
    }
    return mask;
  };
  const begin: Statement = db.prepare('BEGIN');
  const commit: Statement = db.prepare('COMMIT');
  let closed = false;

  /** Runs `answer` in one read transaction over rows caught up and the columns it reads loaded. */
  function inRead<T>(columns: Set<ColumnName> | null, answer: () => T): T {
    if (closed) throw new Error('The columnar index is closed.');
    // Inside a caller's transaction the index would see rows that may yet roll back, and then
    // hold them after their ids are handed out again: SQL answers there.
    if (db.inTransaction) throw new NotColumnarError('The store is inside a transaction.');
    begin.run();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          table.sync();
          if (columns === null) return answer();
          table.ensure(columns);
          ctx.sets.begin();
          return answer();
        } catch (err) {
          // Rows went without the epoch moving: drop everything and answer from a fresh load.
          if (!(err instanceof StaleIndexError) || attempt > 0) throw err;
          table.reset();
        }
      }
    } finally {
      if (db.inTransaction) commit.run();
    }
  }

  const columnsOf = (filter: QueryNode | null, extra: (out: Set<ColumnName>) => void = () => {}) => {
    // Refuse a bad query before loading anything for it, with the compiler's own message.
    compileFilter(filter);
    const out = new Set<ColumnName>();
    filterColumns(filter, out);
    extra(out);
    return out;
  };
  const columnsFor = (what: PrepareWhat): Set<ColumnName> => {
    const spec = what.spec;
    if (spec) return columnsOf(spec.filter, (out) => aggregateColumns(spec, out));
    return columnsOf(what.filter, (out) => {
      if (what.page) sortColumns(what.sort?.field ?? DEFAULT_SORT.field).forEach((c) => out.add(c));
    });
  };
  /** Times as numbers: an order by time over text times is SQL's to make. */
  const numericTimes = (): Float64Array => {
    const time = table.float('time');
    if (time.mixed) throw new NotColumnarError('A time is stored as text; only SQL orders it.');
    return time.data;
  };

  return {
    sync: () => inRead(null, () => undefined),
    count(filter) {
      return inRead(columnsOf(filter), () => countMask(maskOf(filter), table.n));
    },
    sortedPage(filter, sort, limit, offset, after) {
      if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`A page holds a whole number of events, not ${limit}.`);
      return inRead(
        columnsOf(filter, (out) => sortColumns(sort.field).forEach((c) => out.add(c))),
        () => {
          const time = numericTimes();
          const keys = sort.field === 'time' ? null : sortKeys.keys(sort.field);
          const order = { key: keys?.key ?? null, time, ids: table.ids.data, dir: sort.dir };
          const cursor = after && { key: after.value === null || !keys ? NaN : keys.place(after.value), time: after.time, id: after.id };
          const rowOrder = sortOrders.of(sort.field, order.key);
          const mask = maskOf(filter);
          const { rows, total } = sortedPage(order, rowOrder, mask, table.n, limit, offset, cursor, () => scratch.matchedRows(mask, table.n));
          const ids = table.ids.data;
          return { ids: rows.map((i) => ids[i]!), total };
        },
      );
    },
    aggregate(spec) {
      return inRead(
        columnsOf(spec.filter, (out) => aggregateColumns(spec, out)),
        () => {
          const mask = maskOf(spec.filter);
          // Buckets are laid from the matches' first and last time, read off the time order.
          const spanOf = () => matchedSpan(sortOrders.of('time', null).rows, numericTimes(), mask);
          if (!isTimeSpan(spec)) return aggregate(table, display, scratch, mask, spec, spec.bucketMs === undefined ? undefined : spanOf);
          const row = timeSpan(spec, sortOrders.of('time', null).rows, numericTimes(), mask);
          return { rows: orderAndLimit([row], spec), approximate: false };
        },
      );
    },
    countEach(filter, fields, limit) {
      const specs = fields.map((f) => fieldCounts(filter, f, limit));
      return inRead(
        columnsOf(filter, (out) => specs.forEach((s) => aggregateColumns(s, out))),
        () => aggregateEach(table, display, scratch, maskOf(filter), specs),
      );
    },
    async prepare(what) {
      const columns = columnsFor(what);
      for (let stale = 0; !closed; ) {
        // Inside a caller's transaction SQL answers (inRead); nothing to load for it.
        if (db.inTransaction) return;
        let done: boolean;
        begin.run();
        try {
          done = table.loadSlice(columns);
        } catch (err) {
          if (!(err instanceof StaleIndexError) || ++stale > 1) throw err;
          table.reset();
          continue;
        } finally {
          if (db.inTransaction) commit.run();
        }
        if (done) return;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
    warmSort(field) {
      inRead(new Set(sortColumns(field)), () => {
        if (sortKeys.holds(field)) sortOrders.of(field, field === 'time' ? null : sortKeys.keys(field).key);
        else sortKeys.keys(field);
      });
    },
    sortWarm: (field) => sortOrders.holds(field),
    holds: (what) => [...columnsFor(what)].every((c) => table.has(c)),
    bytes: () => table.bytes(),
    cacheBytes: () => masks.weightHeld() + ctx.sets.bytes() + ctx.leaves.bytes() + scratch.bytes() + sortKeys.bytes() + sortOrders.bytes(),
    rows: () => table.n,
    forgetCaches() {
      masks.clear();
      ctx.sets.forget();
      ctx.leaves.forget();
      sortKeys.forget();
      sortOrders.forget();
    },
    close() {
      closed = true;
      table.reset();
      masks.clear();
      ctx.sets.forget();
      ctx.leaves.forget();
      scratch.clear();
      sortKeys.forget();
      sortOrders.forget();
    },
  };
}
