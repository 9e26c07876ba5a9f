// Sessions for files that carry no session id (access logs, HAR): the same client (IP hash)
// and user agent belong to one session until 30 minutes pass without a request from them, the
// usual web-analytics rule. Derived sessions are numbered per source and stored as refs of their
// own (store/derived-sessions.ts), so the UI can mark them and they cost no strings.
import type { NewEvent } from '../../../shared/events.js';
import { derivedSessionRef, derivedSessionText } from '../store/derived-sessions.js';

export const SESSION_GAP_MS = 30 * 60 * 1000;
/** Clients idle past the gap are forgotten every this many events, so memory stays bounded. */
const SWEEP_EVERY = 50_000;

interface Open {
  ref: number;
  text: string;
  last: number;
}

export interface SessionDeriver {
  /**
   * Gives `e` a derived session when it is an API event with none and a client to key on;
   * returns that session's ref, or null.
   */
  apply(e: NewEvent): number | null;
  /** The ref a session given out earlier has now: a one-client deriver merges sessions. */
  current(ref: number): number;
  /** Each session merged into another, as [its ref, the ref it has now], for rows already written. */
  merged(): [number, number][];
}

const same = (ref: number) => ref;
const none = (): [number, number][] => [];

/** The sessions of a file that is one client's recording (a HAR), searched by time. */
const MAX_ONE_CLIENT_SESSIONS = 1000;

/**
 * For a file that is one client's recording (a HAR: one browser), every event without a
 * session joins the session whose span it falls within the gap of, whatever its address or
 * agent: page views and cached entries (no request headers) included. Pages are listed before
 * their entries, so events come out of time order: an event within the gap of two sessions
 * joins them into one (the older keeps its number), which gives the sessions a sort by time
 * would, without holding the document's events until its end.
 */
function oneClientDeriver(sourceId: number, after: number, gapMs: number): SessionDeriver {
  let open: (Open & { first: number })[] = [];
  /** Ref of a merged session -> the ref it was merged into (which may merge on in turn). */
  const into = new Map<number, number>();
  let next = after;
  const current = (ref: number): number => {
    let r = ref;
    for (let up = into.get(r); up !== undefined; up = into.get(r)) r = up;
    return r;
  };
  return {
    apply(e) {
      if (e.session_id || (e.kind !== 'api' && e.kind !== 'user')) return null;
      const near = open.filter((o) => e.time >= o.first - gapMs && e.time <= o.last + gapMs);
      let s = near[0];
      if (s === undefined) {
        next++;
        s = { ref: derivedSessionRef(sourceId, next), text: derivedSessionText(sourceId, next), first: e.time, last: e.time };
        if (open.length >= MAX_ONE_CLIENT_SESSIONS) open.shift();
        open.push(s);
      } else {
        for (const o of near.slice(1)) {
          into.set(o.ref, s.ref);
          if (o.first < s.first) s.first = o.first;
          if (o.last > s.last) s.last = o.last;
        }
        if (near.length > 1) open = open.filter((o) => !near.includes(o) || o === s);
        if (e.time < s.first) s.first = e.time;
        if (e.time > s.last) s.last = e.time;
      }
      e.session_id = s.text;
      e.session_derived = true;
      return s.ref;
    },
    current,
    merged: () => [...into.keys()].map((ref) => [ref, current(ref)]),
  };
}

/**
 * `after`: the highest session number this source already used (a file read on after it grew).
 * `oneClient`: the file is one client's recording (FormatBase.oneClient).
 */
export function createSessionDeriver(sourceId: number, after = 0, gapMs = SESSION_GAP_MS, oneClient = false): SessionDeriver {
  if (oneClient) return oneClientDeriver(sourceId, after, gapMs);
  // Keyed by client, then agent: no key string is built per event, and both strings are hashed
  // once (V8 keeps a string's hash; the batch encoder looks the same strings up again).
  const open = new Map<string, Map<string, Open>>();
  let next = after;
  let seen = 0;
  let latest = -Infinity;
  return {
    apply(e) {
      if (e.kind !== 'api' || e.session_id || (!e.ip_hash && !e.user_agent)) return null;
      const ip = e.ip_hash ?? '';
      const ua = e.user_agent ?? '';
      let agents = open.get(ip);
      if (!agents) {
        agents = new Map();
        open.set(ip, agents);
      }
      let s = agents.get(ua);
      // Lines are mostly in time order; one a little out of order stays in its session.
      if (!s || e.time - s.last > gapMs) {
        next++;
        s = { ref: derivedSessionRef(sourceId, next), text: derivedSessionText(sourceId, next), last: e.time };
        agents.set(ua, s);
      } else if (e.time > s.last) {
        s.last = e.time;
      }
      e.session_id = s.text;
      e.session_derived = true;
      if (e.time > latest) latest = e.time;
      if (++seen % SWEEP_EVERY === 0) {
        for (const [ipKey, byAgent] of open) {
          for (const [uaKey, v] of byAgent) if (latest - v.last > gapMs) byAgent.delete(uaKey);
          if (byAgent.size === 0) open.delete(ipKey);
        }
      }
      return s.ref;
    },
    current: same,
    merged: none,
  };
}
