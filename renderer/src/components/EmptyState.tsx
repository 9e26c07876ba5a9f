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
}

export function EmptyState({ client, query, collectorUrl, onOpenFile, recent }: Props) {
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
