// Derived sessions (importers/session-deriver.ts) are keyed by client address and user agent:
// behind one address (an office, a NAT, a proxy) each browser is its own visitor.
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../shared/events.js';
import { createSessionDeriver, SESSION_GAP_MS } from '../../electron/core/importers/session-deriver.js';

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const MIN = 60_000;
const call = (min: number, ip: string | null, ua: string | null): NewEvent => ({
  time: T0 + min * MIN, kind: 'api', method: 'GET', url: '/', ip_hash: ip, user_agent: ua, raw: '',
});

/** The derived session of each event, in order. */
function sessions(events: NewEvent[]): (string | null | undefined)[] {
  const deriver = createSessionDeriver(1);
  for (const e of events) deriver.apply(e);
  return events.map((e) => e.session_id);
}

describe('session deriver', () => {
  it('gives two agents behind one address two sessions, even interleaved', () => {
    const [a1, b1, a2, b2] = sessions([call(0, 'ip-1', 'Firefox'), call(1, 'ip-1', 'Chrome'), call(2, 'ip-1', 'Firefox'), call(3, 'ip-1', 'Chrome')]);
    expect(a1).toBe(a2);
    expect(b1).toBe(b2);
    expect(a1).not.toBe(b1);
  });

  it('gives one agent at two addresses two sessions', () => {
    const [a, b] = sessions([call(0, 'ip-1', 'Firefox'), call(1, 'ip-2', 'Firefox')]);
    expect(a).not.toBe(b);
  });

  it('keys a request without an agent apart from those with one, and one without an address by its agent', () => {
    const [none, ff, noIpA, noIpB] = sessions([call(0, 'ip-1', null), call(1, 'ip-1', 'Firefox'), call(2, null, 'Safari'), call(3, null, 'Safari')]);
    expect(none).not.toBe(ff);
    expect(noIpA).toBe(noIpB);
    expect(new Set([none, ff, noIpA]).size).toBe(3);
  });

  it('keeps each agent on its own clock: one agent going quiet does not end the other', () => {
    const gap = SESSION_GAP_MS / MIN;
    const events = [call(0, 'ip-1', 'Firefox'), call(1, 'ip-1', 'Chrome'), call(gap - 5, 'ip-1', 'Chrome'), call(gap + 10, 'ip-1', 'Chrome'), call(gap + 11, 'ip-1', 'Firefox')];
    const [ff1, ch1, ch2, ch3, ff2] = sessions(events);
    expect(new Set([ch1, ch2, ch3]).size).toBe(1);
    expect(ff2).not.toBe(ff1);
    expect(events.every((e) => e.session_derived === true)).toBe(true);
  });
});

describe('session deriver for a file that is one client (a HAR)', () => {
  const view = (min: number): NewEvent => ({ time: T0 + min * MIN, kind: 'user', type: 'page_view', raw: '' });

  it('gives page views and calls with no address or agent the session of the calls around them', () => {
    const events = [view(0), call(0.1, null, 'Safari'), call(0.2, null, null), view(1)];
    const deriver = createSessionDeriver(1, 0, SESSION_GAP_MS, true);
    const refs = events.map((e) => deriver.apply(e));
    expect(new Set(events.map((e) => e.session_id)).size).toBe(1);
    expect(events.every((e) => e.session_derived === true)).toBe(true);
    expect(refs.every((r) => r !== null && r < 0)).toBe(true);
  });

  it('puts events listed out of time order (pages before their entries) in the session their time falls in', () => {
    const events = [view(90), view(0), call(1, null, 'Safari'), call(91, null, 'Safari'), call(2, null, null)];
    const deriver = createSessionDeriver(1, 0, SESSION_GAP_MS, true);
    for (const e of events) deriver.apply(e);
    const [p2, p1, c1, c2, c3] = events.map((e) => e.session_id);
    expect([c1, c3]).toEqual([p1, p1]);
    expect(c2).toBe(p2);
    expect(p1).not.toBe(p2);
  });

  it('joins the sessions an event listed out of order falls between (0, 50, then 25 minutes: one session)', () => {
    const events = [call(0, null, null), call(50, null, null), call(25, null, null)];
    const deriver = createSessionDeriver(1, 0, SESSION_GAP_MS, true);
    const refs = events.map((e) => deriver.apply(e)!);
    // The first two were given apart; both now read as the older one, and the merge is reported
    // for rows already written.
    expect(new Set(refs.map((r) => deriver.current(r))).size).toBe(1);
    expect(deriver.current(refs[1]!)).toBe(refs[0]);
    expect(events[2]!.session_id).toBe(events[0]!.session_id);
    expect(deriver.merged()).toEqual([[refs[1], refs[0]]]);
  });

  it('follows a chain of merges to the session in force, and a later event joins it', () => {
    const events = [call(0, null, null), call(40, null, null), call(80, null, null), call(20, null, null), call(60, null, null), call(70, null, null)];
    const deriver = createSessionDeriver(1, 0, SESSION_GAP_MS, true);
    const refs = events.map((e) => deriver.apply(e)!);
    expect(new Set(refs.map((r) => deriver.current(r))).size).toBe(1);
    expect(refs[5]).toBe(refs[0]);
    expect(new Map(deriver.merged())).toEqual(new Map([[refs[1], refs[0]], [refs[2], refs[0]]]));
  });

  it('keeps sessions whose events never come within the gap apart', () => {
    const events = [call(0, null, null), call(100, null, null), call(20, null, null)];
    const deriver = createSessionDeriver(1, 0, SESSION_GAP_MS, true);
    const refs = events.map((e) => deriver.apply(e)!);
    expect(refs[2]).toBe(refs[0]);
    expect(deriver.current(refs[1]!)).not.toBe(refs[0]);
    expect(deriver.merged()).toEqual([]);
  });

  it('leaves a given session alone', () => {
    const e = { ...call(0, null, null), session_id: 's-1' };
    expect(createSessionDeriver(1, 0, SESSION_GAP_MS, true).apply(e)).toBeNull();
    expect(e.session_id).toBe('s-1');
  });
});

