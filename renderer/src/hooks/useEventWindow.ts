// The result list behind the table: one applied query, its total, and the rows fetched by
// position in blocks as the table scrolls to them, so the last of a million rows is one request
// away (the store finds a position without paging through what comes before). Only blocks near
// where the user looks are kept. Responses that arrive after the user has moved on (another
// query, a live refresh) are dropped instead of overwriting newer rows.
import { useCallback, useRef, useState } from 'react';
import type { LogEvent } from '../../../shared/events.js';
import { isCallFailed, type CallFailed, type Client } from '../api/client.js';
import { blocksCovering } from '../lib/row-window.js';
import type { SortSpec } from '../../../shared/sort.js';
import type { Range as TimeRange } from '../lib/dashboard-query.js';

export const BLOCK_ROWS = 200;
/** Rows fetched beyond each edge of the view, so ordinary scrolling rarely shows a placeholder. */
const PREFETCH_ROWS = 200;
const MAX_IN_FLIGHT = 2;
/** Rows kept before blocks far from the view are let go. */
const MAX_KEPT_ROWS = 20_000;

/** What else shapes the results besides the query. */
export interface SearchOptions {
  hide_assets: boolean;
  sort: SortSpec;
  /** Absent: all time. A relative range is resolved when the results are (re)fetched. */
  range?: TimeRange;
}

export interface WindowState {
  /** The query the rows belong to. */
  query: string;
  /** Null until the first answer. */
  total: number | null;
  /** The store estimated `total` (shown as such). */
  totalApproximate: boolean;
  loading: boolean;
  /** The last attempted query failed; rows still show the previous results. */
  error: CallFailed | null;
  /** The query `error` is about (the user may have typed on since). */
  errorQuery: string;
  /** Changes when the results were replaced, so the table scrolls to the top. */
  resetKey: number;
  /** Changes whenever rows arrive. */
  version: number;
  /**
   * Rows a live refresh added above the ones shown (newest-first order), so a table scrolled
   * down can move by as many and keep what the user reads in place. `key` tells refreshes apart.
   */
  shift: { key: number; rows: number };
  /** The tag of the last search that ended, answered or failed (`search`); null before. */
  settled: string | null;
}

const INITIAL: WindowState = {
  query: '',
  total: null,
  totalApproximate: false,
  loading: false,
  error: null,
  errorQuery: '',
  resetKey: 0,
  version: 0,
  shift: { key: 0, rows: 0 },
  settled: null,
};

export interface EventWindow {
  state: WindowState;
  rowAt(index: number): LogEvent | undefined;
  /** The position of a kept row, or -1. */
  indexOf(id: string): number;
  /** The table shows rows [from, to]: fetch what is missing around them. */
  want(from: number, to: number): void;
  /**
   * Runs a query (again, when it is the one shown: after an import, or with other options).
   * `tag` names what was asked; state.settled takes it when the search ends.
   */
  search(query: string, tag?: string): void;
  /** Re-fetch the current query's first rows and total (live updates), keeping the rows in view. */
  refresh(): void;
}

