// The SDK without the browser's globals: turns captured actions and API calls into the
// collector's wire format and queues them. index.ts wires it to the real page; the unit tests
// drive it with a fake transport, storage and clock.
import { DEFAULTS, mergeOptions, originOf, type Config, type SdkOptions } from './config.js';
import type { ApiCall } from './network.js';
import { cleanProps, cut, fitEvent } from './sanitize.js';
import { createChannel, type Channel, type Transport } from './sender.js';
import { createSession, randomId, type KeyValueStore, type Session } from './session.js';

export const BATCH_PATH = '/api/analytics/batch';
export const LOGS_PATH = '/api/logs';
export const SDK_PATH = '/sdk.js';

/** One user event as /api/analytics/batch takes it. */
export interface WireEvent {
  /**
   * Made once when the event is recorded and sent unchanged by every retry and beacon: a batch
   * the collector stored but whose answer was lost (the page navigated away) is stored once.
   */
  event_id: string;
  event_type: string;
  event_data: Record<string, unknown>;
  timestamp: string;
  session_id: string;
  user_id?: string;
}

/** One API call as /api/logs takes it. */
export interface WireCall {
  /** As WireEvent's: the same record re-sent is stored once. */
  event_id: string;
  method: string;
  url: string;
  status?: number;
  duration_ms: number;
  time: string;
  session_id: string;
  user_id?: string;
  source: 'browser';
  error?: string;
}

export interface ClientDeps {
  transport: Transport;
  storage: KeyValueStore | null;
  /** The page's URL: relative option values and same-origin checks resolve against it. */
  base: () => string;
  now?: () => number;
  /** Event ids; 128 random bits as hex unless a test gives its own. */
  newId?: () => string;
  warn?: (message: string) => void;
}

export interface Client {
  configure(opts: SdkOptions): void;
  config(): Config;
  /** Records a user event; `activity` false for events that should not extend the session. */
  emit(type: string, data: Record<string, unknown>, activity?: boolean): void;
  recordCall(call: ApiCall): void;
  identify(userId: unknown, traits?: unknown): void;
  /** The session id the X-Session-Id header should carry to this URL, or null. */
  headerFor(url: URL): string | null;
  /** The collector's own endpoints (and the whole collector when it is another origin). */
  isCollector(url: URL): boolean;
  flush(): Promise<void>;
  flushBeacon(): void;
  readonly session: Session;
  readonly channels: { events: Channel; calls: Channel };
}

export function createClient(deps: ClientDeps, opts: SdkOptions = {}): Client {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? randomId;
  let cfg = mergeOptions(DEFAULTS, opts, deps.base());
  const session = createSession({ storage: deps.storage, now, timeoutMs: () => cfg.sessionTimeout });
  const endpoint = (path: string) => () =>
    cfg.collector ? `${cfg.collector}${path}${cfg.token ? `?token=${encodeURIComponent(cfg.token)}` : ''}` : '';
  const warned = new Set<string>();
  const warnOnce = (msg: string) => {
    if (warned.has(msg)) return;
    warned.add(msg);
    deps.warn?.(msg);
  };
  const onDrop = (what: string) => (count: number, status: number) =>
    warnOnce(`logbridge: the collector ${status ? `answered ${status}` : 'could not be reached'}; ${count} ${what} dropped.`);
  const common = { transport: deps.transport, flushAt: () => cfg.flushAt, interval: () => cfg.flushInterval };
  const events = createChannel({ ...common, url: endpoint(BATCH_PATH), wrap: (items) => `{"events":[${items.join(',')}]}`, onDrop: onDrop('events') });
  const calls = createChannel({ ...common, url: endpoint(LOGS_PATH), wrap: (items) => `[${items.join(',')}]`, onDrop: onDrop('API call records') });

  const iso = () => new Date(now()).toISOString();

  const emit = (type: string, data: Record<string, unknown>, activity = true) => {
    const ev: WireEvent = {
      event_id: newId(),
      event_type: cut(type, 200),
      event_data: cleanProps(data),
      timestamp: iso(),
      session_id: activity ? session.touch() : session.id(),
    };
    const user = session.userId();
    if (user) ev.user_id = user;
    events.push(fitEvent(ev).json);
  };

  return {
    configure(o) {
      cfg = mergeOptions(cfg, o, deps.base());
    },
    config: () => cfg,
    emit,
    recordCall(call) {
      const rec: WireCall = {
        event_id: newId(),
        method: cut(call.method, 20),
        url: cut(call.url, 2_000),
        duration_ms: call.duration_ms,
        time: new Date(call.time).toISOString(),
        session_id: session.id(),
        source: 'browser',
      };
      if (call.status !== undefined) rec.status = call.status;
      if (call.error !== undefined) rec.error = cut(call.error, 500);
      const user = session.userId();
      if (user) rec.user_id = user;
      calls.push(JSON.stringify(rec));
    },
    identify(userId, traits) {
      const id = typeof userId === 'string' || typeof userId === 'number' ? String(userId).slice(0, 200) : '';
      if (!id) {
        warnOnce('logbridge.identify(userId): userId must be a non-empty string.');
        return;
      }
      session.setUserId(id);
      emit('identify', cleanProps(traits));
    },
    headerFor(url) {
      const page = originOf(deps.base());
      return url.origin === page || cfg.apiOrigins.includes(url.origin) ? session.id() : null;
    },
    isCollector(url) {
      if (!cfg.collector) return false;
      const collectorOrigin = originOf(cfg.collector);
      // A collector on another origin is never one of the app's APIs; on the page's own origin
      // (behind the app's proxy) only our endpoints are ours.
      if (url.origin === collectorOrigin && collectorOrigin !== originOf(deps.base())) return true;
      const path = url.origin + url.pathname;
      return [BATCH_PATH, LOGS_PATH, SDK_PATH].some((p) => path === cfg.collector + p);
    },
    flush: () => Promise.all([events.flush(), calls.flush()]).then(() => undefined),
    flushBeacon() {
      events.flushBeacon();
      calls.flushBeacon();
    },
    session,
    channels: { events, calls },
  };
}
