// A damaged database and a full disk: said in one sentence (and one log line), answered 503/507
// by the collector, never a write acknowledged that was not stored, and a full disk recovered
// from by itself once there is room again.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openStore, StoreOpenError } from '../../electron/core/store/sqlite/open.js';
import { openSqliteStore, type SqliteEventStore } from '../../electron/core/store/sqlite/adapter.js';
import { createService } from '../../electron/core/service.js';
import { startServer } from '../../electron/core/http/server.js';
import { makeDamagedDb } from '../helpers/damaged-db.js';
import { tempDbPath, tempDir } from '../helpers/temp.js';

const DAMAGED = (db: string) =>
  `The database ${db} is damaged (SQLite reports it malformed); move the file aside (with its -wal and -shm files) or restore it from a backup, then start Logbridge again.`;

function openError(opts: Parameters<typeof openStore>[0]): StoreOpenError {
  try {
    openStore(opts).close();
  } catch (err) {
    if (err instanceof StoreOpenError) return err;
    throw err;
  }
  throw new Error(`expected ${opts.path} to be refused`);
}

/** A collector over `store`, with its log kept for inspection. */
async function collectorOn(path: string, opts: { checkIntegrity?: boolean } = {}) {
  const log: string[] = [];
  const store = openSqliteStore({ path, log: (m) => log.push(m), ...opts });
  const service = await createService(store, { version: 'test', uploadsDir: tempDir(), collectorUrl: null, log: (m) => log.push(m) });
  const server = await startServer({ service, host: '127.0.0.1', port: 0, uiDir: null, collector: { rateLimitPerMinute: 0 } });
  onTestFinished(async () => {
    await server.close();
    await service.stop();
    await store.close();
  });
  const post = async (body: unknown) => {
    const res = await fetch(`${server.origin}/api/analytics/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { success: boolean; error?: string } };
  };
  return { service, post, log, store };
}

const batch = (n: number, text = 'x') => ({ events: Array.from({ length: n }, (_, i) => ({ event_type: 'click', event_data: { n: i, text } })) });

describe('a damaged database', () => {
  it('is refused at open, in one sentence that says what to do', () => {
    const db = tempDbPath();
    makeDamagedDb(db);
    expect(openError({ path: db }).message).toBe(DAMAGED(db));

    const notDb = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(notDb, 'dear diary, '.repeat(100));
    expect(openError({ path: notDb }).message).toMatch(/^\S+notes\.db is not a Logbridge database, or its first page is damaged; /);
    expect(openError({ path: tempDir() }).message).toMatch(/it is a folder/);
    // Node's own recursive mkdir never returns here; the store says why instead.
    expect(openError({ path: '/proc/nope/x.db' }).message).toBe(
      'Cannot create the folder /proc/nope for the database /proc/nope/x.db: that place takes no new folders (a read-only or virtual file system).',
    );
  });

  it('found later (a file too big to check at open): one log line, then every write refused with 503', async () => {
    const db = tempDbPath();
    makeDamagedDb(db);
    // A big file skips the check at open; the damage is met by the first read of that page.
    const { service, post, log } = await collectorOn(db, { checkIntegrity: false });
    const search = await service.dispatch('events.search', { query: '', limit: 5000 });
    expect(search).toEqual({ ok: false, code: 'INTERNAL', message: DAMAGED(db) });

    for (let i = 0; i < 3; i++) {
      const r = await post(batch(1));
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ success: false, error: DAMAGED(db) });
    }
    expect(log).toEqual([`logbridge: ${DAMAGED(db)} Collected events are refused until then.`]);
  });

  it('met by a write on the writer thread: that write and all after it answered 503, none 500', async () => {
    const db = tempDbPath();
    // The last page is where the next rows go, so some write soon reads it.
    makeDamagedDb(db, { page: 'last' });
    const { post, log } = await collectorOn(db, { checkIntegrity: false });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await post(batch(50, `write ${i}`))).status);
    const first = statuses.indexOf(503);
    expect(first, statuses.join()).toBeGreaterThanOrEqual(0);
    expect(statuses.slice(first).every((s) => s === 503), statuses.join()).toBe(true);
    expect(statuses.slice(0, first).every((s) => s === 200), statuses.join()).toBe(true);
    expect(log).toEqual([`logbridge: ${DAMAGED(db)} Collected events are refused until then.`]);
  });
});

describe('a full disk', () => {
  it('answers 507 with one log line, stores nothing refused, and stores again once there is room', async () => {
    const { service, post, log, store: port } = await collectorOn(':memory:');
    const store = (port as SqliteEventStore).sync;
    expect((await post(batch(1, 'before'))).status).toBe(200);
    // SQLite's own cap on the file's pages stands in for a full disk (same SQLITE_FULL).
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages}`);

    const big = 'y'.repeat(20_000);
    for (let i = 0; i < 3; i++) {
      const r = await post(batch(1, `refused ${i} ${big}`));
      expect(r.status).toBe(507);
      expect(r.retryAfter).toBe('30');
      expect(r.body.error).toBe('The disk holding the database :memory: is full; free some space, and new events are stored again.');
    }
    expect(log).toEqual([
      'logbridge: The disk holding the database :memory: is full; free some space, and new events are stored again. Collected events are refused until then.',
    ]);

    store.db.pragma(`max_page_count = ${pages * 100}`);
    const after = await post(batch(1, `after ${big}`));
    expect(after.status).toBe(200);
    expect(log).toHaveLength(2);
    expect(log[1]).toBe('logbridge: the database :memory: stores events again.');
    const found = await service.dispatch('events.search', { query: '', limit: 100 });
    expect(found.ok && found.value.events.map((e: { id: string }) => /refused|after|before/.exec(JSON.stringify(e))?.[0])).toEqual(['after', 'before']);
  });
});
