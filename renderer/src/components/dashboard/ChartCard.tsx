// A dashboard card: its title and controls, then its own state: loading, its error, nothing to
// show, or the chart. A query error is shown once, above the cards, so a card only names it.
import type { KeyboardEvent, ReactNode } from 'react';
import type { CallFailed } from '../../api/client.js';

interface Props {
  title: string;
  /** One line under the title: what is counted. */
  note?: string;
  testId: string;
  loading: boolean;
  error: CallFailed | null;
  /** Loaded, and nothing to draw. */
  empty: boolean;
  emptyText?: string;
  controls?: ReactNode;
  /** Spans the whole row of the grid. */
  wide?: boolean;
  children: ReactNode;
}

export function ChartCard({ title, note, testId, loading, error, empty, emptyText = 'Nothing in this range', controls, wide, children }: Props) {
  const state = error ? 'error' : empty ? 'empty' : 'ready';
  return (
    <section className={`dash-card${wide ? ' wide' : ''}`} data-testid={testId} data-state={loading ? 'loading' : state} aria-busy={loading}>
      <header className="dash-card-head">
        <div className="dash-card-titles">
          <h2 className="dash-card-title">{title}</h2>
          {note && <div className="dash-card-note">{note}</div>}
        </div>
        {loading && <span className="spinner" aria-label="Loading" />}
        {controls}
      </header>
      {error ? (
        <div className="dash-card-message error" role="alert">
          {error.code === 'QUERY_SYNTAX' ? 'The search has an error (shown above).' : error.message}
        </div>
      ) : empty && !loading ? (
        <div className="dash-card-message">{emptyText}</div>
      ) : empty ? (
        <div className="dash-card-message">Loading…</div>
      ) : (
        children
      )}
    </section>
  );
}

/** A row of small toggle buttons (the range, the bridge window, client or user). */
export function Segmented<T extends string | number>({
  options,
  value,
  onChange,
  label,
  testId,
}: {
  options: readonly { id: T; label: string }[];
  value: T;
  onChange(value: T): void;
  label: string;
  testId: string;
}) {
  return (
    <div className="segmented" role="group" aria-label={label} data-testid={testId}>
      {options.map((o) => (
        <button
          key={String(o.id)}
          type="button"
          className={`segment${o.id === value ? ' on' : ''}`}
          aria-pressed={o.id === value}
          data-testid={`${testId}-${o.id}`}
          onClick={() => onChange(o.id)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** Enter or Space on a focused row drills, as a click does. */
export function activateOnKey(e: KeyboardEvent, go: () => void): void {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    go();
  }
}
