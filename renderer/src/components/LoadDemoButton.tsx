// "Load demo data": the demo shop's seeded crowd sent through this app's own collector, so an
// empty store has real sessions to explore. Offered by every empty state that means "no data yet".
import { useState } from 'react';
import { isCallFailed, type Client } from '../api/client.js';

interface Props {
  client: Client;
  /** After the demo's events are stored (the live feed shows them as well). */
  onLoaded?(): void;
}

export function LoadDemoButton({ client, onLoaded }: Props) {
  const [state, setState] = useState<{ busy: boolean; error: string | null; done: string | null }>({ busy: false, error: null, done: null });
  const load = () => {
    setState({ busy: true, error: null, done: null });
    client.call('demo.load', {}).then(
      (r) => {
        setState({ busy: false, error: null, done: `Loaded ${r.sessions.toLocaleString('en-US')} demo sessions (${r.events.toLocaleString('en-US')} events).` });
        onLoaded?.();
      },
      (err: unknown) => setState({ busy: false, error: isCallFailed(err) ? err.message : String(err), done: null }),
    );
  };
  return (
    <div className="load-demo">
      <button type="button" className="button" onClick={load} disabled={state.busy} data-testid="load-demo">
        {state.busy && <span className="spinner" aria-hidden="true" />}
        {state.busy ? 'Loading demo data…' : 'Load demo data'}
      </button>
      {state.busy && <div className="dim">A seeded crowd of visitors is shopping in the demo shop; their sessions arrive through the collector.</div>}
      {state.done && <div className="dim" role="status">{state.done}</div>}
      {state.error && (
        <div className="load-demo-error" role="alert">
          {state.error}
        </div>
      )}
    </div>
  );
}
