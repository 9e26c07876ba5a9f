// The soak's traffic: a seeded mix of the requests a collector meets in a long day — valid
// events in every shape, invalid ones, and hostile ones — with the number of events each
// request should get acknowledged if the collector is right, so a miscount shows up.
import { seeded } from '../lib/random.js';

export interface SoakRequest {
  kind: string;
  path: string;
  body: string;
  /** Events this request carries that must be stored. */
  valid: number;
}

const HOSTILE_MESSAGE = `${'a'.repeat(31_000)}@`;

function click(i: number) {
  return {
    event_type: i % 4 === 0 ? 'page_view' : 'button_click',
    event_data: { page: `/shop/item/${i % 311}`, element: `#buy-${i % 7}`, button_text: 'Add to cart' },
    timestamp: new Date(Date.now() - 1000).toISOString(),
    session_id: `soak-s${i % 400}`,
    user_id: `soak-u${i % 900}`,
  };
}

function apiRecord(i: number) {
  return { method: i % 3 ? 'GET' : 'POST', url: `/api/orders/${i % 5000}?page=${i % 9}`, status: i % 17 ? 200 : 503, duration_ms: (i % 400) + 0.5, session_id: `soak-s${i % 400}` };
}

/** Kinds with their share of requests; `make` builds request number `i`. */
const KINDS: { kind: string; share: number; make: (i: number) => SoakRequest }[] = [
  { kind: 'batch of 20 clicks', share: 50, make: (i) => ({ kind: '', path: '/api/analytics/batch', body: JSON.stringify({ events: Array.from({ length: 20 }, (_, k) => click(i * 20 + k)) }), valid: 20 }) },
  { kind: 'single click', share: 16, make: (i) => ({ kind: '', path: '/api/analytics/collect', body: JSON.stringify(click(i)), valid: 1 }) },
  { kind: '10 API records', share: 12, make: (i) => ({ kind: '', path: '/api/logs', body: JSON.stringify(Array.from({ length: 10 }, (_, k) => apiRecord(i * 10 + k))), valid: 10 }) },
  {
    kind: 'batch, 8 valid + 4 invalid',
    share: 8,
    make: (i) => {
      const events: unknown[] = Array.from({ length: 8 }, (_, k) => click(i * 8 + k));
      events.push({ event_type: 42 }, { event_data: 'x' }, null, { event_type: 'page_view', timestamp: 'not a time' });
      return { kind: '', path: '/api/analytics/batch', body: JSON.stringify({ events }), valid: 8 };
    },
  },
  { kind: 'malformed JSON', share: 6, make: () => ({ kind: '', path: '/api/analytics/batch', body: '{"events": [ {"event_type": "page_view", ', valid: 0 }) },
  {
    kind: 'hostile text (15 × 31 KB regex bait)',
    share: 3,
    make: (i) => ({
      kind: '',
      path: '/api/analytics/batch',
      body: JSON.stringify({ events: Array.from({ length: 15 }, () => ({ event_type: 'error_encountered', event_data: { message: HOSTILE_MESSAGE }, session_id: `soak-h${i}` })) }),
      valid: 15,
    }),
  },
  { kind: 'oversized (2 MB)', share: 2, make: () => ({ kind: '', path: '/api/analytics/batch', body: JSON.stringify({ events: [], pad: 'x'.repeat(2 * 1024 * 1024) }), valid: 0 }) },
  { kind: 'too many tiny items', share: 2, make: () => ({ kind: '', path: '/api/analytics/batch', body: JSON.stringify({ events: Array.from({ length: 20_000 }, () => ({})) }), valid: 0 }) },
  { kind: 'wrong types everywhere', share: 1, make: (i) => ({ kind: '', path: '/api/logs', body: JSON.stringify([{ method: [], url: {}, status: 'x', duration_ms: -i }]), valid: 0 }) },
];

export const SOAK_KINDS = KINDS.map((k) => k.kind);

/** Average acknowledged events per request, to turn an events/s target into a request rate. */
export const VALID_PER_REQUEST = (() => {
  const total = KINDS.reduce((s, k) => s + k.share, 0);
  return KINDS.reduce((s, k) => s + (k.share / total) * k.make(0).valid, 0);
})();

/** A deterministic stream of requests (bodies of the heavy kinds are built once and reused). */
export function soakRequests(seed: number): (i: number) => SoakRequest {
  const rand = seeded(seed);
  const total = KINDS.reduce((s, k) => s + k.share, 0);
  const cache = new Map<string, SoakRequest>();
  return (i) => {
    let r = rand() * total;
    const k = KINDS.find((x) => (r -= x.share) < 0) ?? KINDS[0]!;
    // The big hostile bodies cost the load generator real time to build; their content does not vary.
    const heavy = k.kind.startsWith('oversized') || k.kind.startsWith('too many');
    if (heavy && cache.has(k.kind)) return cache.get(k.kind)!;
    const req = { ...k.make(i), kind: k.kind };
    if (heavy) cache.set(k.kind, req);
    return req;
  };
}
