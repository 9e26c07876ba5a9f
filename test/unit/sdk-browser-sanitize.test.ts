// Whatever the app hands to track(), what the SDK sends stays JSON, within the collector's
// per-event limit, and never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clean, cleanProps, cut, fitEvent, MAX_EVENT_BYTES, messageOf, utf8Length } from '../../sdk/browser/sanitize.js';

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe('browser SDK sanitising', () => {
  it('measures UTF-8 like TextEncoder does', () => {
    // Lone surrogates are left out: TextEncoder writes them as U+FFFD, and JSON.stringify escapes them.
    const wellFormed = fc.string({ unit: 'binary' }).filter((s) => !/[\uD800-\uDFFF]/u.test(s));
    fc.assert(fc.property(wellFormed, (s) => utf8Length(s) === bytes(s)));
    expect(utf8Length('a€😀')).toBe(1 + 3 + 4);
  });

  it('cuts long strings without splitting a surrogate pair', () => {
    expect(cut('abc', 5)).toBe('abc');
    expect(cut('abcdef', 3)).toBe('abc…');
    const emoji = 'ab😀cd';
    expect(cut(emoji, 3)).toBe('ab…');
    expect(cut(emoji, 4)).toBe('ab😀…');
  });

  it('copies props as JSON-safe values: cycles, depth, functions, dates, errors, bigints', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
    const out = cleanProps({
      cyclic,
      deep,
      fn: () => 1,
      sym: Symbol('x'),
      when: new Date('2026-01-02T03:04:05Z'),
      bad: new Date(NaN),
      err: new TypeError('nope'),
      big: 10n,
      nan: NaN,
      list: [1, () => 2, 'x'],
      nested: { keep: true, drop: undefined },
    });
    expect(out).toEqual({
      cyclic: { name: 'a', self: '[circular]' },
      deep: { a: { b: { c: { d: { e: '[nested]' } } } } },
      when: '2026-01-02T03:04:05.000Z',
      bad: null,
      err: 'nope',
      big: '10',
      nan: null,
      list: [1, null, 'x'],
      nested: { keep: true },
    });
    // A shared (not cyclic) object appears twice, in full.
    const shared = { v: 1 };
    expect(cleanProps({ a: shared, b: shared })).toEqual({ a: { v: 1 }, b: { v: 1 } });
  });

  it('survives props with throwing getters and non-objects', () => {
    const hostile = Object.defineProperty({ ok: 1 }, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    expect(cleanProps(hostile)).toEqual({ ok: 1 });
    expect(cleanProps('text')).toEqual({});
    expect(cleanProps(null)).toEqual({});
    expect(cleanProps([1, 2])).toEqual({});
  });

  it('keeps every event under the collector limit, whatever its props', () => {
    const big = 'x'.repeat(200_000);
    const wide = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, '€'.repeat(999)]));
    for (const data of [{ big }, wide, { arr: Array.from({ length: 100 }, () => wide) }]) {
      const { event, json } = fitEvent({ event_type: 't', event_data: cleanProps(data), timestamp: 'now', session_id: 's' });
      expect(utf8Length(json)).toBeLessThanOrEqual(MAX_EVENT_BYTES);
      expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(event)));
      expect(event.event_type).toBe('t');
    }
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (v, s) => {
        const { json } = fitEvent({ event_type: s.slice(0, 200), event_data: cleanProps({ v }), timestamp: 't', session_id: 's' });
        return utf8Length(json) <= MAX_EVENT_BYTES;
      }),
    );
  });

  it('keeps small events as they are', () => {
    const ev = { event_type: 'signup', event_data: { plan: 'pro', seats: 3 }, timestamp: 't', session_id: 's' };
    expect(fitEvent(ev).event).toBe(ev);
  });

  it('reads a message from anything thrown or rejected', () => {
    expect(messageOf(new Error('boom'))).toBe('boom');
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf({ message: 'shaped' })).toBe('shaped');
    expect(messageOf({ code: 7 })).toBe('{"code":7}');
    expect(messageOf(undefined)).toBe('undefined');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(messageOf(cyclic)).toBe('[object Object]');
    expect(clean(Symbol('s'))).toBeUndefined();
  });
});
