// An import's batches into ClickHouse: each ColumnBatch (column-batch.ts) becomes one INSERT of
// TabSeparated rows, then the source's read position moves past it. The import's dictionary
// strings are escaped (and lower-cased for free text) once, when the batch that brings them
// arrives, so a URL seen 100,000 times is prepared once. Batches commit in the order given.
//
// A crash between a batch's INSERT and its position leaves rows past the recorded line; an
// import that reads on deletes those first (SourcesPort.forgetAfterLine), as on SQLite.
import { randomBytes } from 'node:crypto';
import { BATCH_STRING_FIELDS, BATCH_STRINGS_PER_EVENT, KIND_CODES, type ColumnBatch } from '../column-batch.js';
import { derivedRefText } from '../derived-sessions.js';
import type { BulkSink, SessionMerges } from '../port.js';
import { indexAttrs } from './attrs-index.js';
import { DistributedDeleteError, type Connection } from './connection.js';
import { attrColumns, insertColumns, TEXT_FIELDS } from './event-rows.js';
import { SEARCH_SEPARATOR, SEARCH_TEXT_FIELDS, searchColumnOf, type SearchColumn } from './free-text.js';
import type { EventsLayout } from './layout.js';
import type { ClickHouseSources } from './sources.js';
import { SqlParams } from './sql-params.js';
import { TSV_NULL, tsvNullableText, tsvText } from './tsv.js';

/** A dictionary string, prepared for the columns it may land in. */
interface Entry {
  text: string;
  /** The escaped text, as a cell. */
  cell: string;
  /** Lower-cased and escaped, for search_text; made on first use. */
  search?: string;
  /** As attrs: its cell and the attr_* cells after it, and its leaves for search_text; made on first use. */
  attrs?: { cells: string; search: string[] };
}

/** Batch string slots the search columns hold, and the attrs slot. */
const SEARCH_SLOTS = SEARCH_TEXT_FIELDS.map((f) => (BATCH_STRING_FIELDS as readonly string[]).indexOf(f));
const ATTRS_SLOT = BATCH_STRINGS_PER_EVENT - 1;

// Rows are written slot by slot: the batch's text slots must be the events table's first text columns.
if (BATCH_STRING_FIELDS.slice(0, ATTRS_SLOT).some((f, i) => f !== TEXT_FIELDS[i]) || SEARCH_SLOTS.includes(-1)) {
  throw new Error('column-batch.ts string fields no longer match the ClickHouse events columns');
}

/** attrs and its four attr_* columns of an event without attributes. */
const NO_ATTRS = `${TSV_NULL}\t[]\t[]\t[]\t[]`;

const numberCell = (n: number) => (Number.isNaN(n) ? TSV_NULL : String(n));
const intCell = (n: number) => (Number.isNaN(n) ? TSV_NULL : String(Math.trunc(n)));

