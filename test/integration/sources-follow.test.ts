// The sources panel's calls: what `sources.list` tells about each source, and following a file
// from the running app (`sources.follow` / `sources.unfollow`), which reuses the command line's
// followed import. Following polls the file (parse-worker.ts), so growth is waited for with
// expect.poll rather than a fixed sleep.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, type CallName, type CallInput, type CallOutput } from '../../shared/api.js';
import { openCore } from '../../electron/core/compose.js';
import { clfTime } from '../helpers/access-lines.js';
import { makeService } from '../helpers/service.js';
import { tempDbPath, tempDir } from '../helpers/temp.js';
import type { Service } from '../../electron/core/service.js';

const T0 = Date.UTC(2026, 10, 1, 10);
const line = (i: number) => `10.0.0.${i % 7} - - [${clfTime(T0 + i * 1000)}] "GET /p/${i} HTTP/1.1" 200 ${100 + i} "-" "curl/8"\n`;
const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => line(from + i)).join('');

function logFile(n: number): string {
  const f = path.join(tempDir(), 'access.log');
  fs.writeFileSync(f, lines(0, n));
  return f;
}

async function call<N extends CallName>(service: Service, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const r = await service.dispatch(name, input);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return api[name].output.parse(r.value) as CallOutput<N>;
}

async function failure(service: Service, name: CallName, input: unknown): Promise<{ code: string; message: string }> {
  const r = await service.dispatch(name, input as never);
  if (r.ok) throw new Error(`${name} succeeded`);
  return r;
}

const total = async (service: Service) => (await call(service, 'events.search', { query: '', limit: 1 })).total;
const sourceOf = async (service: Service, id: number) => (await call(service, 'sources.list', {})).sources.find((s) => s.id === id);

describe('sources.list', () => {
  it('tells each file source its size, options, whether it was uploaded and whether it is followed', async () => {
    const service = await makeService();
    const f = logFile(20);
    const fromDisk = await service.importPath(f, { format: 'access' });
    const uploaded = await call(service, 'import.file', { name: 'up.log', content: lines(100, 5) });
    const { sources } = await call(service, 'sources.list', {});
    expect(sources.find((s) => s.id === fromDisk.source_id)).toMatchObject({
      kind: 'file', path: fs.realpathSync(f), size: fs.statSync(f).size, imported: 20, skipped: 0, state: 'done',
      options: { format: 'access' }, following: false, uploaded: false,
    });
    expect(sources.find((s) => s.id === uploaded.source_id)).toMatchObject({ name: 'up.log', imported: 5, uploaded: true, following: false });
  });
});

