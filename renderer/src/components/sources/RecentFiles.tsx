// The files the user opened recently (file sources with a path of theirs, newest first). Choosing
// one reads it again when it changed (grown: only the new lines) and shows its events; a file
// moved or deleted since says so.
import { useState } from 'react';
import type { Source } from '../../../../shared/api.js';
import { isCallFailed, type CallFailed, type Client } from '../../api/client.js';
import { recentFiles, showEventsQuery } from '../../lib/sources.js';
import { VisibleText, visibleTitle } from '../../lib/visible-text.js';

interface Props {
  client: Client;
  sources: readonly Source[] | null;
  onShowEvents(query: string): void;
  onChanged(): void;
  onFatal(err: CallFailed): void;
}

export function RecentFiles({ client, sources, onShowEvents, onChanged, onFatal }: Props) {
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const recent = recentFiles(sources ?? []);
  if (recent.length === 0) return null;

  const open = async (source: Source) => {
    setBusy(source.id);
    setError(null);
    try {
      // Options left out: it is read as it was before; unchanged means nothing is read.
      await client.call('sources.reimport', { source_id: source.id });
      onChanged();
      const query = showEventsQuery(source);
      if (query !== null) onShowEvents(query);
    } catch (err) {
      if (isCallFailed(err, 'SESSION_MISSING')) onFatal(err);
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="recent-files" data-testid="recent-files" aria-label="Recent files">
      <h3>Recent files</h3>
      <ul>
        {recent.map((s) => (
          <li key={s.id}>
            <button type="button" className="link-button" disabled={busy !== null} title={visibleTitle(s.path ?? undefined)} onClick={() => void open(s)} data-testid="recent-file">
              <VisibleText text={s.name} />
            </button>
            <span className="mono dim recent-path">
              <VisibleText text={s.path ?? ''} />
            </span>
            {busy === s.id && <span className="dim"> Reading…</span>}
          </li>
        ))}
      </ul>
      {error && (
        <div className="source-message error" role="alert" data-testid="recent-error">
          {error}
        </div>
      )}
    </section>
  );
}
