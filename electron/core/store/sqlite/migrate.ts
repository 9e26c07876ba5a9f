// Numbered migrations recorded in the database with a hash of their SQL, so a database whose
// history differs from the code (an applied migration edited afterwards) is refused instead
// of silently running against a schema nobody wrote.
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/index.js';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export function migrationHash(m: Migration): string {
  return createHash('sha256').update(m.sql).digest('hex');
}

interface AppliedRow {
  id: number;
  name: string;
  hash: string;
}

/**
 * Checks and applies under the write lock (BEGIN IMMEDIATE): two processes opening a new file at
 * once (the app and the CLI, or two commands) would otherwise both see it empty and both create
 * its tables, and the second fail ("table settings already exists"). The second waits instead
 * (busy_timeout), then finds the history written.
 */
export function migrate(db: Database, migrations: readonly Migration[]): { applied: number[] } {
  return db.transaction(() => migrateLocked(db, migrations)).immediate();
}

function migrateLocked(db: Database, migrations: readonly Migration[]): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const rows = db.prepare('SELECT id, name, hash FROM schema_migrations ORDER BY id').all() as AppliedRow[];
  const known = new Map(migrations.map((m) => [m.id, m]));
  for (const row of rows) {
    const m = known.get(row.id);
    if (!m) {
      throw new MigrationError(
        `Database has migration ${row.id} (${row.name}) that this version of Logbridge does not know; it was written by a newer version.`,
      );
    }
    if (migrationHash(m) !== row.hash) {
      throw new MigrationError(
        `Migration ${m.id} (${m.name}) was changed after it was applied to this database; refusing to open it. Restore the original migration and add a new one instead.`,
      );
    }
  }
  const done = new Set(rows.map((r) => r.id));
  const record = db.prepare('INSERT INTO schema_migrations (id, name, hash, applied_at) VALUES (?, ?, ?, ?)');
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, m.name, migrationHash(m), Date.now());
    })();
    applied.push(m.id);
  }
  return { applied };
}
