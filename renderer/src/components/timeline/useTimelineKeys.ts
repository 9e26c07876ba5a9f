// The timeline from the keyboard: ↑/↓ move between calls, ←/→ step through every event in
// time, shift+←/→ pan, + and − zoom (at the selection when it is on screen), 0 shows it all,
// Escape clears the selection. What is selected is brought on screen.
import type { KeyboardEvent } from 'react';
import { stepEvent, stepRow, type TimelineModel } from '../../lib/timeline-model.js';
import { spanOf } from '../../lib/timeline-scale.js';
import { ZOOM_STEP, type Viewport } from './useViewport.js';

/** Shift+arrow pans by this share of what is on screen. */
const PAN_SHARE = 0.2;

interface Options {
  model: TimelineModel;
  selected: string | null;
  select(id: string | null): void;
  viewport: Viewport;
  /** Where + and − zoom around (the selection when on screen). */
  zoomAnchor: number | undefined;
  scrollToRow(row: number): void;
}

export function useTimelineKeys({ model, selected, select, viewport, zoomAnchor, scrollToRow }: Options) {
  const { view } = viewport;

  const reveal = (id: string) => {
    const t = model.byId.get(id)?.time;
    if (t !== undefined && (t < view.start || t > view.end)) viewport.centre(t);
    const row = model.rowOf.get(id);
    if (row !== undefined) scrollToRow(row);
  };

  return (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.metaKey || e.ctrlKey) return;
    let next: string | null = null;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        const row = stepRow(model, selected, e.key === 'ArrowDown' ? 1 : -1);
        next = row === null ? null : (model.calls[row]?.id ?? null);
        break;
      }
      case 'ArrowLeft':
      case 'ArrowRight': {
        const dir = e.key === 'ArrowRight' ? 1 : -1;
        if (e.shiftKey) {
          e.preventDefault();
          viewport.pan(dir * PAN_SHARE * spanOf(view));
          return;
        }
        next = stepEvent(model, selected, dir);
        break;
      }
      case '+':
      case '=':
        e.preventDefault();
        viewport.zoom(1 / ZOOM_STEP, zoomAnchor);
        return;
      case '-':
      case '_':
        e.preventDefault();
        viewport.zoom(ZOOM_STEP, zoomAnchor);
        return;
      case '0':
        e.preventDefault();
        viewport.reset();
        return;
      case 'Escape':
        if (selected !== null) select(null);
        return;
      default:
        return;
    }
    e.preventDefault();
    if (next === null) return;
    select(next);
    reveal(next);
  };
}
