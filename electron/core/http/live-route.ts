// Live topics as server-sent events: GET /live/<topic>. Each message's data is the JSON payload.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TOPIC_NAMES, type TopicName } from '../../../shared/api.js';
import type { Service } from '../service.js';
import { HttpError } from './body.js';

const HEARTBEAT_MS = 25_000;

export function handleLive(topic: string, req: IncomingMessage, res: ServerResponse, service: Pick<Service, 'subscribe'>): void {
  if (!(TOPIC_NAMES as string[]).includes(topic)) throw new HttpError(404, `Unknown live topic "${topic}".`);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const off = service.subscribe(topic as TopicName, (payload) => res.write(`data: ${JSON.stringify(payload)}\n\n`));
  // Comments keep idle proxies and the browser from closing a quiet stream.
  const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  req.on('close', () => {
    clearInterval(beat);
    off();
  });
}
