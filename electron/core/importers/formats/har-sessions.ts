// The sessions of a HAR's pages. A page and every request made for it (its pageref) are one
// visit, so they share one session: the one a request names in its headers (X-Session-Id,
// baggage, X-POSTHOG-SESSION-ID, as the collector reads them), else a derived one.
//
// Pages are listed before their entries, and the request that names the session is rarely the
// first of its page (the document and its scripts go out before the app's first API call), so
// a page and its requests are held until one of them names a session. Held events are bounded:
// past the limits the page waiting longest goes on with a derived session.
//
// A page without a named session is marked for the session deriver rather than left bare: its
// events carry the page as a derived session key (session-deriver.ts numbers each key once), so
// the page stays one session even when its requests are more than the session gap apart.
import type { NewEvent } from '../../../../shared/events.js';
import type { ItemLocation } from '../format-types.js';

export type Emit = (e: NewEvent, at: ItemLocation) => void;

export interface PageSessionLimits {
  /** Events held at once, over all pages. */
  events: number;
  /** Characters of raw text held at once (what a held event mostly costs). */
  chars: number;
}

export const PAGE_SESSION_LIMITS: PageSessionLimits = { events: 5_000, chars: 16 * 1024 * 1024 };
/** Pages whose session is remembered for the requests still to come. */
const MAX_PAGES = 10_000;
const MAX_KEY_CHARS = 200;

interface Page {
  id: string;
  held: [NewEvent, ItemLocation][];
  chars: number;
  /** Set once decided: a named session, or this page's key for the deriver. */
  session?: { id: string; derived: boolean };
  /** Decided as derived because too much was held, not because the page ended without a name. */
  outwaited?: true;
}

export interface PageSessions {
  /** A page view; `id` is the page's id, if it has one. */
  page(e: NewEvent, at: ItemLocation, id: string | undefined): void;
  /** A request; `pageref` is the page it was made for, if any. */
  entry(e: NewEvent, at: ItemLocation, pageref: string | undefined): void;
  /** End of the document: pages still waiting get derived sessions. */
  end(): void;
  /** Pages whose session was named only after some of their requests went on without it. */
  readonly namedLate: number;
}

/** The derived session key of a page: only the deriver reads it, and replaces it. */
export const pageSessionKey = (id: string): string => `page:${id.slice(0, MAX_KEY_CHARS)}`;

export function createPageSessions(emit: Emit, limits: PageSessionLimits = PAGE_SESSION_LIMITS): PageSessions {
  const pages = new Map<string, Page>();
  /** Pages still waiting for a name, oldest first. */
  const waiting = new Set<Page>();
  let heldEvents = 0;
  let heldChars = 0;
  let namedLate = 0;

  const give = (e: NewEvent, p: Page) => {
    if (e.session_id || !p.session) return;
    e.session_id = p.session.id;
    if (p.session.derived) e.session_derived = true;
  };

  const decide = (p: Page, session: { id: string; derived: boolean }) => {
    p.session = session;
    waiting.delete(p);
    for (const [e, at] of p.held) {
      give(e, p);
      emit(e, at);
    }
    heldEvents -= p.held.length;
    heldChars -= p.chars;
    p.held = [];
    p.chars = 0;
  };

  const pageOf = (id: string): Page => {
    let p = pages.get(id);
    if (p) return p;
    p = { id, held: [], chars: 0 };
    pages.set(id, p);
    // Forgetting a decided page costs only a later request of it going through on its own.
    if (pages.size > MAX_PAGES) {
      for (const [oldId, old] of pages) {
        if (old.session) {
          pages.delete(oldId);
          break;
        }
      }
    }
    return p;
  };

  const hold = (p: Page, e: NewEvent, at: ItemLocation) => {
    p.held.push([e, at]);
    p.chars += e.raw.length;
    heldEvents++;
    heldChars += e.raw.length;
    waiting.add(p);
    while ((heldEvents > limits.events || heldChars > limits.chars) && waiting.size > 0) {
      const oldest = waiting.values().next().value!;
      oldest.outwaited = true;
      decide(oldest, { id: pageSessionKey(oldest.id), derived: true });
    }
  };

  const take = (e: NewEvent, at: ItemLocation, id: string | undefined, named: string | undefined) => {
    if (id === undefined) return emit(e, at);
    const p = pageOf(id);
    if (p.session) {
      if (named !== undefined && p.outwaited) {
        namedLate++;
        p.outwaited = undefined;
      }
      give(e, p);
      return emit(e, at);
    }
    if (named === undefined) return hold(p, e, at);
    decide(p, { id: named, derived: false });
    emit(e, at);
  };

  return {
    page: (e, at, id) => take(e, at, id, undefined),
    entry: (e, at, pageref) => take(e, at, pageref, e.session_id ?? undefined),
    end() {
      for (const p of waiting) decide(p, { id: pageSessionKey(p.id), derived: true });
    },
    get namedLate() {
      return namedLate;
    },
  };
}
