// One server-sent-events stream per tab, shared by all its live subscriptions and carrying
// every topic, each message named by its topic. Chromium opens at most six HTTP/1.1
// connections to a host across all tabs: with one stream per topic, two tabs held four of
// them and a third tab's calls queued behind the streams forever.
import { createSseParser } from './sse-parser.js';
import type { LiveStatus } from './transport.js';

const RECONNECT_MIN_MS = 1_000;
const RECONNECT_MAX_MS = 30_000;

export interface LiveStreamOptions {
  /** Starts the request for the stream of every topic, with the secret in force. */
  request: (signal: AbortSignal) => Promise<Response>;
  /** Whether an answer means the server refused the secret. */
  refused: (res: Response) => boolean;
}

export interface LiveStream {
  /** Opens the stream on the first subscription and closes it after the last one ends. */
  subscribe(topic: string, fn: (payload: unknown) => void, onStatus?: (status: LiveStatus) => void): () => void;
}

interface Subscription {
  topic: string;
  fn: (payload: unknown) => void;
  onStatus?: (status: LiveStatus) => void;
}

export function createLiveStream({ request, refused }: LiveStreamOptions): LiveStream {
  const subscriptions = new Set<Subscription>();
  let status: LiveStatus | undefined;
  let close: (() => void) | undefined;

  const report = (next: LiveStatus) => {
    status = next;
    for (const s of [...subscriptions]) s.onStatus?.(next);
  };

  const deliver = (data: string, topic: string) => {
    const listening = [...subscriptions].filter((s) => s.topic === topic);
    if (listening.length === 0) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    for (const s of listening) s.fn(payload);
  };

  // Returns the function that closes the stream for good.
  const connect = (): (() => void) => {
    let controller: AbortController | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = RECONNECT_MIN_MS;
    let stopped = false;

    // Resolves when the stream ends or could not start, saying whether the secret was refused;
    // rejects on a network error or abort.
    const stream = async (signal: AbortSignal): Promise<'ended' | 'refused'> => {
      const res = await request(signal);
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        return refused(res) ? 'refused' : 'ended';
      }
      delay = RECONNECT_MIN_MS;
      report('live');
      const parser = createSseParser(deliver);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return 'ended';
        parser.push(value);
      }
    };

    // A dropped stream is retried with backoff until closed. A refused secret is not: asking
    // again with it would never succeed, so the page says how to sign in, as a refused call does.
    const settle = (how: 'ended' | 'refused') => {
      if (how === 'ended') return retry();
      if (stopped) return;
      stopped = true;
      report('signed-out');
    };
    const retry = () => {
      if (stopped) return;
      report('reconnecting');
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
  };

  return {
    subscribe(topic, fn, onStatus) {
      const subscription: Subscription = { topic, fn, onStatus };
      subscriptions.add(subscription);
      if (!close) close = connect();
      // A later subscriber joins a stream already open: tell it where that stream stands.
      else if (status) onStatus?.(status);
      return () => {
        if (!subscriptions.delete(subscription) || subscriptions.size > 0) return;
        close?.();
        close = undefined;
        status = undefined;
      };
    },
  };
}
