// A loaded timeline: lanes and the virtualised waterfall in one scroller (the lanes stick to its
// top so every track has the same width), the detail of what is selected beside it.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { Timeline } from '../../../../shared/analysis.js';
import type { CallFailed, Client } from '../../api/client.js';
import { formatSpan } from '../../lib/sessions-format.js';
import { buildTimelineModel, type TimelineModel } from '../../lib/timeline-model.js';
import { focusSpan, spanOf, type Span } from '../../lib/timeline-scale.js';
import { DetailPane } from '../DetailPane.js';
import { TimelineHeader, ZoomControls } from './TimelineHeader.js';
import { Axis, GridLines, LANE_HEIGHT, LaneRow, MarkLane, PageLane } from './TimelineLanes.js';
import { TIMELINE_DATA_MARK } from './useTimeline.js';
import { useTimelineKeys } from './useTimelineKeys.js';
import { useTrackWidth } from './useTrackWidth.js';
import { useViewport, ZOOM_STEP } from './useViewport.js';
import { WATERFALL_ROW_HEIGHT, WaterfallRow, waterfallRowId } from './WaterfallRow.js';

/** The e2e suite reads this measure: from the data's arrival to the laid-out timeline. */
export const TIMELINE_RENDER_MEASURE = 'timeline-render';

interface Props {
  client: Client;
  timeline: Timeline;
  focus: string | undefined;
  onOpenSession(sessionId: string): void;
  onBack(): void;
  onFatal(err: CallFailed): void;
}

export function TimelineBody({ client, timeline, focus, onOpenSession, onBack, onFatal }: Props) {
  const model = useMemo(() => buildTimelineModel(timeline), [timeline]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const trackRef = useRef<HTMLDivElement>(null);
  const width = useTrackWidth(trackRef);
  const vp = useViewport(model.extent, width, scrollRef, trackRef);
  const { view } = vp;
  const [selected, setSelected] = useState<string | null>(null);
  const [focusMissing, setFocusMissing] = useState(false);

  const showLogs = model.logs.length > 0;
  const headHeight = LANE_HEIGHT.axis + LANE_HEIGHT.pages + LANE_HEIGHT.actions + (showLogs ? LANE_HEIGHT.logs : 0) + LANE_HEIGHT.callsHead;
  const virtualizer = useVirtualizer({
    count: model.calls.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => WATERFALL_ROW_HEIGHT,
    getItemKey: (i) => model.calls[i]?.id ?? i,
    overscan: 12,
    paddingStart: headHeight,
    scrollPaddingStart: headHeight,
  });

  // "Open in session": centre on the event, select it, bring its row into view.
  const { centre } = vp;
  useLayoutEffect(() => {
    if (focus === undefined) return;
    const event = model.byId.get(focus);
    setFocusMissing(event === undefined);
    if (!event) return;
    setSelected(focus);
    centre(event.time, focusSpan(event.duration_ms, model.extent));
    const row = model.rowOf.get(focus);
    if (row !== undefined) virtualizer.scrollToIndex(row, { align: 'center' });
    // The virtualizer is a new object each render; following it would re-centre on every zoom.
  }, [focus, model, centre]);

  useRenderMeasure(width);

  const zoomAnchor = anchorOf(model, selected, view);
  const onKeyDown = useTimelineKeys({ model, selected, select: setSelected, viewport: vp, zoomAnchor, scrollToRow: (row) => virtualizer.scrollToIndex(row, { align: 'auto' }) });

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    if (vp.consumeDragClick() || !(e.target instanceof Element)) return;
    const hit = e.target.closest('[data-event-id]');
    const id = hit?.getAttribute('data-event-id');
    if (!id || !e.currentTarget.contains(hit)) return;
    setSelected(id);
    // Keys go on from here (arrows step, +/- zoom) even when a mark's button took the focus.
    e.currentTarget.focus({ preventScroll: true });
  };

  const selectedRow = selected === null ? undefined : model.rowOf.get(selected);
  const { session } = timeline;
  return (
    <section className="timeline-view" data-testid="timeline-view" aria-label={`Session ${session.session_id}`}>
      <TimelineHeader
        session={session}
        sessionId={session.session_id}
        prev={timeline.prev}
        next={timeline.next}
        onBack={onBack}
        onOpen={onOpenSession}
        zoom={
          <ZoomControls
            onIn={() => vp.zoom(1 / ZOOM_STEP, zoomAnchor)}
            onOut={() => vp.zoom(ZOOM_STEP, zoomAnchor)}
            onReset={vp.reset}
            zoomed={vp.zoomed}
            spanText={formatSpan(spanOf(view))}
          />
        }
      />
      {timeline.truncated && (
        <div className="view-note timeline-note" data-testid="timeline-truncated">
          This session has more events than one timeline shows: the first {model.order.length.toLocaleString('en')} are here.
        </div>
      )}
      {focusMissing && (
        <div className="view-note timeline-note" data-testid="focus-missing">
          The event to centre on is not among this session's events shown here.
        </div>
      )}
      <div className={`timeline-main${selected === null ? '' : ' with-detail'}`}>
        <div
          ref={scrollRef}
          className="tl-scroll"
          role="grid"
          tabIndex={0}
          aria-label="Session timeline: arrow keys step through events and calls, + and − zoom, 0 shows it all"
          aria-rowcount={model.calls.length + 1}
          aria-activedescendant={selectedRow === undefined ? undefined : waterfallRowId(selectedRow)}
          data-testid="timeline-scroll"
          onKeyDown={onKeyDown}
          onClick={onClick}
        >
          <div className="tl-canvas" style={{ height: virtualizer.getTotalSize() }}>
            <div className="tl-sticky">
              <Axis view={view} width={width} trackRef={trackRef} />
              <PageLane pages={model.pages} view={view} width={width} selectedId={selected} />
              <MarkLane label="Actions" kind="action" marks={model.actions} view={view} width={width} selectedId={selected} />
              {showLogs && <MarkLane label="Logs" kind="log" marks={model.logs} view={view} width={width} selectedId={selected} />}
              <CallsHead count={model.calls.length} />
            </div>
            {width > 0 && <GridLines view={view} width={width} top={headHeight} />}
            {width > 0 &&
              virtualizer.getVirtualItems().map((item) => {
                const row = model.calls[item.index];
                if (!row) return null;
                return <WaterfallRow key={row.id} row={row} index={item.index} top={item.start} view={view} width={width} selectedId={selected} />;
              })}
            {model.calls.length === 0 && <div className="tl-no-calls dim">No API calls in this session.</div>}
          </div>
        </div>
        {selected !== null && (
          <DetailPane
            client={client}
            id={selected}
            onFatal={onFatal}
            openInSession={false}
            onClose={() => {
              setSelected(null);
              scrollRef.current?.focus();
            }}
          />
        )}
      </div>
    </section>
  );
}

