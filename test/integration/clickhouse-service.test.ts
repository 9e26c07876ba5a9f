// The core unchanged on a ClickHouse store: imports (resumed, replaced, raw lines read back from
// the file), the UI's calls (search with totals, one event, route stats, sources, app info) and
// the HTTP collector, all through the same service the CLI, the desktop app and browser mode use.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { LogEvent } from '../../shared/events.js';
import { startServer } from '../../electron/core/http/server.js';
import type { Service } from '../../electron/core/service.js';
import { FREE_TEXT_NOTE } from '../../electron/core/store/clickhouse/index.js';
import { uniqueDatabase } from '../helpers/clickhouse-server.js';
import { useClickHouseServer } from '../helpers/clickhouse-per-file.js';
import { clientHidden } from '../helpers/raw-text.js';
import { makeService } from '../helpers/service.js';
import { tempDir } from '../helpers/temp.js';
import { clfTime } from '../helpers/access-lines.js';
import { StoreSpecSchema } from '../../electron/core/compose.js';

const clickHouse = useClickHouseServer();

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const clf = clfTime;
const accessLine = (i: number) =>
  `10.0.0.${i % 5} - - [${clf(T0 + i * 1000)}] "GET /items/${i % 7} HTTP/1.1" ${i % 10 === 0 ? 503 : 200} ${100 + i} "-" "agent-${i % 3}"`;
const accessLog = (n: number, from = 0) => Array.from({ length: n }, (_, i) => accessLine(from + i)).join('\n') + '\n';

async function clickHouseService(): Promise<Service> {
  return makeService(undefined, { store: StoreSpecSchema.parse(clickHouse().url(uniqueDatabase())) });
}

async function call<N extends Parameters<Service['dispatch']>[0]>(service: Service, name: N, input: Parameters<Service['dispatch']>[1]) {
  const r = await service.dispatch(name, input as never);
  if (!r.ok) throw new Error(`${name}: ${r.message}`);
  return r.value as Record<string, unknown>;
}

describe('the core on a ClickHouse store', () => {
  it('imports a file, reads it on when it grows, and answers the UI from it', async () => {
    const service = await clickHouseService();
    const dir = tempDir();
    const file = path.join(dir, 'access.log');
    fs.writeFileSync(file, accessLog(100));
    expect(await service.importPath(file)).toMatchObject({ state: 'done', imported: 100, format: 'access' });
    expect(await service.importPath(file)).toMatchObject({ state: 'unchanged', imported: 0 });
    fs.appendFileSync(file, accessLog(20, 100));
    expect(await service.importPath(file)).toMatchObject({ state: 'done', imported: 20, resumed_from: Buffer.byteLength(accessLog(100)) });

    const page = await call(service, 'events.search', { query: 'status:503', limit: 5 });
    expect(page.total).toBe(12);
    expect(page.total_approximate).toBe(false);
    const events = page.events as LogEvent[];
    expect(events.map((e) => e.line)).toEqual([111, 101, 91, 81, 71]);
    const next = await call(service, 'events.search', { query: 'status:503', limit: 5, before: page.next as string });
    expect((next.events as LogEvent[]).map((e) => e.line)).toEqual([61, 51, 41, 31, 21]);

    const detail = await call(service, 'events.get', { id: events[0]!.id });
    expect(detail.raw).toMatch(clientHidden(accessLine(110)));
    expect(detail.session_id).toMatch(/^d\d+-\d+$/);

    const stats = await call(service, 'stats.routes', { query: '', by: 'all' });
    expect(stats.rows).toEqual([expect.objectContaining({ count: 120, errors: 12 })]);
    const sources = await call(service, 'sources.list', {});
    expect((sources.sources as { imported: number; state: string }[]).map((s) => [s.imported, s.state])).toEqual([[120, 'done']]);
    const info = await call(service, 'app.info', {});
    expect(info.store).toEqual({ kind: 'clickhouse', notes: [FREE_TEXT_NOTE] });
  });

  it('replaces a file whose content changed, and removes a source with its events', async () => {
    const service = await clickHouseService();
    const file = path.join(tempDir(), 'app.log');
    fs.writeFileSync(file, accessLog(10));
    const first = await service.importPath(file);
    fs.writeFileSync(file, accessLog(5, 500));
    expect(await service.importPath(file)).toMatchObject({ state: 'done', imported: 5, resumed_from: 0 });
    const all = await call(service, 'events.search', { query: '', limit: 100 });
    expect((all.events as LogEvent[]).map((e) => e.time)).toEqual([504, 503, 502, 501, 500].map((i) => T0 + i * 1000));
    const list = (await call(service, 'sources.list', {})).sources as { id: number }[];
    expect(list.map((s) => s.id)).not.toContain(first.source_id);
    expect(await call(service, 'sources.remove', { source_id: list[0]!.id })).toEqual({ removed: 5 });
    expect((await call(service, 'events.search', { query: '', limit: 10 })).total).toBe(0);
  });

  it('stores what the collector receives', async () => {
    const service = await clickHouseService();
    const http = await startServer({ service, host: '127.0.0.1', port: 0, uiDir: null });
    onTestFinished(() => http.close());
    const res = await fetch(`${http.origin}/api/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { method: 'GET', url: '/api/users/42?x=1', status: 200, duration_ms: 12, time: T0 },
        { method: 'POST', url: '/api/orders', status: 502, duration_ms: 340, time: T0 + 1, user_id: 'ann' },
      ]),
    });
    expect(res.status).toBeLessThan(300);
    const found = await call(service, 'events.search', { query: 'user:ANN status>=500', limit: 10 });
    expect((found.events as LogEvent[]).map((e) => [e.method, e.url, e.source])).toEqual([['POST', '/api/orders', 'collector']]);
    expect((await call(service, 'events.search', { query: 'users', limit: 10 })).total).toBe(1);
  });
});
