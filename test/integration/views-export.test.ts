// Saved views over the contract (kept beside the database), and the export of the current
// result: the same bytes as `logbridge query --all --format`, through a one-time download in
// browser mode or a file the desktop app's save dialog chose, streamed page by page.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startServer, type ServerHost } from '../../electron/core/http/server.js';
import type { Service } from '../../electron/core/service.js';
import { MAX_VIEWS } from '../../shared/views.js';
import { runCli } from '../helpers/cli.js';
import { makeService } from '../helpers/service.js';
import { tempDbPath, tempDir } from '../helpers/temp.js';

const T0 = Date.UTC(2026, 10, 2, 8);

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

/** `n` API calls (every tenth a 500), a log line with a formula and one with hostile text. */
async function seeded(service: Service, n: number): Promise<void> {
  const file = path.join(tempDir(), 'calls.jsonl');
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({ time: T0 + i * 1000, method: i % 3 ? 'GET' : 'POST', url: `/api/items/${i}?q=a,b`, status: i % 10 === 9 ? 500 : 200, duration_ms: 10 + (i % 7) }),
  );
  // First, where the import's field detection samples the file.
  lines.unshift(
    JSON.stringify({ time: T0 + n * 1000, level: 'warn', message: '=HYPERLINK("http://evil","x"), "quoted"' }),
    JSON.stringify({ time: T0 + n * 1000 + 1, level: 'error', message: '<script>alert(1)</script>\u202Eevil' }),
  );
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const summary = await service.importPath(file);
  expect(summary.imported).toBe(n + 2);
}

describe('saved views', () => {
  it('save, list, refuse a taken name until replace is asked, remove; kept beside the database across restarts', async () => {
    const db = tempDbPath();
    const service = await makeService(db);
    const errors = { name: 'Errors', query: 'status:>=500', sort: { field: 'time', dir: 'asc' as const }, range: { preset: '24h' } };
    expect(await ok(service.dispatch('views.save', { view: errors }))).toEqual({ outcome: 'saved', views: [errors] });
    const hostile = { name: '<img src=x onerror=alert(1)>\u202Eweiv', query: 'kind:api', columns: { order: ['time', 'status'], hidden: ['route'], sizes: { time: 180 } } };
    await ok(service.dispatch('views.save', { view: hostile }));
    // Same name, other case: taken; nothing is written until the user says replace.
    const again = { name: 'errors', query: 'status:404' };
    expect((await ok(service.dispatch('views.save', { view: again }))).outcome).toBe('exists');
    expect((await ok(service.dispatch('views.list', {}))).views).toEqual([errors, hostile]);
    expect(await ok(service.dispatch('views.save', { view: again, replace: true }))).toEqual({ outcome: 'replaced', views: [again, hostile] });

    // Another core on the same database (the next run of the app) reads the same views.
    const next = await makeService(db);
    expect((await ok(next.dispatch('views.list', {}))).views).toEqual([again, hostile]);
    expect(fs.existsSync(`${db}.views.json`)).toBe(true);
    expect((await ok(next.dispatch('views.remove', { name: 'ERRORS' }))).views).toEqual([hostile]);
    expect(await next.dispatch('views.remove', { name: 'Errors' })).toMatchObject({ ok: false, code: 'NOT_FOUND', message: 'No saved view is named "Errors".' });
  });

  it('bad views get clear errors: no name, too long, too big, too many, a damaged file', async () => {
    const db = tempDbPath();
    const service = await makeService(db);
    expect(await service.dispatch('views.save', { view: { name: '   ', query: '' } })).toMatchObject({ ok: false, code: 'BAD_INPUT', message: expect.stringContaining('a view needs a name') });
    expect(await service.dispatch('views.save', { view: { name: 'x'.repeat(101), query: '' } })).toMatchObject({ message: expect.stringContaining('at most 100 characters') });
    expect(await service.dispatch('views.save', { view: { name: 'big', query: 'x'.repeat(10_001) } })).toMatchObject({ message: expect.stringContaining('longer than 10,000') });
    const sizes = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`column_${i}`, i]));
    expect(await service.dispatch('views.save', { view: { name: 'wide', query: 'a'.repeat(10_000), columns: { order: [], hidden: [], sizes } } })).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('at most 32 KB') });
    for (let i = 0; i < MAX_VIEWS; i++) await ok(service.dispatch('views.save', { view: { name: `v${i}`, query: `n:${i}` } }));
    expect(await service.dispatch('views.save', { view: { name: 'one more', query: '' } })).toMatchObject({ ok: false, code: 'BAD_INPUT', message: `There are already ${MAX_VIEWS} saved views; delete one before saving another.` });
    // Replacing one stays possible at the limit.
    expect((await ok(service.dispatch('views.save', { view: { name: 'v0', query: 'new' }, replace: true }))).outcome).toBe('replaced');

    fs.writeFileSync(`${db}.views.json`, '{"views": [{"name": 5}]}');
    expect(await service.dispatch('views.list', {})).toMatchObject({ ok: false, code: 'BAD_INPUT', message: expect.stringContaining('is damaged') });
  });
});

async function browserMode(service: ServerHost) {
  const uiDir = tempDir();
  fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Logbridge</title>');
  const server = await startServer({ service, host: '127.0.0.1', port: 0, uiDir });
  onTestFinished(() => server.close());
  return server;
}

