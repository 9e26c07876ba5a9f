// Cell renderers. Every value here comes from log data the attacker controls, so each one is
// a React text child or a plain attribute, never markup.
import type { LogEvent } from '../../../shared/events.js';
import { isStaticAsset } from '../../../shared/assets.js';
import { actionOf, targetOf } from '../../../shared/sort.js';
import { formatDuration, statusClass } from '../lib/format.js';
import { useOpenSession } from '../lib/session-link.js';
import { VisibleText, visibleTitle } from '../lib/visible-text.js';

// One definition with the store's sort (shared/sort.ts), kept importable from here.
export { actionOf, targetOf };

/** The event's kind; a request for an image, a style sheet, a font or a script says "asset". */
export function KindBadge({ event }: { event: Pick<LogEvent, 'kind' | 'route' | 'url'> }) {
  if (event.kind === 'api' && isStaticAsset(event.route ?? event.url)) {
    return (
      <span className="badge badge-asset" title="A static asset: image, style sheet, font or script">
        asset
      </span>
    );
  }
  return <span className={`badge badge-${event.kind}`}>{event.kind}</span>;
}

export function ActionCell({ event }: { event: LogEvent }) {
  const text = actionOf(event);
  if (text === undefined) return null;
  const className =
    event.kind === 'log' ? `level level-${levelClass(text)}` : event.kind === 'api' ? 'method' : text === 'error_encountered' ? 'user-type user-error' : 'user-type';
  return (
    <span className={className}>
      <VisibleText text={text} />
    </span>
  );
}

function levelClass(level: string): 'error' | 'warn' | 'info' | 'debug' {
  const l = level.toLowerCase();
  if (l.startsWith('err') || l === 'fatal' || l === 'critical' || l === 'crit' || l === 'emerg' || l === 'alert') return 'error';
  if (l.startsWith('warn')) return 'warn';
  if (l === 'debug' || l === 'trace') return 'debug';
  return 'info';
}

export function TargetCell({ event }: { event: LogEvent }) {
  const text = targetOf(event);
  if (text === undefined) return null;
  return (
    <span className="truncate" title={visibleTitle(text)}>
      <VisibleText text={text} />
    </span>
  );
}

export function StatusCell({ status }: { status: number | undefined }) {
  const cls = statusClass(status);
  if (cls === null) return null;
  return <span className={`status status-${cls}`}>{status}</span>;
}

export function DurationCell({ ms }: { ms: number | undefined }) {
  const text = formatDuration(ms);
  if (text === '') return null;
  return (
    <>
      {text}
      <span className="unit"> ms</span>
    </>
  );
}

/** Why a session id was made up by the importer rather than read from the data. */
export const DERIVED_SESSION_TITLE = 'Session derived from client address and user agent; a new session after 30 minutes of silence';

export function DerivedBadge() {
  return (
    <span className="derived-badge" data-testid="derived-badge" title={DERIVED_SESSION_TITLE}>
      derived
    </span>
  );
}

/**
 * A session id, as a link to its timeline wherever the app can open one. A button, not a row
 * click: it keeps the row's own click (select) and is reached with Tab and Enter.
 */
export function SessionCell({ id, derived }: { id: string | undefined; derived?: boolean }) {
  const open = useOpenSession();
  if (id === undefined) return null;
  const text = (
    <span className="truncate mono">
      <VisibleText text={id} />
    </span>
  );
  return (
    <span className="session-cell" title={visibleTitle(id)}>
      {open ? (
        <button
          type="button"
          className="session-link"
          data-testid="session-link"
          aria-label={`Open session ${visibleTitle(id) ?? ''}`}
          onClick={(e) => {
            // The row under it would select itself and keep the explorer busy fetching a detail we leave.
            e.stopPropagation();
            open(id);
          }}
        >
          {text}
        </button>
      ) : (
        text
      )}
      {derived && <DerivedBadge />}
    </span>
  );
}
