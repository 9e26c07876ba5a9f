// The explorer's time range: in the URL beside the query (read defensively), resolved against
// now for presets, and typed in local time or UTC.
import { describe, expect, it } from 'vitest';
import { formatNav, parseNav } from '../../renderer/src/lib/nav.js';
import {
  absoluteRange, formatTimeInput, parseRangeParams, parseTimeInput, rangeKey, rangeLabel, resolveRange, zoomOut,
} from '../../renderer/src/lib/explorer-range.js';
import { formatTime } from '../../renderer/src/lib/format.js';

const T0 = Date.UTC(2026, 11, 7, 13, 0, 0);
const HOUR = 3_600_000;

describe('the range in the URL', () => {
  it('round-trips a preset and an absolute range beside the query', () => {
    for (const range of [{ preset: '15m' as const }, { preset: '30d' as const }, { from: T0, to: T0 + HOUR }]) {
      const nav = { view: 'explorer' as const, query: 'status>=500', range };
      expect(parseNav(formatNav(nav))).toEqual(nav);
    }
  });

  it('writes absolute ranges as ISO instants and a preset by its name', () => {
    const p = new URLSearchParams(formatNav({ view: 'explorer', query: '', range: { from: T0, to: T0 + HOUR } }).slice(1));
    expect([p.get('from'), p.get('to'), p.get('range')]).toEqual(['2026-12-07T13:00:00.000Z', '2026-12-07T14:00:00.000Z', null]);
    expect(formatNav({ view: 'explorer', query: 'a', range: { preset: '1h' } })).toBe('#q=a&range=1h');
  });

  it('leaves all time out of the URL, and replaces a range it held before', () => {
    expect(formatNav({ view: 'explorer', query: '' })).toBe('');
    expect(formatNav({ view: 'explorer', query: '', range: { preset: '7d' } }, '#from=1&to=2&token=s')).toBe('#token=s&range=7d');
  });

  it('reads epoch milliseconds as well as ISO dates', () => {
    expect(parseRangeParams(new URLSearchParams(`from=${T0}&to=${T0 + 1}`))).toEqual({ from: T0, to: T0 + 1 });
  });

  it.each([
    ['range=5y'],
    ['range=all'],
    ['range=<script>'],
    ['from=yesterday&to=2026-12-07T14:00:00Z'],
    ['from=2026-12-07T14:00:00Z'],
    ['from=2026-12-07T14:00:00Z&to=2026-12-07T13:00:00Z'],
    ['from=2026-12-07T14:00:00Z&to=2026-12-07T14:00:00Z'],
    ['from=-5&to=10'],
    ['from=1&to=99999999999999999999'],
    [`from=${'9'.repeat(5000)}&to=1`],
  ])('ignores a bad range (%s) rather than failing', (hash) => {
    expect(parseNav(`#q=x&${hash}`)).toEqual({ view: 'explorer', query: 'x' });
  });

  it('keeps the range to the explorer', () => {
    expect(parseNav('#view=dashboard&range=1h')).toEqual({ view: 'dashboard', query: '' });
    expect(formatNav({ view: 'sessions', query: '', range: { preset: '1h' } })).toBe('#view=sessions');
  });
});

describe('resolveRange', () => {
  it('ends a preset just after now, so it moves with each refresh', () => {
    expect(resolveRange({ preset: '1h' }, T0)).toEqual({ from: T0 - HOUR, to: T0 + 1 });
    expect(resolveRange({ preset: '1h' }, T0 + 5000)).toEqual({ from: T0 - HOUR + 5000, to: T0 + 5001 });
    expect(resolveRange({ preset: '30d' }, T0)).toEqual({ from: T0 - 30 * 24 * HOUR, to: T0 + 1 });
  });

  it('keeps an absolute range as it is, and all time open', () => {
    expect(resolveRange({ from: 1, to: 2 }, T0)).toEqual({ from: 1, to: 2 });
    expect(resolveRange(undefined, T0)).toBeUndefined();
  });

  it('keys ranges by what they mean', () => {
    expect(new Set([rangeKey(undefined), rangeKey({ preset: '1h' }), rangeKey({ from: 1, to: 2 }), rangeKey({ from: 1, to: 3 })]).size).toBe(4);
  });
});

describe('typed times', () => {
  it('reads a time in UTC or in local time', () => {
    expect(parseTimeInput('2026-12-07 13:00:00', true)).toBe(T0);
    expect(parseTimeInput('2026-12-07 13:00', true)).toBe(T0);
    expect(parseTimeInput('2026-12-07T13:00:00.5', true)).toBe(T0 + 500);
    expect(parseTimeInput('2026-12-07', true)).toBe(Date.UTC(2026, 11, 7));
    const local = new Date(2026, 11, 7, 13, 0, 0).getTime();
    expect(parseTimeInput('2026-12-07 13:00:00', false)).toBe(local);
  });

  it('shows a time the way it reads it back, in either zone', () => {
    for (const utc of [true, false]) {
      const text = formatTimeInput(T0 + 1234, utc);
      expect(text).toBe(formatTime(T0 + 1234, utc));
      expect(parseTimeInput(text, utc)).toBe(T0 + 1234);
    }
    expect(formatTimeInput(T0, true)).toBe('2026-12-07 13:00:00');
  });

  it.each(['', 'now', '2026-02-31 10:00', '2026-13-01', '2026-12-07 25:00', '07/12/2026', '2026-12-07 13:00:00 junk'])('refuses %j', (text) => {
    expect(parseTimeInput(text, true)).toBeNull();
  });

  it('says what is wrong with a typed range, and gives the range when it is right', () => {
    expect(absoluteRange('2026-12-07 13:00', '2026-12-07 14:00', true)).toEqual({ range: { from: T0, to: T0 + HOUR } });
    expect(absoluteRange('2026-12-07 14:00', '2026-12-07 13:00', true)).toEqual({ error: '"To" must come after "From".' });
    expect(absoluteRange('2026-12-07 13:00', '2026-12-07 13:00', true)).toEqual({ error: '"To" must come after "From".' });
    expect(absoluteRange('soon', '2026-12-07 13:00', true)).toMatchObject({ error: expect.stringMatching(/^"From" is not a time/) });
    expect(absoluteRange('2026-12-07 13:00', 'later', false)).toMatchObject({ error: expect.stringMatching(/^"To" is not a time/) });
  });

  it('labels a range for people', () => {
    expect(rangeLabel(undefined, true)).toBe('All time');
    expect(rangeLabel({ preset: '24h' }, true)).toBe('Last 24 h');
    expect(rangeLabel({ from: T0, to: T0 + HOUR }, true)).toBe('2026-12-07 13:00:00 – 2026-12-07 14:00:00 UTC');
  });
});

describe('zoomOut', () => {
  it('returns to the range zoomed from when it is known', () => {
    expect(zoomOut({ from: T0, to: T0 + HOUR }, { preset: '24h' })).toEqual({ preset: '24h' });
    expect(zoomOut({ from: T0, to: T0 + HOUR }, undefined)).toBeUndefined();
  });

  it('otherwise doubles the span around the same middle', () => {
    expect(zoomOut({ from: T0, to: T0 + HOUR }, null)).toEqual({ from: T0 - HOUR / 2, to: T0 + 1.5 * HOUR });
    expect(zoomOut({ preset: '1h' }, null)).toBeUndefined();
  });
});
