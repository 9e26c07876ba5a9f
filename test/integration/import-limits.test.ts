// Imports at their limits: long lines, runaway lines, and a big upload sharing the event loop
// with the collector.
import { describe, expect, it, onTestFinished } from 'vitest';
import { startServer } from '../../electron/core/http/server.js';
import fs from 'node:fs';
import path from 'node:path';
import { makeService } from '../helpers/service.js';
import { tempDir } from '../helpers/temp.js';

const line = (n: number, referrer = '-', agent = 'curl/8') =>
  `10.0.0.${n % 250} - - [17/May/2015:10:05:03 +0000] "GET /item/${n} HTTP/1.1" 200 5 "${referrer}" "${agent}"`;

describe('import limits', () => {
  it('keeps a real line with a 70 KB referrer whole: every field stored and searchable', async () => {
    const service = await makeService();
    const referrer = `http://example.com/?q=${'x'.repeat(70_000)}`;
    const r = await service.dispatch('import.file', { name: 'long.log', content: line(1, referrer, 'needle-agent/1.0') });
    expect(r).toMatchObject({ ok: true, value: { imported: 1, skipped: 0, truncated: 0 } });
    const found = await service.dispatch('events.search', { query: 'needle' });
    expect(found.ok && found.value.events[0]!.attrs).toMatchObject({ referrer, user_agent: 'needle-agent/1.0' });
  });

  it('reads a file with a 20 MB line through the capped line reader: cut, counted, the rest imported', async () => {
    const service = await makeService();
    const file = path.join(tempDir(), 'one-huge-line.log');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, `${line(1)}\n`);
    const block = Buffer.alloc(1 << 20, 'x');
    for (let i = 0; i < 20; i++) fs.writeSync(fd, block);
    fs.writeSync(fd, `\n${line(2)}\n`);
    fs.closeSync(fd);
    const summary = await service.importPath(file);
    expect(summary).toMatchObject({ imported: 2, skipped: 1, truncated: 1, format: 'access' });
  });

  it('cuts a line over 1 MiB, says so in the summary, and goes on with the next lines', async () => {
    const service = await makeService();
    const content = [line(1), line(2, 'x'.repeat(1100 * 1024)), line(3)].join('\n');
    const r = await service.dispatch('import.file', { name: 'runaway.log', content });
    if (!r.ok) throw new Error(r.message);
    expect(r.value.truncated).toBe(1);
    expect(r.value.imported + r.value.skipped).toBe(3);
    const later = await service.dispatch('events.search', { query: 'url:/item/3' });
    expect(later.ok && later.value.total).toBe(1);
  });

  it('lets the collector answer while a big upload is being imported', async () => {
    const service = await makeService();
    const server = await startServer({ service, host: '127.0.0.1', port: 0, uiDir: null });
    onTestFinished(() => server.close());
    // The first collected event starts the writer thread; start it before the race.
    await fetch(`${server.origin}/api/analytics/collect`, { method: 'POST', body: '{"event_type":"warm-up","event_data":{}}' });
    const content = Array.from({ length: 60_000 }, (_, i) => line(i)).join('\n');
    let importFinished = false;
    const importing = service.dispatch('import.file', { name: 'big.log', content }).then((r) => {
      importFinished = true;
      return r;
    });
    const res = await fetch(`${server.origin}/api/analytics/collect`, { method: 'POST', body: '{"event_type":"x","event_data":{}}' });
    expect(res.status).toBe(200);
    // The collector was answered between import batches, not after the whole file.
    expect(importFinished).toBe(false);
    expect(await importing).toMatchObject({ ok: true, value: { imported: 60_000 } });
  });
});
