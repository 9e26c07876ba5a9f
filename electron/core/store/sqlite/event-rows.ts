// Rows of the events table back into events: one row with its text already looked up (a single
// event), or a page of rows read as arrays with their dictionary refs resolved together.
import { ATTR_COLUMNS, type EventKind, type LogEvent } from '../../../../shared/events.js';
import { EVENT_FIELDS } from '../../../../shared/fields.js';
import { derivedRefText } from '../derived-sessions.js';
import { EVENT_REF_NAMES, PLAIN_NUMBER_FIELDS, PLAIN_TEXT_FIELDS, STRING_FIELDS, type StringField } from './event-columns.js';
import type { StringsStore } from './strings.js';

/** A row read with EVENT_SELECT_LIST. */
export type EventRow = {
  id: number;
  time: number;
  kind: EventKind;
  source: string | null;
  source_id: number;
  session_derived: number | null;
  byte_offset: number | null;
  byte_length: number | null;
  attrs: string | null;
  raw?: string | null;
} & { [K in StringField | (typeof PLAIN_NUMBER_FIELDS)[number] | (typeof PLAIN_TEXT_FIELDS)[number]]: string | number | null };

type ColumnField = StringField | (typeof PLAIN_NUMBER_FIELDS)[number] | (typeof PLAIN_TEXT_FIELDS)[number];

/** Fields that DESIGN.md's --json names put at top level; the rest of our columns go in attrs. */
const TOP_LEVEL = new Set<string>(EVENT_FIELDS.filter((f) => f.placement === 'top').map((f) => f.name));
const COLUMN_FIELDS = ([...STRING_FIELDS, ...PLAIN_NUMBER_FIELDS, ...PLAIN_TEXT_FIELDS] as ColumnField[]).map((name) => ({
  name,
  inAttrs: (ATTR_COLUMNS as readonly string[]).includes(name),
  top: TOP_LEVEL.has(name),
}));

interface RowParts {
  id: number;
  time: number;
  kind: EventKind;
  source: string | null;
  derived: boolean;
  attrs: string | null;
}

function assemble(parts: RowParts, valueOf: (field: ColumnField) => unknown): LogEvent {
  const out: Record<string, unknown> = { id: String(parts.id), time: parts.time, kind: parts.kind };
  if (parts.source !== null) out.source = parts.source;
  const attrs: Record<string, unknown> = parts.attrs ? (JSON.parse(parts.attrs) as Record<string, unknown>) : {};
  for (const f of COLUMN_FIELDS) {
    const v = valueOf(f.name);
    if (v === null || v === undefined) continue;
    if (f.inAttrs) attrs[f.name] = v;
    else if (f.top) out[f.name] = v;
  }
  if (parts.derived && out.session_id !== undefined) out.session_derived = true;
  if (Object.keys(attrs).length > 0) out.attrs = attrs;
  return out as LogEvent;
}

export function rowToEvent(row: EventRow): LogEvent {
  return assemble(
    { id: row.id, time: row.time, kind: row.kind, source: row.source, derived: row.session_derived === 1, attrs: row.attrs },
    (f) => row[f],
  );
}

const at = (name: string): number => {
  const i = EVENT_REF_NAMES.indexOf(name);
  if (i < 0) throw new Error(`no column ${name} in EVENT_REF_LIST`);
  return i;
};
const ID = at('id');
const TIME = at('time');
const KIND = at('kind');
const SOURCE = at('source');
const SESSION = at('session_ref');
const ATTRS = at('attrs');
/** Where each field sits in a ref row, and whether it holds a dictionary ref. */
const POSITION = new Map(COLUMN_FIELDS.filter((f) => f.name !== 'session_id').map((f) => [f.name, at(f.name)]));
const REF_POSITIONS = [...STRING_FIELDS.filter((f) => f !== 'session_id').map(at), ATTRS];
const IS_REF = new Set<ColumnField>(STRING_FIELDS);

/** Rows read as arrays with EVENT_REF_LIST, as events: every ref of the page resolved by one lookup of its distinct ids. */
export function refRowsToEvents(rows: readonly (readonly unknown[])[], strings: StringsStore): LogEvent[] {
  const ids = new Set<number>();
  for (const row of rows) {
    const session = row[SESSION];
    if (typeof session === 'number' && session > 0) ids.add(session);
    for (const i of REF_POSITIONS) {
      const ref = row[i];
      if (typeof ref === 'number') ids.add(ref);
    }
  }
  const text = strings.values([...ids]);
  const textOf = (ref: unknown) => (typeof ref === 'number' ? (text.get(ref) ?? null) : null);
  return rows.map((row) => {
    const session = row[SESSION];
    const derived = typeof session === 'number' && session < 0;
    const sessionText = derived ? derivedRefText(session) : textOf(session);
    const parts = { id: row[ID] as number, time: row[TIME] as number, kind: row[KIND] as EventKind, source: row[SOURCE] as string | null, derived, attrs: textOf(row[ATTRS]) };
    return assemble(parts, (f) => {
      if (f === 'session_id') return sessionText;
      const v = row[POSITION.get(f)!];
      return IS_REF.has(f) ? textOf(v) : v;
    });
  });
}
