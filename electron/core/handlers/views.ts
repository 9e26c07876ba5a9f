// Saved views (core/views/views-file.ts) and the export of the current result (core/export/).
import { api } from '../../../shared/api.js';
import { BadInputError, describeZodError, NotFoundError, type Handlers } from '../rpc/dispatch.js';
import { eventHandlers } from './events.js';
import type { HandlerContext } from './context.js';
import { ViewsError } from '../views/views-file.js';
import { exportFileName } from '../../../shared/export.js';
import { exportChunks, writeExportFile, type ExportQuery, type SearchPage } from '../export/export-stream.js';

/** A damaged views file or a full list is the user's to fix: answered as bad input, not a bug. */
function userError<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof ViewsError) throw new BadInputError(err.message);
    throw err;
  }
}

/** events.search as the explorer calls it, for the export's pages: same checks, same errors. */
export function exportSearch(ctx: HandlerContext): SearchPage {
  const search = eventHandlers(ctx)['events.search'];
  return async (input) => {
    const parsed = api['events.search'].input.safeParse(input);
    if (!parsed.success) throw new BadInputError(`Cannot export this result: ${describeZodError(parsed.error)}.`);
    return search(parsed.data);
  };
}

export function viewHandlers(ctx: HandlerContext): Pick<Handlers, 'views.list' | 'views.save' | 'views.remove' | 'export.start'> {
  const { views } = ctx;
  const searchPage = exportSearch(ctx);
  return {
    'views.list': () => ({ views: userError(() => views.list()) }),
    'views.save': ({ view, replace }) => userError(() => ({ outcome: views.save(view, replace), views: views.list() })),
    'views.remove': ({ name }) =>
      userError(() => {
        if (!views.remove(name)) throw new NotFoundError(`No saved view is named "${name}".`);
        return { views: views.list() };
      }),
    'export.start': async ({ format, ...current }) => {
      // Only what was given: range and sort reach events.search as the explorer sent them.
      const query: ExportQuery = Object.fromEntries(Object.entries(current).filter(([, v]) => v !== undefined));
      // Fails now, as QUERY_SYNTAX, rather than halfway into a download.
      await searchPage({ ...query, limit: 1 });
      const fileName = exportFileName(format, new Date());
      if (ctx.pickExportPath) {
        const file = await ctx.pickExportPath(fileName);
        if (file === null) return { kind: 'cancelled' as const };
        let events = 0;
        await writeExportFile(file, exportChunks(searchPage, query, format, (n) => (events = n)));
        return { kind: 'saved' as const, path: file, events };
      }
      const token = ctx.exportTickets.issue({ query, format, fileName });
      return { kind: 'download' as const, url: `/export/${token}`, file_name: fileName };
    },
  };
}
