// The session list: one row per session matching the search (sessions.list).
import { useMemo, useState } from 'react';
import type { Client, CallFailed } from '../../api/client.js';
import { formatSessionCount } from '../../lib/sessions-format.js';
import { DEFAULT_SESSION_SORT, nextSort, sortSessions, type SessionSort } from '../../lib/sessions-sort.js';
import { QueryError } from '../QueryError.js';
import { SessionTable } from './SessionTable.js';
import { useSessionList } from './useSessionList.js';
import '../../styles/sessions.css';

export interface SessionsViewProps {
  client: Client;
  query: string;
  /** Opens a session's timeline. */
  onOpenSession(sessionId: string): void;
  onFatal(err: CallFailed): void;
}

export function SessionsView({ client, query, onOpenSession, onFatal }: SessionsViewProps) {
  const list = useSessionList(client, query, onFatal);
  const [sort, setSort] = useState<SessionSort>(DEFAULT_SESSION_SORT);
  const sorted = useMemo(() => sortSessions(list.sessions, sort), [list.sessions, sort]);
  const answered = list.query !== null;
  // An error about the query on screen replaces its results: rows of another query would pass for its answer.
  const failedHere = list.error !== null && list.errorQuery === query;
  // While a new search runs, the last answer stays (under the progress bar) rather than flashing empty.
  const showRows = answered && !failedHere;

  return (
    <section className="sessions-view" data-testid="sessions-view" aria-label="Sessions" aria-busy={list.loading}>
      {list.loading && <div className="progress" role="progressbar" aria-label="Loading sessions" />}
      <div className="view-bar">
        <h2 className="view-title">Sessions</h2>
        {showRows && (
          <span className="dim" data-testid="sessions-count">
            {formatSessionCount(list.sessions.length, list.truncated)}
          </span>
        )}
        {showRows && list.truncated && (
          <span className="view-note" data-testid="sessions-truncated">
            More sessions match than are listed: narrow the search (a time, a user, a route) to see the others.
          </span>
        )}
      </div>
      {list.error && <QueryError error={list.error} query={list.errorQuery} testId="sessions-error" className="view-error" />}
      {showRows && sorted.length > 0 && (
        <SessionTable sessions={sorted} sort={sort} onSort={(key) => setSort((s) => nextSort(s, key))} onOpen={onOpenSession} />
      )}
      {showRows && sorted.length === 0 && <NoSessions query={list.query ?? query} />}
    </section>
  );
}

function NoSessions({ query }: { query: string }) {
  return (
    <div className="view-empty" data-testid="sessions-empty">
      <div className="empty">
        {query.trim() === '' ? (
          <>
            <div className="empty-title">No sessions yet</div>
            <div className="dim">Open a log file, or send events from your app to the collector: events that share a session id become a session here.</div>
          </>
        ) : (
          <>
            <div className="empty-title">No sessions match</div>
            <div className="dim">
              No session has an event matching <code>{query}</code>. Try fewer terms, or clear the search.
            </div>
          </>
        )}
      </div>
    </div>
  );
}
