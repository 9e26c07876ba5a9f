// The store contract (test/helpers/store-contract.ts) against the ClickHouse adapter and a real
// clickhouse-server started for this file; each test gets a database of its own.
import { afterAll, beforeAll } from 'vitest';
import { openClickHouseStore } from '../../electron/core/store/clickhouse/index.js';
import { startClickHouse, uniqueDatabase, type ClickHouseServer } from '../helpers/clickhouse-server.js';
import { describeStoreContract } from '../helpers/store-contract.js';

let server: ClickHouseServer;
beforeAll(async () => {
  server = await startClickHouse();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describeStoreContract('clickhouse', () => openClickHouseStore(server.url(uniqueDatabase())));
