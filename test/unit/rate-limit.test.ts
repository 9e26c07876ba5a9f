import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../electron/core/collect/rate-limit.js';

describe('rate limiter', () => {
  it('allows a burst of N, then one more per 60/N seconds, with the wait in whole seconds', () => {
    const limiter = createRateLimiter(100);
    const t0 = 1_000_000;
    for (let i = 0; i < 100; i++) expect(limiter.take('u', t0).ok).toBe(true);
    const refused = limiter.take('u', t0);
    expect(refused).toEqual({ ok: false, retryAfterS: 1 }); // 0.6 s, rounded up
    expect(limiter.take('u', t0 + 599).ok).toBe(false);
    expect(limiter.take('u', t0 + 600).ok).toBe(true);
    expect(limiter.take('u', t0 + 600).ok).toBe(false);
    // A minute of silence refills the whole budget, never more.
    for (let i = 0; i < 100; i++) expect(limiter.take('u', t0 + 600 + 3_600_000).ok).toBe(true);
    expect(limiter.take('u', t0 + 600 + 3_600_000).ok).toBe(false);
  });

  it('keeps senders apart and waits longer under slower limits', () => {
    const limiter = createRateLimiter(2);
    expect(limiter.take('a', 0).ok && limiter.take('a', 0).ok).toBe(true);
    expect(limiter.take('a', 0)).toEqual({ ok: false, retryAfterS: 30 });
    expect(limiter.take('b', 0).ok).toBe(true);
  });

  it('is off at 0', () => {
    const limiter = createRateLimiter(0);
    for (let i = 0; i < 10_000; i++) expect(limiter.take('u', 0).ok).toBe(true);
  });
});

describe('rate limiter memory', () => {
  it('stays bounded under a flood of made-up senders', () => {
    const limiter = createRateLimiter(100);
    for (let i = 0; i < 400_000; i++) limiter.take(`user-${i}`, 1_000 + i / 1000);
    expect(limiter.size()).toBeLessThanOrEqual(200_000);
    // Known senders keep their spent budget while they are remembered.
    for (let i = 0; i < 100; i++) limiter.take('steady', 2_000);
    expect(limiter.take('steady', 2_000).ok).toBe(false);
  });
});
