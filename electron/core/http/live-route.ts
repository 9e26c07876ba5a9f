// Live topics as server-sent events. GET /live carries every topic (or those named in
// `?topics=a,b`) on one response, each message named by its topic in `event:`: Chromium opens at
// most six HTTP/1.1 connections to a host across all tabs, so a stream per topic per tab left
// a third tab's calls queued forever. GET /live/<topic> streams one topic with unnamed messages,
// for scripts written against it. Each message's data is the JSON payload.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TOPIC_NAMES, type TopicName } from '../../../shared/api.js';
import type { RpcHost } from '../rpc/host.js';
import { HttpError } from '../net/body.js';

const HEARTBEAT_MS = 25_000;

const isTopic = (name: string): name is TopicName => (TOPIC_NAMES as string[]).includes(name);

export function handleLive(url: URL, req: IncomingMessage, res: ServerResponse, service: Pick<RpcHost, 'subscribe'>): void {
  if (url.pathname === '/live') return stream(namedTopics(url.searchParams.get('topics')), true, req, res, service);
  const topic = url.pathname.slice('/live/'.length);
  if (!url.pathname.startsWith('/live/') || !isTopic(topic)) throw new HttpError(404, `Unknown live topic "${topic}".`);
  stream([topic], false, req, res, service);
}

function namedTopics(list: string | null): TopicName[] {
  if (list === null) return TOPIC_NAMES;
  const names = list.split(',');
  const unknown = names.find((name) => !isTopic(name));
  if (unknown !== undefined) throw new HttpError(400, `Unknown live topic "${unknown}"; the topics are ${TOPIC_NAMES.join(', ')}.`);
  return [...new Set(names.filter(isTopic))];
}

function stream(topics: TopicName[], named: boolean, req: IncomingMessage, res: ServerResponse, service: Pick<RpcHost, 'subscribe'>): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const offs = topics.map((topic) =>
    service.subscribe(topic, (payload) => res.write(`${named ? `event: ${topic}\n` : ''}data: ${JSON.stringify(payload)}\n\n`)),
  );
  // Comments keep idle proxies and the browser from closing a quiet stream.
  const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  req.on('close', () => {
    clearInterval(beat);
    for (const off of offs) off();
  });
}
