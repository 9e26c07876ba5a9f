// The import side of the service: files by path, uploads in pieces (browser mode), running jobs
// and their cancellation, re-reading a source with other options, and raw text read back.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ImportOptions, ImportSummary } from '../../../shared/api.js';
import { z } from 'zod';
import type { FieldMapping } from './format-types.js';
import { HEAD_HASH_BYTES, hashHead, ImportFileError } from './file-identity.js';
import { startImport, type ImportEnvironment, type ImportJob } from './import-job.js';

export interface ImportsOptions extends ImportEnvironment {
  /** Where uploaded files are kept (beside the database), so raw lines can be read back. */
  uploadsDir: string;
}

export interface PathImportOptions {
  format?: string;
  logFormat?: string;
  mapping?: FieldMapping;
  follow?: boolean;
  /** Shown name; the file's base name by default. */
  name?: string;
  /**
   * How messages name the file; the shown name by default. The command line passes the path
   * as typed: two files of one name in a folder tree must be told apart.
   */
  label?: string;
  /** Aborting it cancels the import (a followed file is read until then); what was read stays. */
  signal?: AbortSignal;
  /** For a followed file: called each time it has been read to its end (import-job.ts). */
  onFollowing?: () => void;
}

export interface Imports {
  importPath(file: string, opts?: PathImportOptions): Promise<ImportSummary>;
  importText(name: string, content: string, opts: ImportOptions): Promise<ImportSummary>;
  upload(input: { upload_id?: string; name: string; data_base64: string; done: boolean; abort: boolean } & ImportOptions): Promise<{
    upload_id: string;
    received_bytes: number;
    summary?: ImportSummary;
  }>;
  cancel(jobId: string): boolean;
  reimport(sourceId: number, opts: ImportOptions): Promise<ImportSummary>;
  /** Deletes a file source, its events, and the kept copy of an upload; returns the events deleted. */
  remove(sourceId: number): Promise<number>;
  /** Cancels every running import and waits for them to stop. */
  stopAll(): Promise<void>;
  /** True for the copy of an uploaded file kept beside the database: it has no path of the user's to reopen or follow. */
  isUploadCopy(file: string): Promise<boolean>;
}

const StoredOptions = z.object({
  format: z.string().optional(),
  logFormat: z.string().nullable().optional(),
  mapping: z.record(z.string(), z.string().nullable()).nullable().optional(),
});

/** The options a source was read with (import-job.ts writes them), as import options. */
export function storedOptions(json: string | null): PathImportOptions {
  let parsed: z.infer<typeof StoredOptions> = {};
  try {
    parsed = StoredOptions.parse(JSON.parse(json ?? '{}'));
  } catch {
    // Written by us; unreadable means a database from elsewhere: read it with defaults.
  }
  return { format: parsed.format, logFormat: parsed.logFormat ?? undefined, mapping: (parsed.mapping as FieldMapping | null) ?? undefined };
}

/** A file name safe to create in our folder: no separators, no dot files. */
function safeName(name: string): string {
  const base = path.basename(name.replaceAll('\\', '/')).replace(/[^\w.\- ]+/g, '_').replace(/^\.+/, '');
  return base.slice(0, 200) || 'upload';
}

