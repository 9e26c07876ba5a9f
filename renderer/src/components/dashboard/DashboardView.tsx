// The dashboard view: its page and ECharts load on first use, in a chunk of their own, so the
// explorer starts without them.
import { lazy, Suspense } from 'react';
import type { Client, CallFailed } from '../../api/client.js';

export interface DashboardViewProps {
  client: Client;
  query: string;
  /** Opens the explorer on this query (a chart element's events). */
  onDrill(query: string): void;
  onFatal(err: CallFailed): void;
}

const DashboardPage = lazy(() => import('./DashboardPage.js'));

export function DashboardView(props: DashboardViewProps) {
  return (
    <Suspense
      fallback={
        <div className="dashboard" data-testid="dashboard-loading">
          <span className="spinner" aria-label="Loading the dashboard" />
        </div>
      }
    >
      <DashboardPage {...props} />
    </Suspense>
  );
}
