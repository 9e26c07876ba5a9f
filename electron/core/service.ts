// The running core over one store port: the contract's handlers (handlers/), the collector's
// commit queue and decode threads, redaction, imports and live topics. It does not know how it
// is reached (Electron IPC and HTTP both call `dispatch`) nor which store is underneath; the
// composition root (compose.ts) builds it for the app, `serve` and the command line alike.
import { runDemo } from './demo/index.js';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImportSummary, TopicName, TopicPayload } from '../../shared/api.js';
import type { NewEvent } from '../../shared/events.js';
import type { EventStore } from './store/port.js';
import type { SortField } from '../../shared/sort.js';
import { createDispatch, type Dispatch } from './rpc/dispatch.js';
import { createTopicBus } from './rpc/topics.js';
import { createImports, type PathImportOptions } from './importers/imports.js';
import { createFollows } from './importers/follows.js';
import { createRotatingIpHasher } from './privacy/ip-hash.js';
import { createRedactor, DEFAULT_REDACTION_RULES, type RedactionRules } from './privacy/redact.js';
import { startRetentionPurge } from './privacy/retention.js';
import { createCommitQueue } from './collect/commit-queue.js';
import { createDecodePool } from './collect/decode-pool.js';
import type { DecodeJob } from './collect/decode-protocol.js';
import type { Prepared } from './collect/prepare.js';
import { createHandlers } from './handlers/index.js';
import { wrapImportErrors } from './handlers/import-errors.js';
import { watchOtherWriters } from './rpc/other-writers.js';
import { openViewsFile } from './views/views-file.js';
import { createExportTickets } from './export/tickets.js';
import { exportChunks } from './export/export-stream.js';
import { exportSearch } from './handlers/views.js';
import type { HandlerContext } from './handlers/context.js';
import { EXPORT_CONTENT_TYPES } from '../../shared/export.js';

export interface ServiceOptions {
  version: string;
  /**
   * Where uploaded files are kept, so an event's raw line can be read back (beside a SQLite
   * file); null for a temporary folder deleted at stop (an in-memory store).
   */
  uploadsDir: string | null;
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
   * Commit imports on the main thread. Right for one-shot commands (the CLI), whose main thread
   * has nothing else to do; the app and `serve` keep it free for the UI and the collector.
   */
  importOnMainThread?: boolean;
  /**
   * Announce events other processes store (the CLI importing into the app's database): for the
   * processes that show live views (serve, the desktop app), not one-shot commands.
   */
  followOtherWriters?: boolean;
  /**
   * Fields the UI's table sorts by: their orders, and what a free-text search reads, are made
   * ahead while the store is idle (processes that show the UI; one-shot commands search once).
   */
  warmAhead?: readonly SortField[];
  /** Where saved views are kept (beside the database); null or absent: in memory only. */
  viewsFile?: string | null;
  /** The desktop app's save dialog for exports; absent, exports are one-time downloads. */
  pickExportPath?: (suggestedName: string) => Promise<string | null>;
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
  ingest(events: readonly NewEvent[]): Promise<string[]>;
  /** Replaces secrets in a collected event by keyed markers (privacy/redact.ts). */
  redact(event: NewEvent, payload?: unknown): NewEvent;
  /** Hashes a client address with a key that never leaves memory. */
  hashClientIp(ip: string): string;
  /** Decodes, checks and redacts a big collected body on a decode thread (collect/prepare.ts). */
  prepareOffThread?(job: DecodeJob): Promise<Prepared>;
  setCollectorUrl(url: string | null): void;
  /** The export a one-time download ticket names (browser mode), or null: it works once. */
  claimExport(token: string): { fileName: string; contentType: string; chunks: AsyncIterable<string> } | null;
  /** Stops background work (retention purge) and commits what is queued; call before closing the store. */
  stop(): Promise<void>;
  readonly store: EventStore;
}

export async function createService(store: EventStore, opts: ServiceOptions): Promise<Service> {
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
  const decodePool = createDecodePool({ redactKey, redactRules: redactionRules });
  const purge = opts.retentionDays === undefined ? null : startRetentionPurge({ store, days: opts.retentionDays, log });

  const others = opts.followOtherWriters
    ? watchOtherWriters({ count: async () => (await store.count(null)).count, announce: (count) => bus.publish('events.added', { count }), log })
    : null;
  if (opts.warmAhead) store.warmAhead?.(opts.warmAhead);
  const announce = (count: number) => {
    if (count <= 0) return;
    others?.ownAdded(count);
    bus.publish('events.added', { count });
  };

  // An in-memory store keeps its uploads in a temporary folder, deleted at stop.
  const uploadsDir = opts.uploadsDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'logbridge-uploads-'));
  const imports = createImports({
    store,
    uploadsDir,
    // Files' client addresses: a key kept with the store, so the same client joins across imports.
    keys: { ip: await store.secret('file_ip_hash_key'), redact: redactKey },
    redactRules: redactionRules,
    writeInline: opts.importOnMainThread,
    onProgress: (p) => bus.publish('import.progress', p),
    onCommit: (added) => announce(added),
  });

  const follows = createFollows({ store, imports, log });

  const commitQueue = createCommitQueue(async (events) => {
    const ids = await store.append(await store.sources.collectorId(), events);
    announce(ids.length);
    return ids;
  });

  const exportTickets = createExportTickets();
  const handlerContext: HandlerContext = {
    version: opts.version,
    store,
    imports,
    follows,
    views: openViewsFile(opts.viewsFile ?? null),
    exportTickets,
    pickExportPath: opts.pickExportPath,
    collectorUrl: () => collectorUrl,
    redactRaw: (raw) => redactor.event({ time: 0, kind: 'log', raw }).raw,
    // No browser to drive on a user's machine: the crowd sends what the browser SDK would.
    runDemo: (demo) => runDemo({ ...demo, driver: 'http' }),
  };
  const handlers = createHandlers(handlerContext);
  const searchPage = exportSearch(handlerContext);

  return {
    store,
    dispatch: createDispatch(
      handlers,
      (err) => log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
      (err) => store.fault(err),
    ),
    subscribe: (topic, fn) => bus.subscribe(topic, fn),
    importPath: (file, o) =>
      wrapImportErrors(() => (o?.follow ? imports.importPath(file, o) : follows.pausedFor(file, () => imports.importPath(file, o)))).catch((err: unknown) => {
        throw store.fault(err) ?? err;
      }),
    ingest: (events) => commitQueue.submit(events),
    redact: (event, payload) => redactor.event(event, payload),
    hashClientIp: clientIpHash,
    prepareOffThread: async (job) => (await decodePool.run(job)).prepared,
    claimExport(token) {
      const ticket = exportTickets.claim(token);
      if (!ticket) return null;
      return { fileName: ticket.fileName, contentType: EXPORT_CONTENT_TYPES[ticket.format], chunks: exportChunks(searchPage, ticket.query, ticket.format) };
    },
    setCollectorUrl(url) {
      collectorUrl = url;
    },
    async stop() {
      purge?.stop();
      others?.stop();
      await follows.stopAll();
      await imports.stopAll();
      if (opts.uploadsDir === null) fs.rmSync(uploadsDir, { recursive: true, force: true });
      await commitQueue.drain();
      await decodePool.close();
    },
  };
}
