// A real store in a temporary file with a real service on top, closed after the test.
import { onTestFinished } from 'vitest';
import { openStore } from '../../electron/core/store/sqlite/open.js';
import { createService, type Service, type ServiceOptions } from '../../electron/core/service.js';
import { tempDbPath } from './temp.js';

export function makeService(dbPath = tempDbPath(), opts: Partial<ServiceOptions> = {}): Service {
  const store = openStore({ path: dbPath });
  const service = createService(store, { version: 'test', dbPath, collectorUrl: null, log: () => {}, ...opts });
  onTestFinished(async () => {
    await service.stop();
    store.close();
  });
  return service;
}
