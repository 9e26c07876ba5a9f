// Implements the API contract on top of the store. The service does not know how it is
// reached: Electron IPC and HTTP both call `dispatch`, and live topics go through `subscribe`.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImportSummary, TopicName, TopicPayload } from '../../shared/api.js';
import type { NewEvent } from '../../shared/events.js';
import type { Store } from './store/sqlite/open.js';
import { compileFilter } from './store/sqlite/event-filter.js';
import { parseQuery } from './query/parse.js';
import { createDispatch, BadInputError, NotFoundError, type Dispatch, type Handlers } from './rpc/dispatch.js';
import { createTopicBus } from './rpc/topics.js';
import { ImportFileError } from './importers/file-identity.js';
import { UnknownFormatError } from './importers/formats/index.js';
import { createImports, type PathImportOptions } from './importers/imports.js';
import { readRaw } from './importers/raw-reader.js';
import { LogFormatError } from './importers/log-format/errors.js';
import { createRotatingIpHasher } from './privacy/ip-hash.js';
import { createRedactor, DEFAULT_REDACTION_RULES, type RedactionRules } from './privacy/redact.js';
import { startRetentionPurge } from './privacy/retention.js';
import { createCommitQueue } from './collect/commit-queue.js';
import { startWriter, type Writer } from './store/sqlite/writer.js';
import { createDecodePool } from './collect/decode-pool.js';
import type { DecodeJob } from './collect/decode-protocol.js';
import type { Prepared } from './collect/prepare.js';
import { createFaultWatch } from './store/sqlite/fault-watch.js';

export interface ServiceOptions {
  version: string;
  dbPath: string;
  collectorUrl: string | null;
  /** Where unexpected errors are reported (default: stderr). */
  log?: (message: string) => void;
  /**
   * Days collected events are kept (0: forever). Only processes that run the collector purge
   * (serve, the desktop app); absent, nothing is purged (the one-shot CLI commands).
   * Imported files are never purged.
   */
  retentionDays?: number;
  /** What counts as a secret in collected events; default DEFAULT_REDACTION_RULES. */
  redaction?: RedactionRules;
  /**
   * The writer thread's script in the desktop bundle; by default its TypeScript source. Collected
   * events are committed on that thread (store/writer.ts), or inline for an in-memory store,
   * which another thread cannot open.
   */
  writerWorkerFile?: string;
  /** The parsing thread's script in the desktop bundle; by default its TypeScript source. */
  parseWorkerFile?: string;
  /** The bundled collector decode thread (collect/decode-worker.ts). */
  decodeWorkerFile?: string;
  /** The import writer thread's script in the desktop bundle; by default its TypeScript source. */
  bulkWriterWorkerFile?: string;
  /**
   * Commit imports on the main thread. Right for one-shot commands (the CLI), whose main thread
   * has nothing else to do; the app and `serve` keep it free for the UI and the collector.
   */
  importOnMainThread?: boolean;
}

export interface Service {
  dispatch: Dispatch;
  subscribe<T extends TopicName>(topic: T, fn: (payload: TopicPayload<T>) => void): () => void;
  /** Imports one file from disk (the CLI, the desktop app's open dialog and drops). */
  importPath(path: string, opts?: PathImportOptions): Promise<ImportSummary>;
  /**
   * Stores events that arrived at the collector. Resolves with their ids once committed;
   * events of requests that arrive together share one commit (commit-queue.ts).
   */
  ingest(events: readonly NewEvent[]): Promise<number[]>;
  /** Replaces secrets in a collected event by keyed markers (privacy/redact.ts). */
  redact(event: NewEvent, payload?: unknown): NewEvent;
  /** Hashes a client address with a key that never leaves memory. */
  hashClientIp(ip: string): string;
  /** Decodes, checks and redacts a big collected body on a decode thread (collect/prepare.ts). */
  prepareOffThread?(job: DecodeJob): Promise<Prepared>;
  setCollectorUrl(url: string | null): void;
  /** Stops background work (retention purge), commits what is queued and ends the writer thread; call before closing the store. */
  stop(): Promise<void>;
  readonly store: Store;
}

export function compileQuery(text: string) {
  return compileFilter(parseQuery(text));
}

