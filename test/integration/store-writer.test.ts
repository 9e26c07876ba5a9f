// The writer thread: appends from another connection, visible to the main one at once, and a
// failed append is reported without losing the thread or the events already committed.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/core/store/sqlite/open.js';
import { startWriter } from '../../electron/core/store/sqlite/writer.js';
import { failedReply } from '../../electron/core/store/sqlite/writer-error.js';
import type { NewEvent } from '../../shared/events.js';
import { tempDbPath } from '../helpers/temp.js';

const ev = (n: number): NewEvent => ({ time: n, kind: 'user', type: `t${n}`, raw: `{"n":${n}}` });

describe('store writer thread', () => {
  it('commits on its own connection, visible to the main connection when the promise resolves', async () => {
    const path = tempDbPath();
    const store = openStore({ path });
    const writer = startWriter({ path });
    try {
      const source = store.sources.collectorId();
      const ids = await writer.append(source, [ev(1), ev(2), ev(3)]);
      expect(ids).toHaveLength(3);
      expect(store.events.get(ids[2]!)).toMatchObject({ event: { type: 't3' }, raw: '{"n":3}' });
      expect(store.sources.list().find((s) => s.id === source)?.imported).toBe(3);

      // A group that breaks a constraint fails as a whole; the thread keeps working.
      const bad = { ...ev(4), time: null } as unknown as NewEvent;
      // It fails with SQLite's own code, so a full disk can be told from a bug (faults.ts).
      await expect(writer.append(source, [ev(5), bad])).rejects.toMatchObject({
        name: 'WriterError', code: 'SQLITE_CONSTRAINT_NOTNULL', message: expect.stringMatching(/NOT NULL constraint failed/),
      });
      expect(store.events.count({ where: '1', params: [] })).toBe(3);
      expect(await writer.append(source, [ev(6)])).toHaveLength(1);
    } finally {
      await writer.close();
      store.close();
    }
  });

  it('reports an import writer failure the same way, with its code', () => {
    const err = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect(failedReply(7, err)).toEqual({ type: 'failed', seq: 7, message: 'database or disk is full', code: 'SQLITE_FULL' });
    expect(failedReply(8, 'odd')).toEqual({ type: 'failed', seq: 8, message: 'odd', code: undefined });
  });

  it('refuses appends once the thread has stopped, with a reason', async () => {
    const path = tempDbPath();
    const store = openStore({ path });
    const writer = startWriter({ path });
    await writer.append(store.sources.collectorId(), [ev(1)]);
    expect(writer.alive()).toBe(true);
    await writer.close();
    expect(writer.alive()).toBe(false);
    await expect(writer.append(1, [ev(2)])).rejects.toThrow(/writer thread stopped/);
    store.close();
  });
});
