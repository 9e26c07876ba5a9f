// The span of time the timeline shows, and the gestures that change it: ctrl/cmd+wheel zooms
// at the pointer, shift+wheel (or a sideways swipe) pans, dragging a track pans. The math is
// lib/timeline-scale.ts; this only wires it to the DOM.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { centreView, panView, spanOf, timeAt, zoomView, type Span } from '../../lib/timeline-scale.js';

/** One button press or key press zooms by this much. */
export const ZOOM_STEP = 2;
/** Past this many px a press on a track is a drag, not a click. */
const DRAG_THRESHOLD_PX = 3;
/** How fast the wheel zooms: a notch (100 px of deltaY) is a little under 1.25×. */
const WHEEL_ZOOM_RATE = 0.0022;

export interface Viewport {
  /** What is on screen: the whole session until the user zooms. */
  view: Span;
  zoomed: boolean;
  zoom(factor: number, anchor?: number): void;
  pan(deltaMs: number): void;
  centre(t: number, span?: number): void;
  reset(): void;
  /** True just after a drag ended, so the click it ends with selects nothing. */
  consumeDragClick(): boolean;
}

export function useViewport(
  extent: Span,
  width: number,
  scrollRef: RefObject<HTMLDivElement | null>,
  trackRef: RefObject<HTMLDivElement | null>,
): Viewport {
  const [zoomedView, setZoomedView] = useState<Span | null>(null);
  const view = zoomedView ?? extent;
  const current = useRef(view);
  current.current = view;
  const dragged = useRef(false);

  const zoom = useCallback(
    (factor: number, anchor?: number) => {
      const v = current.current;
      setZoomedView(zoomView(v, factor, anchor ?? (v.start + v.end) / 2, extent));
    },
    [extent],
  );
  const pan = useCallback((deltaMs: number) => setZoomedView(panView(current.current, deltaMs, extent)), [extent]);
  const centre = useCallback((t: number, span?: number) => setZoomedView(centreView(t, span ?? spanOf(current.current), extent)), [extent]);
  const reset = useCallback(() => setZoomedView(null), []);

  // Native listener: React's wheel handlers are passive, and ctrl+wheel must not zoom the page.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const track = trackRef.current;
      if (!track || width <= 0) return;
      const rect = track.getBoundingClientRect();
      const x = e.clientX - rect.left;
      const v = current.current;
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        const anchor = x >= 0 && x <= rect.width ? timeAt(x, v, rect.width) : undefined;
        zoom(Math.exp(e.deltaY * WHEEL_ZOOM_RATE), anchor);
      } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        e.preventDefault();
        const px = e.deltaX !== 0 ? e.deltaX : e.deltaY;
        pan((px / rect.width) * spanOf(v));
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [scrollRef, trackRef, width, zoom, pan]);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    let cleanup: (() => void) | undefined;
    const onDown = (e: PointerEvent) => {
      if (e.button !== 0 || !(e.target instanceof Element) || !e.target.closest('.tl-track') || width <= 0) return;
      const startX = e.clientX;
      const startView = current.current;
      let dragging = false;
      const onMove = (m: PointerEvent) => {
        const dx = m.clientX - startX;
        if (!dragging && Math.abs(dx) < DRAG_THRESHOLD_PX) return;
        dragging = true;
        el.classList.add('dragging');
        setZoomedView(panView(startView, (-dx / width) * spanOf(startView), extent));
      };
      const onUp = () => {
        cleanup?.();
        if (!dragging) return;
        el.classList.remove('dragging');
        dragged.current = true;
        // The click that ends a drag fires right after pointerup, in the same task.
        setTimeout(() => {
          dragged.current = false;
        }, 0);
      };
      cleanup = () => {
        window.removeEventListener('pointermove', onMove);
        window.removeEventListener('pointerup', onUp);
        window.removeEventListener('pointercancel', onUp);
        cleanup = undefined;
      };
      window.addEventListener('pointermove', onMove);
      window.addEventListener('pointerup', onUp);
      window.addEventListener('pointercancel', onUp);
    };
    el.addEventListener('pointerdown', onDown);
    return () => {
      el.removeEventListener('pointerdown', onDown);
      cleanup?.();
    };
  }, [scrollRef, width, extent]);

  const consumeDragClick = useCallback(() => dragged.current, []);
  return { view, zoomed: zoomedView !== null, zoom, pan, centre, reset, consumeDragClick };
}
