// The facet sidebar's figures (events.facets) for the explorer's search: fetched again when the
// search, the asset toggle or the range changes, and a moment after new events arrive unless
// live updates are paused. An answer for a search the user has left is dropped.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CallOutput } from '../../../shared/api.js';
import { isCallFailed, type CallFailed, type Client } from '../api/client.js';
import { debounce } from '../lib/debounce.js';

/** The sidebar is a glance: refreshed at most twice a second under collector traffic, and at least every 2 s of it. */
export const FACETS_LIVE_REFRESH_MS = 500;
const FACETS_LIVE_MAX_WAIT_MS = 2_000;

export interface FacetSearch {
  query: string;
  hideAssets: boolean;
  range?: { from?: number; to?: number } | undefined;
}

export interface FacetsState {
  /** The answer; null before the first one. */
  answer: CallOutput<'events.facets'> | null;
  /** The search `answer` belongs to. */
  answered: FacetSearch | null;
  loading: boolean;
  /** The last attempt failed; `answer` still holds the previous one. */
  error: CallFailed | null;
}

const INITIAL: FacetsState = { answer: null, answered: null, loading: false, error: null };

/** `enabled`: false while the sidebar is collapsed, so nothing is asked that nobody sees. */
export function useFacets(client: Client, search: FacetSearch, enabled: boolean, paused: boolean, onFatal: (err: CallFailed) => void): FacetsState {
  const [state, setState] = useState<FacetsState>(INITIAL);
  const seq = useRef(0);
  const { query, hideAssets } = search;
  const from = search.range?.from;
  const to = search.range?.to;

  const load = useCallback(
    (quiet: boolean) => {
      const mine = ++seq.current;
      const range = from === undefined && to === undefined ? undefined : { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
      const asked: FacetSearch = { query, hideAssets, range };
      if (!quiet) setState((s) => ({ ...s, loading: true }));
      client.call('events.facets', { query, hide_assets: hideAssets, ...(range ? { range } : {}) }).then(
        (answer) => {
          if (mine !== seq.current) return;
          setState({ answer, answered: asked, loading: false, error: null });
        },
        (err: unknown) => {
          if (mine !== seq.current) return;
          if (isCallFailed(err, 'SESSION_MISSING')) onFatal(err);
          if (!isCallFailed(err)) console.error(err);
          setState((s) => ({ ...s, loading: false, error: isCallFailed(err) ? err : null }));
        },
      );
    },
    [client, onFatal, query, hideAssets, from, to],
  );

  // Asked in the commit that releases the search (useHeld), not after the frame is drawn: the
  // store works on it while the browser paints the table's rows.
  useLayoutEffect(() => {
    if (enabled) load(false);
  }, [load, enabled]);

  // Live: the latest load, so a refresh asks about the search shown now.
  const latest = useRef({ load, enabled, paused, missed: false });
  latest.current = { ...latest.current, load, enabled, paused };
  useEffect(() => {
    const refresh = debounce(() => latest.current.load(true), FACETS_LIVE_REFRESH_MS, FACETS_LIVE_MAX_WAIT_MS);
    const off = client.subscribe('events.added', () => {
      const now = latest.current;
      if (!now.enabled) return;
      if (now.paused) now.missed = true;
      else refresh();
    });
    return () => {
      refresh.cancel();
      off();
    };
  }, [client]);

  // Resuming brings in what arrived during the pause at once, as the table does.
  useEffect(() => {
    if (paused || !latest.current.missed) return;
    latest.current.missed = false;
    if (enabled) load(true);
  }, [paused, enabled, load]);

  return state;
}
