// The sessions of a HAR's pages (formats/har-sessions.ts, then the one-client deriver, as an import
// runs them): a page view and every request of its page share one session, the one a request
// names in its headers, else one derived for the page.
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../shared/events.js';
import { harFormat } from '../../electron/core/importers/formats/har.js';
import { chromiumFetch, chromiumPage, HAR_SAMPLES } from '../../electron/core/importers/formats/har-samples.js';
import { createPageSessions, pageSessionKey } from '../../electron/core/importers/formats/har-sessions.js';
import type { ItemLocation } from '../../electron/core/importers/format-types.js';
import { createSessionDeriver } from '../../electron/core/importers/session-deriver.js';
import { derivedRefText } from '../../electron/core/store/derived-sessions.js';
import { parseWith } from '../helpers/parse-format.js';

const MIN = 60_000;

/** Parses a HAR and derives its sessions as the parsing thread does; each event's session in force at the end. */
function imported(doc: unknown): { events: NewEvent[]; sessions: (string | null)[]; derived: boolean[] } {
  const { events, bad } = parseWith(harFormat, JSON.stringify(doc));
  expect(bad).toEqual([]);
  const deriver = createSessionDeriver(7, 0, undefined, harFormat.oneClient === true);
  const refs = events.map((e) => deriver.apply(e));
  return {
    events,
    sessions: events.map((e, i) => (refs[i] === null ? (e.session_id ?? null) : derivedRefText(deriver.current(refs[i]!)))),
    derived: events.map((e) => e.session_derived === true),
  };
}

const sample = (browser: string): { log: { pages: unknown[]; entries: { request: { headers: { name: string; value: string }[] } }[] } } =>
  JSON.parse(HAR_SAMPLES.find((s) => s.title.startsWith(browser))!.input);

/** The sample with `header` added to its `index`th entry's request. */
function naming(browser: string, index: number, header: { name: string; value: string }) {
  const doc = sample(browser);
  doc.log.entries[index]!.request.headers.push(header);
  return doc;
}

const BROWSERS = [
  // [sample, the entry that names the session: one after an entry that does not, where there is one]
  ['Chromium', 1],
  ['Firefox', 0],
  ['Safari', 0],
] as const;

