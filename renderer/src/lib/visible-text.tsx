// Log text as React children, with bidirectional formatting and control characters shown as
// styled markers (shared/bidi.ts) instead of silently reordering or hiding what is around them.
// Line breaks stay: the detail pane shows raw lines, and a page cannot be rewritten by them.
import { hasInvisible, revealInvisible, splitInvisible, type RevealOptions } from '../../../shared/bidi.js';

const OPTS: RevealOptions = { lineBreaks: 'keep' };

const MARKER_TITLE = {
  bidi: 'Hidden text-direction character: it would reorder the text around it',
  control: 'Control character: invisible here, obeyed by a terminal',
};

export function VisibleText({ text }: { text: string }) {
  if (!hasInvisible(text, OPTS)) return <>{text}</>;
  return (
    <>
      {splitInvisible(text, OPTS).map((p, i) =>
        p.kind === 'text' ? (
          p.text
        ) : (
          <span key={i} className="bidi-marker" data-testid="bidi-marker" title={MARKER_TITLE[p.kind]}>
            {p.marker}
          </span>
        ),
      )}
    </>
  );
}

/** For attributes (tooltips), which cannot hold styled markers. */
export const visibleTitle = (text: string | undefined): string | undefined => (text === undefined ? undefined : revealInvisible(text, OPTS));
