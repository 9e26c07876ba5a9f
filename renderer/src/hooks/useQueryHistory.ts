// The recent-queries list of the search box, kept in this browser's storage (lib/query-history.ts).
import { useCallback, useState } from 'react';
import { forget, readHistory, remember, writeHistory } from '../lib/query-history.js';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export interface QueryHistory {
  entries: string[];
  remember(query: string): void;
  forget(query: string): void;
  clear(): void;
}

export function useQueryHistory(): QueryHistory {
  const [entries, setEntries] = useState(() => readHistory(storage()));
  const update = useCallback((change: (h: string[]) => string[]) => {
    // Read again first: another tab of the app may have added to it since.
    const next = change(readHistory(storage()));
    writeHistory(storage(), next);
    setEntries(next);
  }, []);
  return {
    entries,
    remember: useCallback((q: string) => update((h) => remember(h, q)), [update]),
    forget: useCallback((q: string) => update((h) => forget(h, q)), [update]),
    clear: useCallback(() => update(() => []), [update]),
  };
}
