// Event ids as the port hands them out: opaque strings, here the row id in decimal. (Search
// cursors are sort-cursor.ts's, shared by both adapters.)
const ROW_ID = /^[1-9]\d{0,15}$/;

/** The row id an event id names, or null for text this store never handed out. */
export function parseRowId(id: string): number | null {
  if (!ROW_ID.test(id)) return null;
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : null;
}
