// The rows the index holds and their loaded columns, kept up to date with the events table.
//
// Rows are the table's rows in id order; row i of every column is the event ids[i]. Columns load
// when a query first needs them, for every row held; rows added since (by any connection) load
// for every loaded column at the next sync. A delete moves the events epoch (epoch.ts), and
// then everything held is dropped and loads again as queries need it.
//
// SQLite hands each chunk of up to 64k rows over as one JSON array per column (json_group_array):
// one row crossing into JS per chunk instead of one per event loaded about twice as fast
// (measured on 1M events), and JSON carries doubles exactly (SQLite writes a double with all the
// digits it needs to read back the same; a test checks awkward ones).
// Every chunk carries its ids too, checked against the rows held, so a column can never be
// misaligned with the others: a mismatch drops everything (StaleIndexError) and loads afresh.
import type { Database, Statement } from 'better-sqlite3';
import { FloatColumn, type CodeColumn, type RefColumn, type Column } from './columns.js';
import { makeColumn, type CodeName, type ColumnName, type FloatName, type RefName } from './catalog.js';
import { epochReader } from './epoch.js';
import { NotColumnarError, StaleIndexError } from './errors.js';

/** Rows per load chunk: big enough that per-statement costs vanish, small enough to bound memory. */
export const CHUNK_ROWS = 65_536;
/** Rows per slice of a load spread over turns of the event loop (loadSlice): a few ms each. */
export const SLICE_ROWS = 8_192;

/** Columns being loaded slice by slice for the rows held, up to position `next`. */
interface PendingColumns {
  generation: number;
  names: ColumnName[];
  fresh: Column[];
  next: number;
}
const NOTHING = Number.MIN_SAFE_INTEGER;

export class ColumnTable {
  /** Event id of each row, ascending. */
  ids = new FloatColumn();
  /** Moves whenever the rows held are dropped, so anything derived from them knows. */
  generation = 0;
  private readonly cols = new Map<ColumnName, Column>();
  private loaded = false;
  /** Every row with an id up to this is held (once loaded). */
  private maxId = NOTHING;
  private epoch: string | null = null;
  private seenChanges = -1;
  private seenVersion = -1;
  private readonly probe: Statement;
  private readonly readEpoch: () => string;
  private readonly maxIdNow: Statement;
  private readonly statements = new Map<string, Statement>();
  /** Loads in slices under way, by the columns they load: answers prepared at once each keep theirs. */
  private readonly pending = new Map<string, PendingColumns>();

  constructor(private readonly db: Database) {
    // total_changes() sees this connection's own writes; data_version sees every other
    // connection's commits (it does not move for this connection's own).
    this.probe = db.prepare('SELECT total_changes(), (SELECT data_version FROM pragma_data_version)').raw(true);
    this.readEpoch = epochReader(db);
    this.maxIdNow = db.prepare('SELECT max(id) FROM events').pluck();
  }

  get n(): number {
    return this.ids.length;
  }

  /** Catches up with the table. Two small reads when nothing changed. */
  sync(): void {
    const [changes, version] = this.probe.get() as [number, number];
    if (changes === this.seenChanges && version === this.seenVersion) return;
    const epoch = this.readEpoch();
    if (epoch !== this.epoch) {
      this.reset();
      this.epoch = epoch;
    }
    if (this.loaded) {
      const max = (this.maxIdNow.get() as number | null) ?? NOTHING;
      // Rows went from the top without the epoch moving: nothing held can be trusted.
      if (max < this.maxId) this.reset();
      else if (max > this.maxId) this.appendRows(max);
    }
    this.seenChanges = changes;
    this.seenVersion = version;
  }

  /** Loads the named columns (and the rows, on first use) that are not loaded yet. */
  ensure(names: Iterable<ColumnName>): void {
    const missing = [...new Set(names)].filter((c) => !this.cols.has(c));
    if (!this.loaded) {
      for (const c of missing) this.cols.set(c, makeColumn(c));
      this.loaded = true;
      try {
        this.appendRows((this.maxIdNow.get() as number | null) ?? NOTHING);
      } catch (err) {
        this.reset();
        throw err;
      }
      return;
    }
    if (missing.length > 0) this.loadColumns(missing);
  }

  float(name: FloatName): FloatColumn {
    return this.get(name) as FloatColumn;
  }

  code(name: CodeName): CodeColumn {
    return this.get(name) as CodeColumn;
  }

  ref(name: RefName): RefColumn {
    return this.get(name) as RefColumn;
  }

  has(name: ColumnName): boolean {
    return this.cols.has(name);
  }

  /** Position of the row with event id `id`, or -1 when none is held. */
  positionOf(id: number): number {
    const ids = this.ids.data;
    let lo = 0;
    let hi = this.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid]!;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  bytes(): number {
    let total = this.ids.bytes();
    for (const c of this.cols.values()) total += c.bytes();
    return total;
  }

  reset(): void {
    this.ids = new FloatColumn();
    this.cols.clear();
    this.pending.clear();
    this.loaded = false;
    this.maxId = NOTHING;
    this.generation++;
  }

  private get(name: ColumnName): Column {
    const c = this.cols.get(name);
    if (!c) throw new Error(`Column ${name} is not loaded.`);
    return c;
  }

