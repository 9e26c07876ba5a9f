// Every source the events came from (the collector and each file), opened from the status line
// or with S. A side sheet over the current view, so the table stays in sight while a followed
// file grows or an import runs; the list refreshes itself (useSources).
import { useEffect, useRef } from 'react';
import type { Source } from '../../../../shared/api.js';
import type { CallFailed, Client } from '../../api/client.js';
import { listedSources } from '../../lib/sources.js';
import { RecentFiles } from './RecentFiles.js';
import { SourceItem } from './SourceItem.js';

interface Props {
  client: Client;
  sources: Source[] | null;
  error: string | null;
  collectorUrl: string | null;
  onShowEvents(query: string): void;
  onChanged(): void;
  onOpenFile(): void;
  onClose(): void;
  onFatal(err: CallFailed): void;
}

export function SourcesPanel({ client, sources, error, collectorUrl, onShowEvents, onChanged, onOpenFile, onClose, onFatal }: Props) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => back?.focus();
  }, []);
  const shown = sources ? listedSources(sources) : null;
  return (
    <div className="overlay sources-overlay" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <aside className="sources-panel" role="dialog" aria-modal="true" aria-labelledby="sources-title" data-testid="sources-panel">
        <div className="sources-head">
          <h2 id="sources-title">Sources</h2>
          <button type="button" className="button small" onClick={onOpenFile}>
            Open file
          </button>
          <button ref={closeRef} type="button" className="button small" onClick={onClose} data-testid="sources-close">
            Close
          </button>
        </div>
        {error && (
          <div className="source-message error" role="alert">
            Could not list the sources: {error}
          </div>
        )}
        {shown === null && !error && <div className="dim">Loading…</div>}
        {shown?.length === 0 && (
          <div className="sources-empty" data-testid="sources-empty">
            <p>No sources yet.</p>
            <p className="dim">
              Open a log file, drop one anywhere on this window, or run <code>logbridge import &lt;file&gt;</code>
              {collectorUrl ? (
                <>
                  , or send events from your app to <code>{collectorUrl}</code>
                </>
              ) : null}
              .
            </p>
          </div>
        )}
        <RecentFiles client={client} sources={sources} onShowEvents={onShowEvents} onChanged={onChanged} onFatal={onFatal} />
        {shown && shown.length > 0 && (
          <ul className="sources-list" data-testid="sources-list">
            {shown.map((s) => (
              <SourceItem key={s.id} client={client} source={s} onShowEvents={onShowEvents} onChanged={onChanged} onFatal={onFatal} />
            ))}
          </ul>
        )}
      </aside>
    </div>
  );
}