describe('export of the current result', () => {
  it('CSV, JSON lines and HAR of 20,000 events: the bytes `logbridge query --all --format` writes, once per link', async () => {
    const db = tempDbPath();
    const service = await makeService(db);
    await seeded(service, 20_000);
    const server = await browserMode(service);
    const cases = [
      { format: 'csv', query: '' },
      { format: 'jsonl', query: 'method:GET' },
      { format: 'har', query: 'kind:api' },
    ] as const;
    for (const { format, query } of cases) {
      const started = await ok(service.dispatch('export.start', { query, format }));
      if (started.kind !== 'download') throw new Error(`expected a download, got ${started.kind}`);
      expect(started.file_name).toMatch(new RegExp(`^logbridge-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d\\.${format}$`));
      expect(started.url).toMatch(/^\/export\/[A-Za-z0-9_-]{32}$/);
      const res = await fetch(server.origin + started.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${started.file_name}"`);
      const body = await res.text();
      const cli = await runCli(['query', '--db', db, '--all', '--format', format, ...(query ? [query] : [])]);
      expect(cli.status, cli.stderr).toBe(0);
      expect(body.length, format).toBe(cli.stdout.length);
      expect(body === cli.stdout, format).toBe(true);
      // Once only: the link is spent.
      const reused = await fetch(server.origin + started.url);
      expect(reused.status).toBe(404);
      expect(await reused.text()).toContain('used already or has expired');
    }
    const csv = (await runCli(['query', '--db', db, '--all', '--format', 'csv'])).stdout.split('\n');
    expect(csv).toHaveLength(20_000 + 2 + 2);
    // The formula is written as text a spreadsheet will not run.
    expect(csv.filter((l) => l.includes('HYPERLINK')).map((l) => l.slice(l.indexOf(',warn,')))).toEqual([`,warn,"'=HYPERLINK(""http://evil"",""x""), ""quoted""",calls.jsonl`]);
  });

  it('refuses a wrong or malformed ticket, and a query with a mistake before any download', async () => {
    const service = await makeService();
    const server = await browserMode(service);
    for (const ticket of ['A'.repeat(32), 'short', '..%2F..%2Fetc']) {
      const res = await fetch(`${server.origin}/export/${ticket}`);
      expect(res.status, ticket).toBe(404);
    }
    expect(await service.dispatch('export.start', { query: 'status:(', format: 'csv' })).toMatchObject({ ok: false, code: 'QUERY_SYNTAX' });
    expect(await service.dispatch('export.start', { query: '', format: 'xlsx' })).toMatchObject({ ok: false, code: 'BAD_INPUT', message: expect.stringContaining('format must be one of jsonl, csv, har') });
  });

  it('streams: the download has begun while the export has not finished', async () => {
    const service = await makeService();
    await seeded(service, 12_000);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let finished = false;
    // The real export, held before its last page until the test has read the first bytes: a
    // route that gathered the whole export before answering would never send them.
    const host: ServerHost = Object.assign(Object.create(service) as Service, {
      claimExport(token: string) {
        const real = service.claimExport(token);
        if (!real) return null;
        async function* held() {
          let n = 0;
          for await (const chunk of real!.chunks) {
            if (++n === 3) await gate;
            yield chunk;
          }
          finished = true;
        }
        return { ...real, chunks: held() };
      },
    });
    const server = await browserMode(host);
    const started = await ok(service.dispatch('export.start', { query: '', format: 'jsonl' }));
    if (started.kind !== 'download') throw new Error('expected a download');
    const res = await fetch(server.origin + started.url);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(finished).toBe(false);
    release();
    let lines = new TextDecoder().decode(first.value).split('\n').length - 1;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      lines += new TextDecoder().decode(value).split('\n').length - 1;
    }
    expect(finished).toBe(true);
    expect(lines).toBe(12_002);
  });

  it('exports what the explorer shows: assets left out when it hides them', async () => {
    const service = await makeService();
    const file = path.join(tempDir(), 'mixed.jsonl');
    const urls = ['/api/cart', '/img/logo.png', '/css/site.css', '/api/pay'];
    fs.writeFileSync(file, urls.map((url, i) => JSON.stringify({ time: T0 + i, method: 'GET', url, status: 200 })).join('\n'));
    await service.importPath(file);
    const server = await browserMode(service);
    const exported = async (hide_assets: boolean) => {
      const started = await ok(service.dispatch('export.start', { query: 'method:GET', hide_assets, format: 'jsonl' }));
      if (started.kind !== 'download') throw new Error('expected a download');
      const text = await (await fetch(server.origin + started.url)).text();
      return text.trim().split('\n').map((l) => (JSON.parse(l) as { url: string }).url);
    };
    expect(await exported(true)).toEqual(['/api/pay', '/api/cart']);
    expect(await exported(false)).toEqual(['/api/pay', '/css/site.css', '/img/logo.png', '/api/cart']);
  });

  it('the desktop app: the save dialog picks the file, the core writes it; cancel writes nothing', async () => {
    const db = tempDbPath();
    const target = path.join(tempDir(), 'chosen.csv');
    let answer: string | null = target;
    const asked: string[] = [];
    const service = await makeService(db, { pickExportPath: async (name) => (asked.push(name), answer) });
    await seeded(service, 6_000);
    const saved = await ok(service.dispatch('export.start', { query: 'status:500', format: 'csv' }));
    expect(saved).toEqual({ kind: 'saved', path: target, events: 600 });
    expect(asked[0]).toMatch(/^logbridge-.*\.csv$/);
    const cli = await runCli(['query', '--db', db, '--all', '--format', 'csv', 'status:500']);
    expect(fs.readFileSync(target, 'utf8') === cli.stdout).toBe(true);
    answer = null;
    expect(await ok(service.dispatch('export.start', { query: '', format: 'har' }))).toEqual({ kind: 'cancelled' });
  });
});
