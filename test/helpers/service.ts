// A real store in a temporary file with a real core on top, closed after the test.
import type Database from 'better-sqlite3';
import { onTestFinished } from 'vitest';
import { openCore, type CoreOptions } from '../../electron/core/compose.js';
import type { Service } from '../../electron/core/service.js';
import type { SqliteEventStore } from '../../electron/core/store/sqlite/adapter.js';
import { tempDbPath } from './temp.js';

export async function makeService(dbPath = tempDbPath(), opts: Partial<CoreOptions> = {}): Promise<Service> {
  const core = await openCore({ store: { kind: 'sqlite', path: dbPath }, version: 'test', collectorUrl: null, log: () => {}, ...opts });
  onTestFinished(() => core.close());
  return core.service;
}

/** The SQLite database under a service made by makeService, for tests that look at its tables. */
export function sqliteDb(service: Service): Database.Database {
  const store = service.store as Partial<SqliteEventStore>;
  if (store.kind !== 'sqlite' || !store.sync) throw new Error('this service does not run on SQLite');
  return store.sync.db;
}
