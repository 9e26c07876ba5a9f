// Browser mode: POST /rpc/<name> and server-sent events on /live (one stream for every topic,
// see live-stream.ts), same origin. Both carry the secret from the printed URL as
// `Authorization: Bearer`; no cookie is involved
// (see ui-secret.ts). Without it the server answers 401/403 and the UI must say how to get in
// rather than show a broken table.
import type { CallName, TopicName } from '../../../shared/api.js';
import { CallFailed } from './call-failed.js';
import { createLiveStream } from './live-stream.js';
import type { LiveStatus, Transport } from './transport.js';

const SESSION_MISSING_MESSAGE =
  'This browser is not signed in to Logbridge. Open the URL that `logbridge serve` printed in your terminal: its #token= part is a secret made when the server started, valid until it stops.';

export interface HttpTransportOptions {
  /** The secret in force, asked at each request. */
  secret: () => Promise<string | null>;
  /** The secret when it is known without waiting (undefined otherwise): the request then leaves at once. */
  secretNow?: () => string | null | undefined;
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

export function createHttpTransport({ secret, secretNow = () => undefined, base = '' }: HttpTransportOptions): Transport {
  const auth = async (): Promise<Record<string, string>> => bearer(await secret());
  // Synchronous when it can be, so fetch() is called within the caller's own task.
  const authNow = (): Record<string, string> | Promise<Record<string, string>> => {
    const now = secretNow();
    return now === undefined ? auth() : bearer(now);
  };
  const live = createLiveStream({
    request: async (signal) => fetch(`${base}/live`, { headers: await auth(), credentials: 'omit', cache: 'no-store', signal }),
    refused,
  });

  return {
    kind: 'http',

    async call(name: CallName, input: unknown): Promise<unknown> {
      const pending = authNow();
      const headers = { 'content-type': 'application/json', ...(pending instanceof Promise ? await pending : pending) };
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
      return live.subscribe(topic, fn, onStatus);
    },
  };
}
