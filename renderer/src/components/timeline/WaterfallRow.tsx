// One API call of the waterfall: method, route, status and duration, then its bar on the time
// axis, as long as the call took. A paired call draws the server's bar inside the browser's.
import { memo } from 'react';
import { formatDuration } from '../../lib/format.js';
import { pairedDurations, serverSpan, type CallRow } from '../../lib/timeline-calls.js';
import { barGeometry, type Span } from '../../lib/timeline-scale.js';
import { VisibleText, visibleTitle } from '../../lib/visible-text.js';
import { StatusCell } from '../cells.js';

export const WATERFALL_ROW_HEIGHT = 22;
/** Beside a bar ending this close to the right edge, its durations go on its left. */
const LABEL_FLIP_PX = 220;

export const waterfallRowId = (index: number) => `tl-call-${index}`;

interface Props {
  row: CallRow;
  index: number;
  top: number;
  view: Span;
  width: number;
  selectedId: string | null;
}

export const WaterfallRow = memo(function WaterfallRow({ row, index, top, view, width, selectedId }: Props) {
  const bar = barGeometry(row.start, row.end, view, width);
  const server = row.server;
  const inner = server ? serverSpan(row, server) : null;
  const innerBar = inner ? barGeometry(inner.start, inner.end, view, width, 1) : null;
  const both = pairedDurations(row);
  const selected = selectedId !== null && (selectedId === row.id || selectedId === server?.id);
  const duration = row.main.duration_ms ?? server?.duration_ms;
  const title = visibleTitle(`${row.method} ${row.main.url ?? row.label}${row.status === undefined ? '' : ` → ${row.status}`}${both ? ` (${both})` : duration === undefined ? '' : ` (${formatDuration(duration)} ms)`}`);
  return (
    <div
      id={waterfallRowId(index)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`tl-row tl-call tone-${row.tone}${index % 2 ? ' odd' : ''}${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="tl-call"
      data-event-id={row.id}
      data-tone={row.tone}
      data-paired={server ? 'true' : undefined}
    >
      <div className="tl-label tl-call-label" role="gridcell">
        <span className="tl-method">
          <VisibleText text={row.method} />
        </span>
        <span className="tl-route truncate" title={visibleTitle(row.main.url ?? row.label)}>
          <VisibleText text={row.label} />
        </span>
        <span className="tl-status">
          <StatusCell status={row.status} />
        </span>
        <span className="tl-duration" data-testid="tl-duration">
          {duration === undefined ? '' : `${formatDuration(duration)} ms`}
        </span>
      </div>
      <div className="tl-track" role="gridcell">
        {bar && <span className="tl-bar" data-testid="tl-bar" title={title} style={{ left: bar.left, width: bar.width }} />}
        {server && innerBar && (
          <span
            className={`tl-bar-server${selectedId === server.id ? ' selected' : ''}`}
            data-testid="tl-bar-server"
            data-event-id={server.id}
            title={visibleTitle(`server: ${formatDuration(server.duration_ms)} ms`)}
            style={{ left: innerBar.left, width: innerBar.width }}
          />
        )}
        {both && bar && <BarNote text={both} left={bar.left} right={bar.left + bar.width} width={width} />}
      </div>
    </div>
  );
});

function BarNote({ text, left, right, width }: { text: string; left: number; right: number; width: number }) {
  const flip = right > width - LABEL_FLIP_PX && left > LABEL_FLIP_PX;
  return (
    <span className={`tl-bar-note${flip ? ' flip' : ''}`} data-testid="tl-paired" style={flip ? { right: width - left + 4 } : { left: Math.max(right, 0) + 4 }}>
      {text}
    </span>
  );
}
