// Log text as React children, with bidirectional formatting characters shown as styled markers
// (shared/bidi.ts) instead of silently reordering what is around them.
import { hasBidiControls, revealBidi, splitBidi } from '../../../shared/bidi.js';

export function VisibleText({ text }: { text: string }) {
  if (!hasBidiControls(text)) return <>{text}</>;
  return (
    <>
      {splitBidi(text).map((p, i) =>
        p.kind === 'text' ? (
          p.text
        ) : (
          <span key={i} className="bidi-marker" data-testid="bidi-marker" title="Hidden text-direction character: it would reorder the text around it">
            {p.marker}
          </span>
        ),
      )}
    </>
  );
}

/** For attributes (tooltips), which cannot hold styled markers. */
export const visibleTitle = (text: string | undefined): string | undefined => (text === undefined ? undefined : revealBidi(text));
