// The awkward cases of importing: the same file twice at once, removing a source while it loads,
// a CSV or a half-written last line read on after the file grew, a file rewritten longer under
// the same name, descriptors of gzip read-backs, and secrets in access-log URLs.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import type { LogEvent } from '../../shared/events.js';
import { makeService, sqliteDb } from '../helpers/service.js';
import type { Service } from '../../electron/core/service.js';
import type { SqliteEventStore } from '../../electron/core/store/sqlite/adapter.js';
import { tempDir } from '../helpers/temp.js';

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const p2 = (n: number) => String(n).padStart(2, '0');
const clf = (ms: number) => {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())}/Nov/2026:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
};
const line = (i: number, url = `/items/${i}`) => `10.0.0.${i % 7} - - [${clf(T0 + i * 1000)}] "GET ${url} HTTP/1.1" 200 ${i} "-" "agent"`;
const log = (n: number, from = 0) => Array.from({ length: n }, (_, i) => line(from + i)).join('\n') + '\n';

async function all(service: Service, query = ''): Promise<LogEvent[]> {
  const r = await service.dispatch('events.search', { query, limit: 5000 });
  if (!r.ok) throw new Error(r.message);
  return r.value.events;
}

const count = (service: Service) =>
  sqliteDb(service).prepare('SELECT count(*) n, count(DISTINCT line) d FROM events').get() as { n: number; d: number };