export function createService(store: Store, opts: ServiceOptions): Service {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const bus = createTopicBus((err) => log(`live subscriber failed: ${String(err)}`));
  let collectorUrl = opts.collectorUrl;
  // Collected addresses: a key per UTC day, only ever in memory (privacy/ip-hash.ts).
  const clientIpHash = createRotatingIpHasher();
  // Secrets become keyed markers; the key lives as long as the process, so markers join
  // within a run and cannot be brute-forced from the database alone.
  const redactKey = randomBytes(32);
  const redactionRules = opts.redaction ?? DEFAULT_REDACTION_RULES;
  const redactor = createRedactor(redactKey, redactionRules);
  const decodePool = createDecodePool({ redactKey, redactRules: redactionRules, workerFile: opts.decodeWorkerFile });
  const purge = opts.retentionDays === undefined ? null : startRetentionPurge({ store: store.retention, days: opts.retentionDays, log });

  // A damaged file or a full disk: one line in the log, one sentence in every answer.
  const faults = createFaultWatch(opts.dbPath, log);

  const announce = (count: number, latestId: number) => {
    if (count > 0) bus.publish('events.added', { count, latest_id: latestId });
  };

  const wrapImportErrors = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      if (err instanceof UnknownFormatError || err instanceof ImportFileError || err instanceof LogFormatError) {
        throw new BadInputError(err.message);
      }
      throw faults.check(err) ?? err;
    }
  };

  // An in-memory store keeps its uploads in a temporary folder, deleted at stop.
  const memoryUploads = store.path === ':memory:' ? fs.mkdtempSync(path.join(os.tmpdir(), 'logbridge-uploads-')) : null;
  const imports = createImports({
    store,
    uploadsDir: memoryUploads ?? path.join(path.dirname(path.resolve(store.path)), 'uploads'),
    // Files' client addresses: a key kept with the database, so the same client joins across imports.
    keys: { ip: store.settings.secret('file_ip_hash_key'), redact: redactKey },
    redactRules: redactionRules,
    workerFile: opts.parseWorkerFile,
    bulkWriterWorkerFile: opts.bulkWriterWorkerFile,
    writeInline: opts.importOnMainThread,
    onProgress: (p) => bus.publish('import.progress', p),
    onCommit: (added, latestId) => announce(added, latestId),
  });

  const useThread = store.path !== ':memory:';
  // Started with the first collected event: one-shot commands never pay for the thread.
  let writer: Writer | null = null;
  const commitQueue = createCommitQueue(async (events) => {
    const source = store.sources.collectorId();
    faults.beforeWrite();
    if (useThread) writer ??= startWriter({ path: store.path, nativeBinding: store.nativeBinding, workerFile: opts.writerWorkerFile });
    let ids: number[];
    try {
      ids = writer ? await writer.append(source, events) : store.append(source, events);
    } catch (err) {
      // A writer thread that died answers this group with 500s; the next group gets a new one.
      if (writer && !writer.alive()) writer = null;
      throw faults.check(err) ?? err;
    }
    faults.afterWrite();
    announce(ids.length, ids.reduce((a, b) => (b > a ? b : a), 0));
    return ids;
  });

  const handlers: Handlers = {
    'app.info': () => ({ version: opts.version, dbPath: opts.dbPath, collectorUrl }),
    'events.search': ({ query, limit, before }) => {
      const filter = compileQuery(query);
      const events = store.events.search(filter, limit, before);
      const last = events.length === limit ? events[events.length - 1] : undefined;
      return { events, total: store.events.count(filter), next: last ? { time: last.time, id: last.id } : null };
    },
    'events.get': async ({ id }) => {
      const stored = store.events.get(id);
      if (!stored) throw new NotFoundError(`No event with id ${id}.`);
      if (stored.raw !== null || stored.byteOffset === null) return { ...stored.event, raw: stored.raw ?? '' };
      const source = store.sources.getFile(stored.sourceId);
      const text = source ? await readRaw(source, stored.byteOffset, stored.byteLength) : { raw: '', note: 'Its source was removed.' };
      // The file holds what the store never kept: tokens and passwords are hidden here as well.
      const raw = text.raw === '' ? '' : redactor.event({ time: 0, kind: 'log', raw: text.raw }).raw;
      return { ...stored.event, raw, ...(text.note ? { raw_note: text.note } : {}) };
    },
    'stats.routes': ({ query, by, limit }) => ({ rows: store.stats.routes(compileQuery(query), by, limit) }),
    'import.file': ({ name, content, ...o }) => wrapImportErrors(() => imports.importText(name, content, o)),
    'import.upload': (input) => wrapImportErrors(() => imports.upload(input)),
    'import.cancel': ({ job_id }) => ({ cancelled: imports.cancel(job_id) }),
    'sources.reimport': ({ source_id, ...o }) => wrapImportErrors(() => imports.reimport(source_id, o)),
    'sources.remove': async ({ source_id }) => {
      if (!store.sources.getFile(source_id)) throw new NotFoundError(`No imported file with source id ${source_id}.`);
      return { removed: await wrapImportErrors(() => imports.remove(source_id)) };
    },
    'sources.list': () => ({ sources: store.sources.list() }),
  };

  return {
    store,
    dispatch: createDispatch(
      handlers,
      (err) => log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
      (err) => faults.check(err),
    ),
    subscribe: (topic, fn) => bus.subscribe(topic, fn),
    importPath: (file, o) => wrapImportErrors(() => imports.importPath(file, o)),
    ingest: (events) => commitQueue.submit(events),
    redact: (event, payload) => redactor.event(event, payload),
    hashClientIp: clientIpHash,
    prepareOffThread: async (job) => (await decodePool.run(job)).prepared,
    setCollectorUrl(url) {
      collectorUrl = url;
    },
    async stop() {
      purge?.stop();
      await imports.stopAll();
      if (memoryUploads) fs.rmSync(memoryUploads, { recursive: true, force: true });
      await commitQueue.drain();
      await decodePool.close();
      await writer?.close();
    },
  };
}
