// Document formats through the whole pipeline: a gzipped HAR with secrets in it, whose raw text
// is kept as the format redacted it (the file itself still holds the secrets), whose page and
// entries get one derived session; and an OTLP trace file.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../shared/events.js';
import { CHROME_UA, chromiumFetch, chromiumPage } from '../../electron/core/importers/formats/har-samples.js';
import { OTLP_FILE_SAMPLES } from '../../electron/core/importers/formats/otlp-file-samples.js';
import { makeService, sqliteDb } from '../helpers/service.js';
import type { Service } from '../../electron/core/service.js';
import { tempDir } from '../helpers/temp.js';

const SECRET = 'Bearer sk_live_4f9a1c2e7d';

function harWithSecrets(): string {
  const entry = (i: number, minutes: number) => ({
    ...chromiumFetch,
    startedDateTime: new Date(Date.parse(chromiumPage.startedDateTime) + minutes * 60_000 + i).toISOString(),
    request: {
      ...chromiumFetch.request,
      url: `https://shop.example/api/cart/${i}/items?token=abc${i}`,
      headers: [...chromiumFetch.request.headers, { name: 'authorization', value: SECRET }, { name: 'cookie', value: 'sid=s3cr3t' }],
    },
  });
  const entries = [entry(1, 0), entry(2, 5), entry(3, 50)];
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: [chromiumPage], entries } }, null, 2);
}

async function events(service: Service, query = ''): Promise<LogEvent[]> {
  const r = await service.dispatch('events.search', { query, limit: 1000 });
  if (!r.ok) throw new Error(r.message);
  return r.value.events;
}

