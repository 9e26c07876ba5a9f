// The sessions matching the search (sessions.list), fetched again when the search changes and
// a moment after new events arrive. An answer for a query the user has left is dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionSummary } from '../../../../shared/analysis.js';
import { isCallFailed, type CallFailed, type Client } from '../../api/client.js';
import { debounce } from '../../lib/debounce.js';

/** Collector traffic comes in bursts: one refetch per second of it at most. */
export const SESSIONS_LIVE_REFRESH_MS = 1_000;

export interface SessionList {
  /** The query `sessions` answer; null before the first answer. */
  query: string | null;
  sessions: SessionSummary[];
  truncated: boolean;
  loading: boolean;
  /** The last attempt failed; `sessions` still holds the previous answer. */
  error: CallFailed | null;
  errorQuery: string;
}

const INITIAL: SessionList = { query: null, sessions: [], truncated: false, loading: true, error: null, errorQuery: '' };

export function useSessionList(client: Client, query: string, onFatal: (err: CallFailed) => void): SessionList {
  const [state, setState] = useState<SessionList>(INITIAL);
  const seq = useRef(0);

  const load = useCallback(
    (q: string, quiet: boolean) => {
      const mine = ++seq.current;
      if (!quiet) setState((s) => ({ ...s, loading: true }));
      client.call('sessions.list', { query: q }).then(
        (answer) => {
          if (mine !== seq.current) return;
          setState({ query: q, sessions: answer.sessions, truncated: answer.truncated, loading: false, error: null, errorQuery: '' });
        },
        (err: unknown) => {
          if (mine !== seq.current) return;
          if (isCallFailed(err, 'SESSION_MISSING')) onFatal(err);
          if (!isCallFailed(err)) console.error(err);
          const error = isCallFailed(err) ? err : null;
          setState((s) => ({ ...s, loading: false, error, errorQuery: q }));
        },
      );
    },
    [client, onFatal],
  );

  useEffect(() => {
    load(query, false);
  }, [load, query]);

  const latest = useRef(query);
  latest.current = query;
  useEffect(() => {
    const refresh = debounce(() => load(latest.current, true), SESSIONS_LIVE_REFRESH_MS, 3 * SESSIONS_LIVE_REFRESH_MS);
    const off = client.subscribe('events.added', () => refresh());
    return () => {
      refresh.cancel();
      off();
    };
  }, [client, load]);

  return state;
}
