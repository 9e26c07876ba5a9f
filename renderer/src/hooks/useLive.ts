// Live updates: the core announces that events were added; we re-run the current search a
// moment later so a burst of collector traffic costs one query, not hundreds. Paused, the view
// holds still and counts what arrived; resuming brings it in at once.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Client, LiveStatus } from '../api/client.js';
import { debounce } from '../lib/debounce.js';

export const LIVE_REFRESH_MS = 200;
/** Events arriving less than LIVE_REFRESH_MS apart still refresh the view this often. */
export const LIVE_REFRESH_MAX_WAIT_MS = 1_000;

export interface Live {
  status: LiveStatus | 'connecting';
  paused: boolean;
  /** Announcements of new events since the pause (each may carry many events). */
  waiting: number;
  pause(): void;
  resume(): void;
}

export function useLive(client: Client, onAdded: () => void): Live {
  const [status, setStatus] = useState<LiveStatus | 'connecting'>('connecting');
  const [paused, setPaused] = useState(false);
  const [waiting, setWaiting] = useState(0);
  const latest = useRef(onAdded);
  latest.current = onAdded;
  const pausedRef = useRef(false);
  const waitingRef = useRef(0);

  useEffect(() => {
    const refresh = debounce(() => latest.current(), LIVE_REFRESH_MS, LIVE_REFRESH_MAX_WAIT_MS);
    const off = client.subscribe(
      'events.added',
      ({ count }) => {
        if (!pausedRef.current) return refresh();
        // A removal elsewhere announces 0 events: still a change to show on resuming.
        waitingRef.current += Math.max(count, 1);
        setWaiting(waitingRef.current);
      },
      setStatus,
    );
    return () => {
      refresh.cancel();
      off();
    };
  }, [client]);

  const pause = useCallback(() => {
    pausedRef.current = true;
    setPaused(true);
  }, []);
  const resume = useCallback(() => {
    pausedRef.current = false;
    setPaused(false);
    if (waitingRef.current > 0) latest.current();
    waitingRef.current = 0;
    setWaiting(0);
  }, []);

  return { status, paused, waiting, pause, resume };
}