describe('HAR sessions: a page and its requests are one session', () => {
  it.each(BROWSERS)('%s: without a named session, the page view and every entry share the derived one', (browser) => {
    const { events, sessions, derived } = imported(sample(browser));
    expect(events.map((e) => e.kind)).toEqual(['user', ...events.slice(1).map(() => 'api')]);
    expect(new Set(sessions).size).toBe(1);
    expect(sessions[0]).toMatch(/^d7-\d+$/);
    expect(derived.every(Boolean)).toBe(true);
  });

  it.each(BROWSERS)('%s: a request that names its session (X-Session-Id) gives it to the page view and the other entries', (browser, index) => {
    const { events, sessions, derived } = imported(naming(browser, index, { name: 'X-Session-Id', value: 'sdk-session-42' }));
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(sessions).toEqual(events.map(() => 'sdk-session-42'));
    expect(derived.some(Boolean)).toBe(false);
  });

  it('reads the session from baggage as the collector does, and gives it to Safari\'s memory-cached entry that has no headers', () => {
    const { events, sessions } = imported(naming('Safari', 0, { name: 'baggage', value: 'session.id=bag-7,other=1' }));
    expect(events[2]!.attrs).toMatchObject({ from_cache: 'memory' });
    expect(events[2]!.attrs).not.toHaveProperty('request_headers');
    expect(sessions).toEqual(['bag-7', 'bag-7', 'bag-7']);
  });

  it('keeps each page with the session its own requests name, whatever the order of entries', () => {
    const page = (id: string, minute: number) => ({ ...chromiumPage, id, startedDateTime: new Date(Date.UTC(2025, 2, 4, 9, minute)).toISOString() });
    const entry = (pageref: string, minute: number, session?: string) => {
      const e = structuredClone(chromiumFetch);
      e.pageref = pageref;
      e.startedDateTime = new Date(Date.UTC(2025, 2, 4, 9, minute, 30)).toISOString();
      if (session) e.request.headers.push({ name: 'x-session-id', value: session });
      return e;
    };
    const doc = {
      log: {
        version: '1.2', creator: { name: 'WebInspector' },
        pages: [page('a', 0), page('b', 1)],
        entries: [entry('a', 0), entry('b', 1), entry('a', 2, 'sess-a'), entry('b', 3), entry('b', 4, 'sess-b'), entry('a', 5)],
      },
    };
    const { events, sessions } = imported(doc);
    const byPage = (id: string) => new Set(events.flatMap((e, i) => ((e.attrs?.['page_id'] ?? e.attrs?.['pageref']) === id ? [sessions[i]] : [])));
    expect(byPage('a')).toEqual(new Set(['sess-a']));
    expect(byPage('b')).toEqual(new Set(['sess-b']));
    expect(events).toHaveLength(8);
  });

  it('keeps a page in one derived session across a silence longer than the gap, and a page hours later apart', () => {
    const at = (minute: number) => new Date(Date.UTC(2025, 2, 4, 9, 0) + minute * MIN).toISOString();
    const entry = (pageref: string, minute: number) => ({ ...structuredClone(chromiumFetch), pageref, startedDateTime: at(minute) });
    const doc = {
      log: {
        version: '1.2', creator: { name: 'WebInspector' },
        pages: [{ ...chromiumPage, id: 'p1', startedDateTime: at(0) }, { ...chromiumPage, id: 'p2', startedDateTime: at(300) }],
        entries: [entry('p1', 1), entry('p1', 50), entry('p1', 120), entry('p2', 301)],
      },
    };
    const { events, sessions } = imported(doc);
    const ofPage = (id: string) => new Set(events.flatMap((e, i) => ((e.attrs?.['page_id'] ?? e.attrs?.['pageref']) === id ? [sessions[i]] : [])));
    expect(ofPage('p1').size).toBe(1);
    expect(ofPage('p2').size).toBe(1);
    expect([...ofPage('p1')][0]).not.toBe([...ofPage('p2')][0]);
  });
});

describe('HAR sessions: what is held while a page waits for a name', () => {
  const at = (line: number): ItemLocation => ({ offset: line * 100, length: 10, line });
  const ev = (kind: 'api' | 'user', session?: string): NewEvent => ({ time: 0, kind, raw: 'x', ...(session ? { session_id: session } : {}) });

  it('lets the page waiting longest go on with a derived session past the limit, and counts a name that came too late', () => {
    const out: NewEvent[] = [];
    const pages = createPageSessions((e) => out.push(e), { events: 3, chars: 1000 });
    pages.page(ev('user'), at(1), 'p');
    pages.entry(ev('api'), at(2), 'p');
    pages.entry(ev('api'), at(3), 'p');
    expect(out).toHaveLength(0);
    pages.entry(ev('api'), at(4), 'p');
    expect(out.map((e) => e.session_id)).toEqual([pageSessionKey('p'), pageSessionKey('p'), pageSessionKey('p'), pageSessionKey('p')]);
    pages.entry(ev('api', 's-1'), at(5), 'p');
    pages.entry(ev('api'), at(6), 'p');
    expect(out.slice(4).map((e) => e.session_id)).toEqual(['s-1', pageSessionKey('p')]);
    expect(pages.namedLate).toBe(1);
  });

  it('holds nothing for events with no page, and lets the rest out at the end in the order they came', () => {
    const out: [NewEvent, ItemLocation][] = [];
    const pages = createPageSessions((e, loc) => out.push([e, loc]));
    pages.entry(ev('api'), at(1), undefined);
    expect(out).toHaveLength(1);
    pages.page(ev('user'), at(2), 'q');
    pages.entry(ev('api'), at(3), 'q');
    expect(out).toHaveLength(1);
    pages.end();
    expect(out.map(([, loc]) => loc.line)).toEqual([1, 2, 3]);
    expect(out[0]![0].session_id).toBeUndefined();
    expect(out.slice(1).every(([e]) => e.session_id === pageSessionKey('q') && e.session_derived === true)).toBe(true);
  });
});
