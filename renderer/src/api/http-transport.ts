// Browser mode: POST /rpc/<name> and server-sent events on /live/<topic>, same origin. Both
// carry the secret from the printed URL as `Authorization: Bearer`; no cookie is involved
// (see ui-secret.ts). Without it the server answers 401/403 and the UI must say how to get in
// rather than show a broken table.
import type { CallName, TopicName } from '../../../shared/api.js';
import { CallFailed } from './call-failed.js';
import { createSseParser } from './sse-parser.js';
import type { LiveStatus, Transport } from './transport.js';

const SESSION_MISSING_MESSAGE =
  'This browser is not signed in to Logbridge. Open the URL that `logbridge serve` printed in your terminal: its #token= part is a secret made when the server started, valid until it stops.';

const RECONNECT_MIN_MS = 1_000;
const RECONNECT_MAX_MS = 30_000;

export interface HttpTransportOptions {
  /** The secret in force, asked at each request. */
  secret: () => Promise<string | null>;
  base?: string;
}

const bearer = (secret: string | null): Record<string, string> => (secret ? { authorization: `Bearer ${secret}` } : {});
const refused = (res: Response) => res.status === 401 || res.status === 403;

/**
 * Whether the server takes `candidate` as the UI secret, asked with the cheapest authenticated
 * call. False when it refuses it, and when it cannot be reached: nothing shows it is good.
 */
export async function secretAccepted(candidate: string, base = ''): Promise<boolean> {
  try {
    const res = await fetch(`${base}/rpc/app.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(candidate) },
      body: '{}',
      credentials: 'omit',
      cache: 'no-store',
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

export function createHttpTransport({ secret, base = '' }: HttpTransportOptions): Transport {
  const auth = async (): Promise<Record<string, string>> => bearer(await secret());

  return {
    kind: 'http',

    async call(name: CallName, input: unknown): Promise<unknown> {
      const headers = { 'content-type': 'application/json', ...(await auth()) };
      let res: Response;
      try {
        res = await fetch(`${base}/rpc/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? {}),
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch {
        throw new CallFailed(name, 'TRANSPORT', 'Cannot reach the Logbridge server. Is `logbridge serve` still running?');
      }
      if (refused(res)) throw new CallFailed(name, 'SESSION_MISSING', SESSION_MISSING_MESSAGE);
      if (res.status === 413) throw new CallFailed(name, 'TRANSPORT', 'The server refused the request because it is too large.');
      const text = await res.text();
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new CallFailed(name, 'TRANSPORT', `The server answered HTTP ${res.status} without a call result: ${text.slice(0, 200)}`);
      }
    },

    subscribe(topic: TopicName, fn: (payload: unknown) => void, onStatus?: (status: LiveStatus) => void): () => void {
      let controller: AbortController | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let delay = RECONNECT_MIN_MS;
      let stopped = false;

      const deliver = (data: string) => {
        let payload: unknown;
        try {
          payload = JSON.parse(data);
        } catch {
          return;
        }
        fn(payload);
      };

      // Resolves when the stream ends or could not start, saying whether the secret was refused;
      // rejects on a network error or abort.
      const stream = async (signal: AbortSignal): Promise<'ended' | 'refused'> => {
        const res = await fetch(`${base}/live/${encodeURIComponent(topic)}`, { headers: await auth(), credentials: 'omit', cache: 'no-store', signal });
        if (!res.ok || !res.body) {
          await res.body?.cancel();
          return refused(res) ? 'refused' : 'ended';
        }
        delay = RECONNECT_MIN_MS;
        onStatus?.('live');
        const parser = createSseParser(deliver);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return 'ended';
          parser.push(value);
        }
      };

      // A dropped stream is retried with backoff until unsubscribed. A refused secret is not:
      // asking again with it would never succeed, so the page says how to sign in, as a
      // refused call does.
      const settle = (how: 'ended' | 'refused') => {
        if (how === 'ended') return retry();
        if (stopped) return;
        stopped = true;
        onStatus?.('signed-out');
      };
      const retry = () => {
        if (stopped) return;
        onStatus?.('reconnecting');
        timer = setTimeout(open, delay);
        delay = Math.min(delay * 2, RECONNECT_MAX_MS);
      };
      const open = () => {
        controller = new AbortController();
        stream(controller.signal).then(settle, retry);
      };
      open();

      return () => {
        stopped = true;
        clearTimeout(timer);
        controller?.abort();
      };
    },
  };
}
