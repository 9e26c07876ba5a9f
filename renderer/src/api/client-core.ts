// The typed client over any transport. Kept free of DOM types so it is unit-tested under Node.
import { z } from 'zod';
import {
  api,
  CallErrorSchema,
  topics,
  type CallInput,
  type CallName,
  type CallOutput,
  type TopicName,
  type TopicPayload,
} from '../../../shared/api.js';
import { CallFailed } from './call-failed.js';
import type { LiveStatus, Transport } from './transport.js';

export interface Client {
  readonly transport: Transport['kind'];
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  subscribe<T extends TopicName>(topic: T, fn: (payload: TopicPayload<T>) => void, onStatus?: (status: LiveStatus) => void): () => void;
}

const Envelope = z.object({ ok: z.boolean(), value: z.unknown().optional() });

// Checked key by key against the contract, these views let a generic call name pick its own
// schema with its own type (TypeScript's pattern for correlated unions), without casts.
const outputs: { [K in CallName]: { output: z.ZodType<CallOutput<K>> } } = api;
const topicSchemas: { [T in TopicName]: z.ZodType<TopicPayload<T>> } = topics;

export function createClient(transport: Transport): Client {
  return {
    transport: transport.kind,

    async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
      const raw = await transport.call(name, input);
      return unwrap(name, raw);
    },

    subscribe<T extends TopicName>(topic: T, fn: (payload: TopicPayload<T>) => void, onStatus?: (status: LiveStatus) => void) {
      const schema = topicSchemas[topic];
      return transport.subscribe(
        topic,
        (payload) => {
          // A malformed push is dropped: live updates are hints to refetch, never data we show.
          const parsed = schema.safeParse(payload);
          if (parsed.success) fn(parsed.data);
        },
        onStatus,
      );
    },
  };
}

/** Checks a CallResult envelope against the contract: the value, or a CallFailed. */
export function unwrap<N extends CallName>(name: N, raw: unknown): CallOutput<N> {
  const envelope = Envelope.safeParse(raw);
  if (!envelope.success) throw new CallFailed(name, 'BAD_OUTPUT', `The answer to ${name} is not a call result.`);
  if (!envelope.data.ok) {
    const error = CallErrorSchema.safeParse(raw);
    if (!error.success) throw new CallFailed(name, 'BAD_OUTPUT', `The answer to ${name} is a malformed error.`);
    throw new CallFailed(name, error.data.code, error.data.message, error.data.column);
  }
  const schema = outputs[name].output;
  const value = schema.safeParse(envelope.data.value);
  if (!value.success) {
    const first = value.error.issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    throw new CallFailed(name, 'BAD_OUTPUT', `The answer to ${name} does not match the contract${where}: ${first?.message ?? 'invalid'}.`);
  }
  return value.data;
}
