import { describe, expect, it } from 'vitest';
import { bodyView, headerRows, timingBars } from '../../renderer/src/lib/call-parts.js';

describe('an API call in the detail pane', () => {
  it('lists headers by name, case-insensitively, with list values joined', () => {
    expect(headerRows({ 'x-b': '2', Accept: 'json', 'set-cookie': ['a=1', 'b=2'], bad: 3 })).toEqual([
      { name: 'Accept', value: 'json' },
      { name: 'set-cookie', value: 'a=1, b=2' },
      { name: 'x-b', value: '2' },
    ]);
    expect(headerRows(undefined)).toEqual([]);
    expect(headerRows(['not', 'a', 'map'])).toEqual([]);
  });

  it('pretty-prints JSON bodies, keeps other text as written, and leaves big texts unparsed', () => {
    expect(bodyView('{"a":[1,2]}')).toEqual({ kind: 'json', value: { a: [1, 2] } });
    expect(bodyView('  [1]')).toEqual({ kind: 'json', value: [1] });
    expect(bodyView('{"cut": "…')).toEqual({ kind: 'text', text: '{"cut": "…' });
    expect(bodyView('name=a&b=c')).toEqual({ kind: 'text', text: 'name=a&b=c' });
    expect(bodyView({ already: 'parsed' })).toEqual({ kind: 'json', value: { already: 'parsed' } });
    expect(bodyView('')).toBeNull();
    expect(bodyView(undefined)).toBeNull();
    const big = `[${'1,'.repeat(200_000)}1]`;
    expect(bodyView(big)?.kind).toBe('text');
  });

  it('lays the HAR phases end to end, skipping -1, with TLS inside connect', () => {
    const { bars, totalMs } = timingBars({ blocked: 2, dns: -1, connect: 30, ssl: 20, send: 1, wait: 80, receive: 7 });
    expect(bars).toEqual([
      { phase: 'blocked', ms: 2, startMs: 0 },
      { phase: 'connect', ms: 30, startMs: 2 },
      { phase: 'ssl', ms: 20, startMs: 12 },
      { phase: 'send', ms: 1, startMs: 32 },
      { phase: 'wait', ms: 80, startMs: 33 },
      { phase: 'receive', ms: 7, startMs: 113 },
    ]);
    expect(totalMs).toBe(120);
    expect(timingBars('nonsense')).toEqual({ bars: [], totalMs: 0 });
  });
});
