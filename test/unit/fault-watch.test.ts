// The running service's view of its database's health (store/fault-watch.ts): faults are told
// apart by SQLite's code, logged once, and a damaged file is never reported as something else.
import { describe, expect, it } from 'vitest';
import { createFaultWatch } from '../../electron/core/store/sqlite/fault-watch.js';

const sqliteError = (code: string) => Object.assign(new Error(code), { code });

describe('fault watch', () => {
  it('logs a fault once, answers every write with it, and logs once when a full disk is over', () => {
    const lines: string[] = [];
    const watch = createFaultWatch('/data/x.db', (l) => lines.push(l));
    expect(watch.check(new Error('no code'))).toBeNull();
    expect(watch.check(sqliteError('SQLITE_FULL'))?.status).toBe(507);
    expect(watch.check(sqliteError('SQLITE_FULL'))?.status).toBe(507);
    expect(lines).toHaveLength(1);
    expect(() => watch.beforeWrite()).not.toThrow();
    watch.afterWrite();
    expect(watch.current()).toBeNull();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/stores events again/);
  });

  it('keeps a damaged file refused, and answers later faults of other kinds as the damage', () => {
    const lines: string[] = [];
    const watch = createFaultWatch('/data/x.db', (l) => lines.push(l));
    expect(watch.check(sqliteError('SQLITE_CORRUPT'))?.fault).toBe('corrupt');
    const later = watch.check(sqliteError('SQLITE_FULL'));
    expect(later?.fault).toBe('corrupt');
    expect(later?.message).toMatch(/damaged/);
    expect(() => watch.beforeWrite()).toThrow(/damaged/);
    watch.afterWrite();
    expect(watch.current()).toBe('corrupt');
    expect(lines).toHaveLength(1);
  });
});
