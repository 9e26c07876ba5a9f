// The thread that commits one import's batches (bulk-writer.ts): its own connection, the bulk
// load, and at the end the index build, none of which then holds up the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { mergeDerivedSessions } from './derived-session-sql.js';
import { openStore } from './open.js';
import { failedReply } from './writer-error.js';
import type { BulkWriterReply, BulkWriterRequest } from './bulk-writer.js';

const Data = z.object({
  path: z.string(),
  nativeBinding: z.string().optional(),
  sourceId: z.number().int().min(1),
  dropIndexes: z.boolean(),
});

const port = parentPort;
if (!port) throw new Error('bulk-writer-worker.ts runs only as a worker thread');
const data = Data.parse(workerData);
const store = openStore({ path: data.path, nativeBinding: data.nativeBinding, checkIntegrity: false });
// The collector's writer or another process may hold the lock for a while (an index build).
store.db.pragma('busy_timeout = 30000');
const bulk = store.bulkLoad({ sourceId: data.sourceId, dropIndexes: data.dropIndexes });
const reply = (r: BulkWriterReply) => port.postMessage(r);

port.on('message', (m: BulkWriterRequest) => {
  try {
    if (m.type === 'append') {
      reply({ type: 'done', seq: m.seq, ...bulk.append(m.batch, m.bad) });
    } else {
      bulk.finish();
      mergeDerivedSessions(store.db, m.sessionMerges);
      store.close();
      reply({ type: 'done', seq: m.seq, inserted: 0, lastId: 0 });
    }
  } catch (err) {
    reply(failedReply(m.seq, err));
  }
});
