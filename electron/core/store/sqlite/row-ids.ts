// Event ids and search cursors as the port hands them out: opaque strings. Here they are the
// row id in decimal, and `<time>.<row id>` for the keyset (time, id) of the last row shown.
import { StoreInputError } from '../port.js';

const ROW_ID = /^[1-9]\d{0,15}$/;
const CURSOR = /^(-?\d{1,16})\.([1-9]\d{0,15})$/;

/** The row id an event id names, or null for text this store never handed out. */
export function parseRowId(id: string): number | null {
  if (!ROW_ID.test(id)) return null;
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : null;
}

export function encodeCursor(time: number, id: number): string {
  return `${time}.${id}`;
}

export function decodeCursor(cursor: string): { time: number; id: number } {
  const m = CURSOR.exec(cursor);
  const time = m ? Number(m[1]) : NaN;
  const id = m ? Number(m[2]) : NaN;
  if (!Number.isSafeInteger(time) || !Number.isSafeInteger(id)) {
    throw new StoreInputError('The search cursor is not one this store handed out; start the search again from its first page.');
  }
  return { time, id };
}
