// A real collector on port 0 over a real store in a temp file, closed after the test.
import { onTestFinished } from 'vitest';
import { startServer } from '../../electron/core/http/server.js';
import type { CollectorConfig } from '../../electron/core/collect/collector.js';
import type { LogEvent } from '../../shared/events.js';
import { makeService } from './service.js';
import { tempDbPath } from './temp.js';

export async function startCollector(opts: { token?: string; config?: CollectorConfig } = {}) {
  const db = tempDbPath();
  const service = await makeService(db);
  const server = await startServer({ service, host: '127.0.0.1', port: 0, uiDir: null, token: opts.token, collector: opts.config });
  onTestFinished(() => server.close());
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
    });
  const search = async (query: string, limit = 1000): Promise<LogEvent[]> => {
    const r = await service.dispatch('events.search', { query, limit });
    if (!r.ok) throw new Error(r.message);
    return r.value.events;
  };
  return { db, service, server, post, search };
}
