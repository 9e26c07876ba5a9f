import { describe, expect, it } from 'vitest';
import { createCommitQueue } from '../../electron/core/collect/commit-queue.js';
import type { NewEvent } from '../../shared/events.js';

const ev = (n: number): NewEvent => ({ time: n, kind: 'log', raw: String(n) });

describe('commit queue', () => {
  it('commits requests that arrive in the same turn together and hands each its own ids', async () => {
    const commits: number[][] = [];
    let next = 1;
    const q = createCommitQueue((events) => {
      commits.push(events.map((e) => e.time));
      return events.map(() => next++);
    });
    const [a, b, c] = await Promise.all([q.submit([ev(1), ev(2)]), q.submit([ev(3)]), q.submit([ev(4), ev(5), ev(6)])]);
    expect(commits).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect([a, b, c]).toEqual([[1, 2], [3], [4, 5, 6]]);
    expect(await q.submit([ev(7)])).toEqual([7]);
    expect(q.stats()).toEqual({ commits: 2, events: 7 });
  });

  it('queues behind a commit in flight and sends everything that arrived meanwhile as one group', async () => {
    const commits: number[][] = [];
    let release: (() => void) | null = null;
    const q = createCommitQueue(async (events) => {
      commits.push(events.map((e) => e.time));
      if (commits.length === 1) await new Promise<void>((r) => (release = r));
      return events.map((e) => e.time * 10);
    });
    const first = q.submit([ev(1)]);
    await new Promise((r) => setImmediate(r));
    const later = [q.submit([ev(2)]), q.submit([ev(3)])];
    await new Promise((r) => setImmediate(r));
    expect(commits).toEqual([[1]]);
    release!();
    expect(await first).toEqual([10]);
    expect(await Promise.all(later)).toEqual([[20], [30]]);
    expect(commits).toEqual([[1], [2, 3]]);
    await q.drain();
  });

  it('acknowledges nothing of a group whose commit failed, and recovers for the next', async () => {
    let fail = true;
    const q = createCommitQueue((events) => {
      if (fail) throw new Error('disk full');
      return events.map((_, i) => i + 1);
    });
    const results = await Promise.allSettled([q.submit([ev(1)]), q.submit([ev(2)])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await q.submit([ev(3)])).toEqual([1]);
  });
});
