// What the handlers of every domain are given: the store port and the runtime pieces they share.
// Handlers never see SQL, a database handle or a transport.
import type { EventStore } from '../store/port.js';
import type { Imports } from '../importers/imports.js';
import type { Follows } from '../importers/follows.js';

export interface HandlerContext {
  version: string;
  store: EventStore;
  imports: Imports;
  /** File sources the app reads on as they grow. */
  follows: Follows;
  /** The collector's address while it runs. */
  collectorUrl(): string | null;
  /** Hides secrets in an event read back from its file (privacy/redact.ts). */
  redactRaw(raw: string): string;
  /** Runs the demo shop's crowd against the collector (demo/); absent where the demo is not shipped. */
  runDemo?: (opts: { collectorUrl: string; seed: number; visitors: number }) => Promise<unknown>;
}

