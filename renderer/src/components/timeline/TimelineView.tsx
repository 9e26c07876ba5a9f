// One session on one time axis: user actions above, the API calls' waterfall below (sessions.timeline).
import type { Client, CallFailed } from '../../api/client.js';
import { QueryError } from '../QueryError.js';
import { TimelineBody } from './TimelineBody.js';
import { TimelineHeader } from './TimelineHeader.js';
import { useTimeline } from './useTimeline.js';
import '../../styles/sessions.css';
import '../../styles/timeline.css';

export interface TimelineViewProps {
  client: Client;
  sessionId: string;
  /** The event to centre on and select ("open in session" from a row). */
  focus?: string;
  /** The search the session list was filtered by: previous/next move among its sessions. */
  query: string;
  onOpenSession(sessionId: string, focus?: string): void;
  /** Back to the session list. */
  onBack(): void;
  onFatal(err: CallFailed): void;
}

export function TimelineView({ client, sessionId, focus, query, onOpenSession, onBack, onFatal }: TimelineViewProps) {
  const load = useTimeline(client, sessionId, query, onFatal);
  if (load.state === 'ready') {
    // Keyed by the answer: another session starts at its own full extent with nothing selected.
    return (
      <TimelineBody
        key={load.key}
        client={client}
        timeline={load.timeline}
        focus={focus}
        onOpenSession={(id) => onOpenSession(id)}
        onBack={onBack}
        onFatal={onFatal}
      />
    );
  }
  return (
    <section className="timeline-view" data-testid="timeline-view" aria-busy={load.state === 'loading'}>
      {load.state === 'loading' && <div className="progress" role="progressbar" aria-label="Loading the session" />}
      <TimelineHeader session={null} sessionId={sessionId} prev={null} next={null} onBack={onBack} onOpen={(id) => onOpenSession(id)} />
      {load.state === 'failed' && <TimelineFailure error={load.error} query={load.query} />}
    </section>
  );
}

function TimelineFailure({ error, query }: { error: CallFailed | null; query: string }) {
  if (error?.code === 'NOT_FOUND') {
    return (
      <div className="view-empty" data-testid="timeline-missing">
        <div className="empty">
          <div className="empty-title">This session has no events</div>
          <div className="dim">They may have been deleted with their file, or removed after the retention period. Go back to the session list to pick another.</div>
        </div>
      </div>
    );
  }
  if (error) return <QueryError error={error} query={query} testId="timeline-error" className="view-error" />;
  return (
    <div className="view-error" role="alert" data-testid="timeline-error">
      The timeline could not be shown.
    </div>
  );
}
