// Issue 9: under big batches a single event does not wait behind them at the commit. Groups are
// capped (a request's events are never split) and small requests go first.
import { describe, expect, it } from 'vitest';
import { createCommitQueue, GROUP_EVENTS, SMALL_REQUEST_EVENTS } from '../../electron/core/collect/commit-queue.js';
import type { NewEvent } from '../../shared/events.js';

const events = (n: number, tag: number): NewEvent[] => Array.from({ length: n }, (_, i) => ({ time: tag, kind: 'log', raw: String(i) }));

describe('commit queue under big batches', () => {
  it('commits a small request queued after big ones first, and never groups past the cap', async () => {
    const groups: number[][] = [];
    let release: (() => void) | null = null;
    const q = createCommitQueue(async (evs) => {
      // Each group as the tags of its requests, in order.
      groups.push([...new Set(evs.map((e) => e.time))]);
      if (groups.length === 1) await new Promise<void>((r) => (release = r));
      return evs.map((_, i) => i + 1);
    });
    const first = q.submit(events(1, 0));
    await new Promise((r) => setImmediate(r));
    const big = GROUP_EVENTS - 100;
    const waiting = [q.submit(events(big, 1)), q.submit(events(big, 2)), q.submit(events(SMALL_REQUEST_EVENTS, 3))];
    await new Promise((r) => setImmediate(r));
    release!();
    await Promise.all([first, ...waiting]);
    expect(groups).toEqual([[0], [3, 1], [2]]);
  });

  it('still commits one request bigger than the cap whole, in one group', async () => {
    const sizes: number[] = [];
    const q = createCommitQueue((evs) => {
      sizes.push(evs.length);
      return evs.map((_, i) => i + 1);
    });
    const ids = await q.submit(events(GROUP_EVENTS + 1, 1));
    expect(ids).toHaveLength(GROUP_EVENTS + 1);
    expect(sizes).toEqual([GROUP_EVENTS + 1]);
  });
});
