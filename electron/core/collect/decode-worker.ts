// A decode thread: prepares big request bodies (prepare.ts) so the event loop stays free for
// other requests while a megabyte of JSON or protobuf is parsed, mapped and redacted.
import os from 'node:os';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { createRedactor, type RedactionRules } from '../privacy/redact.js';
import type { DecodeReply, DecodeRequest } from './decode-protocol.js';
import { WIRE_FORMATS } from './formats/index.js';
import { prepareBody } from './prepare.js';

const Data = z.object({
  redactKey: z.string().regex(/^[0-9a-f]+$/),
  redactRules: z.custom<RedactionRules>((v) => typeof v === 'object' && v !== null),
});

const port = parentPort;
if (!port) throw new Error('decode-worker.ts runs only as a worker thread');
const data = Data.parse(workerData);
const redactor = createRedactor(Buffer.from(data.redactKey, 'hex'), data.redactRules);
const formats = new Map(WIRE_FORMATS.map((f) => [f.name, f]));

// Big bodies are background work: on a busy machine the event loop and the writer thread go
// first. Linux keeps a nice value per thread, and pid 0 names the calling thread; elsewhere the
// call would lower the whole app, so it is made only there.
if (process.platform === 'linux') {
  try {
    os.setPriority(0, 10);
  } catch {
    // Not allowed (a sandbox): the thread keeps the app's priority.
  }
}

port.on('message', ({ id, job }: DecodeRequest) => {
  let reply: DecodeReply;
  try {
    const format = formats.get(job.format);
    if (!format) throw new Error(`no wire format named ${job.format}`);
    const wire = Buffer.from(job.wire.buffer, job.wire.byteOffset, job.wire.byteLength);
    const req = { ...job.req, query: new URLSearchParams(job.req.query) };
    reply = { id, thread: threadId, prepared: prepareBody(format, wire, job.encoding, job.limit, req, (e, p) => redactor.event(e, p)) };
  } catch (err) {
    reply = { id, thread: threadId, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  port.postMessage(reply);
});
