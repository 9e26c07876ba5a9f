// A small typed publish/subscribe bus for live topics. A throwing subscriber is isolated so
// one broken window or SSE stream cannot stop events reaching the others.
import type { TopicName, TopicPayload } from '../../../shared/api.js';

type Listener<T extends TopicName> = (payload: TopicPayload<T>) => void;

export interface TopicBus {
  publish<T extends TopicName>(topic: T, payload: TopicPayload<T>): void;
  subscribe<T extends TopicName>(topic: T, fn: Listener<T>): () => void;
}

export function createTopicBus(onListenerError: (err: unknown) => void = () => {}): TopicBus {
  const listeners = new Map<TopicName, Set<(payload: never) => void>>();
  return {
    publish(topic, payload) {
      for (const fn of listeners.get(topic) ?? []) {
        try {
          (fn as Listener<typeof topic>)(payload);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
    subscribe(topic, fn) {
      let set = listeners.get(topic);
      if (!set) listeners.set(topic, (set = new Set()));
      set.add(fn as (payload: never) => void);
      return () => void set.delete(fn as (payload: never) => void);
    },
  };
}
