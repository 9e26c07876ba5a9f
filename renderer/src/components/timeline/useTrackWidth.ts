// The width of the timeline's track in px, read before the first paint and kept as the window
// or the detail pane resizes it.
import { useLayoutEffect, useState, type RefObject } from 'react';

// The last width seen: the next timeline starts at it, so opening one usually renders once
// instead of once without bars and again with them.
let lastWidth = 0;

export function useTrackWidth(trackRef: RefObject<HTMLDivElement | null>): number {
  const [width, setWidth] = useState(lastWidth);
  useLayoutEffect(() => {
    const el = trackRef.current;
    if (!el) return;
    const update = (w: number) => {
      lastWidth = w;
      setWidth(w);
    };
    update(el.getBoundingClientRect().width);
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) update(w);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [trackRef]);
  return width;
}