export function createImports(opts: ImportsOptions): Imports {
  const jobs = new Map<string, ImportJob>();
  const uploads = new Map<string, { file: string; received: number }>();

  // Imports of one file run one after another: two at once would both read it as new, or one
  // would read on from the other's half-committed resume point (events twice).
  const byPath = new Map<string, Promise<unknown>>();
  // Paths are resolved one after another, so imports of one file are queued in the order they
  // were asked for (two realpath calls at once may finish in either order).
  let resolving: Promise<unknown> = Promise.resolve();

  const importPath = async (file: string, o: PathImportOptions = {}): Promise<ImportSummary> => {
    const resolved = resolving.then(() => fs.promises.realpath(file).catch(() => path.resolve(file)));
    resolving = resolved;
    const real = await resolved;
    const before = byPath.get(real) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(async () => {
      const jobId = randomBytes(8).toString('hex');
      const { uploadsDir: _, ...env } = opts;
      const job = startImport({
        ...env, jobId, path: file, name: o.name ?? path.basename(file), label: o.label, format: o.format ?? 'auto',
        logFormat: o.logFormat, mapping: o.mapping, follow: o.follow, onFollowing: o.onFollowing,
      });
      jobs.set(jobId, job);
      if (o.signal?.aborted) job.cancel();
      o.signal?.addEventListener('abort', () => job.cancel(), { once: true });
      try {
        return await job.done;
      } finally {
        jobs.delete(jobId);
      }
    });
    byPath.set(real, run);
    try {
      return await run;
    } finally {
      if (byPath.get(real) === run) byPath.delete(real);
    }
  };

  // Sources keep real paths; the folder may sit behind a symlink (/tmp on macOS).
  const uploadRoot = async () => (await fs.promises.realpath(opts.uploadsDir).catch(() => opts.uploadsDir)) + path.sep;
  const isUploadCopy = async (file: string) => file.startsWith(await uploadRoot());

  const fromOptions = (o: ImportOptions): PathImportOptions => ({ format: o.format ?? 'auto', logFormat: o.log_format, mapping: o.mapping });

  /** An earlier upload with this name, size and head: its kept file, or null. */
  const keptCopyOf = async (file: string, name: string): Promise<string | null> => {
    const stat = await fs.promises.stat(file);
    const candidate = await opts.store.sources.findUpload(name, stat.size, await hashHead(file, HEAD_HASH_BYTES));
    if (!candidate?.path || !(await isUploadCopy(candidate.path))) return null;
    return (await fs.promises.stat(candidate.path).catch(() => null))?.size === stat.size ? candidate.path : null;
  };

  const newUploadFile = async (name: string) => {
    const id = randomBytes(16).toString('hex');
    const dir = path.join(opts.uploadsDir, id);
    await fs.promises.mkdir(dir, { recursive: true });
    return { id, file: path.join(dir, safeName(name)) };
  };

  return {
    importPath,
    async importText(name, content, o) {
      const { file } = await newUploadFile(name);
      await fs.promises.writeFile(file, content, 'utf8');
      return importPath(file, { ...fromOptions(o), name });
    },
    async upload(input) {
      let entry = input.upload_id ? uploads.get(input.upload_id) : undefined;
      let id = input.upload_id;
      if (input.upload_id && !entry) throw new ImportFileError(`No upload ${input.upload_id} is in progress; start again without upload_id.`);
      if (!entry || !id) {
        const made = await newUploadFile(input.name);
        id = made.id;
        entry = { file: made.file, received: 0 };
        uploads.set(id, entry);
      }
      if (input.abort) {
        uploads.delete(id);
        await fs.promises.rm(path.dirname(entry.file), { recursive: true, force: true });
        return { upload_id: id, received_bytes: 0 };
      }
      const bytes = Buffer.from(input.data_base64, 'base64');
      await fs.promises.appendFile(entry.file, bytes);
      entry.received += bytes.length;
      if (!input.done) return { upload_id: id, received_bytes: entry.received };
      uploads.delete(id);
      // The same file uploaded again is the copy kept the first time: unchanged, nothing read.
      const same = await keptCopyOf(entry.file, input.name);
      if (same) await fs.promises.rm(path.dirname(entry.file), { recursive: true, force: true });
      const summary = await importPath(same ?? entry.file, { ...fromOptions(input), name: input.name });
      return { upload_id: id, received_bytes: entry.received, summary };
    },
    cancel(jobId) {
      const job = jobs.get(jobId);
      job?.cancel();
      return job !== undefined;
    },
    async reimport(sourceId, o) {
      const source = await opts.store.sources.getFile(sourceId);
      if (!source?.path) throw new ImportFileError(`Source ${sourceId} is not an imported file that can be read again.`);
      if (!(await fs.promises.stat(source.path).catch(() => null))) {
        throw new ImportFileError(`${source.path} is no longer there (moved or deleted); its events stay until you remove the source.`);
      }
      // What the call leaves out stays as the file was read before (its log format, its format).
      const before = storedOptions(source.options);
      const given = fromOptions(o);
      return importPath(source.path, {
        name: source.name,
        format: o.format && o.format !== 'auto' ? o.format : (before.format ?? 'auto'),
        logFormat: given.logFormat ?? before.logFormat,
        mapping: given.mapping ?? before.mapping,
      });
    },
    async remove(sourceId) {
      const source = await opts.store.sources.getFile(sourceId);
      if (!source) throw new ImportFileError(`No imported file with source id ${sourceId}.`);
      // A running load would go on inserting rows for a source that no longer exists.
      if (source.path && byPath.has(source.path)) {
        throw new ImportFileError(`${source.name} is being imported; cancel that import first, then remove it.`);
      }
      const removed = await opts.store.sources.remove(sourceId);
      // Only our own copies go; a file the user imported from their disk is theirs.
      if (source.path && (await isUploadCopy(source.path))) await fs.promises.rm(path.dirname(source.path), { recursive: true, force: true });
      return removed;
    },
    async stopAll() {
      const running = [...jobs.values()];
      for (const j of running) j.cancel();
      await Promise.allSettled(running.map((j) => j.done));
    },
    isUploadCopy,
  };
}

/**
 * Files named on the command line or dropped: folders are expanded (not into dot folders).
 * Symbolic links are followed, but each real folder and file is taken once (by device and
 * inode), so a link back up the tree or two links to one folder read nothing twice.
 */
export async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = async (list: readonly string[]) => {
    for (const p of list) {
      const stat = await fs.promises.stat(p).catch(() => null);
      // Missing or unreadable: kept, so the import says what is wrong with it by name.
      if (stat === null) {
        out.push(p);
        continue;
      }
      const id = `${stat.dev}:${stat.ino}`;
      if (seen.has(id)) continue;
      seen.add(id);
      if (!stat.isDirectory()) {
        out.push(p);
        continue;
      }
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(p, { withFileTypes: true });
      } catch (err) {
        const reason = (err as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (err as Error).message;
        throw new ImportFileError(`Cannot read the folder ${p}: ${reason}.`);
      }
      await walk(entries.filter((e) => !e.name.startsWith('.')).map((e) => path.join(p, e.name)).sort());
    }
  };
  await walk(paths);
  return out;
}
