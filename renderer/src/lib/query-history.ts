// Recent queries the user applied, newest first, kept in this browser's storage so they survive
// a reload. What storage holds is outside input (another version of the app, a hand edit), so
// it is read through a schema and anything unreadable is an empty history, never an error.
import { z } from 'zod';

export const HISTORY_KEY = 'logbridge.queryHistory';
export const HISTORY_LIMIT = 50;

const StoredHistorySchema = z.array(z.string().max(10_000)).max(HISTORY_LIMIT * 2);

/** `query` first, any earlier copy of it gone, at most HISTORY_LIMIT kept; blank queries are not worth keeping. */
export function remember(history: readonly string[], query: string): string[] {
  const q = query.trim();
  if (q === '' || q === '*') return [...history];
  return [q, ...history.filter((h) => h !== q)].slice(0, HISTORY_LIMIT);
}

export function forget(history: readonly string[], query: string): string[] {
  return history.filter((h) => h !== query);
}

/** The stored history; empty when there is none, storage is refused, or what it holds is not a history. */
export function readHistory(storage: Pick<Storage, 'getItem'> | null): string[] {
  try {
    const raw = storage?.getItem(HISTORY_KEY);
    if (raw === null || raw === undefined) return [];
    const parsed = StoredHistorySchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data.filter((h) => h.trim() !== '').slice(0, HISTORY_LIMIT) : [];
  } catch {
    return [];
  }
}

/** Kept in memory only when storage refuses (a locked-down profile, a full quota). */
export function writeHistory(storage: Pick<Storage, 'setItem'> | null, history: readonly string[]): void {
  try {
    storage?.setItem(HISTORY_KEY, JSON.stringify(history));
  } catch {
    // As above: the history lasts this page.
  }
}
