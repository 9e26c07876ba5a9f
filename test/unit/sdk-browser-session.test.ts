// The browser SDK's session: one id per stretch of user activity, shared through storage, a
// new one after 30 idle minutes, and still working when storage is refused.
import { describe, expect, it } from 'vitest';
import { createSession, randomId, SESSION_KEY, USER_KEY, type KeyValueStore } from '../../sdk/browser/session.js';

const MIN = 60_000;

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

function clock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

let counter = 0;
const ids = () => `s${++counter}`;

describe('browser SDK session', () => {
  it('keeps one id while the user is active and starts a new one after 30 idle minutes', () => {
    const c = clock();
    const s = createSession({ storage: memoryStore(), now: c.now, timeoutMs: () => 30 * MIN, newId: ids });
    const first = s.touch();
    c.advance(29 * MIN);
    expect(s.touch()).toBe(first);
    c.advance(29 * MIN); // 58 minutes since the start, but only 29 since the last activity
    expect(s.touch()).toBe(first);
    c.advance(31 * MIN);
    const second = s.touch();
    expect(second).not.toBe(first);
    expect(s.id()).toBe(second);
  });

  it('does not let background reads (API calls) keep a session alive', () => {
    const c = clock();
    const s = createSession({ storage: memoryStore(), now: c.now, timeoutMs: () => 30 * MIN, newId: ids });
    const first = s.touch();
    for (let i = 0; i < 4; i++) {
      c.advance(10 * MIN);
      s.id();
    }
    expect(s.id()).not.toBe(first);
  });

  it('shares the session through storage: another instance (tab, reload) continues it', () => {
    const c = clock();
    const storage = memoryStore();
    const a = createSession({ storage, now: c.now, timeoutMs: () => 30 * MIN, newId: ids });
    const id = a.touch();
    c.advance(5 * MIN);
    const b = createSession({ storage, now: c.now, timeoutMs: () => 30 * MIN, newId: ids });
    expect(b.id()).toBe(id);
    expect(JSON.parse(storage.data.get(SESSION_KEY)!)).toEqual({ id, last: c.now() - 5 * MIN });
  });

  it('rotates when the stored last-activity time is set back 31 minutes (what a reload then sees)', () => {
    const c = clock();
    const storage = memoryStore();
    const s = createSession({ storage, now: c.now, timeoutMs: () => 30 * MIN, newId: ids });
    const id = s.touch();
    storage.setItem(SESSION_KEY, JSON.stringify({ id, last: c.now() - 31 * MIN }));
    const reloaded = createSession({ storage, now: c.now, timeoutMs: () => 30 * MIN, newId: ids });
    expect(reloaded.id()).not.toBe(id);
  });

  it('treats a last-activity time far in the future (clock moved back) as a new session', () => {
    const c = clock();
    const storage = memoryStore();
    storage.setItem(SESSION_KEY, JSON.stringify({ id: 'old', last: c.now() + 2 * 60 * MIN }));
    const s = createSession({ storage, now: c.now, timeoutMs: () => 30 * MIN, newId: ids });
    expect(s.id()).not.toBe('old');
  });

  it('starts over on a malformed stored value', () => {
    const c = clock();
    for (const bad of ['not json', '{"id":5,"last":1}', '[]', 'null', '{"id":"x","last":"soon"}']) {
      const storage = memoryStore();
      storage.setItem(SESSION_KEY, bad);
      const s = createSession({ storage, now: c.now, timeoutMs: () => 30 * MIN, newId: ids });
      expect(s.touch()).toMatch(/^s\d+$/);
    }
  });

  it('works in memory when storage throws (blocked storage, private modes)', () => {
    const c = clock();
    const throwing: KeyValueStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const s = createSession({ storage: throwing, now: c.now, timeoutMs: () => 30 * MIN, newId: ids });
    const id = s.touch();
    c.advance(MIN);
    expect(s.touch()).toBe(id);
    s.setUserId('u1');
    expect(s.userId()).toBe('u1');
    c.advance(31 * MIN);
    expect(s.id()).not.toBe(id);
  });

  it('remembers the identified user across instances, and forgets it when cleared', () => {
    const storage = memoryStore();
    const c = clock();
    const a = createSession({ storage, now: c.now, timeoutMs: () => 30 * MIN });
    expect(a.userId()).toBeUndefined();
    a.setUserId('user-42');
    expect(storage.data.get(USER_KEY)).toBe('user-42');
    expect(createSession({ storage, now: c.now, timeoutMs: () => 30 * MIN }).userId()).toBe('user-42');
    a.setUserId(undefined);
    expect(createSession({ storage, now: c.now, timeoutMs: () => 30 * MIN }).userId()).toBeUndefined();
  });

  it('makes 128-bit random hex ids', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(randomId());
    expect(seen.size).toBe(200);
    for (const id of seen) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});
