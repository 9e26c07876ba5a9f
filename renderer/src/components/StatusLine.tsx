import type { LiveStatus } from '../api/client.js';
import type { AppInfo } from '../hooks/useAppInfo.js';
import { groupDigits } from '../lib/format.js';

interface Props {
  info: AppInfo | null;
  live: LiveStatus | 'connecting';
  loaded: number;
  total: number | null;
  transport: 'ipc' | 'http';
}

export function StatusLine({ info, live, loaded, total, transport }: Props) {
  const liveLabel = live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting' : 'Reconnecting';
  return (
    <footer className="status-line" data-testid="status-line">
      <span className={`live-dot ${live}`} title={live === 'live' ? 'New events appear as they arrive' : 'Live updates are paused'} />
      <span className="status-item">{liveLabel}</span>
      <span className="status-item" title={info?.dbPath}>
        <span className="status-label">{info?.store.kind === 'clickhouse' ? 'ClickHouse' : 'Database'}</span>{' '}
        <span className="mono">{info ? info.dbPath : '…'}</span>
      </span>
      {info && info.store.notes.length > 0 && (
        // A store that answers differently from the embedded one says so where the user looks.
        <span className="status-item store-notes" data-testid="store-notes" title={info.store.notes.join('\n')}>
          {info.store.notes[0]}
        </span>
      )}
      <span className="status-item" title={info?.collectorUrl ?? undefined}>
        <span className="status-label">Collector</span> <span className="mono">{info ? (info.collectorUrl ?? 'off') : '…'}</span>
      </span>
      <span className="status-spacer" />
      {total !== null && total > 0 && (
        <span className="status-item">
          {groupDigits(loaded)} of {groupDigits(total)} loaded
        </span>
      )}
      <span className="status-item dim">{transport === 'ipc' ? 'Desktop' : 'Browser mode'}</span>
      {info && <span className="status-item dim">v{info.version}</span>}
    </footer>
  );
}