describe('document formats through the pipeline', () => {
  it('imports a gzipped HAR: page view and calls in the page\'s session, secrets gone from fields and raw', async () => {
    const service = await makeService();
    const file = path.join(tempDir(), 'session.har.gz');
    fs.writeFileSync(file, zlib.gzipSync(harWithSecrets()));
    const s = await service.importPath(file);
    expect(s).toMatchObject({ format: 'har', state: 'done', imported: 4, skipped: 0 });

    const all = (await events(service)).reverse();
    expect(all.map((e) => [e.kind, e.type ?? e.method])).toEqual([['user', 'page_view'], ['api', 'GET'], ['api', 'GET'], ['api', 'GET']]);
    const calls = all.filter((e) => e.kind === 'api');
    expect(calls.every((e) => e.session_derived === true && e.attrs?.user_agent === CHROME_UA)).toBe(true);
    // The calls of one page are one visit, even after 45 minutes of silence (har-sessions.ts);
    // the page view belongs to the session of its entries; the report counts the file's lines.
    expect(new Set(all.map((e) => e.session_id))).toEqual(new Set([calls[0]!.session_id]));
    expect(calls[0]!.session_id).toMatch(/^d\d+-\d+$/);
    expect(all[0]!.session_derived).toBe(true);
    expect(s.lines).toBe(harWithSecrets().split('\n').length);

    for (const e of all) {
      const detail = await service.dispatch('events.get', { id: e.id });
      if (!detail.ok) throw new Error(detail.message);
      const text = JSON.stringify(detail.value);
      expect(text).not.toContain('sk_live_4f9a1c2e7d');
      expect(text).not.toContain('s3cr3t');
      expect(text).not.toMatch(/token=abc\d/);
    }
    const raw = await service.dispatch('events.get', { id: calls[0]!.id });
    expect(raw.ok && raw.value.raw).toContain('[redacted:');
    expect(fs.readFileSync(file).length).toBeGreaterThan(0);
  });

  // 20,000 entries: the entry at 50 minutes is committed in an early batch (by the writer thread)
  // before the entry at 25 minutes shows it is the same visit; 2: a small file, written inline.
  // (Pages wait for their requests to name a session, har-sessions.ts, so the early one is an entry.)
  it.each([20_000, 2])('gives one session to a HAR whose late entry joins sessions already written (%i entries)', async (ENTRIES) => {
    const service = await makeService();
    const t0 = Date.parse(chromiumPage.startedDateTime);
    const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
    const page = (id: string, minutes: number) => ({ ...chromiumPage, id, startedDateTime: at(minutes) });
    const entry = (minutes: number, i: number) => ({
      startedDateTime: at(minutes), time: 1,
      request: { method: 'GET', url: `https://shop.example/api/${i}`, httpVersion: 'HTTP/1.1', headers: [] },
      response: { status: 200, httpVersion: 'HTTP/1.1', headers: [] },
    });
    const entries = [entry(50, ENTRIES + 1), ...Array.from({ length: ENTRIES }, (_, i) => entry((i / ENTRIES) * 10, i)), entry(25, ENTRIES)];
    const file = path.join(tempDir(), 'late-join.har');
    fs.writeFileSync(file, JSON.stringify({ log: { version: '1.2', creator: { name: 'test' }, pages: [page('p1', 0), page('p2', 50)], entries } }, null, 1));
    const s = await service.importPath(file);
    expect(s).toMatchObject({ format: 'har', state: 'done', imported: ENTRIES + 4, skipped: 0 });
    const views = await events(service, 'kind:user');
    expect(views).toHaveLength(2);
    expect(views[0]!.session_id).toBe(views[1]!.session_id);
    const session = views[0]!.session_id!;
    const inSession = await service.dispatch('events.search', { query: `session:${session}`, limit: 1 });
    if (!inSession.ok) throw new Error(inSession.message);
    expect(inSession.value.total).toBe(ENTRIES + 4);
  });

  it('stores the session a HAR page\'s request names for the whole page, headerless cached entries included; a page naming none gets a derived one', async () => {
    const service = await makeService();
    const at = (minutes: number) => new Date(Date.parse(chromiumPage.startedDateTime) + minutes * 60_000).toISOString();
    const entry = (pageref: string, minutes: number, url: string, headers: { name: string; value: string }[]) => ({
      ...chromiumFetch, pageref, startedDateTime: at(minutes), request: { ...chromiumFetch.request, url, headers },
    });
    const entries = [
      entry('p1', 0.1, 'https://shop.example/', [{ name: 'user-agent', value: CHROME_UA }]),
      entry('p1', 0.2, 'https://shop.example/app.js', []),
      entry('p1', 0.3, 'https://shop.example/api/cart', [{ name: 'user-agent', value: CHROME_UA }, { name: 'x-session-id', value: 'sdk-7' }]),
      entry('p2', 2.1, 'https://shop.example/about', []),
    ];
    const pages = [{ ...chromiumPage, id: 'p1', startedDateTime: at(0) }, { ...chromiumPage, id: 'p2', startedDateTime: at(2) }];
    const file = path.join(tempDir(), 'named.har');
    fs.writeFileSync(file, JSON.stringify({ log: { version: '1.2', creator: { name: 'test' }, pages, entries } }));
    expect(await service.importPath(file)).toMatchObject({ format: 'har', state: 'done', imported: 6 });
    const all = (await events(service)).reverse();
    const named = all.filter((e) => e.session_id === 'sdk-7');
    expect(named.map((e) => e.url ?? e.type)).toEqual(['page_view', 'https://shop.example/', 'https://shop.example/app.js', 'https://shop.example/api/cart']);
    expect(named.some((e) => e.session_derived === true)).toBe(false);
    const other = all.filter((e) => e.session_id !== 'sdk-7');
    expect(other).toHaveLength(2);
    expect(new Set(other.map((e) => e.session_id)).size).toBe(1);
    expect(other[0]!.session_id).toMatch(/^d\d+-\d+$/);
    expect(other.every((e) => e.session_derived === true)).toBe(true);
  });

  it('imports an OTLP trace file: server spans as API calls, found by trace id', async () => {
    const service = await makeService();
    const sample = OTLP_FILE_SAMPLES.find((x) => (x.events ?? []).some((e) => e.kind === 'api'));
    if (!sample) throw new Error('the OTLP samples lost their API span');
    const file = path.join(tempDir(), 'traces.json');
    fs.writeFileSync(file, sample.input);
    const s = await service.importPath(file);
    expect(s).toMatchObject({ format: 'otlp', imported: sample.events!.length, lines: sample.input.trimEnd().split('\n').length });
    const api = (await events(service, 'kind:api'))[0]!;
    expect(api.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect((await events(service, `trace:${api.trace_id}`)).length).toBeGreaterThanOrEqual(1);
  });
});
