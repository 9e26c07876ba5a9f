// The shop server's records follow its visitors' clocks. A simulated visit happens at a planned
// time (hours, or for a returning visitor days, before the run) and its think times pass in an
// instant, so the browser stamps its events on a clock of its own; the page sends that clock
// with each API call (X-Demo-Clock) and the server's records of that session are moved by the
// same amount, so both sides of a call land together on the timeline.
import type { ApiRecord, ClientStats, CollectorClient } from '../../../sdk/node/index.js';

/** Clocks further off than this are not a simulated visit's: they are left alone. */
const MAX_SHIFT_MS = 30 * 24 * 3_600_000;

export interface ShiftingClient extends CollectorClient {
  /** A request of `sessionId` said the page's clock reads `pageClock` now. */
  observe(sessionId: string, pageClock: number, now?: number): void;
}

export function parseClock(header: string | string[] | undefined): number | null {
  const v = Array.isArray(header) ? header[0] : header;
  if (v === undefined || !/^\d{1,16}$/.test(v)) return null;
  return Number(v);
}

export function shiftingClient(inner: CollectorClient): ShiftingClient {
  const offsets = new Map<string, number>();
  return {
    observe(sessionId, pageClock, now = Date.now()) {
      const offset = pageClock - now;
      if (Math.abs(offset) <= MAX_SHIFT_MS) offsets.set(sessionId, offset);
    },
    record(rec: ApiRecord) {
      const offset = rec.session_id === undefined ? undefined : offsets.get(rec.session_id);
      if (offset !== undefined) {
        const t = Date.parse(rec.time);
        if (Number.isFinite(t)) rec = { ...rec, time: new Date(t + offset).toISOString() };
      }
      inner.record(rec);
    },
    flush: () => inner.flush(),
    close: () => inner.close(),
    stats: (): ClientStats => inner.stats(),
    reportError: (err, context) => inner.reportError(err, context),
  };
}
