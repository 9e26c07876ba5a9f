// Sessions for files that carry no session id (access logs, HAR): the same client (IP hash)
// and user agent belong to one session until 30 minutes pass without a request from them, the
// usual web-analytics rule. Derived ids are marked (session_derived) so the UI can say so.
import type { NewEvent } from '../../../shared/events.js';

export const SESSION_GAP_MS = 30 * 60 * 1000;
/** Clients idle past the gap are forgotten every this many events, so memory stays bounded. */
const SWEEP_EVERY = 50_000;

interface Open {
  id: string;
  last: number;
}

/** 32-bit FNV-1a in base 36: a short, stable tag for the client in the session id. */
function tag(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

export interface SessionDeriver {
  /** Gives `e` a derived session when it is an API event with none and a client to key on. */
  apply(e: NewEvent): void;
}

export function createSessionDeriver(gapMs = SESSION_GAP_MS): SessionDeriver {
  const open = new Map<string, Open>();
  let seen = 0;
  let latest = -Infinity;
  return {
    apply(e) {
      if (e.kind !== 'api' || e.session_id || (!e.ip_hash && !e.user_agent)) return;
      const key = `${e.ip_hash ?? ''}\u0000${e.user_agent ?? ''}`;
      let s = open.get(key);
      // Lines are mostly in time order; one a little out of order stays in its session.
      if (!s || e.time - s.last > gapMs) {
        // Short: an access log makes a session every few requests, and each id is stored once.
        s = { id: `d${tag(key)}.${Math.floor(Math.max(0, e.time) / 1000).toString(36)}`, last: e.time };
        open.set(key, s);
      } else if (e.time > s.last) {
        s.last = e.time;
      }
      e.session_id = s.id;
      e.session_derived = true;
      if (e.time > latest) latest = e.time;
      if (++seen % SWEEP_EVERY === 0) {
        for (const [k, v] of open) if (latest - v.last > gapMs) open.delete(k);
      }
    },
  };
}