  /**
   * One slice of what ensure(names) would load: on first use a slice of rows (with the named
   * columns), else a slice of a named column for rows held. Returns true once nothing is left,
   * so a caller can load between turns of the event loop and keep it turning. What a slice
   * loaded stays consistent on its own: rows up to maxId, or a column kept apart until whole.
   */
  loadSlice(names: Iterable<ColumnName>): boolean {
    const wanted = [...new Set(names)];
    // What sync checks, without its catching up in one go (the slices below do that).
    const epoch = this.readEpoch();
    if (epoch !== this.epoch) {
      this.reset();
      this.epoch = epoch;
    }
    const top = (this.maxIdNow.get() as number | null) ?? NOTHING;
    if (this.loaded && top < this.maxId) this.reset();
    if (!this.loaded) {
      for (const c of wanted) if (!this.cols.has(c)) this.cols.set(c, makeColumn(c));
      this.loaded = true;
      this.maxId = NOTHING;
    }
    if (this.maxId < top) {
      this.appendRows(top, SLICE_ROWS);
      return false;
    }
    const missing = wanted.filter((c) => !this.cols.has(c));
    if (missing.length === 0) return true;
    const key = missing.join();
    let p = this.pending.get(key);
    if (!p || p.generation !== this.generation) {
      p = { generation: this.generation, names: missing, fresh: missing.map((c) => makeColumn(c)), next: 0 };
      this.pending.set(key, p);
    }
    if (p.next < this.n) {
      p.next = this.loadColumnRange(p.names, p.fresh, p.next, Math.min(this.n, p.next + SLICE_ROWS));
      return false;
    }
    const done = p;
    done.names.forEach((c, k) => this.cols.set(c, done.fresh[k]!));
    this.pending.delete(key);
    return true;
  }

  /** Rows with ids in (maxId, to], for every loaded column; at most `limit` rows when given. */
  private appendRows(to: number, limit?: number): void {
    const names = [...this.cols.keys()];
    const st = this.statement(
      `SELECT count(*), json_group_array(id)${names.map((c) => `, json_group_array(${c})`).join('')}
       FROM (SELECT id${names.map((c) => `, ${c}`).join('')} FROM events WHERE id > ? AND id <= ? ORDER BY id LIMIT ${limit ?? CHUNK_ROWS})`,
    );
    let from = this.maxId;
    while (from < to) {
      const row = this.run(st, from, to);
      const count = row[0] as number;
      if (count === 0) break;
      const ids = JSON.parse(row[1] as string) as number[];
      for (let i = 0; i < ids.length; i++) {
        if (!(ids[i]! > (i === 0 ? from : ids[i - 1]!))) throw new StaleIndexError('Rows came out of id order.');
      }
      this.ids.append(ids);
      names.forEach((c, k) => this.cols.get(c)!.append(JSON.parse(row[k + 2] as string) as unknown[]));
      from = ids[ids.length - 1]!;
      if (limit !== undefined && count === limit) {
        // A slice: the rows held end here, and the next slice (or sync) reads on from them.
        this.maxId = from;
        return;
      }
      if (count < CHUNK_ROWS) break;
    }
    this.maxId = to;
  }

  /** Loads new columns for the rows already held, chunk by chunk of positions. */
  private loadColumns(names: ColumnName[]): void {
    // A load spread over slices for these columns goes on from where it stopped.
    const p = this.pending.get(names.join());
    const resumed = p && p.generation === this.generation ? p : null;
    const fresh = resumed ? resumed.fresh : names.map((c) => makeColumn(c));
    for (let start = resumed ? resumed.next : 0; start < this.n; start += CHUNK_ROWS) {
      this.loadColumnRange(names, fresh, start, Math.min(this.n, start + CHUNK_ROWS));
    }
    this.pending.delete(names.join());
    names.forEach((c, k) => this.cols.set(c, fresh[k]!));
  }

  /** Appends the named columns of rows held at positions [start, end) to `fresh`; returns end. */
  private loadColumnRange(names: ColumnName[], fresh: Column[], start: number, end: number): number {
    const st = this.statement(
      `SELECT count(*), json_group_array(id)${names.map((c) => `, json_group_array(${c})`).join('')}
       FROM (SELECT id${names.map((c) => `, ${c}`).join('')} FROM events WHERE id >= ? AND id <= ? ORDER BY id)`,
    );
    const held = this.ids.data;
    const row = this.run(st, held[start]!, held[end - 1]!);
    const ids = JSON.parse(row[1] as string) as number[];
    let same = ids.length === end - start;
    for (let i = 0; same && i < ids.length; i++) same = ids[i] === held[start + i];
    if (!same) throw new StaleIndexError('Rows held are no longer in the table.');
    fresh.forEach((c, k) => c.append(JSON.parse(row[k + 2] as string) as unknown[]));
    return end;
  }

  private run(st: Statement, from: number, to: number): unknown[] {
    try {
      return st.get(from, to) as unknown[];
    } catch (err) {
      // A blob in a column (no writer of ours stores one) cannot travel as JSON.
      if (err instanceof Error && /BLOB/i.test(err.message)) throw new NotColumnarError(`A column of events holds binary data: ${err.message}`);
      throw err;
    }
  }

  private statement(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) {
      // One statement per set of columns loaded together: few, but never let them pile up.
      if (this.statements.size >= 64) this.statements.clear();
      st = this.db.prepare(sql).raw(true);
      this.statements.set(sql, st);
    }
    return st;
  }
}
