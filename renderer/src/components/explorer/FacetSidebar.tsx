// The explorer's facet sidebar, left of the table: the top values of kind, method, route,
// status, page, event type, user, session and source among the events the search matches.
// Clicking edits the search text (lib/facet-query.ts) and the table follows it. Collapsible, the
// choice remembered; collapsed it asks the store nothing.
import { memo } from 'react';
import type { CallFailed, Client } from '../../api/client.js';
import type { Facet } from '../../../../shared/facets.js';
import { useFacets, type FacetSearch } from '../../hooks/useFacets.js';
import { useStoredFlag } from '../../hooks/useStoredFlag.js';
import { useHeld } from '../../hooks/useHeld.js';
import { toggleFacet, type FacetMode } from '../../lib/facet-query.js';
import { FacetSection } from './FacetSection.js';
import '../../styles/facets.css';

interface Props extends FacetSearch {
  client: Client;
  /** The table's search for what is shown here has not ended: ask once it has (its rows are in). */
  hold: boolean;
  /** Live updates are paused: the sidebar holds still with the table. */
  paused: boolean;
  onQuery(query: string): void;
  onFatal(err: CallFailed): void;
}

// Memoised: a table answer re-renders the App; this re-renders only when its hold or search changes.
export const FacetSidebar = memo(function FacetSidebar({ client, query, hideAssets, range, hold, paused, onQuery, onFatal }: Props) {
  const [collapsed, setCollapsed] = useStoredFlag('logbridge.facetsCollapsed');
  const asked = { query, hideAssets, range };
  const held = useHeld(asked, hold);
  const state = useFacets(client, held ?? asked, !collapsed && held !== null, paused, onFatal);
  if (collapsed) {
    return (
      <aside className="facet-sidebar collapsed" data-testid="facet-sidebar">
        <button type="button" className="facet-toggle" onClick={() => setCollapsed(false)} aria-expanded="false" title="Show the top values of the search" data-testid="facet-toggle">
          <span className="facet-toggle-text">Facets</span>
        </button>
      </aside>
    );
  }
  const toggle = (facet: Facet, value: string | number, mode: FacetMode) => {
    const next = toggleFacet(query, facet.field, value, mode);
    if (next !== null) onQuery(next);
  };
  const answer = state.answer;
  return (
    <aside className="facet-sidebar" data-testid="facet-sidebar" aria-label="Facets" aria-busy={state.loading}>
      <header className="facet-sidebar-head">
        <span className="facet-sidebar-title">Top values</span>
        {state.loading && <span className="spinner late" aria-label="Loading" />}
        <button type="button" className="icon-button" onClick={() => setCollapsed(true)} aria-expanded="true" aria-label="Hide facets" title="Hide facets" data-testid="facet-toggle">
          ‹
        </button>
      </header>
      <div className={`facet-list${state.error ? ' stale' : ''}`}>
        {state.error && (
          <div className="facet-note" role="status" data-testid="facet-error">
            {state.error.code === 'QUERY_SYNTAX' ? 'Fix the search above to see its top values.' : `Top values could not be read: ${state.error.message}`}
          </div>
        )}
        {answer && answer.total === 0 && !state.error && (
          <div className="facet-note" data-testid="facet-empty">
            {query.trim() === '' && !hideAssets && !range
              ? 'No events yet. Open a log file or send events to the collector, and their top values show here.'
              : 'No events match. Remove a term from the search, or click a value again to take it out.'}
          </div>
        )}
        {answer && answer.total > 0 && answer.facets.map((f) => <FacetSection key={f.field} facet={f} total={answer.total} query={query} onToggle={toggle} />)}
      </div>
    </aside>
  );
});
