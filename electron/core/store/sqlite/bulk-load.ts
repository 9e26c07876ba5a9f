// Loads an import's column batches (column-batch.ts) into events: one transaction per batch,
// which also moves the source's counts and resume point, so a cancelled or killed import
// leaves exactly the batches it committed and knows where to read on.
import type { Database } from 'better-sqlite3';
import { BATCH_STRING_FIELDS, BATCH_STRINGS_PER_EVENT, KIND_CODES, type ColumnBatch } from '../column-batch.js';
import { STRING_COLUMNS } from './event-columns.js';
import { clearBulkLoadMark, dropEventIndexes, ensureEventIndexes } from './event-indexes.js';
import type { StringsStore } from './strings.js';

export interface BulkLoad {
  /** Inserts and commits one batch with `bad` more skipped records; returns what it added. */
  append(batch: ColumnBatch, bad: number): { inserted: number; lastId: number };
  /** Builds the indexes again if this load dropped them; returns the milliseconds it took. */
  finish(): number;
}

export interface BulkLoadOptions {
  sourceId: number;
  /** Drop the secondary indexes while loading (worth it when the load is big next to the table). */
  dropIndexes: boolean;
}

const COLUMNS = [
  'time', 'kind', 'source_id', 'line', 'byte_offset', 'byte_length', 'status', 'duration_ms',
  'req_bytes', 'resp_bytes', 'trace_id', 'span_id', 'raw',
  // In the batch's order, so a batch's strings of an event land in their columns in one loop.
  ...BATCH_STRING_FIELDS.map((f) => (f === 'attrs' ? 'attrs_ref' : STRING_COLUMNS[f])),
];

const num = (v: number) => (Number.isNaN(v) ? null : v);
const STRINGS_AT = COLUMNS.indexOf(STRING_COLUMNS.session_id);

/** Bulk loads running per connection, and the settings to restore when the last one ends. */
const running = new WeakMap<Database, { count: number; foreignKeys: number; synchronous: number }>();

function enterBulk(db: Database): void {
  const r = running.get(db);
  if (r) {
    r.count++;
    return;
  }
  running.set(db, {
    count: 1,
    foreignKeys: db.pragma('foreign_keys', { simple: true }) as number,
    synchronous: db.pragma('synchronous', { simple: true }) as number,
  });
  // The source row exists and is not deleted while it loads; checking the foreign key per row
  // cost a fifth of the insert time (measured on 1M rows).
  db.pragma('foreign_keys = OFF');
  // An import's batch need not reach the disk before the next one starts: a crash loses the last
  // batches and their resume point together, and the import reads on from the one before. The
  // collector's own commits (FULL) are made on the writer thread's connection.
  db.pragma('synchronous = NORMAL');
}

/** True when this was the last load running on the connection. */
function leaveBulk(db: Database): boolean {
  const r = running.get(db);
  if (!r || --r.count > 0) return false;
  running.delete(db);
  db.pragma(`foreign_keys = ${r.foreignKeys ? 'ON' : 'OFF'}`);
  db.pragma(`synchronous = ${r.synchronous}`);
  return true;
}

/** Page cache while building indexes, in KiB as cache_size takes it (negative). */
const INDEX_BUILD_CACHE_KIB = -16_384;

/** time, kind and source_id are never NULL; every other column may be. */
const FIXED = 3;

