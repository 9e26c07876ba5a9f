// The selected event in full, fetched with events.get (the table rows do not carry `raw`).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { LogEventDetail } from '../../../shared/events.js';
import { isCallFailed, type CallFailed, type Client } from '../api/client.js';
import { formatDuration, formatTime } from '../lib/format.js';
import { ActionCell, DerivedBadge, KindBadge, StatusCell, targetOf } from './cells.js';
import { CheckIcon, CloseIcon, CopyIcon } from './icons.js';
import { JsonView } from './JsonView.js';
import { CallSections } from './detail/CallSections.js';
import { curlOf, harEntryOf } from '../../../shared/call-formats.js';
import { useOpenSession } from '../lib/session-link.js';
import { LongText, VisibleText, visibleTitle } from '../lib/visible-text.js';

type Loaded = { id: string; detail: LogEventDetail } | { id: string; error: string } | null;

interface Props {
  client: Client;
  id: string;
  onClose(): void;
  onFatal(err: CallFailed): void;
  /** Offer "Open in session" (off inside the timeline, which already shows the event in its session). */
  openInSession?: boolean;
}

export function DetailPane({ client, id, onClose, onFatal, openInSession = true }: Props) {
  const [loaded, setLoaded] = useState<Loaded>(null);

  useEffect(() => {
    let live = true;
    client.call('events.get', { id }).then(
      (detail) => {
        if (live) setLoaded({ id, detail });
      },
      (err: unknown) => {
        if (!live) return;
        if (isCallFailed(err, 'SESSION_MISSING')) onFatal(err);
        const message = isCallFailed(err, 'NOT_FOUND') ? 'This event no longer exists.' : err instanceof Error ? err.message : String(err);
        setLoaded({ id, error: message });
      },
    );
    return () => {
      live = false;
    };
  }, [client, id, onFatal]);

  // `loaded` may still hold the previous event: keeping it until the next one arrives means
  // arrowing through rows does not flash an empty pane.
  const current = loaded;
  return (
    <aside className="detail" data-testid="detail-pane" aria-label="Event detail" aria-busy={current?.id !== id}>
      <div className="detail-head">
        <div className="detail-title">
          {current && 'detail' in current ? <DetailHeading detail={current.detail} /> : <span className="dim">Event {id}</span>}
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close detail" title="Close">
          <CloseIcon />
        </button>
      </div>
      {current && 'error' in current && <div className="detail-error">{current.error}</div>}
      {current && 'detail' in current && <DetailBody detail={current.detail} openInSession={openInSession} />}
    </aside>
  );
}

function DetailHeading({ detail }: { detail: LogEventDetail }) {
  return (
    <>
      <KindBadge event={detail} />
      <ActionCell event={detail} />
      <StatusCell status={detail.status} />
      <span className="detail-target" title={visibleTitle(targetOf(detail))}>
        <VisibleText text={targetOf(detail) ?? ''} />
      </span>
    </>
  );
}

interface Field {
  label: string;
  value: string | undefined;
  /** Shown after the value (a badge), outside the text that is cut short when too long. */
  extra?: ReactNode;
  /** Makes the value a link (a session id opens its timeline). */
  onOpen?: () => void;
}

function DetailBody({ detail, openInSession }: { detail: LogEventDetail; openInSession: boolean }) {
  const open = useOpenSession();
  const session = detail.session_id;
  const openSession = open && session !== undefined && session !== '' ? () => open(session) : undefined;
  const fields: Field[] = [
    { label: 'Local time', value: formatTime(detail.time, false) },
    { label: 'UTC', value: formatTime(detail.time, true) },
    { label: 'URL', value: detail.kind === 'api' ? detail.url : undefined },
    { label: 'Duration', value: detail.duration_ms === undefined ? undefined : `${formatDuration(detail.duration_ms)} ms` },
    { label: 'Session', value: session, extra: detail.session_derived ? <DerivedBadge /> : undefined, onOpen: openSession },
    { label: 'User', value: detail.user_id },
    { label: 'Target', value: detail.target },
    { label: 'Trace', value: detail.trace_id },
    { label: 'Source', value: detail.source === undefined ? undefined : detail.line === undefined ? detail.source : `${detail.source}:${detail.line}` },
    { label: 'ID', value: String(detail.id) },
  ];
  const canOpen = openInSession && open && session !== undefined && session !== '';
  return (
    <div className="detail-body">
      {(canOpen || detail.kind === 'api') && (
        <div className="detail-actions">
          {canOpen && (
            <button
              type="button"
              className="button small"
              data-testid="open-in-session"
              title="Show this event on its session's timeline, with what the user did around it"
              onClick={() => open(session, detail.id)}
            >
              Open in session
            </button>
          )}
          {detail.kind === 'api' && (
            <>
              {/* Credentials stay out of a command that may be pasted into a chat or a ticket. */}
              <CopyButton text={() => curlOf(detail)} label="Copy as cURL" testId="copy-curl" />
              <CopyButton text={() => JSON.stringify(harEntryOf(detail), null, 2)} label="Copy as HAR entry" testId="copy-har" />
            </>
          )}
        </div>
      )}
      <dl className="fields">
        {fields
          .filter((f): f is Field & { value: string } => f.value !== undefined && f.value !== '')
          .map(({ label, value, extra, onOpen }) => {
            const text = onOpen ? (
              <button type="button" className="session-link truncate" data-testid={`detail-${label.toLowerCase()}-link`} onClick={onOpen}>
                <VisibleText text={value} />
              </button>
            ) : (
              <LongText text={value} />
            );
            return (
              <div key={label} className="field">
                <dt>{label}</dt>
                <dd title={visibleTitle(value)}>
                  {extra ? (
                    <span className="field-with-extra">
                      <span className="truncate">{text}</span>
                      {extra}
                    </span>
                  ) : (
                    text
                  )}
                </dd>
              </div>
            );
          })}
      </dl>
      {detail.kind === 'api' && (
        <CallSections
          detail={detail}
          section={(title, body, testId) => (
            <Section key={title} title={title} testId={testId}>
              {body}
            </Section>
          )}
        />
      )}
      <Section title="Raw">
        {detail.raw_note !== undefined && detail.raw_note !== '' && (
          <p className="raw-note" data-testid="raw-note">
            {detail.raw_note}
          </p>
        )}
        <pre className="raw">
          <LongText text={detail.raw} />
        </pre>
      </Section>
      <Section title="Event" action={<CopyButton text={JSON.stringify(detail, null, 2)} />}>
        <pre className="json-block">
          <JsonView value={detail} />
        </pre>
      </Section>
    </div>
  );
}

function Section({ title, action, children, testId }: { title: string; action?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="detail-section" data-testid={testId}>
      <div className="section-head">
        <h3>{title}</h3>
        {action}
      </div>
      {children}
    </section>
  );
}

function CopyButton({ text, label = 'Copy JSON', testId }: { text: string | (() => string); label?: string; testId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = () => {
    navigator.clipboard.writeText(typeof text === 'string' ? text : text()).then(
      () => setState('copied'),
      () => setState('failed'),
    );
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 1500);
  };
  return (
    <button type="button" className="button small" onClick={copy} data-state={state} data-testid={testId}>
      {state === 'copied' ? <CheckIcon /> : <CopyIcon />}
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
