// Where events came from: listing sources, removing one, reading one again with other options,
// and following a file as it grows.
import type { HandlerContext } from './context.js';
import { NotFoundError, type Handlers } from '../rpc/dispatch.js';
import { wrapImportErrors } from './import-errors.js';
import { ImportOptionsSchema, type Source } from '../../../shared/api.js';
import { storedOptions } from '../importers/imports.js';
import type { SourceRow } from '../store/port.js';

type SourceHandlers = Pick<Handlers, 'sources.reimport' | 'sources.remove' | 'sources.list' | 'sources.follow' | 'sources.unfollow'>;

export function sourceHandlers(ctx: HandlerContext): SourceHandlers {
  const fileOrNotFound = async (id: number) => {
    const source = await ctx.store.sources.getFile(id);
    if (!source) throw new NotFoundError(`No imported file with source id ${id}.`);
    return source;
  };

  /** A listed source with what the panel shows beside the counts: size, options, follow state. */
  const describe = async (row: SourceRow): Promise<Source> => {
    const file = row.kind === 'file' ? await ctx.store.sources.getFile(row.id) : undefined;
    if (!file) return { ...row, size: null, options: null, following: false, uploaded: false };
    const stored = storedOptions(file.options);
    // Written by our own imports; a value from another version that no longer parses is left out.
    const options = ImportOptionsSchema.safeParse({ format: stored.format, log_format: stored.logFormat, mapping: stored.mapping });
    return {
      ...row,
      size: file.size,
      options: options.success ? options.data : null,
      following: ctx.follows.isFollowed(file.path),
      uploaded: file.path !== null && (await ctx.imports.isUploadCopy(file.path)),
    };
  };

  return {
    'sources.reimport': async ({ source_id, ...o }) => {
      // A followed file is being read by its follow; that read ends first, then follows the new read.
      const wasFollowing = await ctx.follows.stop(source_id);
      const summary = await wrapImportErrors(() => ctx.imports.reimport(source_id, o)).catch(async (err: unknown) => {
        // The read failed: the file stays followed as it was, and the read's error is the answer.
        if (wasFollowing) await ctx.follows.start(source_id).catch(() => undefined);
        throw err;
      });
      if (wasFollowing) await wrapImportErrors(() => ctx.follows.start(summary.source_id));
      return summary;
    },
    'sources.remove': async ({ source_id }) => {
      await fileOrNotFound(source_id);
      await ctx.follows.stop(source_id);
      return { removed: await wrapImportErrors(() => ctx.imports.remove(source_id)) };
    },
    'sources.list': async () => ({ sources: await Promise.all((await ctx.store.sources.list()).map(describe)) }),
    'sources.follow': async ({ source_id }) => {
      await fileOrNotFound(source_id);
      await wrapImportErrors(() => ctx.follows.start(source_id));
      return { following: true };
    },
    'sources.unfollow': async ({ source_id }) => {
      await fileOrNotFound(source_id);
      await ctx.follows.stop(source_id);
      return { following: false };
    },
  };
}