/** `options()`: what else shapes the results (hidden assets, order); read at each request. */
export function useEventWindow(client: Client, onFatal: (err: CallFailed) => void, options: () => SearchOptions): EventWindow {
  const [state, setState] = useState<WindowState>(INITIAL);
  const current = useRef(INITIAL);
  current.current = state;
  const opts = useRef(options);
  opts.current = options;

  const rows = useRef(new Map<number, LogEvent>());
  const loaded = useRef(new Set<number>());
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  const wanted = useRef<[number, number]>([0, 0]);
  const seq = useRef(0);
  const searching = useRef(false);

  const fail = useCallback(
    (err: unknown): CallFailed | null => {
      if (isCallFailed(err, 'SESSION_MISSING')) onFatal(err);
      return isCallFailed(err) ? err : null;
    },
    [onFatal],
  );

  // What the rows kept belong to: blocks fetched later ask with the same options (a relative
  // range ending at the search's moment), so positions mean the same thing in every block.
  const scope = useRef<SearchOptions | null>(null);
  // A fresh fetch (a search, a refresh) asks with the options as they are now; its answer, once
  // taken, makes them the scope of the blocks fetched after it.
  const fetchRows = useCallback(
    (query: string, offset: number, limit: number, options: SearchOptions) => {
      const { range, ...rest } = options;
      return client.call('events.search', { ...rest, ...(range ? { range } : {}), query, limit, offset });
    },
    [client],
  );

  const put = (offset: number, events: LogEvent[]) => events.forEach((e, i) => rows.current.set(offset + i, e));

  /** Lets go of the rows furthest from the view once too many are kept. */
  const trim = () => {
    if (rows.current.size <= MAX_KEPT_ROWS) return;
    const [from, to] = wanted.current;
    const keep = new Set(blocksCovering(from - MAX_KEPT_ROWS / 4, to + MAX_KEPT_ROWS / 4, BLOCK_ROWS, Number.MAX_SAFE_INTEGER));
    for (const index of rows.current.keys()) if (!keep.has(Math.floor(index / BLOCK_ROWS))) rows.current.delete(index);
    for (const b of loaded.current) if (!keep.has(b)) loaded.current.delete(b);
  };

  const pump = useCallback(() => {
    const total = current.current.total ?? 0;
    const [from, to] = wanted.current;
    // What is in view first, then what lies around it.
    const blocks = [...blocksCovering(from, to, BLOCK_ROWS, total), ...blocksCovering(from - PREFETCH_ROWS, to + PREFETCH_ROWS, BLOCK_ROWS, total)];
    for (const b of blocks) {
      if (pending.current.size >= MAX_IN_FLIGHT) return;
      if (loaded.current.has(b) || pending.current.has(b)) continue;
      const gen = generation.current;
      const query = current.current.query;
      // The set of this generation: a later search or refresh starts its own.
      const inFlight = pending.current;
      inFlight.add(b);
      fetchRows(query, b * BLOCK_ROWS, BLOCK_ROWS, scope.current ?? opts.current()).then(
        (page) => {
          inFlight.delete(b);
          if (gen !== generation.current) return pump();
          put(b * BLOCK_ROWS, page.events);
          loaded.current.add(b);
          trim();
          setState((s) => ({ ...s, version: s.version + 1 }));
          pump();
        },
        (err: unknown) => {
          inFlight.delete(b);
          if (!fail(err)) console.error(err);
        },
      );
    }
  }, [fetchRows, fail]);

  const want = useCallback(
    (from: number, to: number) => {
      wanted.current = [from, to];
      pump();
    },
    [pump],
  );

  const search = useCallback(
    (query: string, tag?: string) => {
      const mine = ++seq.current;
      searching.current = true;
      setState((s) => ({ ...s, loading: true }));
      const options = opts.current();
      fetchRows(query, 0, BLOCK_ROWS, options).then(
        (page) => {
          if (mine !== seq.current) return;
          searching.current = false;
          scope.current = options;
          generation.current++;
          rows.current = new Map();
          loaded.current = new Set([0]);
          pending.current = new Set();
          put(0, page.events);
          wanted.current = [0, 0];
          setState((s) => ({
            ...s,
            query,
            total: page.total,
            totalApproximate: page.total_approximate,
            loading: false,
            error: null,
            resetKey: s.resetKey + 1,
            version: s.version + 1,
            settled: tag ?? s.settled,
          }));
        },
        (err: unknown) => {
          if (mine !== seq.current) return;
          searching.current = false;
          const failed = fail(err);
          setState((s) => ({ ...s, loading: false, error: failed, errorQuery: query, settled: tag ?? s.settled }));
          if (!failed) console.error(err);
        },
      );
    },
    [fetchRows, fail],
  );

  const refresh = useCallback(() => {
    // A search in flight brings fresh rows anyway, and a refresh of the old query must not overtake it.
    if (searching.current) return;
    const { query, total: before } = current.current;
    const mine = ++seq.current;
    const options = opts.current();
    fetchRows(query, 0, BLOCK_ROWS, options).then(
      (page) => {
        if (mine !== seq.current || current.current.query !== query) return;
        scope.current = options;
        const firstId = rows.current.get(0)?.id;
        const found = firstId === undefined ? -1 : page.events.findIndex((e) => e.id === firstId);
        // Rows above the old first one are new; when it is past the first block, the growth says how many.
        const shift = found >= 0 ? found : firstId !== undefined && before !== null ? Math.max(0, page.total - before) : 0;
        const moved = new Map<number, LogEvent>();
        for (const [i, e] of rows.current) moved.set(i + shift, e);
        rows.current = moved;
        put(0, page.events);
        // Kept rows stay on screen until their blocks are fetched again at their new places.
        generation.current++;
        loaded.current = new Set([0]);
        pending.current = new Set();
        wanted.current = [wanted.current[0] + shift, wanted.current[1] + shift];
        setState((s) => ({
          ...s,
          total: page.total,
          totalApproximate: page.total_approximate,
          version: s.version + 1,
          shift: { key: s.shift.key + 1, rows: shift },
        }));
        pump();
      },
      (err: unknown) => {
        fail(err);
      },
    );
  }, [fetchRows, fail, pump]);

  const rowAt = useCallback((index: number) => rows.current.get(index), []);
  const indexOf = useCallback((id: string) => {
    for (const [i, e] of rows.current) if (e.id === id) return i;
    return -1;
  }, []);

  return { state, rowAt, indexOf, want, search, refresh };
}
