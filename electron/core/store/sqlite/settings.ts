// Per-database settings (key/value).
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';

export interface SettingsStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  /** A random secret made on first use and kept with this database (e.g. the file IP-hash key). */
  secret(key: string): string;
}

export function createSettingsStore(db: Database): SettingsStore {
  const read = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const insertNew = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING');
  const get = (key: string) => read.get(key) as string | undefined;
  return {
    get,
    set: (key, value) => void write.run(key, value),
    secret(key) {
      // Insert-if-absent then read, so two processes sharing the file agree on one secret.
      insertNew.run(key, randomBytes(32).toString('hex'));
      return get(key) as string;
    },
  };
}
