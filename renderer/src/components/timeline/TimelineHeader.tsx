// The timeline's bar: which session, its figures, the way back, previous/next among the listed
// sessions, and the zoom.
import type { ReactNode } from 'react';
import type { SessionSummary } from '../../../../shared/analysis.js';
import { groupDigits } from '../../lib/format.js';
import { formatSpan } from '../../lib/sessions-format.js';
import { Time } from '../../lib/time-zone.js';
import { VisibleText, visibleTitle } from '../../lib/visible-text.js';
import { DerivedBadge } from '../cells.js';
import { LeftAfterFailureBadge } from '../sessions/session-columns.js';

interface Props {
  session: SessionSummary | null;
  sessionId: string;
  prev: string | null;
  next: string | null;
  onBack(): void;
  onOpen(sessionId: string): void;
  /** The zoom controls, once there is something to zoom. */
  zoom?: ReactNode;
}

export function TimelineHeader({ session, sessionId, prev, next, onBack, onOpen, zoom }: Props) {
  return (
    <div className="view-bar timeline-bar">
      <button type="button" className="button small" data-testid="timeline-back" onClick={onBack} title="Back to the session list">
        ← Sessions
      </button>
      <div className="timeline-title">
        <span className="timeline-session mono" data-testid="timeline-session" title={visibleTitle(sessionId)}>
          <VisibleText text={sessionId} />
        </span>
        {session?.derived && <DerivedBadge />}
        {session?.ended_after_failure && <LeftAfterFailureBadge />}
      </div>
      {session && (
        <dl className="timeline-facts" data-testid="timeline-facts">
          <Fact label="User">
            {session.user_id === null ? '–' : <VisibleText text={session.user_id} />}
          </Fact>
          <Fact label="Start">
            <Time ms={session.start} />
          </Fact>
          <Fact label="Duration">{formatSpan(session.duration_ms)}</Fact>
          <Fact label="Pages">{groupDigits(session.pages)}</Fact>
          <Fact label="Actions">{groupDigits(session.actions)}</Fact>
          <Fact label="API calls">{groupDigits(session.api_calls)}</Fact>
          <Fact label="Errors">{groupDigits(session.errors)}</Fact>
        </dl>
      )}
      <div className="timeline-tools">
        {zoom}
        <div className="button-group" role="group" aria-label="Other sessions">
          <button type="button" className="button small" data-testid="timeline-prev" disabled={prev === null} onClick={() => prev !== null && onOpen(prev)} title="The session that started before this one">
            ‹ Previous
          </button>
          <button type="button" className="button small" data-testid="timeline-next" disabled={next === null} onClick={() => next !== null && onOpen(next)} title="The session that started after this one">
            Next ›
          </button>
        </div>
      </div>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="timeline-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function ZoomControls({ onIn, onOut, onReset, zoomed, spanText }: { onIn(): void; onOut(): void; onReset(): void; zoomed: boolean; spanText: string }) {
  return (
    <div className="button-group" role="group" aria-label="Zoom">
      <button type="button" className="button small" data-testid="zoom-out" onClick={onOut} title="Zoom out (-)" aria-label="Zoom out">
        −
      </button>
      <span className="zoom-span dim" data-testid="zoom-span" title="Time across the track">
        {spanText}
      </span>
      <button type="button" className="button small" data-testid="zoom-in" onClick={onIn} title="Zoom in (+), or ctrl+wheel over the timeline" aria-label="Zoom in">
        +
      </button>
      <button type="button" className="button small" data-testid="zoom-reset" onClick={onReset} disabled={!zoomed} title="Show the whole session (0)">
        Reset
      </button>
    </div>
  );
}
