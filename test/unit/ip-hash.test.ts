import { describe, expect, it } from 'vitest';
import { createIpHasher, IP_HASH_HEX_CHARS } from '../../electron/core/privacy/ip-hash.js';

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
