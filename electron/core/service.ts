// Implements the API contract on top of the store. The service does not know how it is
// reached: Electron IPC and HTTP both call `dispatch`, and live topics go through `subscribe`.
import { randomBytes } from 'node:crypto';
import type { ImportFormat, ImportSummary, TopicName, TopicPayload } from '../../shared/api.js';
import type { NewEvent } from '../../shared/events.js';
import type { Store } from './store/open.js';
import { compileFilter } from './store/event-filter.js';
import { parseQuery } from './query/parse.js';
import { createDispatch, BadInputError, NotFoundError, type Dispatch, type Handlers } from './rpc/dispatch.js';
import { createTopicBus } from './rpc/topics.js';
import { importLines, splitLines } from './importers/import-lines.js';
import { importFile, ImportFileError } from './importers/import-file.js';
import { UnknownFormatError } from './importers/formats.js';
import { createIpHasher } from './privacy/ip-hash.js';

export interface ServiceOptions {
  version: string;
  dbPath: string;
  collectorUrl: string | null;
  /** Where unexpected errors are reported (default: stderr). */
  log?: (message: string) => void;
}

export interface Service {
  dispatch: Dispatch;
  subscribe<T extends TopicName>(topic: T, fn: (payload: TopicPayload<T>) => void): () => void;
  importPath(path: string, format?: ImportFormat): Promise<ImportSummary>;
  /** Stores events that arrived at the collector, committed before this returns. */
  recordCollected(events: readonly NewEvent[]): number[];
  /** Hashes a client address with a key that never leaves memory. */
  hashClientIp(ip: string): string;
  setCollectorUrl(url: string | null): void;
  readonly store: Store;
}

export function compileQuery(text: string) {
  return compileFilter(parseQuery(text));
}

export function createService(store: Store, opts: ServiceOptions): Service {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const bus = createTopicBus((err) => log(`live subscriber failed: ${String(err)}`));
  let collectorUrl = opts.collectorUrl;
  const fileIpHash = createIpHasher(store.settings.secret('file_ip_hash_key'));
  const clientIpHash = createIpHasher(randomBytes(32));

  const announce = (count: number, latestId: number) => {
    if (count > 0) bus.publish('events.added', { count, latest_id: latestId });
  };

  const wrapImportErrors = async (run: () => Promise<ImportSummary>) => {
    try {
      return await run();
    } catch (err) {
      if (err instanceof UnknownFormatError || err instanceof ImportFileError) throw new BadInputError(err.message);
      throw err;
    }
  };

  const importOptions = (format: ImportFormat) => ({ store, format, ctx: { ipHash: fileIpHash }, onCommit: announce });

  const handlers: Handlers = {
    'app.info': () => ({ version: opts.version, dbPath: opts.dbPath, collectorUrl }),
    'events.search': ({ query, limit, before }) => {
      const filter = compileQuery(query);
      const events = store.events.search(filter, limit, before);
      const last = events.length === limit ? events[events.length - 1] : undefined;
      return { events, total: store.events.count(filter), next: last ? { time: last.time, id: last.id } : null };
    },
    'events.get': ({ id }) => {
      const event = store.events.get(id);
      if (!event) throw new NotFoundError(`No event with id ${id}.`);
      return event;
    },
    'stats.routes': ({ query, by, limit }) => ({ rows: store.stats.routes(compileQuery(query), by, limit) }),
    'import.file': ({ name, content, format }) =>
      wrapImportErrors(() => importLines(splitLines(content), { ...importOptions(format), name })),
    'sources.list': () => ({ sources: store.sources.list() }),
  };

  return {
    store,
    dispatch: createDispatch(handlers, (err) => log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)),
    subscribe: (topic, fn) => bus.subscribe(topic, fn),
    importPath: (path, format = 'auto') => wrapImportErrors(() => importFile(path, importOptions(format))),
    recordCollected(events) {
      const ids = store.append(store.sources.collectorId(), events);
      announce(ids.length, ids[ids.length - 1] ?? 0);
      return ids;
    },
    hashClientIp: clientIpHash,
    setCollectorUrl(url) {
      collectorUrl = url;
    },
  };
}
