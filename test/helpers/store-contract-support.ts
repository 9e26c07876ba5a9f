// What the store contract's files (store-contract*.ts) share: a fresh store per test, the
// events a query finds across every page, and rows of an aggregate as flat arrays.
import { onTestFinished } from 'vitest';
import type { LogEvent } from '../../shared/events.js';
import { parseQuery } from '../../electron/core/query/parse.js';
import type { AggregateRow, EventStore, FileIdentity } from '../../electron/core/store/port.js';

export const T0 = Date.UTC(2015, 4, 17, 10, 0, 0);
export const MIN = 60_000;

export type Open = () => Promise<EventStore>;

export async function fresh(open: Open): Promise<EventStore> {
  const store = await open();
  onTestFinished(() => store.close());
  return store;
}

export const file = (path: string, size = 100, headHash = 'h1'): FileIdentity => ({ path, size, mtimeMs: 1_700_000_000_123.5, headHash });

export async function everything(store: EventStore, query: string | null = null): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.search({ filter: query === null ? null : parseQuery(query), limit: 1000, after });
    out.push(...page.events);
    if (page.next === null) return out;
    after = page.next;
  }
}

/** A row of an aggregate as [keys..., values...] (and the bucket first when there is one), for readable expectations. */
export const flat = (r: AggregateRow) => [...(r.bucket === undefined ? [] : [r.bucket]), ...r.keys, ...r.values];
