// The import pipeline end to end, through the service the UI and CLI use: many files into one
// timeline, gzip, reopening (unchanged, grown), cancelling, bad lines, derived sessions, raw
// text read back from the file, uploads in pieces, and following a growing log.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ImportProgress, ImportSummary } from '../../shared/api.js';
import type { LogEvent } from '../../shared/events.js';
import { clientHidden } from '../helpers/raw-text.js';
import { makeService, sqliteDb } from '../helpers/service.js';
import type { Service } from '../../electron/core/service.js';
import { tempDir } from '../helpers/temp.js';
import { clfTime } from '../helpers/access-lines.js';

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const clf = clfTime;
const accessLine = (i: number, ms = T0 + i * 1000, ip = `10.0.0.${i % 5}`) =>
  `${ip} - - [${clf(ms)}] "GET /items/${i} HTTP/1.1" 200 ${100 + i} "-" "agent-${i % 3}"`;
const accessLog = (n: number, from = 0) => Array.from({ length: n }, (_, i) => accessLine(from + i)).join('\n') + '\n';

async function all(service: Service, query = ''): Promise<LogEvent[]> {
  const r = await service.dispatch('events.search', { query, limit: 5000 });
  if (!r.ok) throw new Error(r.message);
  return (r.value as { events: LogEvent[] }).events;
}

