// The composition root: the one place that turns "which store" and a few options into a running
// core. The desktop app (main.ts), `logbridge serve` (serve.ts) and every command of the CLI
// call openCore; nothing else opens a store or builds a service.
import path from 'node:path';
import { z } from 'zod';
import type { EventStore } from './store/port.js';
import { openSqliteStore } from './store/sqlite/adapter.js';
// The URL reader only (zod, no client): the HTTP client loads when a ClickHouse store opens.
import { ClickHouseTargetSchema } from './store/clickhouse/url.js';
import { createService, type Service, type ServiceOptions } from './service.js';
import { defaultDataDir } from './paths.js';

/** `location`: the ClickHouse URL as messages show it, without its password. */
export type StoreSpec = { kind: 'sqlite'; path: string } | { kind: 'clickhouse'; url: string; location: string };

/**
 * `--store` (and `--db`): a `clickhouse://` URL names a ClickHouse database; anything else is the
 * path of a SQLite file (`:memory:` included).
 */
export const StoreSpecSchema = z
  .string()
  .min(1, 'the store must name a database file or a clickhouse:// URL')
  .transform((text, ctx): StoreSpec => {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { kind: 'sqlite', path: text };
    if (/^clickhouse:\/\//i.test(text)) {
      const target = ClickHouseTargetSchema.safeParse(text);
      if (target.success) return { kind: 'clickhouse', url: text, location: target.data.location };
      ctx.addIssue({ code: 'custom', message: target.error.issues[0]?.message ?? 'not a ClickHouse store URL' });
      return z.NEVER;
    }
    ctx.addIssue({
      code: 'custom',
      message: `"${text.split('://')[0]}://" is not a store Logbridge knows; give a database file path or clickhouse://host:port/database`,
    });
    return z.NEVER;
  });

export interface CoreOptions extends Omit<ServiceOptions, 'uploadsDir'> {
  store: StoreSpec;
  /** better_sqlite3.node for this runtime (Electron's ABI). */
  nativeBinding?: string;
  /** Keep SQLite's in-memory columnar index (store/sqlite/adapter.ts); off for one-shot commands. */
  columnar?: boolean;
}

export interface Core {
  service: Service;
  store: EventStore;
  /** Stops the service, then closes the store. */
  close(): Promise<void>;
}

export async function openStoreFor(spec: StoreSpec, opts: Pick<CoreOptions, 'nativeBinding' | 'log' | 'columnar'> = {}): Promise<EventStore> {
  if (spec.kind === 'clickhouse') {
    // Loaded only when asked for: SQLite users never pay for the HTTP client.
    const { openClickHouseStore } = await import('./store/clickhouse/index.js');
    return openClickHouseStore(spec.url);
  }
  return openSqliteStore({
    path: spec.path,
    nativeBinding: opts.nativeBinding,
    log: opts.log,
    columnar: opts.columnar,
  });
}

/**
 * Uploaded files are kept beside a SQLite file; with a server store, in the user's data folder;
 * for an in-memory store, in a temporary folder (null) the service deletes at stop.
 */
function uploadsDirFor(spec: StoreSpec): string | null {
  if (spec.kind === 'clickhouse') return path.join(defaultDataDir(), 'uploads');
  return spec.path === ':memory:' ? null : path.join(path.dirname(path.resolve(spec.path)), 'uploads');
}

/** Saved views live beside the database, like its uploads; an in-memory store keeps them in memory. */
function viewsFileFor(spec: StoreSpec): string | null {
  if (spec.kind === 'clickhouse') return path.join(defaultDataDir(), 'views.json');
  return spec.path === ':memory:' ? null : `${path.resolve(spec.path)}.views.json`;
}

export async function openCore(opts: CoreOptions): Promise<Core> {
  const store = await openStoreFor(opts.store, opts);
  let service: Service;
  try {
    service = await createService(store, {
      ...opts,
      uploadsDir: uploadsDirFor(opts.store),
      viewsFile: viewsFileFor(opts.store),
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  return {
    service,
    store,
    async close() {
      try {
        await service.stop();
      } finally {
        await store.close();
      }
    },
  };
}
