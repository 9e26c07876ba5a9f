import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/core/store/open.js';
import { migrate, migrationHash, MigrationError } from '../../electron/core/store/migrate.js';
import { MIGRATIONS } from '../../electron/core/store/migrations/index.js';
import { tempDbPath } from '../helpers/temp.js';

describe('store: open and migrations', () => {
  it('opens in WAL mode with every migration recorded with its hash', () => {
    const path = tempDbPath();
    const store = openStore({ path });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const rows = store.db.prepare('SELECT id, name, hash FROM schema_migrations ORDER BY id').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ id: m.id, name: m.name, hash: migrationHash(m) })));
    store.close();
  });

  it('numbers migrations 1, 2, 3... without gaps', () => {
    expect(MIGRATIONS.map((m) => m.id)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('applies nothing the second time a database is opened', () => {
    const path = tempDbPath();
    openStore({ path }).close();
    const db = new Database(path);
    expect(migrate(db, MIGRATIONS).applied).toEqual([]);
    db.close();
  });

  it('refuses a database whose applied migration was changed afterwards', () => {
    const path = tempDbPath();
    openStore({ path }).close();
    const db = new Database(path);
    const edited = MIGRATIONS.map((m) => (m.id === 1 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    expect(() => migrate(db, edited)).toThrow(MigrationError);
    expect(() => migrate(db, edited)).toThrow(/Migration 1 \(events\) was changed after it was applied/);
    db.close();
  });

  it('refuses a database written by a newer version', () => {
    const path = tempDbPath();
    openStore({ path }).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_migrations (id, name, hash, applied_at) VALUES (999, ?, ?, 0)').run('future', 'x');
    db.close();
    expect(() => openStore({ path })).toThrow(/migration 999 \(future\) that this version of Logbridge does not know/);
  });

  it('migration 1 creates the event model: shared fields, kind columns, raw payload', () => {
    const store = openStore({ path: tempDbPath() });
    const cols = (store.db.prepare('PRAGMA table_info(events)').all() as { name: string; type: string; notnull: number }[]).map(
      (c) => `${c.name}:${c.type}${c.notnull ? '!' : ''}`,
    );
    for (const c of ['id:INTEGER', 'time:INTEGER!', 'kind:TEXT!', 'session_id:TEXT', 'user_id:TEXT', 'source_id:INTEGER!', 'raw:TEXT!']) {
      expect(cols).toContain(c);
    }
    for (const c of ['method', 'url', 'route', 'status', 'duration_ms', 'ip_hash', 'user_agent', 'type', 'page', 'target', 'level', 'message', 'trace_id', 'span_id', 'attrs']) {
      expect(cols.some((x) => x.startsWith(`${c}:`))).toBe(true);
    }
    expect(() => store.db.prepare("INSERT INTO events (time, kind, source_id, raw) VALUES (1, 'bogus', 1, 'x')").run()).toThrow(/CHECK/);
    store.close();
  });
});
