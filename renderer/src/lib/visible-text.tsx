// Log text as React children, with bidirectional formatting and control characters shown as
// styled markers (shared/bidi.ts) instead of silently reordering or hiding what is around them.
// Line breaks stay: the detail pane shows raw lines, and a page cannot be rewritten by them.
//
// Text is cut to what its place can show: a line of a table or a heading needs a few thousand
// characters, and a hostile 1 MB message of markers would otherwise be a million spans (seconds
// to open). The detail pane shows long text as LongText: the start, and the rest on request.
import { useState } from 'react';
import { hasInvisible, revealInvisible, splitInvisible, type RevealOptions } from '../../../shared/bidi.js';
import { groupDigits } from './format.js';

const OPTS: RevealOptions = { lineBreaks: 'keep' };

const MARKER_TITLE = {
  bidi: 'Hidden text-direction character: it would reorder the text around it',
  control: 'Control character: invisible here, obeyed by a terminal',
};

/** More than a line of any table or heading shows. */
export const LINE_LIMIT = 2_000;
/** What the detail pane shows of a long text before "Show all". */
export const LONG_TEXT_LIMIT = 10_000;

/** `text` with its invisible characters shown, cut at `limit` characters (an ellipsis says so). */
export function VisibleText({ text, limit = LINE_LIMIT }: { text: string; limit?: number }) {
  const shown = text.length > limit ? text.slice(0, limit) : text;
  const cut = shown.length < text.length ? '…' : null;
  if (!hasInvisible(shown, OPTS)) return <>{shown}{cut}</>;
  return (
    <>
      {splitInvisible(shown, OPTS).map((p, i) =>
        p.kind === 'text' ? (
          p.text
        ) : (
          <span key={i} className="bidi-marker" data-testid="bidi-marker" title={MARKER_TITLE[p.kind]}>
            {p.marker}
          </span>
        ),
      )}
      {cut}
    </>
  );
}

/** Long text in the detail pane: its first LONG_TEXT_LIMIT characters, and the rest when asked. */
export function LongText({ text }: { text: string }) {
  const [all, setAll] = useState(false);
  if (all || text.length <= LONG_TEXT_LIMIT) return <VisibleText text={text} limit={Infinity} />;
  return (
    <>
      <VisibleText text={text} limit={LONG_TEXT_LIMIT} />{' '}
      <button type="button" className="link-button" data-testid="show-all-text" onClick={() => setAll(true)}>
        Show all {groupDigits(text.length)} characters
      </button>
    </>
  );
}

/** For attributes (tooltips), which cannot hold styled markers. */
export const visibleTitle = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : revealInvisible(text.length > LINE_LIMIT ? `${text.slice(0, LINE_LIMIT)}…` : text, OPTS);
