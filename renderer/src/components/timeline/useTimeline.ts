// One session's events (sessions.timeline), fetched when the session or the search changes. An
// answer for a session the user has already left is dropped.
import { useEffect, useState } from 'react';
import type { Timeline } from '../../../../shared/analysis.js';
import { isCallFailed, type CallFailed, type Client } from '../../api/client.js';

/** Marks when a timeline's data arrived, so the e2e suite can measure the render that follows. */
export const TIMELINE_DATA_MARK = 'timeline-data';

export type TimelineLoad =
  | { state: 'loading'; key: string }
  | { state: 'ready'; key: string; timeline: Timeline }
  | { state: 'failed'; key: string; error: CallFailed | null; query: string };

export const timelineKey = (sessionId: string, query: string): string => JSON.stringify([sessionId, query]);

export function useTimeline(client: Client, sessionId: string, query: string, onFatal: (err: CallFailed) => void): TimelineLoad {
  const key = timelineKey(sessionId, query);
  const [load, setLoad] = useState<TimelineLoad>({ state: 'loading', key });

  useEffect(() => {
    let live = true;
    setLoad((l) => (l.key === key ? l : { state: 'loading', key }));
    client.call('sessions.timeline', { session_id: sessionId, query }).then(
      (timeline) => {
        if (!live) return;
        performance.clearMarks(TIMELINE_DATA_MARK);
        performance.mark(TIMELINE_DATA_MARK);
        setLoad({ state: 'ready', key, timeline });
      },
      (err: unknown) => {
        if (!live) return;
        if (isCallFailed(err, 'SESSION_MISSING')) onFatal(err);
        if (!isCallFailed(err)) console.error(err);
        setLoad({ state: 'failed', key, error: isCallFailed(err) ? err : null, query });
      },
    );
    return () => {
      live = false;
    };
  }, [client, key, sessionId, query, onFatal]);

  // A render between a new session and its effect still holds the old answer: not ours to show.
  return load.key === key ? load : { state: 'loading', key };
}
