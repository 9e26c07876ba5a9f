// The figures above the charts (events, API calls, errors, p95), each drilling into its events.
import { formatCount, formatMs, formatPercent } from '../../lib/chart-base.js';
import type { DrillTerm } from '../../lib/dashboard-query.js';
import type { SummaryFigures } from '../../lib/dashboard-summary.js';

const API: DrillTerm = { kind: 'is', field: 'kind', value: 'api' };

interface Props {
  figures: SummaryFigures;
  onDrill(terms: DrillTerm[]): void;
}

export function Summary({ figures, onDrill }: Props) {
  const tiles: { id: string; label: string; value: string; terms: DrillTerm[] | null }[] = [
    { id: 'events', label: 'Events', value: formatCount(figures.events), terms: [] },
    { id: 'calls', label: 'API calls', value: formatCount(figures.calls), terms: [API] },
    { id: 'errors', label: 'Errors (5xx)', value: formatCount(figures.errors), terms: [API, { kind: 'failed' }] },
    { id: 'rate', label: 'Error rate', value: formatPercent(figures.calls ? figures.errors / figures.calls : null), terms: null },
    { id: 'p95', label: 'p95 latency', value: formatMs(figures.p95), terms: null },
  ];
  return (
    <div className="dash-summary" data-testid="dash-summary">
      {tiles.map((t) => {
        const body = (
          <>
            <span className="dash-tile-label">{t.label}</span>
            <span className="dash-tile-value" data-testid={`summary-${t.id}`}>
              {t.value}
            </span>
          </>
        );
        const terms = t.terms;
        return terms ? (
          <button key={t.id} type="button" className="dash-tile link" title="Show these events in the explorer" onClick={() => onDrill(terms)}>
            {body}
          </button>
        ) : (
          <div key={t.id} className="dash-tile">
            {body}
          </div>
        );
      })}
    </div>
  );
}