function write(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('import pipeline', () => {
  it('merges several files and a folder into one timeline, each event keeping its file and line', async () => {
    const dir = tempDir();
    const service = await makeService();
    const sub = path.join(dir, 'more');
    fs.mkdirSync(sub);
    write(dir, 'a.log', `${accessLine(0)}\n${accessLine(2)}\n`);
    write(sub, 'b.jsonl', `{"ts":"${new Date(T0 + 1000).toISOString()}","level":"info","msg":"between"}\n`);
    const { expandPaths } = await import('../../electron/core/importers/imports.js');
    const files = await expandPaths([path.join(dir, 'a.log'), sub]);
    expect(files.map((f) => path.basename(f))).toEqual(['a.log', 'b.jsonl']);
    for (const f of files) await service.importPath(f);
    const events = (await all(service)).reverse();
    expect(events.map((e) => [e.source, e.line, e.time - T0])).toEqual([
      ['a.log', 1, 0],
      ['b.jsonl', 1, 1000],
      ['a.log', 2, 2000],
    ]);
  });

  it('commits a small first batch so the first rows can be searched at once, then bigger ones', async () => {
    const service = await makeService();
    const file = write(tempDir(), 'big.log', accessLog(60_000));
    const commits: number[] = [];
    service.subscribe('events.added', ({ count }) => commits.push(count));
    expect((await service.importPath(file)).imported).toBe(60_000);
    expect(commits[0]).toBe(1024);
    expect(commits[1]).toBe(4096);
    // From then on a batch is at least the full size (a read chunk may hold more).
    expect(Math.min(...commits.slice(2, -1))).toBeGreaterThanOrEqual(16_384);
    expect(commits.reduce((a, b) => a + b, 0)).toBe(60_000);
  });

  it('reads gzip by its content, whatever the name, into the same events as the plain file', async () => {
    const dir = tempDir();
    const service = await makeService();
    const text = accessLog(50);
    const a = await service.importPath(write(dir, 'x.log', text));
    const b = await service.importPath(write(dir, 'x.txt', zlib.gzipSync(text)));
    expect(b).toMatchObject({ format: 'access', imported: 50, state: 'done' });
    expect(a.imported).toBe(50);
    const strip = (e: LogEvent) => ({ ...e, id: 0, source: '', session_id: e.session_id?.replace(/^d\d+-/, 'd-') });
    expect((await all(service, 'source:x.txt')).map(strip)).toEqual((await all(service, 'source:x.log')).map(strip));
    const one = (await all(service, 'source:x.txt line:7'))[0]!;
    const detail = await service.dispatch('events.get', { id: one.id });
    expect(detail.ok && detail.value.raw).toMatch(clientHidden(accessLine(6)));
  });

  it('does not read an unchanged file again, and reads a grown one on from where it stopped', async () => {
    const dir = tempDir();
    const service = await makeService();
    const file = write(dir, 'grow.log', accessLog(100));
    const first = await service.importPath(file);
    expect(first).toMatchObject({ state: 'done', imported: 100, resumed_from: 0 });
    const again = await service.importPath(file);
    expect(again).toMatchObject({ state: 'unchanged', imported: 0, source_id: first.source_id });

    fs.appendFileSync(file, accessLog(20, 100));
    const grown = await service.importPath(file);
    expect(grown).toMatchObject({ state: 'done', imported: 20, source_id: first.source_id, resumed_from: Buffer.byteLength(accessLog(100)) });
    const lines = (await all(service)).map((e) => e.line!).sort((x, y) => x - y);
    expect(lines).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const sources = await service.dispatch('sources.list', {});
    expect(sources.ok && sources.value.sources.map((s) => [s.imported, s.state])).toEqual([[120, 'done']]);
  });

  it('replaces a file whose content changed under the same path', async () => {
    const dir = tempDir();
    const service = await makeService();
    const file = write(dir, 'app.log', accessLog(10));
    await service.importPath(file);
    write(dir, 'app.log', accessLog(5, 500));
    const s = await service.importPath(file);
    expect(s).toMatchObject({ state: 'done', imported: 5, resumed_from: 0 });
    expect((await all(service)).map((e) => e.url).sort()).toEqual([500, 501, 502, 503, 504].map((i) => `/items/${i}`));
  });

  it('counts bad lines and shows the first with their numbers and reasons, never aborting', async () => {
    const dir = tempDir();
    const service = await makeService();
    const lines = Array.from({ length: 90 }, (_, i) => (i % 3 === 1 ? `garbage ${i}` : accessLine(i)));
    const s = await service.importPath(write(dir, 'mixed.log', lines.join('\n')));
    expect(s).toMatchObject({ imported: 60, skipped: 30 });
    expect(s.errors).toHaveLength(20);
    expect(s.errors[0]).toMatchObject({ line: 2, text: 'garbage 1' });
    expect(s.errors[19]).toMatchObject({ line: 59, text: 'garbage 58' });
    expect(s.errors[0]!.reason).toMatch(/access-log/);
  });

  it('derives sessions from client and agent, with a new one after 30 minutes of silence, marked as derived', async () => {
    const dir = tempDir();
    const service = await makeService();
    const at = (min: number) => accessLine(1, T0 + min * 60_000, '10.1.1.1');
    await service.importPath(write(dir, 's.log', [at(0), at(10), at(39), at(70), accessLine(2, T0, '10.9.9.9')].join('\n')));
    const events = (await all(service)).reverse();
    const sessions = events.map((e) => e.session_id);
    expect(events.every((e) => e.session_derived === true)).toBe(true);
    const [s0, s10, s39, s70] = events.filter((e) => e.attrs?.ip_hash === events[0]!.attrs?.ip_hash).map((e) => e.session_id);
    expect(s0).toBe(s10);
    expect(s10).toBe(s39);
    expect(s70).not.toBe(s39);
    expect(new Set(sessions).size).toBe(3);
    // A derived session is found by its id like any other, and the file read on later numbers on.
    expect((await all(service, `session:${s0}`)).map((e) => e.session_id)).toEqual([s0, s0, s0]);
    expect((await all(service, `session:${s0!.slice(0, -1)}*`)).length).toBeGreaterThanOrEqual(3);
    fs.appendFileSync(path.join(dir, 's.log'), `\n${at(200)}\n`);
    await service.importPath(path.join(dir, 's.log'));
    const later = (await all(service))[0]!;
    expect(later.session_id).not.toBe(s70);
    expect(new Set((await all(service)).map((e) => e.session_id)).size).toBe(4);
  });

  it('reads an event raw line back from its file, and says so when the file is gone', async () => {
    const dir = tempDir();
    const service = await makeService();
    const file = write(dir, 'raw.log', accessLog(3));
    await service.importPath(file);
    const [e] = await all(service, 'line:2');
    const got = await service.dispatch('events.get', { id: e!.id });
    expect(got.ok && got.value.raw).toMatch(clientHidden(accessLine(1)));
    fs.rmSync(file);
    const gone = await service.dispatch('events.get', { id: e!.id });
    expect(gone.ok && gone.value.raw_note).toMatch(/no longer at/);
  });

  it('cancels at a batch boundary, keeping exactly what was committed, and resumes on the next open', async () => {
    const dir = tempDir();
    const service = await makeService();
    const n = 200_000;
    const file = write(dir, 'big.log', accessLog(n));
    let cancelled = false;
    service.subscribe('import.progress', (p: ImportProgress) => {
      if (!cancelled && p.state === 'running' && p.events > 0) {
        cancelled = true;
        void service.dispatch('import.cancel', { job_id: p.job_id });
      }
    });
    const s: ImportSummary = await service.importPath(file);
    expect(s.state).toBe('cancelled');
    expect(s.imported).toBeGreaterThan(0);
    expect(s.imported).toBeLessThan(n);
    const count = sqliteDb(service).prepare('SELECT count(*) c, max(line) m FROM events').get() as { c: number; m: number };
    expect(count).toEqual({ c: s.imported, m: s.imported });

    const rest = await service.importPath(file);
    expect(rest).toMatchObject({ state: 'done', imported: n - s.imported });
    const after = sqliteDb(service).prepare('SELECT count(*) c, count(DISTINCT line) d, max(line) m FROM events').get();
    expect(after).toEqual({ c: n, d: n, m: n });
  });

  it('imports an upload sent in pieces, and reads its raw lines back from the kept copy', async () => {
    const service = await makeService();
    const bytes = zlib.gzipSync(accessLog(1000));
    const pieces = [bytes.subarray(0, 1000), bytes.subarray(1000, 5000), bytes.subarray(5000)];
    let id: string | undefined;
    let summary: ImportSummary | undefined;
    for (const [i, p] of pieces.entries()) {
      const r = await service.dispatch('import.upload', { upload_id: id, name: 'access.log.gz', data_base64: p.toString('base64'), done: i === pieces.length - 1 });
      if (!r.ok) throw new Error(r.message);
      id = r.value.upload_id;
      summary = r.value.summary;
    }
    expect(summary).toMatchObject({ name: 'access.log.gz', imported: 1000, format: 'access' });
    const [e] = await all(service, 'line:1000');
    const got = await service.dispatch('events.get', { id: e!.id });
    expect(got.ok && got.value.raw).toMatch(clientHidden(accessLine(999)));
  });

  it('knows an upload it has seen: the same bytes again are unchanged; an abandoned upload leaves nothing', async () => {
    const service = await makeService();
    const send = async (extra: Record<string, unknown> = {}) => {
      const r = await service.dispatch('import.upload', { name: 'same.log', data_base64: Buffer.from(accessLog(30)).toString('base64'), done: true, ...extra });
      if (!r.ok) throw new Error(r.message);
      return r.value;
    };
    const first = await send();
    expect(first.summary).toMatchObject({ state: 'done', imported: 30 });
    const again = await send();
    expect(again.summary).toMatchObject({ state: 'unchanged', imported: 0, source_id: first.summary!.source_id });
    const uploads = path.join(path.dirname(service.store.location), 'uploads');
    expect(fs.readdirSync(uploads)).toHaveLength(1);

    const part = await service.dispatch('import.upload', { name: 'half.log', data_base64: Buffer.from('x').toString('base64') });
    if (!part.ok) throw new Error(part.message);
    await service.dispatch('import.upload', { name: 'half.log', upload_id: part.value.upload_id, data_base64: '', abort: true });
    expect(fs.readdirSync(uploads)).toHaveLength(1);
    // Removing the source takes its kept copy with it.
    const removed = await service.dispatch('sources.remove', { source_id: first.summary!.source_id });
    expect(removed).toEqual({ ok: true, value: { removed: 30 } });
    expect(fs.readdirSync(uploads)).toHaveLength(0);
  });

  it('re-reads a source with a new mapping, keeping what the call leaves out', async () => {
    const dir = tempDir();
    const service = await makeService();
    const file = write(dir, 'app.csv', 'time,what,who\n2026-11-23T10:00:00Z,started,ann\n2026-11-23T10:00:01Z,stopped,bob\n');
    const first = await service.importPath(file);
    expect(first).toMatchObject({ format: 'csv', imported: 2 });
    expect((await all(service)).map((e) => e.user_id)).toEqual([undefined, undefined]);
    const r = await service.dispatch('sources.reimport', { source_id: first.source_id, mapping: { user_id: 'who' } });
    if (!r.ok) throw new Error(r.message);
    expect(r.value).toMatchObject({ format: 'csv', imported: 2, mapping: { user_id: 'who' } });
    expect((await all(service)).map((e) => e.user_id)).toEqual(['bob', 'ann']);
    const sources = await service.dispatch('sources.list', {});
    expect(sources.ok && sources.value.sources).toHaveLength(1);
  });

  it('follows a log that is still being written until cancelled', async () => {
    const dir = tempDir();
    const service = await makeService();
    const file = write(dir, 'live.log', accessLog(5));
    let jobId = '';
    service.subscribe('import.progress', (p) => (jobId = p.job_id));
    const running = service.importPath(file, { follow: true });
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 800 && !pred(); i++) await new Promise((r) => setTimeout(r, 50));
    };
    const count = () => sqliteDb(service).prepare('SELECT count(*) FROM events').pluck().get() as number;
    await until(() => count() === 5);
    fs.appendFileSync(file, accessLog(3, 5));
    await until(() => count() === 8);
    expect(count()).toBe(8);
    await service.dispatch('import.cancel', { job_id: jobId });
    expect(await running).toMatchObject({ state: 'cancelled', imported: 8 });
  });
});
