// One field of the facet sidebar: its top values with counts and a bar each. A click includes
// the value in the search, alt-click (or the − button, for keyboards and for Linux desktops where
// alt-drag moves the window) excludes it; the same click again takes it out. Values come from
// log data the attacker controls: React text only, invisible characters shown (VisibleText).
import type { MouseEvent } from 'react';
import { FIELD_BY_NAME } from '../../../../shared/fields.js';
import type { Facet } from '../../../../shared/facets.js';
import { facetState, facetTermText, type FacetMode } from '../../lib/facet-query.js';
import { groupDigits } from '../../lib/format.js';
import { VisibleText } from '../../lib/visible-text.js';

/** A value as long as a URL is cut here: the sidebar is narrow and the tooltip shows the rest. */
const VALUE_LIMIT = 200;

interface Props {
  facet: Facet;
  /** Events the search matches: what the bars are a share of. */
  total: number;
  /** The search text the clicks edit. */
  query: string;
  onToggle(facet: Facet, value: string | number, mode: FacetMode): void;
}

export function FacetSection({ facet, total, query, onToggle }: Props) {
  const label = FIELD_BY_NAME.get(facet.field)?.label ?? facet.field;
  const click = (value: string | number) => (e: MouseEvent) => onToggle(facet, value, e.altKey ? 'exclude' : 'include');
  return (
    <section className="facet" data-testid={`facet-${facet.field}`} aria-label={label}>
      <header className="facet-head">
        <span className="facet-title">{label}</span>
        <span className="facet-distinct dim">{distinctText(facet)}</span>
      </header>
      {facet.values.length === 0 ? (
        <div className="facet-none dim">{`No ${label.toLowerCase()} in these events.`}</div>
      ) : (
        <ul className="facet-values">
          {facet.values.map(({ value, count }) => {
            const state = facetState(query, facet.field, value);
            const writable = facetTermText(facet.field, value) !== null;
            const text = String(value);
            const share = total > 0 ? Math.min(100, (count / total) * 100) : 0;
            return (
              <li key={`${typeof value}:${text}`} className={`facet-value${state ? ` facet-${state}d` : ''}`} data-testid="facet-value">
                <button
                  type="button"
                  className="facet-include"
                  onClick={click(value)}
                  disabled={!writable}
                  aria-pressed={state === 'include'}
                  title={writable ? `${text}\nClick: only these · Alt-click: all but these${state ? ' · Click again: undo' : ''}` : `${text}\nThis value holds characters the search language cannot write.`}
                >
                  {/* First, so the label and count paint over it. */}
                  <span className="facet-bar" aria-hidden="true" style={{ width: `${share}%` }} />
                  <span className="facet-label" data-testid="facet-label">
                    {text === '' ? <em className="dim">(empty)</em> : <VisibleText text={text} limit={VALUE_LIMIT} />}
                  </span>
                  <span className="facet-count" data-testid="facet-count">{groupDigits(count)}</span>
                </button>
                <button
                  type="button"
                  className="icon-button facet-exclude"
                  onClick={() => onToggle(facet, value, 'exclude')}
                  disabled={!writable}
                  aria-pressed={state === 'exclude'}
                  aria-label={`${state === 'exclude' ? 'Stop excluding' : 'Exclude'} ${label} ${text.slice(0, VALUE_LIMIT)}`}
                  title={state === 'exclude' ? 'Stop excluding' : 'Exclude (alt-click)'}
                  data-testid="facet-exclude"
                >
                  −
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {facet.values.length > 0 && <FacetRest facet={facet} />}
    </section>
  );
}

/** "3 values" when the list holds them all, "top 10" when there are more. */
function distinctText(facet: Facet): string {
  if (facet.distinct === null) return `top ${facet.values.length}`;
  if (facet.distinct === 0) return '';
  return `${groupDigits(facet.distinct)} ${facet.distinct === 1 ? 'value' : 'values'}`;
}

/** What the list leaves out: events with other values, and those without one when that is known. */
function FacetRest({ facet }: { facet: Facet }) {
  if (facet.unlisted === 0) return null;
  if (facet.missing === null) return <div className="facet-rest dim">{`${groupDigits(facet.unlisted)} in other values or without`}</div>;
  const other = facet.unlisted - facet.missing;
  return (
    <div className="facet-rest dim">
      {other > 0 && <span>{`${groupDigits(other)} in other values`}</span>}
      {facet.missing > 0 && <span>{`${groupDigits(facet.missing)} without`}</span>}
    </div>
  );
}
