// Search cursors and the checks on a sorted search's spec, shared by the adapters. A cursor
// holds the sort it was made for and the (value, time, id) of the last row shown; handed to
// another sort it is refused, because continuing from it would skip or repeat rows silently.
//
// The default order (time desc) keeps the cursor text it always had, `<time>.<id>`, so cursors
// handed out before sorting existed still work. Other sorts: `<field>.<dir>.<base64url JSON>`.
import { z } from 'zod';
import { DEFAULT_SORT, NUMERIC_SORT_FIELDS, SORT_FIELDS, sortValueOf, type SortField, type SortSpec } from '../../../shared/sort.js';
import type { LogEvent } from '../../../shared/events.js';
import { MAX_SEARCH_OFFSET } from '../../../shared/api.js';
import { StoreInputError, type SearchSpec } from './port.js';

/** Where a page ended: the last row's sort value (null: it had none), time and id. */
export interface SortKey {
  value: string | number | null;
  time: number;
  id: string;
}

/** A decoded cursor: its value is undefined when it was too long to carry (resolveSortKey reads it from the row). */
export interface CursorKey extends Omit<SortKey, 'value'> {
  value: string | number | null | undefined;
}

/**
 * A cursor is at most this long (the RPC's CursorSchema): a text value that would make it longer
 * stays out (a 1 MB message would make a 1 MB cursor), and the next page reads it from the row.
 */
const MAX_CURSOR_CHARS = 200;


const PLAIN = /^(-?\d{1,16})\.(\d{1,20})$/;
const SORTED = /^([a-z_]{1,16})\.(asc|desc)\.([A-Za-z0-9_-]{1,400})$/;
const Payload = z.union([
  z.tuple([z.union([z.string().max(MAX_CURSOR_CHARS), z.number(), z.null()]), z.number().int().safe(), z.string().regex(/^\d{1,20}$/)]),
  // The value left out: [time, id].
  z.tuple([z.number().int().safe(), z.string().regex(/^\d{1,20}$/)]),
]);

const isDefault = (s: SortSpec) => s.field === DEFAULT_SORT.field && s.dir === DEFAULT_SORT.dir;
const describe = (s: SortSpec) => `${s.field} ${s.dir === 'asc' ? 'ascending' : 'descending'}`;
const restart = 'start the search again from its first page.';

export function sortOf(spec: Pick<SearchSpec, 'sort'>): SortSpec {
  return spec.sort ?? DEFAULT_SORT;
}

/** Refuses what no adapter can answer: an offset with a cursor, an offset that is not a whole number in range. */
export function checkSearchSpec(spec: SearchSpec): void {
  if (spec.offset !== undefined) {
    if (spec.after !== undefined) throw new StoreInputError('A search takes an offset or a cursor to go on from, not both.');
    if (!Number.isSafeInteger(spec.offset) || spec.offset < 0 || spec.offset > MAX_SEARCH_OFFSET) {
      throw new StoreInputError(`An offset is a whole number from 0 to ${MAX_SEARCH_OFFSET}, not ${spec.offset}.`);
    }
  }
  if (spec.sort !== undefined && !(SORT_FIELDS as readonly string[]).includes(spec.sort.field)) {
    throw new StoreInputError(`Events cannot be sorted by ${String(spec.sort.field)}.`);
  }
}

export function encodeSortCursor(sort: SortSpec, key: SortKey): string {
  if (isDefault(sort)) return `${key.time}.${key.id}`;
  const make = (payload: unknown[]) => `${sort.field}.${sort.dir}.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
  const carried = typeof key.value === 'string' && key.value.length > MAX_CURSOR_CHARS ? null : make([key.value, key.time, key.id]);
  return carried !== null && carried.length <= MAX_CURSOR_CHARS ? carried : make([key.time, key.id]);
}

/** The key a cursor continues after, checked against the sort it is used with. */
export function decodeSortCursor(sort: SortSpec, cursor: string): CursorKey {
  const plain = PLAIN.exec(cursor);
  if (plain) {
    if (!isDefault(sort)) throw foreign(DEFAULT_SORT, sort);
    const time = Number(plain[1]);
    if (!Number.isSafeInteger(time)) throw damaged();
    return { value: time, time, id: plain[2]! };
  }
  const m = SORTED.exec(cursor);
  if (!m) throw damaged();
  const made = { field: m[1] as SortField, dir: m[2] as SortSpec['dir'] };
  if (!(SORT_FIELDS as readonly string[]).includes(made.field)) throw damaged();
  if (made.field !== sort.field || made.dir !== sort.dir) throw foreign(made, sort);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(m[3]!, 'base64url').toString('utf8'));
  } catch {
    throw damaged();
  }
  const r = Payload.safeParse(parsed);
  if (!r.success) throw damaged();
  if (r.data.length === 2) {
    if (NUMERIC_SORT_FIELDS.has(sort.field)) throw damaged();
    return { value: undefined, time: r.data[0], id: r.data[1] };
  }
  const [value, time, id] = r.data;
  const numeric = NUMERIC_SORT_FIELDS.has(sort.field);
  if (value !== null && (typeof value === 'number') !== numeric) throw damaged();
  if (typeof value === 'number' && !Number.isFinite(value)) throw damaged();
  return { value, time, id };
}

/** The cursor's key with its value read from the row it names when the cursor left it out. */
export async function resolveSortKey(
  sort: SortSpec,
  key: CursorKey,
  rowOf: (id: string) => Promise<LogEvent | undefined>,
): Promise<SortKey> {
  if (key.value !== undefined) return { ...key, value: key.value };
  const row = await rowOf(key.id);
  if (!row) throw new StoreInputError(`The event this page ended at is gone; ${restart}`);
  return { ...key, value: sortValueOf(row, sort.field) ?? null };
}

function foreign(made: SortSpec, used: SortSpec): StoreInputError {
  return new StoreInputError(`The search cursor was made for the sort by ${describe(made)}, not ${describe(used)}; ${restart}`);
}

function damaged(): StoreInputError {
  return new StoreInputError(`The search cursor is not one this store handed out; ${restart}`);
}
