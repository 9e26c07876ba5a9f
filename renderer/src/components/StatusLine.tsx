import type { ReactNode } from 'react';
import type { AppInfo } from '../hooks/useAppInfo.js';
import type { Live } from '../hooks/useLive.js';
import { groupDigits } from '../lib/format.js';
import { ThemeButton } from './ThemeButton.js';

interface Props {
  info: AppInfo | null;
  live: Live;
  transport: 'ipc' | 'http';
  /** The button that opens the sources panel. */
  sources?: ReactNode;
}

export function StatusLine({ info, live, transport, sources }: Props) {
  const { status, paused } = live;
  const liveLabel = paused ? 'Paused' : status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting' : 'Reconnecting';
  return (
    <footer className="status-line" data-testid="status-line">
      <span className={`live-dot ${paused ? 'paused' : status}`} title={paused ? 'Paused: the rows hold still' : status === 'live' ? 'New events appear as they arrive' : 'Live updates are interrupted'} />
      <span className="status-item" data-testid="live-state">
        {liveLabel}
        {paused && live.waiting > 0 && <span className="dim"> · {groupDigits(live.waiting)} new</span>}
      </span>
      <button
        type="button"
        className="link-button status-item"
        data-testid="live-toggle"
        title={paused ? 'Show what arrived and follow new events again' : 'Hold the rows still while you read'}
        onClick={paused ? live.resume : live.pause}
      >
        {paused ? 'Resume' : 'Pause'}
      </button>
      {sources}
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
      <ThemeButton />
      <span className="status-item dim">{transport === 'ipc' ? 'Desktop' : 'Browser mode'}</span>
      {info && <span className="status-item dim">v{info.version}</span>}
    </footer>
  );
}
