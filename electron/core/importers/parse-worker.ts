// The parsing thread of an import: reads the file (gunzipping if needed), runs the format over
// it, derives sessions, and posts column batches to the thread that writes them. It never
// holds more than a read chunk and a few batches, whatever the file size: it waits for the
// writer's credit before running ahead.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import zlib from 'node:zlib';
import { z } from 'zod';
import { createIpHasher } from '../privacy/ip-hash.js';
import { createRedactor } from '../privacy/redact.js';
import { batchTransferList, createBatchEncoder } from './batch-encoder.js';
import type { ParseContext } from './format-types.js';
import { formatByName } from './formats/index.js';
import { createParseDriver, detectSample } from './parse-driver.js';
import { readHead, type ParseWorkerMessage, type ParseWorkerRequest } from './parse-protocol.js';
import { createSessionDeriver } from './session-deriver.js';

const Neighbour = z.object({
  ip_hash: z.string().nullable(),
  user_agent: z.string().nullable(),
  ref: z.number().int().max(-1),
  time: z.number(),
});

const Data = z.object({
  path: z.string(),
  format: z.string(),
  options: z.object({ logFormat: z.string().optional(), mapping: z.record(z.string(), z.string().nullable()).optional() }),
  gzip: z.boolean(),
  startBytes: z.number().int().min(0),
  startLines: z.number().int().min(0),
  follow: z.boolean(),
  ipKey: z.string(),
  redactKey: z.string(),
  redactRules: z.custom<Parameters<typeof createRedactor>[1]>((v) => typeof v === 'object' && v !== null),
  sourceId: z.number().int().min(1),
  /** The highest derived-session number the source already has (reading on after growth). */
  sessionsBefore: z.number().int().min(0),
  /** Sessions of the files before and after this one in its log's rotation (rotation-sessions.ts). */
  neighbours: z.object({ before: z.array(Neighbour), after: z.array(Neighbour) }).optional(),
  batchEvents: z.number().int().min(1),
  maxInflight: z.number().int().min(1),
  maxBadShown: z.number().int().min(0),
});

/** Events in the first batch; each next one is four times bigger, up to batchEvents. */
const FIRST_BATCH_EVENTS = 1024;

const port = parentPort;
if (!port) throw new Error('parse-worker.ts runs only as a worker thread');
const data = Data.parse(workerData);
const post = (m: ParseWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

let credits = data.maxInflight;
let wake: (() => void) | null = null;
let cancelled = false;
port.on('message', (m: ParseWorkerRequest) => {
  if (m.type === 'credit') credits++;
  else cancelled = true;
  wake?.();
  wake = null;
});
const waitForCredit = async () => {
  while (credits <= 0 && !cancelled) await new Promise<void>((r) => (wake = r));
};

async function run(): Promise<void> {
  const def = formatByName(data.format);
  const keepRaw = def.shape === 'document';
  const redactor = createRedactor(Buffer.from(data.redactKey, 'hex'), data.redactRules);
  const ctx: ParseContext = {
    ipHash: createIpHasher(data.ipKey),
    redact: (e, payload) => redactor.event(e, payload),
    redactUrl: (u) => redactor.url(u),
    options: data.options,
  };
  const head = detectSample(await readHead(data.path, data.gzip));
  const encoder = createBatchEncoder(data.batchEvents * 2);
  const sessions = createSessionDeriver(data.sourceId, data.sessionsBefore, undefined, def.oneClient === true, data.neighbours);
  let bad = 0;
  let badShown: { line: number; reason: string; text: string }[] = [];
  let truncated = 0;
  let events = 0;
  let fileBytes = data.startBytes;
  // The first batches are small, so the first rows of a big file can be searched a moment after
  // the import starts; they grow to the full size, where commits cost least per event.
  let batchTarget = Math.min(FIRST_BATCH_EVENTS, data.batchEvents);

  const driver = createParseDriver(
    def,
    ctx,
    head,
    {
      event(e, at) {
        const session = sessions.apply(e);
        // A chunk of tiny lines can overfill a batch: send it now, resuming at this record. The
        // first, small batches go as soon as they are full too, without waiting for the chunk.
        if (encoder.size === data.batchEvents * 2 || (batchTarget < data.batchEvents && encoder.size === batchTarget)) {
          send(at.offset, Math.max(0, at.line - 1));
        }
        encoder.add(e, at, keepRaw, session);
        events++;
      },
      bad(reason, at, text) {
        bad++;
        if (badShown.length < data.maxBadShown) badShown.push({ line: at.line, reason, text });
      },
      truncated: () => void truncated++,
    },
    { startBytes: data.startBytes, startLines: data.startLines },
  );

  function send(resumeBytes: number, resumeLines: number): void {
    const batch = encoder.take(resumeBytes, resumeLines);
    batchTarget = Math.min(batchTarget * 4, data.batchEvents);
    credits--;
    post(
      { type: 'batch', batch, bad, badShown, truncated, fileBytes, lines: driver.lines, events },
      batchTransferList(batch),
    );
    bad = 0;
    badShown = [];
    truncated = 0;
  }

  const flush = async (force: boolean) => {
    if (encoder.size >= batchTarget || (force && (encoder.size > 0 || bad > 0 || truncated > 0))) {
      const r = driver.resumePoint();
      send(r.bytes, r.lines);
      await waitForCredit();
    }
  };

  let lastProgress = 0;
  const progress = () => {
    const now = performance.now();
    if (now - lastProgress < 200) return;
    lastProgress = now;
    post({ type: 'progress', fileBytes, lines: driver.lines, events });
  };

  const readFrom = async (start: number, end?: number) => {
    const file = fs.createReadStream(data.path, { start, end, highWaterMark: 1 << 20 });
    const stream = data.gzip ? file.pipe(zlib.createGunzip()) : file;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (cancelled) break;
        driver.write(chunk);
        fileBytes = start + file.bytesRead;
        await flush(false);
        progress();
      }
    } finally {
      file.destroy();
    }
  };

  await readFrom(data.gzip ? 0 : data.startBytes);
  // Follow: a log still being written is read on as it grows, until the import is cancelled.
  while (data.follow && !data.gzip && !cancelled) {
    await flush(true);
    post({ type: 'progress', fileBytes, lines: driver.lines, events, following: true });
    await new Promise((r) => setTimeout(r, 500));
    const size = (await fs.promises.stat(data.path).catch(() => null))?.size ?? fileBytes;
    if (size < fileBytes) {
      post({ type: 'note', message: 'The file became shorter (rotated or truncated); following stopped.' });
      break;
    }
    if (size > fileBytes) await readFrom(fileBytes, size - 1);
  }
  if (!cancelled) driver.end();
  await flush(true);
  // Rows of sessions merged after they were sent are moved once the writer has them all.
  post({ type: 'end', report: driver.describe(), fileBytes, lines: driver.lines, events, cancelled, sessionMerges: sessions.merged() });
}

run().catch((err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }));
