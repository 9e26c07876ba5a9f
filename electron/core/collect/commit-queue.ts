// Group commit. Every acknowledged event must be on disk (synchronous=FULL), and an fsync costs
// the same for one event as for ten thousand, so requests that arrive together share one
// transaction. Each request queues its events; the first schedules a flush for the end of the
// current event-loop turn (setImmediate runs after every socket the poll phase had ready).
// While a group is being committed on the writer thread, newer requests queue up behind it and
// go as the next group the moment it is done, so groups grow exactly when load does.
//
// Groups are capped, and small requests go first: a single event must not wait behind a commit
// of ten thousand events that big batches queued before it (each costs the writer time, and the
// event loop the time to hand the whole group to the writer thread).
import type { NewEvent } from '../../../shared/events.js';

/** Events in one group, unless one request alone holds more: a request's events are never split. */
export const GROUP_EVENTS = 2500;
/** Requests of at most this many events are taken before bigger ones queued earlier. */
export const SMALL_REQUEST_EVENTS = 10;

/** `Id`: whatever the store hands out for a stored event (opaque to the queue). */
export interface CommitQueue<Id = string> {
  /** Resolves with the events' ids once they are committed; rejects if the commit failed. */
  submit(events: readonly NewEvent[]): Promise<Id[]>;
  /** Resolves once everything queued so far is committed (or failed). */
  drain(): Promise<void>;
  /** Number of commits and events so far. */
  stats(): { commits: number; events: number };
}

interface Pending<Id> {
  events: readonly NewEvent[];
  resolve(ids: Id[]): void;
  reject(err: unknown): void;
}

/** The next group out of `queue` (small requests first, then in order) and what stays queued. */
function nextGroup<Id>(queue: Pending<Id>[]): { group: Pending<Id>[]; rest: Pending<Id>[] } {
  const ordered = [...queue.filter((p) => p.events.length <= SMALL_REQUEST_EVENTS), ...queue.filter((p) => p.events.length > SMALL_REQUEST_EVENTS)];
  const group: Pending<Id>[] = [];
  let size = 0;
  let at = 0;
  for (; at < ordered.length; at++) {
    const n = ordered[at]!.events.length;
    if (group.length > 0 && size + n > GROUP_EVENTS) break;
    group.push(ordered[at]!);
    size += n;
  }
  return { group, rest: ordered.slice(at) };
}

export function createCommitQueue<Id>(commit: (events: readonly NewEvent[]) => Id[] | Promise<Id[]>): CommitQueue<Id> {
  let queue: Pending<Id>[] = [];
  let scheduled = false;
  let inflight: Promise<void> | null = null;
  let commits = 0;
  let committed = 0;

  const runGroup = async (group: Pending<Id>[]) => {
    const all = group.length === 1 ? group[0]!.events : group.flatMap((p) => p.events);
    let ids: Id[];
    try {
      ids = await commit(all);
    } catch (err) {
      // One transaction: nothing of the group was committed, so no request is acknowledged.
      for (const p of group) p.reject(err);
      return;
    }
    commits++;
    committed += all.length;
    let at = 0;
    for (const p of group) {
      p.resolve(ids.slice(at, at + p.events.length));
      at += p.events.length;
    }
  };

  const flush = () => {
    scheduled = false;
    if (inflight || queue.length === 0) return;
    const { group, rest } = nextGroup(queue);
    queue = rest;
    inflight = runGroup(group).finally(() => {
      inflight = null;
      // Whatever arrived meanwhile is the next group.
      if (queue.length > 0) flush();
    });
  };

  return {
    submit(events) {
      if (events.length === 0) return Promise.resolve([]);
      return new Promise<Id[]>((resolve, reject) => {
        queue.push({ events, resolve, reject });
        if (!scheduled && !inflight) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    async drain() {
      while (inflight || queue.length > 0) {
        if (!inflight) flush();
        await inflight;
      }
    },
    stats: () => ({ commits, events: committed }),
  };
}