describe('following a file source', () => {
  it('reads lines appended to the file as events, and stops reading them once unfollowed', async () => {
    const service = await makeService();
    const f = logFile(10);
    const { source_id } = await service.importPath(f);
    expect(await call(service, 'sources.follow', { source_id })).toEqual({ following: true });
    expect((await sourceOf(service, source_id))?.following).toBe(true);

    fs.appendFileSync(f, lines(10, 5));
    await expect.poll(() => total(service), { timeout: 10_000 }).toBe(15);

    expect(await call(service, 'sources.unfollow', { source_id })).toEqual({ following: false });
    expect((await sourceOf(service, source_id))?.following).toBe(false);
    fs.appendFileSync(f, lines(15, 5));
    // Three of the follower's polling rounds (500 ms each): a running follow would have read them.
    await new Promise((r) => setTimeout(r, 1600));
    expect(await total(service)).toBe(15);

    // Followed again, it reads on from where it stopped: nothing twice, nothing lost.
    await call(service, 'sources.follow', { source_id });
    await expect.poll(() => total(service), { timeout: 10_000 }).toBe(20);
  });

  it('follows a file already read to its end (the read finds nothing new, then waits for more)', async () => {
    const service = await makeService();
    const f = logFile(10);
    const { source_id } = await service.importPath(f);
    await call(service, 'sources.follow', { source_id });
    fs.appendFileSync(f, lines(10, 3));
    await expect.poll(() => total(service), { timeout: 10_000 }).toBe(13);
    expect((await sourceOf(service, source_id))?.imported).toBe(13);
  });

  it('refuses an uploaded file: there is no file on this machine to follow', async () => {
    const service = await makeService();
    const { source_id } = await call(service, 'import.file', { name: 'up.log', content: lines(0, 5) });
    const err = await failure(service, 'sources.follow', { source_id });
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(/uploaded through the browser/);
  });

  it('answers NOT_FOUND for a source that does not exist', async () => {
    const service = await makeService();
    expect((await failure(service, 'sources.follow', { source_id: 999 })).code).toBe('NOT_FOUND');
  });

  it('removing a followed source stops the follow and deletes its events', async () => {
    const service = await makeService();
    const f = logFile(10);
    const { source_id } = await service.importPath(f);
    await call(service, 'sources.follow', { source_id });
    expect(await call(service, 'sources.remove', { source_id })).toEqual({ removed: 10 });
    fs.appendFileSync(f, lines(10, 5));
    await new Promise((r) => setTimeout(r, 1600));
    expect(await total(service)).toBe(0);
    expect(await call(service, 'sources.list', {})).toMatchObject({ sources: [] });
  });

  it('a re-import that fails leaves the source followed as it was', async () => {
    const service = await makeService();
    const f = logFile(10);
    const { source_id } = await service.importPath(f);
    await call(service, 'sources.follow', { source_id });
    // A log format without a time: the read is refused and says why.
    const refused = await failure(service, 'sources.reimport', { source_id, format: 'access', log_format: '$nonsense_variable' });
    expect(refused.message).not.toBe('');
    await expect.poll(async () => (await sourceOf(service, source_id))?.following, { timeout: 10_000 }).toBe(true);
    fs.appendFileSync(f, lines(10, 2));
    await expect.poll(() => total(service), { timeout: 10_000 }).toBe(12);
  });

  it('re-importing a followed source with other options keeps following the new read', async () => {
    const service = await makeService();
    const f = logFile(10);
    const { source_id } = await service.importPath(f);
    await call(service, 'sources.follow', { source_id });
    const again = await call(service, 'sources.reimport', { source_id, format: 'access' });
    expect(again.imported).toBe(10);
    expect((await sourceOf(service, again.source_id))?.following).toBe(true);
    fs.appendFileSync(f, lines(10, 2));
    await expect.poll(() => total(service), { timeout: 10_000 }).toBe(12);
  });

  it('opening a followed file again (File > Open, a drop) reads it at once and the follow goes on', async () => {
    const service = await makeService();
    const f = logFile(10);
    const { source_id } = await service.importPath(f);
    await call(service, 'sources.follow', { source_id });
    // Without the pause this read would queue behind the follow and never end.
    expect(await service.importPath(f)).toMatchObject({ state: 'done', imported: 0 });
    expect((await sourceOf(service, source_id))?.following).toBe(true);
    fs.appendFileSync(f, lines(10, 4));
    await expect.poll(() => total(service), { timeout: 10_000 }).toBe(14);
  });

  it('stops when the app stops: closing ends the follow and the source is left finished, not importing', async () => {
    const db = tempDbPath();
    const core = await openCore({ store: { kind: 'sqlite', path: db }, version: 'test', collectorUrl: null, log: () => {} });
    const f = logFile(10);
    const { source_id } = await core.service.importPath(f);
    await call(core.service, 'sources.follow', { source_id });
    await core.close();
    // A follow still running at close would leave the source `importing` and keep its thread polling.
    const reopened = await makeService(db);
    expect(await sourceOf(reopened, source_id)).toMatchObject({ state: 'cancelled', following: false, imported: 10 });
  });
});

describe('re-reading a recent file', () => {
  it('says clearly when the file is no longer there', async () => {
    const service = await makeService();
    const f = logFile(5);
    const { source_id } = await service.importPath(f);
    fs.rmSync(f);
    const err = await failure(service, 'sources.reimport', { source_id });
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(/is no longer there \(moved or deleted\)/);
  });

  it('reads on a file that grew, and leaves an unchanged one unread', async () => {
    const service = await makeService();
    const f = logFile(5);
    const { source_id } = await service.importPath(f);
    expect(await call(service, 'sources.reimport', { source_id })).toMatchObject({ state: 'unchanged', imported: 0 });
    fs.appendFileSync(f, lines(5, 2));
    expect(await call(service, 'sources.reimport', { source_id })).toMatchObject({ state: 'done', imported: 2 });
    expect(await total(service)).toBe(7);
  });
});
