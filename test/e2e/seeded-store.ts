// A new SQLite store holding exactly the given events (as the collector's), for a browser test
// to open with openApp: figures to compare against without importing anything through the UI.
import { openStoreFor } from '../../electron/core/compose.js';
import type { NewEvent } from '../../shared/events.js';
import { tempDbPath } from '../helpers/temp.js';

export async function seededStore(events: readonly NewEvent[]): Promise<string> {
  const db = tempDbPath();
  const store = await openStoreFor({ kind: 'sqlite', path: db }, { columnar: false });
  await store.append(await store.sources.collectorId(), events);
  await store.close();
  return db;
}
