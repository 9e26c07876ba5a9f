import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../shared/events.js';
import { eventToLine } from '../../electron/cli/format.js';

const call = (duration_ms: number): LogEvent => ({
  id: '1', time: Date.UTC(2025, 9, 10, 6, 0, 0), kind: 'api', method: 'GET', status: 200, url: '/api/cart', duration_ms, source: 'x',
});

describe('one event per line', () => {
  it('writes a duration the way every other figure of the command line is written', () => {
    expect(eventToLine(call(78.92699999999999))).toBe('2025-10-10T06:00:00.000Z api  GET 200 /api/cart 78.9 ms');
    expect(eventToLine(call(12_345))).toContain(' 12,345 ms');
    expect(eventToLine(call(0))).toContain(' 0 ms');
  });
});
