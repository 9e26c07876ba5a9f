import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { NewEvent } from '../../shared/events.js';
import { openStore, type Store } from '../../electron/core/store/sqlite/open.js';
import { createRetentionStore, EXPIRED_COLLECTED_SQL, type RetentionStore } from '../../electron/core/store/sqlite/retention.js';
import { DEFAULT_RETENTION_DAYS, startRetentionPurge } from '../../electron/core/privacy/retention.js';
import { tempDbPath } from '../helpers/temp.js';
import { compileQuery } from '../../electron/core/store/sqlite/event-filter.js';
import type { EventStore } from '../../electron/core/store/port.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 12);

function open(): { store: Store; retention: RetentionStore } {
  const store = openStore({ path: tempDbPath() });
  onTestFinished(() => store.close());
  return { store, retention: createRetentionStore(store.db) };
}

const ev = (time: number, word: string, extra: Partial<NewEvent> = {}): NewEvent => ({
  time,
  kind: 'log',
  message: word,
  raw: word,
  ...extra,
});

/** Old and recent events in the collector, and a file whose events are all older still. */
function seed(store: Store) {
  const collector = store.sources.collectorId();
  const file = store.sources.create('file', 'access-2015.log', 'access');
  const oldCollected = store.append(collector, [ev(NOW - 200 * DAY, 'stalealpha'), ev(NOW - 91 * DAY, 'stalebeta'), ev(NOW - 90 * DAY - 1, 'stalegamma')]);
  const recent = store.append(collector, [ev(NOW - 90 * DAY, 'freshalpha'), ev(NOW - DAY, 'freshbeta'), ev(NOW, 'freshgamma')]);
  const imported = store.append(file, [ev(NOW - 4000 * DAY, 'ancientalpha'), ev(NOW - 3000 * DAY, 'ancientbeta')]);
  return { collector, file, oldCollected, recent, imported };
}

const ids = (store: Store) => (store.db.prepare('SELECT id FROM events ORDER BY id').pluck().all() as number[]);
const textMatches = (store: Store, word: string) => store.events.search(compileQuery(`"${word}"`), 100).map((e) => Number(e.id));
const imported = (store: Store, id: number) => store.sources.list().find((s) => s.id === id)?.imported;