describe('session deriver: keys a format gives (a HAR page and its requests)', () => {
  const keyed = (min: number, key: string): NewEvent => ({ time: T0 + min * MIN, kind: 'api', session_id: key, session_derived: true, raw: '' });

  it('gives every event of one key one session, however far apart, and numbers the key, never storing it', () => {
    const events = [keyed(0, 'page:1'), keyed(90, 'page:1'), keyed(200, 'page:2'), keyed(400, 'page:1')];
    const deriver = createSessionDeriver(3, 0, SESSION_GAP_MS, true);
    const refs = events.map((e) => deriver.apply(e)!);
    const [a, b, c, d] = refs.map((r) => deriver.current(r));
    expect([b, d]).toEqual([a, a]);
    expect(c).not.toBe(a);
    expect(events.map((e) => e.session_id)).toEqual(['d3-1', 'd3-1', 'd3-2', 'd3-1']);
  });

  it('lets a key\'s session take in the sessions its events come near, the older keeping its number', () => {
    const events = [call(0, null, null), keyed(100, 'page:9'), keyed(20, 'page:9')];
    const deriver = createSessionDeriver(3, 0, SESSION_GAP_MS, true);
    const refs = events.map((e) => deriver.apply(e)!);
    expect(deriver.current(refs[1]!)).toBe(refs[0]);
    expect(deriver.merged()).toEqual([[refs[1], refs[0]]]);
  });
});

describe('session deriver: the files next to this one in a rotation', () => {
  const tail = (min: number, ip: string, ua: string, ref: number) => ({ ip_hash: ip, user_agent: ua, ref, time: T0 + min * MIN });
  const OTHER = -(1 * 2 ** 32 + 4); // d1-4

  it('continues the session a client had at the end of the file before, within the gap of its last event only', () => {
    const deriver = createSessionDeriver(2, 0, SESSION_GAP_MS, false, { before: [tail(0, 'ip-1', 'Firefox', OTHER), tail(0, 'ip-2', 'Firefox', OTHER - 1)], after: [] });
    const events = [call(20, 'ip-1', 'Firefox'), call(25, 'ip-1', 'Chrome'), call(31, 'ip-2', 'Firefox'), call(70, 'ip-1', 'Firefox')];
    const refs = events.map((e) => deriver.apply(e));
    expect(refs[0]).toBe(OTHER);
    expect(events[0]!.session_id).toBe('d1-4');
    expect(events.slice(1).map((e) => e.session_id)).toEqual(['d2-1', 'd2-2', 'd2-3']);
  });

  it('does not carry a session on to a client\'s request far before that session ended', () => {
    const deriver = createSessionDeriver(2, 0, SESSION_GAP_MS, false, { before: [tail(120, 'ip-1', 'Firefox', OTHER)], after: [] });
    const e = call(0, 'ip-1', 'Firefox');
    expect(deriver.apply(e)).not.toBe(OTHER);
  });

  it('merges a client\'s last session here into its first in the file after, when within the gap, and only its own', () => {
    const after = [tail(50, 'ip-1', 'Firefox', OTHER), tail(50, 'ip-2', 'Firefox', OTHER - 1), tail(90, 'ip-3', 'Firefox', OTHER - 2), tail(10, 'ip-4', 'Firefox', OTHER - 3)];
    const deriver = createSessionDeriver(2, 0, SESSION_GAP_MS, false, { before: [tail(0, 'ip-4', 'Firefox', OTHER - 5)], after });
    const events = [call(0, 'ip-1', 'Firefox'), call(30, 'ip-1', 'Firefox'), call(10, 'ip-2', 'Firefox'), call(40, 'ip-3', 'Firefox'), call(5, 'ip-4', 'Firefox')];
    const refs = events.map((e) => deriver.apply(e)!);
    // ip-1 ends at 30, next file starts at 50: joins. ip-2 ends at 10: 40 minutes, apart. ip-3: 50 minutes, apart.
    // ip-4's session was carried from the file before: its rows there are not this import's to move.
    expect(refs[4]).toBe(OTHER - 5);
    expect(deriver.merged()).toEqual([[refs[1], OTHER]]);
  });
});