/** Zooming keeps the selected event still when it is on screen, else the middle of the view. */
function anchorOf(model: TimelineModel, selected: string | null, view: Span): number | undefined {
  const t = selected === null ? undefined : model.byId.get(selected)?.time;
  return t !== undefined && t >= view.start && t <= view.end ? t : undefined;
}

function CallsHead({ count }: { count: number }) {
  return (
    <LaneRow
      className="tl-calls-head"
      height={LANE_HEIGHT.callsHead}
      label={
        <span className="tl-call-label">
          <span>Method</span>
          <span>Route</span>
          <span className="tl-status">Status</span>
          <span className="tl-duration">Duration</span>
        </span>
      }
    >
      <span className="tl-calls-count dim" data-testid="tl-calls-count">
        {count.toLocaleString('en')} API {count === 1 ? 'call' : 'calls'}
      </span>
    </LaneRow>
  );
}

/**
 * Once the first timeline is drawn at its width: the time since its data arrived, style and
 * layout included (reading a layout property forces both).
 */
function useRenderMeasure(width: number) {
  const measured = useRef(false);
  useLayoutEffect(() => {
    if (measured.current || width <= 0) return;
    measured.current = true;
    if (performance.getEntriesByName(TIMELINE_DATA_MARK, 'mark').length > 0) performance.measure('timeline-commit', TIMELINE_DATA_MARK);
    requestAnimationFrame(() => {
      if (document.body.offsetHeight < 0 || performance.getEntriesByName(TIMELINE_DATA_MARK, 'mark').length === 0) return;
      performance.measure(TIMELINE_RENDER_MEASURE, TIMELINE_DATA_MARK);
    });
  }, [width]);
}
