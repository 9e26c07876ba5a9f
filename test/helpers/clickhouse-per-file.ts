// One real ClickHouse server per test file (kept apart from clickhouse-server.ts, which the
// benchmarks use outside vitest).
import { afterAll, beforeAll } from 'vitest';
import { startClickHouse, type ClickHouseOptions, type ClickHouseServer } from './clickhouse-server.js';

/**
 * One real server for the test file that calls this (started before its tests, stopped after):
 * returns a getter, since the server exists only once the tests run.
 */
export function useClickHouseServer(opts: ClickHouseOptions = {}): () => ClickHouseServer {
  let server: ClickHouseServer | undefined;
  beforeAll(async () => {
    server = await startClickHouse(opts);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the ClickHouse server of this file has not started');
    return server;
  };
}
