// The worker threads' entry points, for every bundle that starts them: the desktop app's
// (scripts/build-electron.mjs) and the command line's (scripts/build-cli.mjs). A bundled worker
// keeps its source's name (parse-worker.ts -> parse-worker.cjs) because that is how
// electron/core/spawn-worker.ts finds it beside the bundle that starts it.
import path from 'node:path';

/**
 * `source`: the entry, from the repository root. `sqlite`: whether the thread opens the
 * database, and so needs better-sqlite3 (a native module, never bundled).
 */
export const WORKER_ENTRIES = Object.freeze([
  // The collector's writer (store/sqlite/writer.ts).
  { source: 'electron/core/store/sqlite/writer-worker.ts', sqlite: true },
  // An import's parser (importers/import-job.ts): it never touches the database.
  { source: 'electron/core/importers/parse-worker.ts', sqlite: false },
  // An import's writer (store/sqlite/bulk-writer.ts).
  { source: 'electron/core/store/sqlite/bulk-writer-worker.ts', sqlite: true },
  // The collector's decode threads (collect/decode-pool.ts).
  { source: 'electron/core/collect/decode-worker.ts', sqlite: false },
]);

/** The bundled worker's file name without extension: its source's, as spawn-worker.ts expects. */
export const workerName = (entry) => path.basename(entry.source, '.ts');
