// The ClickHouse adapter behind the store port (../port.ts), for teams: several collectors and
// users on one server or cluster. `openClickHouseStore('clickhouse://host:8123/logbridge')`
// connects over HTTP, creates the database and its tables when missing, and hands back the
// same EventStore the SQLite adapter does. Where it differs for the user (free text matches
// substrings), FREE_TEXT_NOTE says so.
import { checkSearchSpec, decodeSortCursor, resolveSortKey, sortOf } from '../sort-cursor.js';
import type { EventStore } from '../port.js';
import { aggregate } from './aggregate.js';
import { startClickHouseBulkLoad } from './bulk-sink.js';
import { connect } from './connection.js';
import { createGroupCodes } from './group-codes.js';
import { createEventsTable } from './events.js';
import { purgeCollectedBefore, secret } from './housekeeping.js';
import { ensureSchema } from './schema.js';
import { clickHouseFault } from './server-faults.js';
import { createSources, type ClickHouseSources } from './sources.js';
import { parseClickHouseUrl } from './url.js';

import { FREE_TEXT_NOTE } from './free-text.js';

export { FREE_TEXT_NOTE };

export interface ClickHouseEventStore extends EventStore {
  readonly kind: 'clickhouse';
  /** The database the tables are in. */
  readonly database: string;
}

export async function openClickHouseStore(url: string): Promise<ClickHouseEventStore> {
  const target = parseClickHouseUrl(url);
  const { location } = target;
  let conn;
  try {
    conn = await connect(target);
  } catch (err) {
    throw clickHouseFault(err, location) ?? openError(err, location);
  }
  let layout;
  try {
    layout = await ensureSchema(conn);
  } catch (err) {
    await conn.close();
    throw clickHouseFault(err, location) ?? openError(err, location);
  }
  const events = createEventsTable(conn, layout, () => sources);
  const codes = createGroupCodes(conn, layout);
  const sources: ClickHouseSources = createSources(conn, events);

  return {
    kind: 'clickhouse',
    location,
    notes: [FREE_TEXT_NOTE],
    database: target.database,
    append: (sourceId, group) => events.append(sourceId, group),
    bulkLoad: async ({ sourceId }) => startClickHouseBulkLoad(conn, layout, sources, sourceId),
    async search(spec) {
      checkSearchSpec(spec);
      const sort = sortOf(spec);
      const after = spec.after === undefined ? undefined : await resolveSortKey(sort, decodeSortCursor(sort, spec.after), async (id) => (await events.get(id))?.event);
      const page = events.search(spec.filter, spec.limit, after, sort, spec.offset ?? 0);
      if (!spec.count) return page;
      // Two queries the server runs side by side.
      const [found, count] = await Promise.all([page, events.count(spec.filter)]);
      return { ...found, total: { count, approximate: false } };
    },
    count: async (filter) => ({ count: await events.count(filter), approximate: false }),
    get: (id) => events.get(id),
    aggregate: (spec) => aggregate(conn, layout, sources, codes, spec),
    sources,
    secret: (name) => secret(conn, name),
    purgeCollectedBefore: (cutoffMs, limit) => purgeCollectedBefore(events, sources, cutoffMs, limit),
    fault: (err) => clickHouseFault(err, location),
    close: () => conn.close(),
  };
}

function openError(err: unknown, location: string): Error {
  const detail = (err instanceof Error ? err.message : String(err)).split('\n')[0]?.replace(/\.$/, '') ?? '';
  return new Error(`Cannot open the ClickHouse store ${location}: ${detail}.`);
}