export function startClickHouseBulkLoad(conn: Connection, layout: EventsLayout, sources: ClickHouseSources, sourceId: number): BulkSink {
  const table = `${conn.database}.events`;
  const columns = insertColumns(layout);
  // Cells in a row: attrs and its attr_* columns travel as one.
  const cellCount = columns.length - 4;
  // The search column each searchable slot feeds, in SEARCH_TEXT_FIELDS order.
  const slotColumns: [number, SearchColumn][] = SEARCH_TEXT_FIELDS.map((f, i) => [SEARCH_SLOTS[i]!, searchColumnOf(f, layout)]);
  let local: Entry[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  const searchOf = (e: Entry) => (e.search ??= tsvText(e.text.toLowerCase()));
  const attrsOf = (e: Entry) => {
    if (!e.attrs) {
      const index = indexAttrs(e.text);
      e.attrs = { cells: `${e.cell}\t${attrColumns(index)}`, search: index.leaves.map((l) => tsvText(l.toLowerCase())) };
    }
    return e.attrs;
  };

  /**
   * The batch as TabSeparated rows in insertColumns order. Each row is one join of its cells
   * and the batch one join of its rows: V8 then copies each string once (building rows with +=
   * made a rope per row, and tripled the collector's time on a million events).
   */
  function rows(b: ColumnBatch): string {
    if (b.dictionaryReset) local = [];
    for (const s of b.newStrings) local.push({ text: s, cell: tsvText(s) });
    const ids = randomBytes(8 * b.count);
    const src = String(sourceId);
    const lines: string[] = new Array(b.count + 1);
    const cells: string[] = new Array(cellCount);
    const search: Record<SearchColumn, string[]> = { text: [], key: [], agent: [] };
    for (let i = 0; i < b.count; i++) {
      const base = i * BATCH_STRINGS_PER_EVENT;
      let id = ids.readBigUInt64BE(i * 8);
      if (id === 0n) id = 1n;
      cells[0] = id.toString();
      cells[1] = String(Math.trunc(b.time[i]!));
      cells[2] = KIND_CODES[b.kind[i]!] ?? 'log';
      cells[3] = src;
      const derived = b.derivedSession[i]!;
      // session_id .. message: the batch's first 13 string slots, in insertColumns order.
      if (Number.isNaN(derived)) {
        const ix = b.strings[base]!;
        cells[4] = '0';
        cells[5] = ix < 0 ? TSV_NULL : local[ix]!.cell;
      } else {
        cells[4] = '1';
        cells[5] = derivedRefText(derived);
      }
      let c = 6;
      for (let slot = 1; slot < ATTRS_SLOT; slot++) {
        const ix = b.strings[base + slot]!;
        cells[c++] = ix < 0 ? TSV_NULL : local[ix]!.cell;
      }
      cells[c++] = tsvNullableText(b.traceId[i]);
      cells[c++] = tsvNullableText(b.spanId[i]);
      cells[c++] = intCell(b.line[i]!);
      cells[c++] = numberCell(b.status[i]!);
      cells[c++] = numberCell(b.durationMs[i]!);
      cells[c++] = numberCell(b.reqBytes[i]!);
      cells[c++] = numberCell(b.respBytes[i]!);
      search.text.length = 0;
      search.key.length = 0;
      search.agent.length = 0;
      for (const [slot, column] of slotColumns) {
        const ix = b.strings[base + slot]!;
        if (ix >= 0 && local[ix]!.text !== '') search[column].push(searchOf(local[ix]!));
      }
      const ax = b.strings[base + ATTRS_SLOT]!;
      if (ax >= 0) {
        const a = attrsOf(local[ax]!);
        cells[c++] = a.cells;
        for (const leaf of a.search) search.text.push(leaf);
      } else {
        cells[c++] = NO_ATTRS;
      }
      cells[c++] = search.text.join(SEARCH_SEPARATOR);
      if (layout.splitSearch) {
        cells[c++] = search.key.join(SEARCH_SEPARATOR);
        cells[c++] = search.agent.join(SEARCH_SEPARATOR);
      }
      cells[c++] = tsvNullableText(b.raw[i]);
      cells[c++] = intCell(b.byteOffset[i]!);
      cells[c++] = intCell(b.byteLength[i]!);
      cells[c++] = TSV_NULL; // dedup_key: imports carry none
      lines[i] = cells.join('\t');
    }
    lines[b.count] = '';
    return b.count === 0 ? '' : lines.join('\n');
  }

  /** Runs after every earlier call, even failed ones, so batches commit in order. */
  const inOrder = <T>(step: () => Promise<T>): Promise<T> => {
    const run = queue.then(step, step);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    append(batch, bad) {
      // Made now, in call order (the dictionary grows batch by batch), while earlier batches are
      // still being written; even an empty batch brings strings the next one uses.
      const body = rows(batch);
      return inOrder(async () => {
        await conn.insertTsv(table, columns, body);
        await sources.progress(sourceId, bad, batch.resumeBytes, batch.resumeLines);
        return { inserted: batch.count };
      });
    },
    finish: (merges?: SessionMerges) =>
      inOrder(async () => {
        if (merges && merges.length > 0) await moveMergedSessions(conn, sourceId, merges);
      }),
    abort: () => inOrder(async () => undefined),
  };
}

/** Moves the events of derived sessions that turned out to be one to the session they joined. */
async function moveMergedSessions(conn: Connection, sourceId: number, merges: SessionMerges): Promise<void> {
  const text = (ref: number) => derivedRefText(ref);
  const moves = merges.filter(([from, to]) => from < 0 && to < 0 && from !== to);
  if (moves.length === 0) return;
  const p = new SqlParams();
  const from = p.add('Array(String)', moves.map(([f]) => text(f)));
  const to = p.add('Array(String)', moves.map(([, t]) => text(t)));
  const table = `${conn.database}.events`;
  try {
    await conn.mutate(
      'events',
      `ALTER TABLE ${table} UPDATE session_id = transform(assumeNotNull(session_id), ${from}, ${to}, assumeNotNull(session_id))
       WHERE source_id = ${p.add('UInt64', String(sourceId))} AND session_derived = 1 AND has(${from}, session_id)`,
      p,
    );
  } catch (err) {
    // On a cluster's Distributed table the sessions stay apart (README): the import itself is good.
    if (!(err instanceof DistributedDeleteError)) throw err;
  }
}
