// Sessions for files that carry no session id (access logs, HAR): the same client (IP hash)
// and user agent belong to one session until 30 minutes pass without a request from them, the
// usual web-analytics rule. Derived sessions are numbered per source and stored as refs of their
// own (store/derived-sessions.ts), so the UI can mark them and they cost no strings.
//
// A rotated log goes on in the next file (access.log.1, then access.log): a client's first
// requests there continue the session it had at the end of the file before, and its last
// requests in a file read after the next one join the session it has there
// (rotation-sessions.ts finds those sessions).
import type { NewEvent } from '../../../shared/events.js';
import { derivedRefText, derivedSessionRef, derivedSessionText } from '../store/derived-sessions.js';
import { oneClientDeriver } from './one-client-deriver.js';

export const SESSION_GAP_MS = 30 * 60 * 1000;
/** Clients idle past the gap are forgotten every this many events, so memory stays bounded. */
const SWEEP_EVERY = 50_000;

interface Open {
  ref: number;
  text: string;
  last: number;
  /** A session of the file before this one, carried on: not this file's to merge. */
  carried?: true;
}

/** One client's derived session in a stored file next to this one in its rotation. */
export interface NeighbourSession {
  ip_hash: string | null;
  user_agent: string | null;
  /** Its session ref (store/derived-sessions.ts), of the neighbour's source or one before it. */
  ref: number;
  /** Its last event in the file before this one; its first in the file after. */
  time: number;
}

export interface RotationNeighbours {
  /** The file before this one in its rotation: each client's last session there. */
  before: readonly NeighbourSession[];
  /** The file after this one, read earlier: each client's first session there. */
  after: readonly NeighbourSession[];
}

const NO_NEIGHBOURS: RotationNeighbours = { before: [], after: [] };

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

/**
 * `after`: the highest session number this source already used (a file read on after it grew).
 * `oneClient`: the file is one client's recording (FormatBase.oneClient).
 * `neighbours`: the sessions of the files next to this one in its rotation.
 */
export function createSessionDeriver(
  sourceId: number,
  after = 0,
  gapMs = SESSION_GAP_MS,
  oneClient = false,
  neighbours: RotationNeighbours = NO_NEIGHBOURS,
): SessionDeriver {
  if (oneClient) return oneClientDeriver(sourceId, after, gapMs);
  // Keyed by client, then agent: no key string is built per event, and both strings are hashed
  // once (V8 keeps a string's hash; the batch encoder looks the same strings up again).
  const open = new Map<string, Map<string, Open>>();
  const agentsOf = (ip: string) => {
    let agents = open.get(ip);
    if (!agents) {
      agents = new Map<string, Open>();
      open.set(ip, agents);
    }
    return agents;
  };
  for (const n of neighbours.before) {
    agentsOf(n.ip_hash ?? '').set(n.user_agent ?? '', { ref: n.ref, text: derivedRefText(n.ref), last: n.time, carried: true });
  }
  let next = after;
  let seen = 0;
  let latest = -Infinity;
  return {
    apply(e) {
      if (e.kind !== 'api' || e.session_id || (!e.ip_hash && !e.user_agent)) return null;
      const agents = agentsOf(e.ip_hash ?? '');
      const ua = e.user_agent ?? '';
      let s = agents.get(ua);
      // Lines are mostly in time order; one a little out of order stays in its session. A
      // session carried from the file before goes on only from within the gap of its end.
      if (!s || e.time - s.last > gapMs || (s.carried && s.last - e.time > gapMs)) {
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
    // A client's last session here, when the file after this one starts its first within the
    // gap, is that one. Only this file's own sessions move: a carried one also holds rows of the
    // file before, which this import does not write.
    merged() {
      const out: [number, number][] = [];
      for (const n of neighbours.after) {
        const s = open.get(n.ip_hash ?? '')?.get(n.user_agent ?? '');
        if (s && !s.carried && s.ref !== n.ref && Math.abs(n.time - s.last) <= gapMs) out.push([s.ref, n.ref]);
      }
      return out;
    },
  };
}
