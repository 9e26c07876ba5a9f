// A yes/no choice the user makes once and finds again next time (this browser's storage).
import { useCallback, useState } from 'react';

function read(key: string): boolean {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    // Storage refused (a locked-down profile): the choice lasts this page.
    return false;
  }
}

export function useStoredFlag(key: string): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => read(key));
  const set = useCallback(
    (next: boolean) => {
      setOn(next);
      try {
        localStorage.setItem(key, next ? '1' : '0');
      } catch {
        // As above: kept in memory only.
      }
    },
    [key],
  );
  return [on, set];
}
