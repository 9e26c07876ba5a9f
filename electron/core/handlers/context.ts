// What the handlers of every domain are given: the store port and the runtime pieces they share.
// Handlers never see SQL, a database handle or a transport.
import type { EventStore } from '../store/port.js';
import type { Imports } from '../importers/imports.js';
import type { Follows } from '../importers/follows.js';
import type { ViewsFile } from '../views/views-file.js';
import type { ExportTickets } from '../export/tickets.js';

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
  /** Saved views (views/views-file.ts). */
  views: ViewsFile;
  /** Browser mode's one-time export downloads (export/tickets.ts), claimed by the HTTP route. */
  exportTickets: ExportTickets;
  /** The desktop app's save dialog: where to write an export, null when the user cancelled. */
  pickExportPath?: (suggestedName: string) => Promise<string | null>;
  runDemo?: (opts: { collectorUrl: string; seed: number; visitors: number }) => Promise<unknown>;
}

