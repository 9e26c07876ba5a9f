// Reads a request body with a hard size limit, refusing early on Content-Length so a huge
// upload is never buffered just to be rejected; and answers so that a client still sending
// can read the refusal (afterBody).
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** `limitName` says which limit a 413 comes from, where a route has more than one. */
export function readBody(req: IncomingMessage, limit: number, limitName = `the limit of ${limit} bytes`): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) {
    req.resume();
    return Promise.reject(new HttpError(413, `Request body is ${declared} bytes, over ${limitName}.`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpError(413, `Request body is over ${limitName}.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/** What is left of a body answered before it was read is read and dropped up to this many bytes, */
export const DISCARD_BYTES = 16 * 1024 * 1024;
/** ... for at most this long; */
const DISCARD_MS = 10_000;
/** ... and past either, the connection is closed this long after the answer, still reading. */
const LINGER_MS = 2_000;

/**
 * Calls `send` once the request body has been read to its end, dropping what was not read. An
 * answer (a 413, a 403) that arrives while the client is still sending is otherwise often lost:
 * when the server closes first, the unread bytes make the kernel reset the connection, and the
 * client reports "fetch failed" or EPIPE instead of the answer. Past DISCARD_BYTES or DISCARD_MS
 * the answer goes at once and the connection closes lingeringly: the server stops writing,
 * keeps reading for LINGER_MS so the client can read the answer, then lets go.
 */
export function afterBody(res: ServerResponse, send: () => void): void {
  const req: IncomingMessage | undefined = res.req;
  if (!req || req.complete || req.readableEnded || req.destroyed) {
    send();
    return;
  }
  let dropped = 0;
  let settled = false;
  const timer = setTimeout(() => giveUp(), DISCARD_MS);
  const settle = () => {
    settled = true;
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('close', onEnd);
    req.off('error', onEnd);
  };
  const onEnd = () => {
    if (settled) return;
    settle();
    send();
  };
  const onData = (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DISCARD_BYTES) giveUp();
  };
  const giveUp = () => {
    if (settled) return;
    settle();
    const socket = req.socket;
    req.on('data', () => {}); // keeps reading and dropping until the socket goes
    res.once('finish', () => {
      socket.end();
      setTimeout(() => socket.destroy(), LINGER_MS).unref();
    });
    send();
  };
  req.on('data', onData);
  req.once('end', onEnd);
  req.once('close', onEnd);
  req.once('error', onEnd);
  req.resume();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  afterBody(res, () => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(text);
  });
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  afterBody(res, () => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(`${text}\n`);
  });
}
