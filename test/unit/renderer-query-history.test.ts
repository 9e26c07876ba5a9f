// Recent queries: newest first, no duplicates, at most 50, and storage read as outside input.
import { describe, expect, it } from 'vitest';
import { forget, HISTORY_KEY, HISTORY_LIMIT, readHistory, remember, writeHistory } from '../../renderer/src/lib/query-history.js';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

describe('query history', () => {
  it('puts an applied query first, once, trimmed, and keeps blank ones out', () => {
    let h = remember([], 'status:500');
    h = remember(h, 'method:GET');
    h = remember(h, '  status:500 ');
    expect(h).toEqual(['status:500', 'method:GET']);
    expect(remember(h, '   ')).toEqual(h);
    expect(remember(h, '*')).toEqual(h);
  });

  it('keeps the newest 50', () => {
    let h: string[] = [];
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) h = remember(h, `status:${i}`);
    expect(h).toHaveLength(HISTORY_LIMIT);
    expect(h[0]).toBe(`status:${HISTORY_LIMIT + 4}`);
    expect(h.at(-1)).toBe('status:5');
  });

  it('removes one entry', () => {
    expect(forget(['a', 'b', 'c'], 'b')).toEqual(['a', 'c']);
  });

  it('reads back what it wrote, and anything else as an empty history', () => {
    const storage = memoryStorage();
    writeHistory(storage, ['b', 'a']);
    expect(readHistory(storage)).toEqual(['b', 'a']);
    for (const bad of ['{', '{"a":1}', '[1,2]', JSON.stringify(['x'.repeat(10_001)])]) {
      expect(readHistory(memoryStorage({ [HISTORY_KEY]: bad })), bad).toEqual([]);
    }
    expect(readHistory(null)).toEqual([]);
    const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('quota'); } };
    expect(readHistory(refusing)).toEqual([]);
    expect(() => writeHistory(refusing, ['a'])).not.toThrow();
  });
});
