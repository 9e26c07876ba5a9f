// The result list behind the table: one applied query, its rows loaded page by page, and the
// three ways it changes (a new query, a live refresh, scrolling to the end). Responses that
// arrive after the user has moved on are dropped instead of overwriting newer rows.
import { useCallback, useRef, useState } from 'react';
import type { LogEvent } from '../../../shared/events.js';
import { isCallFailed, type CallFailed, type Client } from '../api/client.js';
import { appendPage, mergeFirstPage, type Cursor } from '../lib/rows.js';
import type { Range as TimeRange } from '../lib/dashboard-query.js';

export const PAGE_SIZE = 500;

export interface SearchState {
  /** The query the rows belong to. */
  query: string;
  rows: LogEvent[];
  next: Cursor | null;
  /** Null until the first answer. */
  total: number | null;
  /** The store estimated `total` (shown as such). */
  totalApproximate: boolean;
  loading: boolean;
  loadingMore: boolean;
  /** The last attempted query failed; rows still show the previous results. */
  error: CallFailed | null;
  /** The query `error` is about (the user may have typed on since). */
  errorQuery: string;
  /** Changes when rows were replaced rather than extended, so the table scrolls to the top. */
  resetKey: number;
}

const INITIAL: SearchState = {
  query: '',
  rows: [],
  next: null,
  total: null,
  totalApproximate: false,
  loading: false,
  loadingMore: false,
  error: null,
  errorQuery: '',
  resetKey: 0,
};

export interface EventSearch {
  state: SearchState;
  /** Apply a query. `force` re-runs it even if it is the one already shown (after an import). */
  search(query: string, force?: boolean): void;
  /** Re-fetch the newest page of the current query and merge it in (live updates). */
  refresh(): void;
  loadMore(): void;
}

/**
 * `hideAssets`: leave out requests for static assets; `range`: the time range, asked at each call
 * so a relative one ends at that moment. A change of either takes effect with the next search.
 */
export function useEventSearch(client: Client, onFatal: (err: CallFailed) => void, hideAssets = false, range: () => TimeRange | undefined = () => undefined): EventSearch {
  const [state, setState] = useState<SearchState>(INITIAL);
  const hide = useRef(hideAssets);
  hide.current = hideAssets;
  const rangeNow = useRef(range);
  rangeNow.current = range;
  const scope = () => {
    const r = rangeNow.current();
    return { hide_assets: hide.current, ...(r ? { range: r } : {}) };
  };
  // Mirrors of what the async callbacks must read without waiting for a render.
  const current = useRef(INITIAL);
  current.current = state;
  const seq = useRef(0);
  const searching = useRef(false);
  const attempted = useRef<string | null>(null);

  const fail = useCallback(
    (err: unknown): CallFailed | null => {
      if (isCallFailed(err, 'SESSION_MISSING')) onFatal(err);
      return isCallFailed(err) ? err : null;
    },
    [onFatal],
  );

  const search = useCallback(
    (query: string, force = false) => {
      if (!force && query === attempted.current) return;
      attempted.current = query;
      const mine = ++seq.current;
      searching.current = true;
      setState((s) => ({ ...s, loading: true }));
      client.call('events.search', { query, ...scope(), limit: PAGE_SIZE }).then(
        (page) => {
          if (mine !== seq.current) return;
          searching.current = false;
          setState((s) => ({
            ...s,
            query,
            rows: page.events,
            next: page.next,
            total: page.total,
            totalApproximate: page.total_approximate,
            loading: false,
            loadingMore: false,
            error: null,
            resetKey: s.resetKey + 1,
          }));
        },
        (err: unknown) => {
          if (mine !== seq.current) return;
          searching.current = false;
          const failed = fail(err);
          setState((s) => ({ ...s, loading: false, error: failed, errorQuery: query }));
          if (!failed) console.error(err);
        },
      );
    },
    [client, fail],
  );

  const refresh = useCallback(() => {
    // A search in flight will bring fresh rows anyway, and a refresh of the old query must
    // not overtake it.
    if (searching.current) return;
    const query = current.current.query;
    const mine = ++seq.current;
    client.call('events.search', { query, ...scope(), limit: PAGE_SIZE }).then(
      (page) => {
        if (mine !== seq.current) return;
        setState((s) => {
          if (s.query !== query) return s;
          const merged = mergeFirstPage({ events: s.rows, next: s.next }, { events: page.events, next: page.next });
          return { ...s, rows: merged.events, next: merged.next, total: page.total, totalApproximate: page.total_approximate };
        });
      },
      (err: unknown) => {
        fail(err);
      },
    );
  }, [client, fail]);

  const loadMore = useCallback(() => {
    const s = current.current;
    if (s.loadingMore || s.loading || s.next === null) return;
    const cursor = s.next;
    const query = s.query;
    setState((prev) => ({ ...prev, loadingMore: true }));
    client.call('events.search', { query, ...scope(), limit: PAGE_SIZE, before: cursor }).then(
      (page) => {
        setState((prev) => {
          if (prev.query !== query) return { ...prev, loadingMore: false };
          const appended = appendPage({ events: prev.rows, next: prev.next }, cursor, page);
          if (!appended) return { ...prev, loadingMore: false };
          return { ...prev, rows: appended.events, next: appended.next, total: page.total, totalApproximate: page.total_approximate, loadingMore: false };
        });
      },
      (err: unknown) => {
        setState((prev) => ({ ...prev, loadingMore: false }));
        if (!fail(err)) console.error(err);
      },
    );
  }, [client, fail]);

  return { state, search, refresh, loadMore };
}
