// `--db FILE` and `--store FILE|clickhouse://...`: which store a command works on. `--db` is the
// stable name from DESIGN.md (a SQLite file); `--store` also takes a ClickHouse URL. Giving both
// is refused rather than guessing which one was meant.
import { z } from 'zod';
import { StoreSpecSchema, type StoreSpec } from '../core/compose.js';
import { UsageError } from './args.js';

export const storeOptions = { db: { type: 'string' }, store: { type: 'string' } } as const;

export const storeArgs = {
  db: z.string().min(1, '--db must name a file').optional(),
  store: z.string().min(1, '--store must name a database file or a clickhouse:// URL').optional(),
};

/** The store the arguments name; the default database when they name none. */
export function storeOf(args: { db?: string; store?: string }, defaultDb: string): StoreSpec {
  if (args.db !== undefined && args.store !== undefined) throw new UsageError('give either --db or --store, not both.');
  if (args.db !== undefined) return { kind: 'sqlite', path: args.db };
  const parsed = StoreSpecSchema.safeParse(args.store ?? defaultDb);
  if (!parsed.success) throw new UsageError(`--store: ${parsed.error.issues[0]?.message ?? 'not a store'}.`);
  return parsed.data;
}

/** How a store is named in messages: a path, or a URL without its password. */
export const storeLabel = (spec: StoreSpec): string => (spec.kind === 'sqlite' ? spec.path : spec.location);
