// Derived sessions for a file that is one client's recording (a HAR: one browser). Every event
// without a session joins the session whose span it falls within the gap of, whatever its
// address or agent: page views and cached entries (no request headers) included. Pages are
// listed before their entries, so events come out of time order: an event within the gap of two
// sessions joins them into one (the older keeps its number), which gives the sessions a sort by
// time would, without holding the document's events until its end.
//
// A format may also mark events that belong together whatever their times (a HAR page and its
// requests, formats/har-sessions.ts): such an event comes with `session_derived` set and a key
// of the format's own as its session_id. Every event of one key gets one session, which also
// takes in the sessions its events come near.
import type { NewEvent } from '../../../shared/events.js';
import { DERIVED_SPAN, derivedSessionRef, derivedSessionText } from '../store/derived-sessions.js';
import type { SessionDeriver } from './session-deriver.js';

/** Sessions searched by time; the oldest are forgotten past this many. */
const MAX_OPEN = 1000;
/** Keys remembered; past this many the oldest is forgotten (a later event of it starts afresh). */
const MAX_KEYS = 10_000;

interface Span {
  ref: number;
  n: number;
  text: string;
  first: number;
  last: number;
}

export function oneClientDeriver(sourceId: number, after: number, gapMs: number): SessionDeriver {
  let open: Span[] = [];
  /** Ref of a merged session -> the ref it was merged into (which may merge on in turn). */
  const into = new Map<number, number>();
  /** A format's key -> the ref its events were given (follow `into` for the one in force). */
  const keys = new Map<string, number>();
  let next = after;
  const current = (ref: number): number => {
    let r = ref;
    for (let up = into.get(r); up !== undefined; up = into.get(r)) r = up;
    return r;
  };
  const add = (s: Span): Span => {
    if (open.length >= MAX_OPEN) open.shift();
    open.push(s);
    return s;
  };
  const span = (n: number, time: number): Span => ({
    ref: derivedSessionRef(sourceId, n), n, text: derivedSessionText(sourceId, n), first: time, last: time,
  });
  /** The session a key's events have, brought back if it was forgotten. */
  const spanOfKey = (key: string, time: number): Span | undefined => {
    const ref = keys.get(key);
    if (ref === undefined) return undefined;
    const r = current(ref);
    return open.find((o) => o.ref === r) ?? add(span(-r - sourceId * DERIVED_SPAN, time));
  };
  const remember = (key: string, ref: number) => {
    keys.delete(key);
    keys.set(key, ref);
    if (keys.size > MAX_KEYS) keys.delete(keys.keys().next().value!);
  };

  return {
    apply(e: NewEvent) {
      if (e.kind !== 'api' && e.kind !== 'user') return null;
      const key = e.session_derived === true && e.session_id ? e.session_id : undefined;
      if (e.session_id && key === undefined) return null;
      const near = open.filter((o) => e.time >= o.first - gapMs && e.time <= o.last + gapMs);
      const mine = key === undefined ? undefined : spanOfKey(key, e.time);
      if (mine !== undefined && !near.includes(mine)) near.push(mine);
      let s: Span;
      if (near.length === 0) {
        s = add(span(++next, e.time));
      } else {
        s = near.reduce((a, b) => (b.n < a.n ? b : a));
        for (const o of near) {
          if (o === s) continue;
          into.set(o.ref, s.ref);
          if (o.first < s.first) s.first = o.first;
          if (o.last > s.last) s.last = o.last;
        }
        if (near.length > 1) open = open.filter((o) => o === s || !near.includes(o));
        if (e.time < s.first) s.first = e.time;
        if (e.time > s.last) s.last = e.time;
      }
      if (key !== undefined) remember(key, s.ref);
      e.session_id = s.text;
      e.session_derived = true;
      return s.ref;
    },
    current,
    merged: () => [...into.keys()].map((ref): [number, number] => [ref, current(ref)]),
  };
}