describe('import recovery', () => {
  it('commits a big file on a thread of its own, and a small one on the main connection at once', async () => {
    const service = await makeService();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'big.log'), log(60_000));
    fs.writeFileSync(path.join(dir, 'small.log'), log(100, 60_000));
    // The SQLite store's own load on the calling thread; a thread of its own opens another connection.
    const onMain = vi.spyOn((service.store as SqliteEventStore).sync, 'bulkLoad');
    expect((await service.importPath(path.join(dir, 'big.log'))).imported).toBe(60_000);
    expect(onMain).not.toHaveBeenCalled();
    expect((await service.importPath(path.join(dir, 'small.log'))).imported).toBe(100);
    expect(onMain).toHaveBeenCalledTimes(1);
    expect(count(service).n).toBe(60_100);
  });

  it('imports the same file asked twice at once only once', async () => {
    const service = await makeService();
    const file = path.join(tempDir(), 'twice.log');
    fs.writeFileSync(file, log(60_000));
    const [a, b] = await Promise.all([service.importPath(file), service.importPath(file)]);
    // Either may be the one that reads it: the other finds it read.
    expect([a.state, b.state].sort()).toEqual(['done', 'unchanged']);
    expect(count(service)).toEqual({ n: 60_000, d: 60_000 });
  });

  it('refuses to remove a source while it is being imported', async () => {
    const service = await makeService();
    const file = path.join(tempDir(), 'busy.log');
    fs.writeFileSync(file, log(150_000));
    let refusal: unknown = null;
    let asked = false;
    service.subscribe('import.progress', (p) => {
      if (asked || p.state !== 'running' || p.events === 0) return;
      asked = true;
      void service.store.sources
        .list()
        .then((list) => service.dispatch('sources.remove', { source_id: list[0]!.id }))
        .then((r) => (refusal = r));
    });
    const s = await service.importPath(file);
    expect(s.imported).toBe(150_000);
    expect(refusal).toMatchObject({ ok: false, code: 'BAD_INPUT', message: expect.stringMatching(/being imported; cancel that import first/) });
    expect(count(service).n).toBe(150_000);
  });

  it('reads a CSV that grew again whole, keeping its header and mapping', async () => {
    const service = await makeService();
    const file = path.join(tempDir(), 'grow.csv');
    const row = (i: number) => `${new Date(T0 + i * 1000).toISOString()},msg ${i}`;
    fs.writeFileSync(file, `time,message\n${[0, 1, 2].map(row).join('\n')}\n`);
    await service.importPath(file);
    fs.appendFileSync(file, `${[3, 4, 5].map(row).join('\n')}\n`);
    const s = await service.importPath(file);
    expect(s).toMatchObject({ state: 'done', resumed_from: 0, imported: 6, skipped: 0, mapping: { time: 'time', message: 'message' } });
    expect((await all(service)).map((e) => e.message)).toEqual([5, 4, 3, 2, 1, 0].map((i) => `msg ${i}`));
  });

  it('reads a W3C log that grew again whole, each line under the #Fields: header in force (IIS restarted)', async () => {
    const service = await makeService();
    const file = path.join(tempDir(), 'u_ex240102.log');
    const at = (i: number) => new Date(T0 + i * 1000).toISOString().slice(0, 19).replace('T', ' ');
    fs.writeFileSync(file, `#Software: Microsoft Internet Information Services 10.0\n#Fields: date time cs-method cs-uri-stem sc-status time-taken\n${at(0)} GET /a 200 5\n${at(1)} GET /b 200 6\n`);
    expect(await service.importPath(file)).toMatchObject({ state: 'done', format: 'w3c', imported: 2 });
    // After a restart the same columns come in another order.
    fs.appendFileSync(file, `#Fields: date time sc-status time-taken cs-uri-stem cs-method\n${at(2)} 404 7 /c POST\n${at(3)} 201 8 /d PUT\n`);
    const s = await service.importPath(file);
    expect(s).toMatchObject({ state: 'done', resumed_from: 0, imported: 4, skipped: 0 });
    const events = (await all(service)).reverse();
    expect(events.map((e) => [e.method, e.url, e.status, e.duration_ms])).toEqual([
      ['GET', '/a', 200, 5], ['GET', '/b', 200, 6], ['POST', '/c', 404, 7], ['PUT', '/d', 201, 8],
    ]);
  });

  it('reads a half-written last line again once the file grows, without keeping what it made of the half', async () => {
    const service = await makeService();
    const file = path.join(tempDir(), 'live.log');
    const whole = line(2, '/finished/path');
    fs.writeFileSync(file, `${line(0)}\n${line(1)}\n${whole.slice(0, 40)}`);
    const first = await service.importPath(file);
    expect(first.imported + first.skipped).toBe(3);
    fs.appendFileSync(file, `${whole.slice(40)}\n${line(3)}\n`);
    const s = await service.importPath(file);
    expect(s.resumed_from).toBeGreaterThan(0);
    const events = (await all(service)).reverse();
    expect(events.map((e) => [e.line, e.url])).toEqual([[1, '/items/0'], [2, '/items/1'], [3, '/finished/path'], [4, '/items/3']]);
    const sources = await service.dispatch('sources.list', {});
    expect(sources.ok && sources.value.sources[0]!.imported).toBe(4);
  });

  it('says a file rewritten longer under the same name has changed, instead of showing the wrong bytes', async () => {
    const service = await makeService();
    const file = path.join(tempDir(), 'rewritten.log');
    fs.writeFileSync(file, log(3));
    await service.importPath(file);
    const [e] = await all(service, 'line:2');
    fs.writeFileSync(file, log(10, 500));
    const got = await service.dispatch('events.get', { id: e!.id });
    expect(got.ok && got.value).toMatchObject({ raw: '', raw_note: expect.stringMatching(/has changed since it was imported/) });
  });

  it('closes the file behind each raw read of a gzip source', async () => {
    const service = await makeService();
    const file = path.join(tempDir(), 'z.log.gz');
    fs.writeFileSync(file, zlib.gzipSync(log(20)));
    await service.importPath(file);
    const [e] = await all(service, 'line:5');
    const open = () => fs.readdirSync('/proc/self/fd').length;
    await service.dispatch('events.get', { id: e!.id });
    const before = open();
    for (let i = 0; i < 30; i++) await service.dispatch('events.get', { id: e!.id });
    expect(open()).toBeLessThanOrEqual(before + 2);
  });

  it('hides tokens in access-log URLs and referrers, with or without a log format', async () => {
    const service = await makeService();
    const dir = tempDir();
    const secret = (i: number) =>
      `10.0.0.1 - - [${clf(T0 + i)}] "GET /reset?password=hunter2&next=/home HTTP/1.1" 200 5 "https://x.example/#access_token=SECRETTOK" "agent"`;
    fs.writeFileSync(path.join(dir, 'plain.log'), `${secret(0)}\n${secret(1)}\n`);
    fs.writeFileSync(path.join(dir, 'custom.log'), `${secret(2)}\n`);
    await service.importPath(path.join(dir, 'plain.log'));
    await service.importPath(path.join(dir, 'custom.log'), { logFormat: '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"' });
    const events = await all(service);
    expect(events).toHaveLength(3);
    for (const e of events) {
      expect(e.url).toMatch(/^\/reset\?password=\[redacted:[0-9a-f]{12}\]&next=\/home$/);
      expect(e.attrs?.referrer).toMatch(/access_token=\[redacted:/);
    }
    expect(await all(service, 'hunter2')).toEqual([]);
    expect(await all(service, 'SECRETTOK')).toEqual([]);
    const strings = sqliteDb(service).prepare("SELECT count(*) FROM strings WHERE value LIKE '%hunter2%' OR value LIKE '%SECRETTOK%'").pluck().get();
    expect(strings).toBe(0);
  });
});
