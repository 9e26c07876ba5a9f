// Browser mode: POST /rpc/<name> and server-sent events on /live/<topic>, same origin. The
// session cookie set by the printed URL authenticates both; without it the server answers
// 401/403 and the UI must say how to get in rather than show a broken table.
import type { CallName, TopicName } from '../../../shared/api.js';
import { CallFailed } from './call-failed.js';
import type { LiveStatus, Transport } from './transport.js';

const SESSION_MISSING_MESSAGE =
  'This browser is not signed in to Logbridge. Open the URL that `logbridge serve` printed in your terminal (it carries a one-time token).';

const RECONNECT_MIN_MS = 1_000;
const RECONNECT_MAX_MS = 30_000;

export function createHttpTransport(base = ''): Transport {
  return {
    kind: 'http',

    async call(name: CallName, input: unknown): Promise<unknown> {
      let res: Response;
      try {
        res = await fetch(`${base}/rpc/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
          cache: 'no-store',
        });
      } catch {
        throw new CallFailed(name, 'TRANSPORT', 'Cannot reach the Logbridge server. Is `logbridge serve` still running?');
      }
      if (res.status === 401 || res.status === 403) throw new CallFailed(name, 'SESSION_MISSING', SESSION_MISSING_MESSAGE);
      if (res.status === 413) throw new CallFailed(name, 'TRANSPORT', 'The server refused the request because it is too large.');
      const text = await res.text();
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new CallFailed(name, 'TRANSPORT', `The server answered HTTP ${res.status} without a call result: ${text.slice(0, 200)}`);
      }
    },

    subscribe(topic: TopicName, fn: (payload: unknown) => void, onStatus?: (status: LiveStatus) => void): () => void {
      let source: EventSource | null = null;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let delay = RECONNECT_MIN_MS;
      let stopped = false;

      const open = () => {
        const es = new EventSource(`${base}/live/${encodeURIComponent(topic)}`);
        source = es;
        es.onopen = () => {
          delay = RECONNECT_MIN_MS;
          onStatus?.('live');
        };
        es.onmessage = (msg: MessageEvent<string>) => {
          let payload: unknown;
          try {
            payload = JSON.parse(msg.data);
          } catch {
            return;
          }
          fn(payload);
        };
        es.onerror = () => {
          onStatus?.('reconnecting');
          // EventSource retries network drops itself but gives up for good on an HTTP error
          // (a restarted server answers 401 until the page is reopened), so retry with backoff.
          if (es.readyState === EventSource.CLOSED && !stopped) {
            es.close();
            timer = setTimeout(open, delay);
            delay = Math.min(delay * 2, RECONNECT_MAX_MS);
          }
        };
      };
      open();

      return () => {
        stopped = true;
        clearTimeout(timer);
        source?.close();
      };
    },
  };
}
