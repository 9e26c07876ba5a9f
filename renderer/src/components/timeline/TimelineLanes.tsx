// The rows above the waterfall, on the same axis: the time scale, page views as sections, user
// actions and log records as marks. Only what is on screen is drawn.
import { memo, useContext, useMemo, type ReactNode, type Ref } from 'react';
import { formatTime } from '../../lib/format.js';
import { placeMarks, type Mark, type PageSection } from '../../lib/timeline-lanes.js';
import { barGeometry, tickLabel, ticks, xOf, type Span } from '../../lib/timeline-scale.js';
import { TimeHeader, UtcContext } from '../../lib/time-zone.js';
import { VisibleText, visibleTitle } from '../../lib/visible-text.js';

/** Each lane's height in px: the waterfall's rows start below their sum (TimelineBody). */
export const LANE_HEIGHT = { axis: 26, pages: 24, actions: 30, logs: 20, callsHead: 24 } as const;

interface LaneRowProps {
  label: ReactNode;
  className: string;
  height: number;
  trackRef?: Ref<HTMLDivElement>;
  children: ReactNode;
}

export function LaneRow({ label, className, height, trackRef, children }: LaneRowProps) {
  return (
    <div className={`tl-row ${className}`} style={{ height }}>
      <div className="tl-label">{label}</div>
      <div className="tl-track" ref={trackRef}>
        {children}
      </div>
    </div>
  );
}

/** The axis's ticks as lines behind the waterfall, from `top` down. */
export function GridLines({ view, width, top }: { view: Span; width: number; top: number }) {
  return (
    <div className="tl-grid" style={{ top }} aria-hidden="true">
      {ticks(view, width).times.map((t) => (
        <span key={t} className="tl-gridline" style={{ left: xOf(t, view, width) }} />
      ))}
    </div>
  );
}

export function Axis({ view, width, trackRef }: { view: Span; width: number; trackRef: Ref<HTMLDivElement> }) {
  const utc = useContext(UtcContext);
  const { step, times } = ticks(view, width);
  return (
    <LaneRow label={<TimeHeader label="Time" />} className="tl-axis" height={LANE_HEIGHT.axis} trackRef={trackRef}>
      {times.map((t) => (
        <span key={t} className="tl-tick" style={{ left: xOf(t, view, width) }}>
          {tickLabel(formatTime(t, utc), step)}
        </span>
      ))}
    </LaneRow>
  );
}

interface PagesProps {
  pages: readonly PageSection[];
  view: Span;
  width: number;
  selectedId: string | null;
}

export const PageLane = memo(function PageLane({ pages, view, width, selectedId }: PagesProps) {
  const shown: ReactNode[] = [];
  pages.forEach((p, i) => {
    const g = barGeometry(p.start, p.end, view, width, 1);
    if (!g) return;
    shown.push(
      <button
        key={p.id}
        type="button"
        tabIndex={-1}
        className={`tl-page${i % 2 ? ' alt' : ''}${p.id === selectedId ? ' selected' : ''}`}
        // A page begun off screen keeps its name readable at the left edge.
        style={{ left: g.left, width: g.width, paddingLeft: g.left < 0 ? Math.max(Math.min(6 - g.left, g.width - 8), 0) : undefined }}
        data-event-id={p.id}
        data-testid="tl-page"
        title={visibleTitle(`page view ${p.page}`)}
      >
        <VisibleText text={p.page} />
      </button>,
    );
  });
  return (
    <LaneRow label="Pages" className="tl-lane-pages" height={LANE_HEIGHT.pages}>
      {shown}
    </LaneRow>
  );
});

interface MarksProps {
  label: string;
  kind: 'action' | 'log';
  marks: readonly Mark[];
  view: Span;
  width: number;
  selectedId: string | null;
}

export const MarkLane = memo(function MarkLane({ label, kind, marks, view, width, selectedId }: MarksProps) {
  const placed = useMemo(() => placeMarks(marks, view, width, selectedId), [marks, view, width, selectedId]);
  return (
    <LaneRow label={label} className={`tl-lane-${kind}s`} height={kind === 'action' ? LANE_HEIGHT.actions : LANE_HEIGHT.logs}>
      {placed.map(({ mark, x, labelWidth }) => (
        <button
          key={mark.id}
          type="button"
          className={`tl-mark tl-mark-${kind} tone-${mark.tone}${mark.id === selectedId ? ' selected' : ''}`}
          style={{ left: x }}
          data-event-id={mark.id}
          data-testid={`tl-${kind}`}
          title={visibleTitle(mark.text === '' ? mark.type : `${mark.type}: ${mark.text}`)}
          aria-label={visibleTitle(`${mark.type} ${mark.text}`)}
        >
          {labelWidth > 0 && (
            <span className="tl-mark-text" style={{ maxWidth: labelWidth }}>
              <VisibleText text={mark.text} />
            </span>
          )}
        </button>
      ))}
    </LaneRow>
  );
});