describe('retention store', () => {
  it('deletes collected events older than the cutoff and keeps recent ones', () => {
    const { store, retention } = open();
    const s = seed(store);
    expect(retention.purgeCollectedBefore(NOW - 90 * DAY, 5000)).toBe(3);
    expect(ids(store)).toEqual([...s.recent, ...s.imported]);
    expect(retention.purgeCollectedBefore(NOW - 90 * DAY, 5000)).toBe(0);
  });

  it('never deletes events of imported files, however old', () => {
    const { store, retention } = open();
    const s = seed(store);
    expect(retention.purgeCollectedBefore(NOW + DAY, 5000)).toBe(6);
    expect(ids(store)).toEqual(s.imported);
    expect(imported(store, s.file)).toBe(2);
  });

  it('removes purged events from full-text search and keeps the rest searchable', () => {
    const { store, retention } = open();
    const s = seed(store);
    expect(textMatches(store, 'stalebeta')).toEqual([s.oldCollected[1]]);
    retention.purgeCollectedBefore(NOW - 90 * DAY, 5000);
    for (const w of ['stalealpha', 'stalebeta', 'stalegamma']) expect(textMatches(store, w)).toEqual([]);
    expect(textMatches(store, 'freshbeta')).toEqual([s.recent[1]]);
    expect(textMatches(store, 'ancientalpha')).toEqual([s.imported[0]]);
  });

  it("takes purged events off their source's count", () => {
    const { store, retention } = open();
    const s = seed(store);
    expect(imported(store, s.collector)).toBe(6);
    retention.purgeCollectedBefore(NOW - 90 * DAY, 5000);
    expect(imported(store, s.collector)).toBe(3);
    expect(imported(store, s.file)).toBe(2);
  });

  it('deletes at most `limit` events per call, across every collector source', () => {
    const { store, retention } = open();
    const a = store.sources.collectorId();
    const b = store.sources.create('collector', 'second collector', 'collect');
    store.append(a, Array.from({ length: 6 }, (_, i) => ev(NOW - 100 * DAY + i, `a${i}`)));
    store.append(b, Array.from({ length: 4 }, (_, i) => ev(NOW - 100 * DAY + i, `b${i}`)));
    const counts: number[] = [];
    for (let n = -1; n !== 0; ) counts.push((n = retention.purgeCollectedBefore(NOW, 4)));
    expect(counts).toEqual([4, 4, 2, 0]);
    expect(ids(store)).toEqual([]);
    expect(store.sources.list().map((s) => s.imported)).toEqual([0, 0]);
  });

  it('deletes events that had no text', () => {
    const { store, retention } = open();
    const collector = store.sources.collectorId();
    store.append(collector, [{ time: NOW - 100 * DAY, kind: 'api', status: 204, raw: '' }]);
    expect(retention.purgeCollectedBefore(NOW, 10)).toBe(1);
    expect(ids(store)).toEqual([]);
  });

  it('refuses a limit or cutoff that is not a number', () => {
    const { retention } = open();
    expect(() => retention.purgeCollectedBefore(NOW, 0)).toThrow(/positive whole number/);
    expect(() => retention.purgeCollectedBefore(NOW, 1.5)).toThrow(/positive whole number/);
    expect(() => retention.purgeCollectedBefore(Number.NaN, 10)).toThrow(/epoch ms/);
  });

  it('finds expired events through an index, never by scanning the events table', () => {
    const { store } = open();
    seed(store);
    const plan = (sql: string, ...params: unknown[]) =>
      (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
    const selectPlan = plan(EXPIRED_COLLECTED_SQL, 1, NOW, 5000);
    expect(selectPlan).not.toMatch(/SCAN events/);
    // events_collected_by_time (migration 4): one range per source, only expired rows are read.
    expect(selectPlan).toMatch(/SEARCH events USING (COVERING )?INDEX events_collected_by_time \(source_id=\? AND time<\?\)/);
    expect(plan('DELETE FROM events WHERE id = ?', 1)).toMatch(/SEARCH events USING INTEGER PRIMARY KEY \(rowid=\?\)/);
  });
});

interface FakeCall {
  cutoff: number;
  limit: number;
}

/** Reports `backlog` expired events, handed out `limit` at a time. */
function fakeStore(backlog: number, onCall?: (call: FakeCall, index: number) => void) {
  const calls: FakeCall[] = [];
  let left = backlog;
  const store: Pick<EventStore, 'purgeCollectedBefore'> = {
    async purgeCollectedBefore(cutoff, limit) {
      const call = { cutoff, limit };
      calls.push(call);
      onCall?.(call, calls.length - 1);
      const n = Math.min(left, limit);
      left -= n;
      return n;
    },
  };
  return { store, calls, add: (n: number) => void (left += n) };
}

async function until(check: () => boolean, timeoutMs = 25_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('retention scheduler', () => {
  const quiet = () => {};

  it('purges at start, with the cutoff N days before now, and reports what it deleted', async () => {
    const fake = fakeStore(7);
    const logs: string[] = [];
    const purge = startRetentionPurge({ store: fake.store, days: 30, log: (m) => logs.push(m), now: () => NOW });
    onTestFinished(() => purge.stop());
    await until(() => logs.length > 0);
    expect(fake.calls).toEqual([{ cutoff: NOW - 30 * DAY, limit: 5000 }]);
    expect(logs).toEqual(['Retention: deleted 7 collected events older than 30 days.']);
  });

  it('keeps 90 days unless told otherwise', () => {
    expect(DEFAULT_RETENTION_DAYS).toBe(90);
  });

  it('works in chunks and lets the event loop run between them', async () => {
    const order: string[] = [];
    const fake = fakeStore(25, (_, i) => {
      order.push(`chunk ${i}`);
      // Something the collector would do meanwhile: it must run before the next chunk.
      if (i === 0) setImmediate(() => order.push('other work'));
    });
    const purge = startRetentionPurge({ store: fake.store, days: 1, log: quiet, now: () => NOW, chunkSize: 10 });
    onTestFinished(() => purge.stop());
    expect(fake.calls).toEqual([]); // starting never blocks the caller
    expect(await purge.runNow()).toBe(25);
    expect(order).toEqual(['chunk 0', 'other work', 'chunk 1', 'chunk 2']);
    expect(fake.calls.map((c) => c.limit)).toEqual([10, 10, 10]);
  });

  it('runs again every interval', async () => {
    const fake = fakeStore(0);
    const purge = startRetentionPurge({ store: fake.store, days: 1, log: quiet, intervalMs: 10 });
    onTestFinished(() => purge.stop());
    await until(() => fake.calls.length >= 3);
  });

  it('does nothing with days = 0: collected events are kept forever', async () => {
    const fake = fakeStore(100);
    const purge = startRetentionPurge({ store: fake.store, days: 0, log: quiet, intervalMs: 5 });
    onTestFinished(() => purge.stop());
    expect(await purge.runNow()).toBe(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(fake.calls).toEqual([]);
  });

  it('stops: no purge after stop(), and a running one ends before its next chunk', async () => {
    let purge: ReturnType<typeof startRetentionPurge> | undefined;
    const fake = fakeStore(100, (_, i) => {
      if (i === 1) purge?.stop();
    });
    purge = startRetentionPurge({ store: fake.store, days: 1, log: quiet, chunkSize: 10, intervalMs: 5 });
    await until(() => fake.calls.length >= 2);
    await new Promise((r) => setTimeout(r, 30));
    expect(fake.calls.length).toBe(2);
    expect(await purge.runNow()).toBe(0);
    expect(fake.calls.length).toBe(2);
  });

  it('joins a purge that is already running instead of starting a second one', async () => {
    const fake = fakeStore(30);
    const purge = startRetentionPurge({ store: fake.store, days: 1, log: quiet, chunkSize: 10 });
    onTestFinished(() => purge.stop());
    const [a, b] = [purge.runNow(), purge.runNow()];
    expect(a).toBe(b);
    expect(await a).toBe(30);
    fake.add(3);
    expect(await purge.runNow()).toBe(3);
  });

  it('logs a failed scheduled purge instead of throwing, and rejects runNow', async () => {
    const logs: string[] = [];
    const store: Pick<EventStore, 'purgeCollectedBefore'> = {
      purgeCollectedBefore() {
        return Promise.reject(new Error('database is locked'));
      },
    };
    const purge = startRetentionPurge({ store, days: 1, log: (m) => logs.push(m) });
    onTestFinished(() => purge.stop());
    await until(() => logs.length > 0);
    expect(logs).toEqual(['Retention purge failed: database is locked']);
    await expect(purge.runNow()).rejects.toThrow('database is locked');
  });

  it('never keeps the process alive', async () => {
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await nextTurn();
    const before = timeouts();
    const purge = startRetentionPurge({ store: fakeStore(0).store, days: 1, log: quiet });
    onTestFinished(() => purge.stop());
    expect(timeouts()).toBe(before);
  });

  it.each([[-1], [1.5], [Number.NaN], [100_000]])('refuses %s days with a clear sentence', (days) => {
    expect(() => startRetentionPurge({ store: fakeStore(0).store, days, log: quiet })).toThrow(/^Retention days .+\.$/);
  });

  it('purges a real store to the end, chunk after chunk', async () => {
    const { store, retention } = open();
    const s = seed(store);
    const logs: string[] = [];
    const purge = startRetentionPurge({ store: { purgeCollectedBefore: async (c, l) => retention.purgeCollectedBefore(c, l) }, days: 90, log: (m) => logs.push(m), now: () => NOW, chunkSize: 2 });
    onTestFinished(() => purge.stop());
    await until(() => logs.length > 0);
    expect(logs).toEqual(['Retention: deleted 3 collected events older than 90 days.']);
    expect(ids(store)).toEqual([...s.recent, ...s.imported]);
  });
});

describe('retention purge beside the collector writer thread', () => {
  it('purges every chunk while the writer thread keeps committing', async () => {
    const { startWriter } = await import('../../electron/core/store/sqlite/writer.js');
    const path = tempDbPath();
    const store = openStore({ path });
    const writer = startWriter({ path });
    try {
      const source = store.sources.collectorId();
      await writer.append(source, Array.from({ length: 2_000 }, (_, i) => ({ time: i, kind: 'user' as const, type: 'old', raw: '{}' })));
      let writing = true;
      const busy = (async () => {
        const batch = Array.from({ length: 500 }, () => ({ time: Date.now(), kind: 'user' as const, type: 'new', message: 'x'.repeat(200), raw: '{}' }));
        while (writing) await Promise.all([writer.append(source, batch), writer.append(source, batch)]);
      })();
      let purged = 0;
      for (let chunk = 0; chunk < 400; chunk++) {
        purged += store.retention.purgeCollectedBefore(1_000_000, 5);
        await new Promise((r) => setImmediate(r));
      }
      writing = false;
      await busy;
      expect(purged).toBe(2_000);
    } finally {
      await writer.close();
      store.close();
    }
  });
});
