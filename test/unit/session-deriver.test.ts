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
