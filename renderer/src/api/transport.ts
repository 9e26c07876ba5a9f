// What a transport must do: carry one call or one live topic across the boundary. Transports
// hand back raw, unvalidated values; the client is the only place that trusts nothing and
// checks everything against the contract.
import type { CallName, TopicName } from '../../../shared/api.js';

/** `signed-out`: the server refused the secret; the stream is not retried. */
export type LiveStatus = 'live' | 'reconnecting' | 'signed-out';

export interface Transport {
  readonly kind: 'ipc' | 'http';
  /** Resolves with the CallResult envelope as received, or rejects with a CallFailed. */
  call(name: CallName, input: unknown): Promise<unknown>;
  /** Returns the unsubscribe function. `onStatus` reports connection changes where a transport has them. */
  subscribe(topic: TopicName, fn: (payload: unknown) => void, onStatus?: (status: LiveStatus) => void): () => void;
}
