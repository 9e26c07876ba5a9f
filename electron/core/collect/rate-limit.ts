// Per-sender event budget: N events per minute for each user (else session, else client
// address), as a token bucket. A bucket holds at most N tokens and refills at N per minute, so
// a quiet sender may burst N events at once and a steady one gets N a minute, never more.
export interface RateDecision {
  ok: boolean;
  /** Whole seconds until one more event would be accepted (only when refused). */
  retryAfterS: number;
}

export interface RateLimiter {
  /** Takes one event's token for `key`; refused events take nothing. */
  take(key: string, now: number): RateDecision;
  readonly perMinute: number;
  /** Senders currently tracked. */
  size(): number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Past this many tracked senders, full buckets (senders quiet for a minute) are forgotten. */
const PRUNE_AT = 50_000;
/**
 * Never more than this many: past it the longest-known senders are forgotten (their budget
 * starts afresh), so a flood of made-up user ids costs bounded memory.
 */
const MAX_SENDERS = 200_000;

export function createRateLimiter(perMinute: number): RateLimiter {
  if (perMinute <= 0) return { perMinute: 0, take: () => ({ ok: true, retryAfterS: 0 }), size: () => 0 };
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  let pruneAt = PRUNE_AT;

  // A scan each time the map has doubled since the last one: amortised O(1) per new sender.
  const prune = (now: number) => {
    for (const [key, b] of buckets) if (b.tokens + (now - b.at) * perMs >= perMinute) buckets.delete(key);
    if (buckets.size >= MAX_SENDERS) {
      // Maps iterate in insertion order: the first keys are the longest-known senders.
      let drop = buckets.size - Math.floor(MAX_SENDERS * 0.9);
      for (const key of buckets.keys()) {
        if (drop-- <= 0) break;
        buckets.delete(key);
      }
    }
    pruneAt = Math.min(MAX_SENDERS, Math.max(PRUNE_AT, buckets.size * 2));
  };

  return {
    perMinute,
    size: () => buckets.size,
    take(key, now) {
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= pruneAt) prune(now);
        b = { tokens: perMinute, at: now };
        buckets.set(key, b);
      } else {
        b.tokens = Math.min(perMinute, b.tokens + Math.max(0, now - b.at) * perMs);
        b.at = now;
      }
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true, retryAfterS: 0 };
      }
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)) };
    },
  };
}
