// Where events came from: listing sources, removing one, reading one again with other options.
import type { HandlerContext } from './context.js';
import { NotFoundError, type Handlers } from '../rpc/dispatch.js';
import { wrapImportErrors } from './import-errors.js';

export function sourceHandlers(ctx: HandlerContext): Pick<Handlers, 'sources.reimport' | 'sources.remove' | 'sources.list'> {
  return {
    'sources.reimport': ({ source_id, ...o }) => wrapImportErrors(() => ctx.imports.reimport(source_id, o)),
    'sources.remove': async ({ source_id }) => {
      if (!(await ctx.store.sources.getFile(source_id))) throw new NotFoundError(`No imported file with source id ${source_id}.`);
      return { removed: await wrapImportErrors(() => ctx.imports.remove(source_id)) };
    },
    'sources.list': async () => ({ sources: await ctx.store.sources.list() }),
  };
}
