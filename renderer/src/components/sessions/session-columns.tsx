// The session list's columns: what each shows, how wide, and the key it sorts by. Every value
// that came from log data (ids, users) is a React text child.
import type { ReactNode } from 'react';
import type { SessionSummary } from '../../../../shared/analysis.js';
import { formatDuration, groupDigits } from '../../lib/format.js';
import { formatSpan } from '../../lib/sessions-format.js';
import type { SessionSortKey } from '../../lib/sessions-sort.js';
import { Time, TimeHeader } from '../../lib/time-zone.js';
import { VisibleText, visibleTitle } from '../../lib/visible-text.js';
import { DerivedBadge } from '../cells.js';

export interface SessionColumn {
  key: SessionSortKey;
  header: ReactNode;
  /** Its name for screen readers and the sort button's label. */
  label: string;
  /** A CSS grid track. */
  width: string;
  align?: 'end';
  cell(s: SessionSummary): ReactNode;
}

const count = (n: number) => groupDigits(n);

export function LeftAfterFailureBadge() {
  return (
    <span className="left-badge" data-testid="left-after-failure" title="The session's last event came within a minute of a failed or slow API call">
      left after failure
    </span>
  );
}

export function SessionIdText({ id, derived }: { id: string; derived: boolean }) {
  return (
    <span className="session-cell" title={visibleTitle(id)}>
      <span className="truncate mono">
        <VisibleText text={id} />
      </span>
      {derived && <DerivedBadge />}
    </span>
  );
}

export const SESSION_COLUMNS: readonly SessionColumn[] = [
  {
    key: 'session',
    header: 'Session',
    label: 'Session',
    width: 'minmax(180px, 1.3fr)',
    cell: (s) => <SessionIdText id={s.session_id} derived={s.derived} />,
  },
  {
    key: 'user',
    header: 'User',
    label: 'User',
    width: 'minmax(110px, 1fr)',
    cell: (s) =>
      s.user_id === null ? (
        <span className="dim">–</span>
      ) : (
        <span className="truncate" title={visibleTitle(s.user_id)}>
          <VisibleText text={s.user_id} />
        </span>
      ),
  },
  { key: 'start', header: <TimeHeader label="Start" />, label: 'Start', width: '200px', cell: (s) => <Time ms={s.start} /> },
  { key: 'duration', header: 'Duration', label: 'Duration', width: '96px', align: 'end', cell: (s) => formatSpan(s.duration_ms) },
  { key: 'pages', header: 'Pages', label: 'Pages', width: '64px', align: 'end', cell: (s) => count(s.pages) },
  { key: 'actions', header: 'Actions', label: 'Actions', width: '72px', align: 'end', cell: (s) => count(s.actions) },
  { key: 'api_calls', header: 'API calls', label: 'API calls', width: '80px', align: 'end', cell: (s) => count(s.api_calls) },
  {
    key: 'errors',
    header: 'Errors',
    label: 'Errors',
    width: '64px',
    align: 'end',
    cell: (s) => <span className={s.errors > 0 ? 'session-errors' : 'dim'}>{count(s.errors)}</span>,
  },
  {
    key: 'slowest',
    header: 'Slowest call',
    label: 'Slowest call',
    width: '104px',
    align: 'end',
    cell: (s) =>
      s.slowest_ms === null ? (
        <span className="dim">–</span>
      ) : (
        <>
          {formatDuration(s.slowest_ms)}
          <span className="unit"> ms</span>
        </>
      ),
  },
  { key: 'left', header: 'Ending', label: 'Ended after a failure', width: '140px', cell: (s) => (s.ended_after_failure ? <LeftAfterFailureBadge /> : null) },
];

export const SESSION_GRID_TEMPLATE = SESSION_COLUMNS.map((c) => c.width).join(' ');
