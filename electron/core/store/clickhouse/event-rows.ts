// Events in and out of the events table (schema.ts): the insert column order, a collected event
// as a TabSeparated row, and a selected row back as the contract's LogEvent (the same shape
// the SQLite adapter gives: absent fields omitted, sizes and client fields inside attrs).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ATTR_COLUMNS, type LogEvent, type NewEvent } from '../../../../shared/events.js';
import { indexAttrs, type AttrIndex } from './attrs-index.js';
import { SEARCH_TEXT_FIELDS, searchCells } from './free-text.js';
import type { EventsLayout } from './layout.js';
import { tsvNullableInt, tsvNullableNumber, tsvNullableText, tsvNumberArray, tsvStringArray, tsvText } from './tsv.js';

/** Text columns that hold an event field of the same name. */
export const TEXT_FIELDS = [
  'session_id', 'user_id', 'method', 'url', 'route', 'ip_hash', 'user_agent', 'referrer', 'type', 'page', 'target',
  'level', 'message', 'trace_id', 'span_id',
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export const NUMBER_FIELDS = ['line', 'status', 'duration_ms', 'req_bytes', 'resp_bytes'] as const;

const COLUMNS_BEFORE_SEARCH = [
  'id', 'time', 'kind', 'source_id', 'session_derived', ...TEXT_FIELDS, ...NUMBER_FIELDS, 'attrs', 'attr_paths',
  'attr_types', 'attr_texts', 'attr_nums',
] as const;
const COLUMNS_AFTER_SEARCH = ['raw', 'byte_offset', 'byte_length', 'dedup_key'] as const;

/** The columns an insert names, in the order its cells come: with the split search columns where the table has them. */
export function insertColumns(layout: EventsLayout): readonly string[] {
  const search = layout.splitSearch ? ['search_text', 'search_key', 'search_agent'] : ['search_text'];
  return [...COLUMNS_BEFORE_SEARCH, ...search, ...COLUMNS_AFTER_SEARCH];
}

/** The search cells of a row, tab-separated, for the layout's columns. */
export function searchRowCells(cells: { text: string; key: string; agent: string }, layout: EventsLayout): string {
  return layout.splitSearch ? `${cells.text}\t${cells.key}\t${cells.agent}` : cells.text;
}

/** A fresh event id: random, so collectors writing to one cluster never need to agree on a sequence. */
export function newEventId(): string {
  for (;;) {
    const id = randomBytes(8).readBigUInt64BE();
    if (id !== 0n) return id.toString();
  }
}

/** The attribute object as stored: JSON text, or null for none or an empty one. */
export function attrsJson(attrs: Record<string, unknown> | null | undefined): string | null {
  return attrs && Object.keys(attrs).length > 0 ? JSON.stringify(attrs) : null;
}

/** The attr_* columns of a row. */
export function attrColumns(a: AttrIndex): string {
  return [tsvStringArray(a.paths), tsvNumberArray(a.types), tsvStringArray(a.texts), tsvNumberArray(a.nums)].join('\t');
}

/**
 * A collected event as one TabSeparated line (insertColumns order). Its session is stored as
 * given, even one marked derived: deriving sessions belongs to imports.
 */
export function collectedEventRow(id: string, sourceId: number, e: NewEvent, layout: EventsLayout): string {
  const attrs = attrsJson(e.attrs);
  const index = indexAttrs(attrs);
  const cells = [
    id, String(Math.trunc(e.time)), e.kind, String(sourceId), '0',
    ...TEXT_FIELDS.map((f) => tsvNullableText(e[f])),
    tsvNullableInt(e.line), ...NUMBER_FIELDS.slice(1).map((f) => tsvNullableNumber(e[f])),
    tsvNullableText(attrs), attrColumns(index),
    searchRowCells(tsvSearch(searchCells(SEARCH_TEXT_FIELDS.map((f) => e[f]), index.leaves, layout)), layout),
    tsvText(e.raw), '\\N', '\\N', tsvNullableText(e.dedup_key),
  ];
  return `${cells.join('\t')}\n`;
}

const tsvSearch = (c: { text: string; key: string; agent: string }) => ({ text: tsvText(c.text), key: tsvText(c.key), agent: tsvText(c.agent) });

// ---- Reading rows back ----

const nullableText = z.string().nullable();
/** 64-bit integers come as JSON strings; they are safe integers wherever we keep them as numbers. */
const int64 = z.union([z.string(), z.number()]).transform((v) => Number(v));
const nullableNumber = z.union([z.string(), z.number()]).nullable().transform((v) => (v === null ? null : Number(v)));

/** The SELECT list for EventRowSchema. No alias shadows a column: ClickHouse would put the alias in WHERE. */
export const EVENT_SELECT = [
  'id', 'time', 'kind', 'source_id', 'session_derived', ...TEXT_FIELDS, ...NUMBER_FIELDS, 'attrs',
].join(', ');

export const EventRowSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  time: int64,
  kind: z.enum(['api', 'user', 'log']),
  source_id: int64,
  session_derived: z.coerce.number(),
  ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, nullableText])) as Record<TextField, typeof nullableText>,
  ...Object.fromEntries(NUMBER_FIELDS.map((f) => [f, nullableNumber])) as Record<(typeof NUMBER_FIELDS)[number], typeof nullableNumber>,
  attrs: nullableText,
});
export type EventRow = z.infer<typeof EventRowSchema>;

const IN_ATTRS = new Set<string>(ATTR_COLUMNS);

/** A row as the contract's event; `sourceName` says what the source is called. */
export function rowToEvent(row: EventRow, sourceName: string | undefined): LogEvent {
  const out: Record<string, unknown> = { id: row.id, time: row.time, kind: row.kind };
  if (sourceName !== undefined) out.source = sourceName;
  const attrs: Record<string, unknown> = row.attrs ? (JSON.parse(row.attrs) as Record<string, unknown>) : {};
  for (const f of [...TEXT_FIELDS, ...NUMBER_FIELDS]) {
    const v = row[f];
    if (v === null) continue;
    if (IN_ATTRS.has(f)) attrs[f] = v;
    else out[f] = v;
  }
  if (row.session_derived === 1 && out.session_id !== undefined) out.session_derived = true;
  if (Object.keys(attrs).length > 0) out.attrs = attrs;
  return out as LogEvent;
}
