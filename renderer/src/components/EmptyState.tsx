import type { ReactNode } from 'react';
import type { Client } from '../api/client.js';
import { UploadIcon } from './icons.js';
import { LoadDemoButton } from './LoadDemoButton.js';

interface Props {
  client: Client;
  query: string;
  collectorUrl: string | null;
  onOpenFile(): void;
  /** Files opened before, to open again. */
  recent?: ReactNode;
  /** The time range, when the explorer is narrowed to one (rangeLabel), and how to widen it to all time. */
  range?: { label: string; onAllTime(): void };
}

export function EmptyState({ client, query, collectorUrl, onOpenFile, recent, range }: Props) {
  if (range) {
    return (
      <div className="empty" data-testid="empty-range">
        <div className="empty-title">No events {query.trim() === '' ? '' : 'match this search '}in this time range</div>
        <div className="dim">{range.label}. Pick a wider range, or:</div>
        <button type="button" className="button" onClick={range.onAllTime}>
          Show all time
        </button>
      </div>
    );
  }
  if (query.trim() !== '') {
    return (
      <div className="empty">
        <div className="empty-title">No events match this search</div>
        <div className="dim">
          Nothing matches <code>{query}</code>. Try fewer terms, or a wildcard such as <code>route:/api/*</code>.
        </div>
      </div>
    );
  }
  return (
    <div className="empty">
      <div className="empty-title">No events yet</div>
      <div className="dim">Open an access log, or drop a file anywhere on this window.</div>
      <button type="button" className="button primary" onClick={onOpenFile}>
        <UploadIcon />
        Open file
      </button>
      {recent}
      {collectorUrl && (
        <>
          <div className="dim">
            Or send events from your app to <code>{collectorUrl}</code>, or see Logbridge on a demo shop’s visitors:
          </div>
          <LoadDemoButton client={client} />
        </>
      )}
    </div>
  );
}
