// The request, the response and the timings of an API call in the detail pane. Every value is
// log data: it reaches the page as React text (VisibleText shows hidden characters), never HTML.
import type { ReactNode } from 'react';
import type { LogEventDetail } from '../../../../shared/events.js';
import { bodyView, headerRows, PHASE_LABELS, timingBars, type BodyView, type HeaderRow } from '../../lib/call-parts.js';
import { formatBytes, formatDuration } from '../../lib/format.js';
import { LongText, VisibleText } from '../../lib/visible-text.js';
import { JsonView } from '../JsonView.js';

interface Props {
  detail: LogEventDetail;
  section(title: string, body: ReactNode, testId: string): ReactNode;
}

const sizeOf = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

export function CallSections({ detail, section }: Props) {
  const attrs = detail.attrs ?? {};
  const reqHeaders = headerRows(attrs.request_headers);
  const respHeaders = headerRows(attrs.response_headers);
  const reqBody = bodyView(attrs.request_body);
  const respBody = bodyView(attrs.response_body);
  const { bars, totalMs } = timingBars(attrs.timings);
  const reqBytes = sizeOf(attrs.req_bytes);
  const respBytes = sizeOf(attrs.resp_bytes);
  // An access log line has none of these: one line says so instead of three empty sections.
  if (reqHeaders.length + respHeaders.length === 0 && !reqBody && !respBody && bars.length === 0) {
    return (
      <p className="dim call-none" data-testid="call-parts-none">
        This source recorded no headers, bodies or timing phases for the call.
      </p>
    );
  }
  return (
    <>
      {section(
        'Request',
        <>
          <p className="call-line">
            <span className="method">{detail.method ?? 'GET'}</span> <VisibleText text={detail.url ?? detail.route ?? ''} />
            {reqBytes !== null && <span className="dim"> · {formatBytes(reqBytes)}</span>}
          </p>
          <Headers rows={reqHeaders} testId="request-headers" />
          <Body view={reqBody} testId="request-body" />
        </>,
        'request-section',
      )}
      {section(
        'Response',
        <>
          <p className="call-line">
            {detail.status === undefined ? <span className="dim">No status recorded</span> : <span>Status {detail.status}</span>}
            {respBytes !== null && <span className="dim"> · {formatBytes(respBytes)}</span>}
          </p>
          <Headers rows={respHeaders} testId="response-headers" />
          <Body view={respBody} testId="response-body" />
        </>,
        'response-section',
      )}
      {section('Timings', <Timings bars={bars} totalMs={totalMs} durationMs={detail.duration_ms} />, 'timings-section')}
    </>
  );
}

function Headers({ rows, testId }: { rows: HeaderRow[]; testId: string }) {
  if (rows.length === 0) return <p className="dim call-none">No headers recorded.</p>;
  return (
    <dl className="fields headers" data-testid={testId}>
      {rows.map((h, i) => (
        <div key={`${i}-${h.name}`} className="field">
          <dt>
            <VisibleText text={h.name} />
          </dt>
          <dd className="wrap">
            <LongText text={h.value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Body({ view, testId }: { view: BodyView | null; testId: string }) {
  if (view === null) return <p className="dim call-none">No body recorded.</p>;
  return (
    <pre className={view.kind === 'json' ? 'json-block' : 'raw'} data-testid={testId}>
      {view.kind === 'json' ? <JsonView value={view.value} /> : <LongText text={view.text} />}
    </pre>
  );
}

function Timings({ bars, totalMs, durationMs }: { bars: ReturnType<typeof timingBars>['bars']; totalMs: number; durationMs: number | undefined }) {
  if (bars.length === 0) {
    return (
      <p className="dim call-none" data-testid="timings">
        {durationMs === undefined ? 'No timings recorded.' : `Took ${formatDuration(durationMs)} ms in all; the source did not break it into phases.`}
      </p>
    );
  }
  const span = Math.max(totalMs, durationMs ?? 0, 1e-9);
  return (
    <div className="timings" data-testid="timings">
      {bars.map((b) => (
        <div key={b.phase} className="timing-row" data-phase={b.phase}>
          <span className="timing-label">{PHASE_LABELS[b.phase]}</span>
          <span className="timing-track">
            <span className={`timing-bar phase-${b.phase}`} style={{ left: `${(b.startMs / span) * 100}%`, width: `${Math.max((b.ms / span) * 100, 0.5)}%` }} />
          </span>
          <span className="timing-ms">{formatDuration(b.ms)} ms</span>
        </div>
      ))}
      <div className="timing-row timing-total">
        <span className="timing-label">Total</span>
        <span />
        <span className="timing-ms">{formatDuration(durationMs ?? totalMs)} ms</span>
      </div>
    </div>
  );
}
