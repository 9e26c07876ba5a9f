import { describe, expect, it } from 'vitest';
import { createIpHasher, createRotatingIpHasher, IP_HASH_HEX_CHARS } from '../../electron/core/privacy/ip-hash.js';

const KEY_A = 'k'.repeat(32);
const KEY_B = Buffer.alloc(32, 7);

describe('createIpHasher', () => {
  it('is stable for the same key, including across hasher instances and cache hits', () => {
    const a1 = createIpHasher(KEY_A);
    const a2 = createIpHasher(Buffer.from(KEY_A));
    const first = a1('83.149.9.216');
    expect(a1('83.149.9.216')).toBe(first);
    a1('10.0.0.1');
    expect(a1('83.149.9.216')).toBe(first);
    expect(a2('83.149.9.216')).toBe(first);
  });

  it('gives short lowercase hex', () => {
    const h = createIpHasher(KEY_A)('2001:db8::1');
    expect(h).toMatch(new RegExp(`^[0-9a-f]{${IP_HASH_HEX_CHARS}}$`));
  });

  it('differs between keys and between addresses', () => {
    const a = createIpHasher(KEY_A);
    const b = createIpHasher(KEY_B);
    expect(a('83.149.9.216')).not.toBe(b('83.149.9.216'));
    expect(a('83.149.9.216')).not.toBe(a('83.149.9.217'));
  });

  it('never contains the address it hides', () => {
    const a = createIpHasher(KEY_A);
    for (const ip of ['1.2.3.4', '83.149.9.216', '::1', '2001:db8::ff00:42:8329', 'localhost']) {
      const h = a(ip);
      expect(h).not.toContain(ip);
      expect(h.length).toBe(IP_HASH_HEX_CHARS);
    }
  });

  it('treats spellings of the same client alike', () => {
    const a = createIpHasher(KEY_A);
    expect(a('::ffff:10.1.2.3')).toBe(a('10.1.2.3'));
    expect(a('2001:DB8::1')).toBe(a('2001:db8::1'));
    expect(a('[::1]')).toBe(a('::1'));
  });

  it('stays correct after the cache evicts entries', () => {
    const a = createIpHasher(KEY_A);
    const fresh = createIpHasher(KEY_A);
    const first = a('192.168.0.1');
    for (let i = 0; i < 10_000; i++) a(`10.0.${i >> 8}.${i & 255}`);
    expect(a('192.168.0.1')).toBe(first);
    expect(a('10.0.0.5')).toBe(fresh('10.0.0.5'));
  });

  it('refuses a key short enough to brute-force', () => {
    expect(() => createIpHasher('')).toThrow(/at least 16 bytes/);
    expect(() => createIpHasher('short')).toThrow(/at least 16 bytes/);
  });
});

describe('createRotatingIpHasher', () => {
  const DAY = 86_400_000;
  const NOON = Date.UTC(2026, 2, 10, 12);
  const clock = (start: number) => {
    const c = { t: start, now: () => c.t };
    return c;
  };

  it('is stable for one client within a UTC day, cache hits included', () => {
    const c = clock(NOON);
    const h = createRotatingIpHasher(c.now);
    const first = h('83.149.9.216');
    h('10.0.0.1');
    c.t = Date.UTC(2026, 2, 10, 0, 0, 0);
    expect(h('83.149.9.216')).toBe(first);
    c.t = Date.UTC(2026, 2, 10, 23, 59, 59, 999);
    expect(h('83.149.9.216')).toBe(first);
    expect(first).toMatch(new RegExp(`^[0-9a-f]{${IP_HASH_HEX_CHARS}}$`));
  });

  it('gives a different pseudonym from the next UTC midnight on', () => {
    const c = clock(Date.UTC(2026, 2, 10, 23, 59, 59, 999));
    const h = createRotatingIpHasher(c.now);
    const before = h('83.149.9.216');
    c.t += 1;
    const after = h('83.149.9.216');
    expect(after).not.toBe(before);
    expect(h('83.149.9.216')).toBe(after);
    expect(h('::ffff:83.149.9.216')).toBe(after);
  });

  it('drops the old key: going back to an earlier day does not bring its pseudonyms back', () => {
    const c = clock(NOON);
    const h = createRotatingIpHasher(c.now);
    const day1 = h('1.2.3.4');
    c.t += DAY;
    const day2 = h('1.2.3.4');
    c.t -= DAY;
    const again = h('1.2.3.4');
    expect(new Set([day1, day2, again]).size).toBe(3);
  });

  it('makes a random key per hasher, not one derived from the date', () => {
    const now = () => NOON;
    expect(createRotatingIpHasher(now)('1.2.3.4')).not.toBe(createRotatingIpHasher(now)('1.2.3.4'));
  });

  it('reads the real clock by default', () => {
    expect(createRotatingIpHasher()('1.2.3.4')).toMatch(new RegExp(`^[0-9a-f]{${IP_HASH_HEX_CHARS}}$`));
  });
});
