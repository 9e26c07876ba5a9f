// The column layout, remembered across reloads in local storage (kept in memory alone where
// storage is refused).
import { useCallback, useState } from 'react';
import { parseLayout, type ColumnLayout } from '../lib/column-layout.js';

const KEY = 'logbridge.columns';

function read(known: readonly string[]): ColumnLayout {
  try {
    return parseLayout(localStorage.getItem(KEY), known);
  } catch {
    return parseLayout(null, known);
  }
}

export function useColumnLayout(known: readonly string[]): [ColumnLayout, (next: ColumnLayout) => void, () => void] {
  const [layout, setLayout] = useState(() => read(known));
  const set = useCallback((next: ColumnLayout) => {
    setLayout(next);
    try {
      localStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      // Private windows and full disks refuse: the layout lasts until the reload.
    }
  }, []);
  const reset = useCallback(() => {
    set(parseLayout(null, known));
  }, [set, known]);
  return [layout, set, reset];
}
