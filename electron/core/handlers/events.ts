// Searching events and reading one back, with its raw text from the file it came from.
import type { HandlerContext } from './context.js';
import { BadInputError, NotFoundError, type Handlers } from '../rpc/dispatch.js';
import { explorerFilter } from './explorer-filter.js';
import { readRaw } from '../importers/raw-reader.js';
import { StoreInputError } from '../store/port.js';

export function eventHandlers(ctx: HandlerContext): Pick<Handlers, 'events.search' | 'events.get'> {
  const { store } = ctx;
  return {
    'events.search': async ({ query, hide_assets, range, limit, before, sort, offset }) => {
      if (offset !== undefined && before !== undefined) throw new BadInputError('Give offset or before, not both: offset jumps to a row, before goes on from a page.');
      const filter = explorerFilter({ query, hide_assets, range });
      try {
        const page = await store.search({ filter, limit, after: before, sort, offset, count: true });
        const total = page.total ?? (await store.count(filter));
        return { events: page.events, next: page.next, total: total.count, total_approximate: total.approximate };
      } catch (err) {
        if (err instanceof StoreInputError) throw new BadInputError(err.message);
        throw err;
      }
    },
    'events.get': async ({ id }) => {
      const stored = await store.get(id);
      if (!stored) throw new NotFoundError(`No event with id ${id}.`);
      if (stored.raw !== null || stored.byteOffset === null) return { ...stored.event, raw: stored.raw ?? '' };
      const source = await store.sources.getFile(stored.sourceId);
      const text = source ? await readRaw(source, stored.byteOffset, stored.byteLength) : { raw: '', note: 'Its source was removed.' };
      // The file holds what the store never kept: tokens and passwords are hidden here as well.
      const raw = text.raw === '' ? '' : ctx.redactRaw(text.raw);
      return { ...stored.event, raw, ...(text.note ? { raw_note: text.note } : {}) };
    },
  };
}
