// Live updates: the core announces that events were added; we re-run the current search a
// moment later so a burst of collector traffic costs one query, not hundreds.
import { useEffect, useRef, useState } from 'react';
import type { Client, LiveStatus } from '../api/client.js';
import { debounce } from '../lib/debounce.js';

export const LIVE_REFRESH_MS = 200;
/** Events arriving less than LIVE_REFRESH_MS apart still refresh the view this often. */
export const LIVE_REFRESH_MAX_WAIT_MS = 1_000;

export function useLive(client: Client, onAdded: () => void): LiveStatus | 'connecting' {
  const [status, setStatus] = useState<LiveStatus | 'connecting'>('connecting');
  const latest = useRef(onAdded);
  latest.current = onAdded;

  useEffect(() => {
    const refresh = debounce(() => latest.current(), LIVE_REFRESH_MS, LIVE_REFRESH_MAX_WAIT_MS);
    const off = client.subscribe('events.added', () => refresh(), setStatus);
    return () => {
      refresh.cancel();
      off();
    };
  }, [client]);

  return status;
}
