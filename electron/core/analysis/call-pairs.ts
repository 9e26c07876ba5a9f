// The browser's and the server's record of one API call: the SDK times it from the page (network
// and queueing included), the middleware from the server's side. They are one call when they
// share a trace id, or the same method and path started within CALL_PAIR_TOLERANCE_MS (clocks of
// one laptop; a remote server's clock may drift, so the closest candidate wins).
import { CALL_PAIR_TOLERANCE_MS } from '../../../shared/analysis.js';
import type { LogEvent } from '../../../shared/events.js';
import { firstAtOrAfter } from '../../../shared/sorted.js';

export interface CallPair {
  browser_id: string;
  server_id: string;
}

/** The browser SDK marks its records `source: "browser"` (sdk/browser/README.md). */
export const isBrowserCall = (e: LogEvent): boolean => e.kind === 'api' && e.attrs?.source === 'browser';
const isServerCall = (e: LogEvent): boolean => e.kind === 'api' && !isBrowserCall(e);

/** A URL's path and query, whether it was recorded absolute (the page) or as a request target (the server). */
export function pathOf(url: string | undefined): string | null {
  if (url === undefined || url === '') return null;
  try {
    const u = new URL(url, 'http://pair.invalid');
    return `${u.pathname}${u.search}`;
  } catch {
    return null;
  }
}

const methodOf = (e: LogEvent) => (e.method ?? 'GET').toUpperCase();

/** Pairs of one session's events (any order); each record is in at most one pair. */
export function pairCalls(events: readonly LogEvent[]): CallPair[] {
  const servers = events.filter(isServerCall);
  const taken = new Set<string>();
  const pairs: CallPair[] = [];
  const byTrace = new Map<string, LogEvent>();
  for (const s of servers) if (s.trace_id) byTrace.set(s.trace_id, s);

  const browsers = events.filter(isBrowserCall);
  const rest: LogEvent[] = [];
  for (const b of browsers) {
    const s = b.trace_id ? byTrace.get(b.trace_id) : undefined;
    if (s && !taken.has(s.id)) {
      taken.add(s.id);
      pairs.push({ browser_id: b.id, server_id: s.id });
    } else rest.push(b);
  }

  // Parsing a URL costs more than the rest of the pairing; a session repeats few of them.
  const paths = new Map<string | undefined, string | null>();
  const cachedPath = (url: string | undefined) => {
    let p = paths.get(url);
    if (p === undefined) paths.set(url, (p = pathOf(url)));
    return p;
  };
  const byCall = new Map<string, LogEvent[]>();
  for (const s of servers) {
    const path = cachedPath(s.url);
    if (path === null || taken.has(s.id)) continue;
    const k = `${methodOf(s)} ${path}`;
    const list = byCall.get(k) ?? [];
    list.push(s);
    byCall.set(k, list);
  }
  // Each call's records by time, so a browser record looks only at those within the tolerance
  // (a long session repeats one call thousands of times).
  for (const list of byCall.values()) list.sort((x, y) => x.time - y.time);
  // Closest first across all candidates, so a burst of identical calls pairs one to one in order.
  const candidates: { b: LogEvent; s: LogEvent; gap: number }[] = [];
  for (const b of rest) {
    const path = cachedPath(b.url);
    if (path === null) continue;
    const list = byCall.get(`${methodOf(b)} ${path}`) ?? [];
    for (let i = firstAtOrAfter(list, b.time - CALL_PAIR_TOLERANCE_MS); i < list.length && list[i]!.time <= b.time + CALL_PAIR_TOLERANCE_MS; i++) {
      const s = list[i]!;
      candidates.push({ b, s, gap: Math.abs(s.time - b.time) });
    }
  }
  candidates.sort((x, y) => x.gap - y.gap || x.b.time - y.b.time);
  const usedBrowser = new Set<string>();
  for (const { b, s } of candidates) {
    if (usedBrowser.has(b.id) || taken.has(s.id)) continue;
    usedBrowser.add(b.id);
    taken.add(s.id);
    pairs.push({ browser_id: b.id, server_id: s.id });
  }
  return pairs;
}
