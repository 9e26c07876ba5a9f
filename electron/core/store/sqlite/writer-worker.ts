// The writer thread: owns the connection that appends collected events, so the HTTP thread
// keeps reading and parsing requests while a group of events is inserted and fsynced.
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import type { NewEvent } from '../../../../shared/events.js';
import { openStore } from './open.js';
import { failedReply } from './writer-error.js';
import type { WriterReply, WriterRequest } from './writer.js';

const Data = z.object({ path: z.string(), nativeBinding: z.string().optional() });

const port = parentPort;
if (!port) throw new Error('writer-worker.ts runs only as a worker thread');
const { path, nativeBinding } = Data.parse(workerData);
const store = openStore({ path, nativeBinding, checkIntegrity: false });
// An import builds the indexes of millions of rows on the main connection in one statement,
// which can hold the write lock longer than the default 5 s; a collected event should wait for
// it, not fail with a 500.
store.db.pragma('busy_timeout = 30000');
const reply = (r: WriterReply) => port.postMessage(r);

port.on('message', (msg: WriterRequest) => {
  if (msg.type === 'close') {
    store.close();
    port.close();
    return;
  }
  try {
    const ids = store.append(msg.sourceId, msg.events as NewEvent[]);
    reply({ type: 'done', seq: msg.seq, ids });
  } catch (err) {
    reply(failedReply(msg.seq, err));
  }
});
reply({ type: 'ready' });
