// The string dictionary (migration 004): each distinct text is stored once, with its words in
// strings_fts. Writers intern through a bounded cache, so a repeated URL or agent costs a Map
// lookup instead of a query.
import type { Database } from 'better-sqlite3';

export interface StringsStore {
  /**
   * The id of `value`, adding it when it is new, with its words in the full-text index unless it
   * is an identifier (`searchable` false: session ids, address hashes). A value first seen as
   * an identifier stays out of full text even if it later appears as text (rare; documented).
   */
  intern(value: string, searchable?: boolean): number;
  /** The text each of `ids` stands for. */
  values(ids: readonly number[]): Map<number, string>;
  /** Forgets cached ids: call when a transaction that interned strings rolled back. */
  reset(): void;
}

/** Entries kept in the per-connection cache; past this it starts over (memory stays bounded). */
const CACHE_LIMIT = 100_000;
/** Attribute objects from files and clients may nest; their words stop being collected here. */
const MAX_DEPTH = 16;

/** The words a string contributes to full text: an attribute object's values, not its keys. */
export function ftsBody(value: string): string {
  if (value.charCodeAt(0) !== 123 /* { */) return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return value;
  }
  const parts: string[] = [];
  collectLeaves(parsed, parts, 0);
  return parts.join(' ');
}

function collectLeaves(value: unknown, out: string[], depth: number): void {
  if (typeof value === 'string') {
    if (value.trim() !== '') out.push(value);
  } else if (typeof value === 'number' || typeof value === 'boolean') {
    out.push(String(value));
  } else if (value !== null && typeof value === 'object' && depth < MAX_DEPTH) {
    for (const v of Object.values(value)) collectLeaves(v, out, depth + 1);
  }
}

export function createStringsStore(db: Database): StringsStore {
  const find = db.prepare('SELECT id FROM strings WHERE value = ?').pluck();
  const insert = db.prepare('INSERT INTO strings (value) VALUES (?)');
  const insertFts = db.prepare('INSERT INTO strings_fts (rowid, body) VALUES (?, ?)');
  const valuesOf = db.prepare('SELECT id, value FROM strings WHERE id IN (SELECT value FROM json_each(?))');
  const cache = new Map<string, number>();

  const intern = (value: string, searchable = true): number => {
    let id = cache.get(value);
    if (id !== undefined) return id;
    id = find.get(value) as number | undefined;
    if (id === undefined) {
      id = Number(insert.run(value).lastInsertRowid);
      const body = searchable ? ftsBody(value) : '';
      if (body !== '') insertFts.run(id, body);
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(value, id);
    return id;
  };

  return {
    intern,
    values(ids) {
      const out = new Map<number, string>();
      if (ids.length === 0) return out;
      // One statement for any number of ids: they travel as one JSON array parameter.
      for (const r of valuesOf.all(JSON.stringify(ids)) as { id: number; value: string }[]) out.set(r.id, r.value);
      return out;
    },
    reset: () => cache.clear(),
  };
}
