// Drives load at a server given by URL (for profiling by hand): `node --import tsx bench/collector/profile-load.ts URL`.
import { throughput } from './load.js';
const origin = process.argv[2]!;
const ev = (i: number) => ({ event_type: 'button_click', event_data: { page: `/shop/item/${i % 977}`, element: `#buy-${i % 13}`, button_text: 'Add to cart', price: i + 0.99 }, timestamp: new Date(1_763_900_000_000 + i).toISOString(), session_id: `sess-${i % 500}`, user_id: `user-${i % 2000}` });
const bodies = Array.from({ length: 2000 }, (_, b) => JSON.stringify({ events: Array.from({ length: 100 }, (_, i) => ev(b * 100 + i)) }));
const r = await throughput(new URL('/api/analytics/batch', origin), bodies, Number(process.argv[3] ?? 16));
console.log('events/s', Math.round(200_000 / (r.ms / 1000)), 'failures', r.failures);
