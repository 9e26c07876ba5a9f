// shared/sort.ts: what the table's composite columns show, the value each sort field reads from
// an event, code-point text order, and the cursor text (sort-cursor.ts) that carries a sort.
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../shared/events.js';
import { actionOf, compareCodePoints, sortValueOf, targetOf } from '../../shared/sort.js';
import { decodeSortCursor, encodeSortCursor } from '../../electron/core/store/sort-cursor.js';
import { StoreInputError } from '../../electron/core/store/port.js';

const base: LogEvent = { id: '1', time: 0, kind: 'api' };

describe('sort fields', () => {
  it('action and target read what the table shows per kind', () => {
    expect(actionOf({ ...base, method: 'GET', type: 'x', level: 'y' })).toBe('GET');
    expect(actionOf({ ...base, kind: 'user', method: 'GET', type: 'click' })).toBe('click');
    expect(actionOf({ ...base, kind: 'log', method: 'GET', level: 'warn' })).toBe('warn');
    expect(targetOf({ ...base, url: '/a?b' })).toBe('/a?b');
    expect(targetOf({ ...base, route: '/a', url: '/a?b' })).toBe('/a');
    expect(targetOf({ ...base, kind: 'user', target: '#pay', message: 'failed', page: '/p' })).toBe('failed · /p');
    expect(targetOf({ ...base, kind: 'user', target: '#pay' })).toBe('#pay');
    expect(targetOf({ ...base, kind: 'log', route: '/a', message: 'm' })).toBe('m');
    expect(sortValueOf({ ...base, attrs: { resp_bytes: 10 } }, 'resp_bytes')).toBe(10);
    expect(sortValueOf({ ...base, source: 'a.log' }, 'source')).toBe('a.log');
    expect(sortValueOf(base, 'status')).toBeUndefined();
  });

  it('orders text by code point, as UTF-8 bytes compare, not by UTF-16 unit', () => {
    const texts = ['\uE000', '𝒜', 'z', 'Z', 'é', 'a', 'ab'];
    expect([...texts].sort(compareCodePoints)).toEqual(['Z', 'a', 'ab', 'z', 'é', '\uE000', '𝒜']);
    const bytes = (s: string) => Buffer.from(s, 'utf8');
    expect([...texts].sort(compareCodePoints)).toEqual([...texts].sort((x, y) => Buffer.compare(bytes(x), bytes(y))));
  });
});

describe('sort cursors', () => {
  it('keep the plain time-desc text and carry any other sort', () => {
    expect(encodeSortCursor({ field: 'time', dir: 'desc' }, { value: 5, time: 5, id: '9' })).toBe('5.9');
    const sort = { field: 'route', dir: 'asc' } as const;
    const cursor = encodeSortCursor(sort, { value: '/a', time: 5, id: '9' });
    expect(decodeSortCursor(sort, cursor)).toEqual({ value: '/a', time: 5, id: '9' });
    expect(decodeSortCursor(sort, encodeSortCursor(sort, { value: null, time: 5, id: '9' }))).toEqual({ value: null, time: 5, id: '9' });
    // Too long to carry: the row is named instead, and the value read from it.
    const long = encodeSortCursor(sort, { value: 'x'.repeat(300), time: 5, id: '9' });
    expect(long.length).toBeLessThanOrEqual(200);
    expect(decodeSortCursor(sort, long)).toEqual({ value: undefined, time: 5, id: '9' });
  });

  it('refuses a cursor of another sort, a damaged one, and a text value for a number field', () => {
    const byRoute = encodeSortCursor({ field: 'route', dir: 'asc' }, { value: '/a', time: 5, id: '9' });
    expect(() => decodeSortCursor({ field: 'route', dir: 'desc' }, byRoute)).toThrow(/made for the sort by route ascending, not route descending/);
    expect(() => decodeSortCursor({ field: 'time', dir: 'desc' }, byRoute)).toThrow(StoreInputError);
    expect(() => decodeSortCursor({ field: 'time', dir: 'asc' }, '5.9')).toThrow(/made for the sort by time descending/);
    expect(() => decodeSortCursor({ field: 'route', dir: 'asc' }, 'route.asc.!!')).toThrow(/not one this store handed out/);
    const textForStatus = `status.asc.${Buffer.from(JSON.stringify(['500', 5, '9'])).toString('base64url')}`;
    expect(() => decodeSortCursor({ field: 'status', dir: 'asc' }, textForStatus)).toThrow(/not one this store handed out/);
  });
});
