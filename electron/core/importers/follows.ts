// Following a file source from the running app: the same followed import the command line runs
// (`logbridge import --follow`, parse-worker.ts reading on as the file grows), started and
// stopped by source. Each followed file is one import job that runs until it is stopped; its
// commits announce new events like any import, so the table updates live.
import fs from 'node:fs';
import path from 'node:path';
import type { EventStore, FileSourceRow } from '../store/port.js';
import { ImportFileError, isGzip } from './file-identity.js';
import { formatByName } from './formats/index.js';
import { storedOptions, type Imports } from './imports.js';

export interface Follows {
  /** Starts reading the source's file on as it grows; nothing happens when it is followed already. */
  start(sourceId: number): Promise<void>;
  /** Stops following; resolves once what was read is committed. False when it was not followed. */
  stop(sourceId: number): Promise<boolean>;
  /** Whether the file at this (real) path is being followed. */
  isFollowed(path: string | null): boolean;
  /**
   * Runs another read of `file` (File > Open, a drop, the command line's service) with its
   * follow paused around it: the follow holds the file's import queue, so the read would
   * otherwise wait until the follow stops. The follow goes on afterwards.
   */
  pausedFor<T>(file: string, read: () => Promise<T>): Promise<T>;
  /** Stops every follow (the app is closing): no watcher outlives the service. */
  stopAll(): Promise<void>;
}

interface Running {
  controller: AbortController;
  run: Promise<unknown>;
}

export function createFollows(opts: { store: EventStore; imports: Imports; log(message: string): void }): Follows {
  // By path, not source id: a followed file rewritten from the start becomes a new source.
  const running = new Map<string, Running>();

  /** Why this source cannot be followed, in one sentence; null when it can. */
  const refusal = async (source: FileSourceRow, file: string): Promise<string | null> => {
    if (await opts.imports.isUploadCopy(file)) {
      return `${source.name} was uploaded through the browser, so there is no file on this machine to follow; follow it with \`logbridge import --follow <path>\` where it is written.`;
    }
    if (!(await fs.promises.stat(file).catch(() => null))?.isFile()) {
      return `${file} is no longer there (moved or deleted), so it cannot be followed.`;
    }
    if (await isGzip(file)) return `${source.name} is compressed; a compressed file cannot be read on as it grows.`;
    const format = source.format ?? storedOptions(source.options).format;
    if (format && format !== 'auto') {
      const def = formatByName(format);
      // One JSON document (HAR, an export) is only whole at its end: there is no "new lines".
      if (def.shape !== 'lines' || def.resumable === false) return `${source.name} is one ${format} document, not a log that grows line by line; it cannot be followed.`;
    }
    return null;
  };

  const stopRunning = async (entry: Running | undefined): Promise<boolean> => {
    if (!entry) return false;
    entry.controller.abort();
    await entry.run.catch(() => undefined);
    return true;
  };

  return {
    async start(sourceId) {
      const source = await opts.store.sources.getFile(sourceId);
      if (!source?.path) throw new ImportFileError(`Source ${sourceId} is not an imported file that can be followed.`);
      const file = source.path;
      if (running.has(file)) return;
      const why = await refusal(source, file);
      if (why) throw new ImportFileError(why);
      // Another start may have got here while this one awaited: one follow per file.
      if (running.has(file)) return;
      const controller = new AbortController();
      let caughtUp = () => {};
      // Answered once the file is read to its end and watched, so "following" shown is true.
      const watching = new Promise<void>((resolve) => (caughtUp = resolve));
      const read = opts.imports.importPath(file, {
        ...storedOptions(source.options), name: source.name, follow: true, signal: controller.signal, onFollowing: () => caughtUp(),
      });
      const run = read
        .catch((err: unknown) => opts.log(`following ${file} stopped: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          if (running.get(file)?.run === run) running.delete(file);
        });
      running.set(file, { controller, run });
      // A read that fails before it is caught up (the format does not fit) is the caller's error.
      await Promise.race([watching, read.then(() => undefined)]);
    },
    async stop(sourceId) {
      const file = (await opts.store.sources.getFile(sourceId))?.path;
      return stopRunning(file ? running.get(file) : undefined);
    },
    isFollowed: (file) => file !== null && running.has(file),
    async pausedFor(file, read) {
      const real = await fs.promises.realpath(file).catch(() => path.resolve(file));
      if (!(await stopRunning(running.get(real)))) return read();
      try {
        return await read();
      } finally {
        const source = await opts.store.sources.findByPath(real);
        if (source) await this.start(source.id).catch((err: unknown) => opts.log(`following ${real} again failed: ${String(err)}`));
      }
    },
    async stopAll() {
      await Promise.all([...running.values()].map(stopRunning));
    },
  };
}
