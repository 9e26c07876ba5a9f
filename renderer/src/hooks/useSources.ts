// The list of sources, kept current: read at start, and again when events arrive (an import
// running, a followed file growing, the collector) or an import starts or ends, so counts and
// states move while the panel is open. A burst of announcements costs one call per interval.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Source } from '../../../shared/api.js';
import { isCallFailed, type CallFailed, type Client } from '../api/client.js';
import { debounce } from '../lib/debounce.js';
import { progressChangesList } from '../lib/sources.js';

const REFRESH_MS = 300;
const REFRESH_MAX_WAIT_MS = 1_000;

export interface SourcesState {
  sources: Source[] | null;
  error: string | null;
  refresh(): void;
}

export function useSources(client: Client, onFatal: (err: CallFailed) => void): SourcesState {
  const [sources, setSources] = useState<Source[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Answers can come back out of order; only the newest call's answer is shown.
  const generation = useRef(0);
  const latestFatal = useRef(onFatal);
  latestFatal.current = onFatal;

  const refresh = useCallback(() => {
    const mine = ++generation.current;
    client.call('sources.list', {}).then(
      (r) => {
        if (mine !== generation.current) return;
        setSources(r.sources);
        setError(null);
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        if (isCallFailed(err, 'SESSION_MISSING')) latestFatal.current(err);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  }, [client]);

  useEffect(() => {
    refresh();
    const later = debounce(refresh, REFRESH_MS, REFRESH_MAX_WAIT_MS);
    const offAdded = client.subscribe('events.added', () => later());
    const jobs = new Set<string>();
    const offProgress = client.subscribe('import.progress', (p) => {
      if (progressChangesList(jobs, p)) later();
    });
    return () => {
      later.cancel();
      offAdded();
      offProgress();
    };
  }, [client, refresh]);

  return { sources, error, refresh };
}
