// The timeline's time axis: mapping time to px and back, zoom that keeps the point under the
// cursor still and stops at its limits, panning and centring that cannot lose the session.
import { describe, expect, it } from 'vitest';
import {
  barGeometry, centreView, clampView, extentOf, focusSpan, FOCUS_SPAN_MS, MIN_SPAN_MS, panView, spanOf, tickLabel, ticks, timeAt, xOf, zoomView,
} from '../../renderer/src/lib/timeline-scale.js';
import { formatTime } from '../../renderer/src/lib/format.js';

const extent = { start: 0, end: 100_000 };

describe('scale', () => {
  it('maps a time to its px and back', () => {
    const view = { start: 1_000, end: 3_000 };
    expect(xOf(1_000, view, 800)).toBe(0);
    expect(xOf(2_000, view, 800)).toBe(400);
    expect(xOf(3_000, view, 800)).toBe(800);
    expect(timeAt(200, view, 800)).toBe(1_500);
  });

  it('gives a session a little air, and a lone event a second around it', () => {
    expect(extentOf(1_000, 101_000)).toEqual({ start: -1_000, end: 103_000 });
    expect(extentOf(5_000, 5_000)).toEqual({ start: 4_500, end: 5_500 });
  });
});

describe('zoom', () => {
  it('keeps the time under the cursor where it is', () => {
    const view = { start: 20_000, end: 60_000 };
    const anchor = 30_000;
    const zoomed = zoomView(view, 0.5, anchor, extent);
    expect(spanOf(zoomed)).toBe(20_000);
    expect(xOf(anchor, zoomed, 1000)).toBeCloseTo(xOf(anchor, view, 1000));
  });

  it('stops at MIN_SPAN_MS however far in', () => {
    let view = { start: 40_000, end: 60_000 };
    for (let i = 0; i < 60; i++) view = zoomView(view, 0.5, 50_000, extent);
    expect(spanOf(view)).toBe(MIN_SPAN_MS);
    expect(view.start).toBeLessThanOrEqual(50_000);
    expect(view.end).toBeGreaterThanOrEqual(50_000);
  });

  it('stops at the whole session however far out', () => {
    const view = zoomView({ start: 40_000, end: 60_000 }, 100, 50_000, extent);
    expect(view).toEqual(extent);
  });
});

describe('pan and centre', () => {
  it('moves the view by the time dragged', () => {
    expect(panView({ start: 10_000, end: 20_000 }, 5_000, extent)).toEqual({ start: 15_000, end: 25_000 });
  });

  it('cannot move the middle of the view out of the session', () => {
    expect(panView({ start: 10_000, end: 20_000 }, -1_000_000, extent)).toEqual({ start: -5_000, end: 5_000 });
    expect(panView({ start: 10_000, end: 20_000 }, 1_000_000, extent)).toEqual({ start: 95_000, end: 105_000 });
  });

  it('cannot pan the whole session around', () => {
    expect(panView(extent, 30_000, extent)).toEqual(extent);
  });

  it('centres on any event, the first one too', () => {
    expect(centreView(2_000, 10_000, extent)).toEqual({ start: -3_000, end: 7_000 });
    expect(centreView(50_000, 10_000, extent)).toEqual({ start: 45_000, end: 55_000 });
  });

  it('widens the view for a slow call and never past the session', () => {
    expect(focusSpan(100, extent)).toBe(FOCUS_SPAN_MS);
    expect(focusSpan(10_000, extent)).toBe(40_000);
    expect(focusSpan(1_000_000, extent)).toBe(100_000);
    expect(focusSpan(undefined, { start: 0, end: 5_000 })).toBe(5_000);
  });

  it('clamps a view too narrow to MIN_SPAN_MS', () => {
    expect(spanOf(clampView({ start: 10, end: 11 }, extent))).toBe(MIN_SPAN_MS);
  });
});

describe('bars', () => {
  const view = { start: 0, end: 1_000 };

  it('are as long as their duration at this zoom', () => {
    expect(barGeometry(100, 500, view, 1_000)).toEqual({ left: 100, width: 400 });
    expect(barGeometry(100, 300, { start: 0, end: 500 }, 1_000)).toEqual({ left: 200, width: 400 });
  });

  it('are at least a sliver wide, even without a duration', () => {
    expect(barGeometry(100, 100, view, 1_000)).toEqual({ left: 100, width: 2 });
  });

  it('are left out when wholly off screen, and cut a screen beyond its edges', () => {
    expect(barGeometry(2_000, 3_000, view, 1_000)).toBeNull();
    expect(barGeometry(-3_000, -2_000, view, 1_000)).toBeNull();
    expect(barGeometry(-1_000_000, 1_000_000, view, 1_000)).toEqual({ left: -1_000, width: 3_000 });
  });
});

describe('ticks', () => {
  it('fall on round times at least the asked gap apart', () => {
    const { step, times } = ticks({ start: 1_234, end: 11_234 }, 1_000, 90);
    expect(step).toBe(1_000);
    expect(times[0]).toBe(2_000);
    expect(times.at(-1)).toBe(11_000);
    for (const t of times) expect(t % step).toBe(0);
  });

  it('reach milliseconds when zoomed in and hours when zoomed out', () => {
    expect(ticks({ start: 0, end: 50 }, 1_000, 90).step).toBe(5);
    expect(ticks({ start: 0, end: 6 * 3_600_000 }, 1_000, 90).step).toBe(3_600_000);
  });

  it('label with the part of the time that changes at that step', () => {
    const t = Date.UTC(2026, 10, 23, 10, 15, 42, 250);
    const text = formatTime(t, true);
    expect(tickLabel(text, 60_000)).toBe('10:15');
    expect(tickLabel(text, 5_000)).toBe('10:15:42');
    expect(tickLabel(text, 100)).toBe('15:42.250');
  });
});