export function startBulkLoad(db: Database, strings: StringsStore, opts: BulkLoadOptions): BulkLoad {
  // Binding a value costs about as much as storing it, and most rows leave most columns NULL
  // (an access log fills 17 of 28): one statement per set of filled columns binds only those.
  // The source and the kind are written into the statement too (an integer of ours and one of
  // three fixed words), leaving only time and the filled columns to bind.
  const byMask = new Map<number, { run(args: unknown[]): { lastInsertRowid: number | bigint }; args: unknown[] }>();
  const statementFor = (mask: number, kind: number) => {
    const key = mask * KIND_CODES.length + kind;
    let s = byMask.get(key);
    if (!s) {
      const cols = COLUMNS.filter((_, i) => i < FIXED || (mask & (1 << (i - FIXED))) !== 0);
      const values = cols.map((c) => (c === 'kind' ? `'${KIND_CODES[kind] ?? 'log'}'` : c === 'source_id' ? String(Math.trunc(opts.sourceId)) : '?'));
      const stmt = db.prepare(`INSERT INTO events (${cols.join(', ')}) VALUES (${values.join(', ')})`);
      s = { run: (a) => stmt.run(a), args: new Array(values.filter((v) => v === '?').length) };
      byMask.set(key, s);
    }
    return s;
  };
  const progress = db.prepare(
    'UPDATE sources SET imported = imported + ?, skipped = skipped + ?, read_bytes = ?, read_lines = ? WHERE id = ?',
  );
  // The parsing thread numbers its strings; here each number becomes a strings.id once.
  let local: number[] = [];
  const args: (number | string | null)[] = new Array(COLUMNS.length);
  const { sourceId } = opts;
  if (opts.dropIndexes) dropEventIndexes(db);
  enterBulk(db);
  let finished = false;

  const load = db.transaction((b: ColumnBatch, bad: number) => {
    if (b.dictionaryReset) local = [];
    let k = 0;
    for (let n = 0; n < b.newStrings.length; n++) {
      const key = b.keyStrings[k] === n;
      if (key) k++;
      local.push(strings.intern(b.newStrings[n]!, !key));
    }
    let lastId = 0;
    for (let i = 0; i < b.count; i++) {
      args[0] = b.time[i]!;
      args[1] = KIND_CODES[b.kind[i]!] ?? 'log';
      args[2] = sourceId;
      args[3] = num(b.line[i]!);
      args[4] = num(b.byteOffset[i]!);
      args[5] = num(b.byteLength[i]!);
      args[6] = num(b.status[i]!);
      args[7] = num(b.durationMs[i]!);
      args[8] = num(b.reqBytes[i]!);
      args[9] = num(b.respBytes[i]!);
      args[10] = b.traceId[i] ?? null;
      args[11] = b.spanId[i] ?? null;
      args[12] = b.raw[i] ?? null;
      const base = i * BATCH_STRINGS_PER_EVENT;
      for (let k = 0; k < BATCH_STRINGS_PER_EVENT; k++) {
        const ix = b.strings[base + k]!;
        args[STRINGS_AT + k] = ix < 0 ? null : local[ix]!;
      }
      // The session is the first string field; a derived one has a ref of its own instead.
      const derived = b.derivedSession[i]!;
      if (!Number.isNaN(derived)) args[STRINGS_AT] = derived;
      let mask = 0;
      for (let c = FIXED; c < args.length; c++) if (args[c] !== null) mask |= 1 << (c - FIXED);
      const st = statementFor(mask, b.kind[i]!);
      st.args[0] = args[0];
      let n = 1;
      for (let c = FIXED; c < args.length; c++) if (args[c] !== null) st.args[n++] = args[c];
      lastId = Number(st.run(st.args).lastInsertRowid);
    }
    progress.run(b.count, bad, b.resumeBytes, b.resumeLines, sourceId);
    return { inserted: b.count, lastId };
  });

  return {
    append(batch, bad) {
      try {
        return load.immediate(batch, bad);
      } catch (err) {
        // The rollback took this batch's new strings with it.
        strings.reset();
        local = [];
        throw err;
      }
    },
    finish() {
      const t0 = performance.now();
      if (finished) return 0;
      finished = true;
      // A load that ends while another still runs leaves the indexes to that one: building them
      // now would slow the other's remaining rows and clear its mark.
      if (!leaveBulk(db)) return 0;
      // The sorter behind CREATE INDEX may use a second core (2 are common on laptops).
      const threads = db.pragma('threads', { simple: true }) as number;
      db.pragma('threads = 2');
      // Sorting millions of keys spills to temporary files; held in memory (temp_store=MEMORY,
      // right for small queries) the spill made a 1 GB import peak at 450 MB.
      const tempStore = db.pragma('temp_store', { simple: true }) as number;
      db.pragma('temp_store = FILE');
      // Each sorter thread buffers up to the page cache's size before it spills; a smaller
      // cache here kept a 4M-event index build 60 MB lower at the same speed (measured).
      const cacheSize = db.pragma('cache_size', { simple: true }) as number;
      db.pragma(`cache_size = ${INDEX_BUILD_CACHE_KIB}`);
      try {
        ensureEventIndexes(db);
      } finally {
        // Even when the build failed: the mark would stop the next open from building them.
        clearBulkLoadMark(db);
        db.pragma(`threads = ${threads}`);
        db.pragma(`temp_store = ${tempStore}`);
        db.pragma(`cache_size = ${cacheSize}`);
      }
      return performance.now() - t0;
    },
  };
}
