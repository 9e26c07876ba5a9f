// The browser SDK served at GET /sdk.js: `<script src="http://127.0.0.1:4318/sdk.js"></script>`
// starts capturing at once and sends to the collector it was loaded from. Bundled by
// scripts/build-sdk.mjs into one self-contained IIFE.
import { captureClicks, captureErrors, capturePageViews, captureSubmits } from './capture.js';
import { createClient, type Client } from './client.js';
import { optionsFromScript, type SdkOptions } from './config.js';
import { patchFetch, patchXhr } from './network.js';
import { cut } from './sanitize.js';
import type { Transport } from './sender.js';
import type { KeyValueStore } from './session.js';

export interface LogbridgeApi {
  /** Changes settings (collector, apiOrigins, ...); capture is already running. */
  init(opts?: SdkOptions): void;
  track(name: string, props?: Record<string, unknown>): void;
  identify(userId: string, traits?: Record<string, unknown>): void;
  /** Sends what is queued now. */
  flush(): Promise<void>;
  /** The current session id, as sent in X-Session-Id. */
  sessionId(): string;
  readonly version: string;
}

declare global {
  interface Window {
    logbridge?: LogbridgeApi;
  }
}

/** The window with its globals (console, XMLHttpRequest) as members. */
type Win = Window & typeof globalThis;

const VERSION = '1';

/** Storage that works: localStorage (shared by the site's tabs), else sessionStorage, else none. */
function pickStorage(win: Win): KeyValueStore | null {
  for (const name of ['localStorage', 'sessionStorage'] as const) {
    try {
      const s = win[name];
      const probe = '__logbridge_probe__';
      s.setItem(probe, '1');
      s.removeItem(probe);
      return s;
    } catch {
      // Blocked (privacy settings, sandboxed frame) or full: try the next.
    }
  }
  return null;
}

function browserTransport(win: Win, send: typeof fetch): Transport {
  const post = async (url: string, body: string, keepalive: boolean) => {
    // A string body goes as text/plain: a "simple" request, so no CORS preflight per batch.
    const res = await send(url, { method: 'POST', body, keepalive, credentials: 'omit', mode: 'cors' });
    const retryAfter = res.headers.get('retry-after');
    return { status: res.status, retryAfter, body: retryAfter === null ? undefined : await res.text().catch(() => '') };
  };
  return {
    post,
    beacon(url, body) {
      const nav = win.navigator;
      if (typeof nav.sendBeacon === 'function') return nav.sendBeacon(url, new Blob([body], { type: 'text/plain' }));
      void post(url, body, true).catch(() => undefined);
      return true;
    },
  };
}

function start(win: Win): LogbridgeApi {
  const doc = win.document;
  const script = doc.currentScript;
  // Our own requests go through the fetch we found, never the patched one: they are not recorded.
  const send = win.fetch.bind(win);
  const client: Client = createClient(
    {
      transport: browserTransport(win, send),
      storage: pickStorage(win),
      base: () => win.location.href,
      warn: (m) => win.console?.warn(m),
    },
    script instanceof HTMLScriptElement ? optionsFromScript(script) : {},
  );

  let autoOff: (() => void)[] | null = null;
  let networkOff: (() => void)[] | null = null;
  const emit = client.emit;
  /** Brings the listeners in line with the settings (init() may switch them). */
  const apply = () => {
    const cfg = client.config();
    if (cfg.autocapture && !autoOff) {
      autoOff = [capturePageViews(win, emit), captureClicks(win, emit), captureSubmits(win, emit), captureErrors(win, emit)];
    } else if (!cfg.autocapture && autoOff) {
      for (const off of autoOff) off();
      autoOff = null;
    }
    if (cfg.captureNetwork && !networkOff) {
      // Switched off later, our wrapper may stay in the chain (another library wrapped fetch
      // after us), so it checks the switch on every call.
      const on = () => networkOff !== null;
      const net = {
        base: () => win.location.href,
        headerFor: (u: URL) => (on() ? client.headerFor(u) : null),
        ignore: (u: URL) => !on() || client.isCollector(u),
        record: client.recordCall,
      };
      networkOff = [patchFetch(win, net), patchXhr(win.XMLHttpRequest?.prototype, net)];
    } else if (!cfg.captureNetwork && networkOff) {
      for (const off of networkOff) off();
      networkOff = null;
    }
  };
  apply();

  // The last chance to send: the page may be closed or frozen from here on.
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'hidden') client.flushBeacon();
  });
  win.addEventListener('pagehide', () => client.flushBeacon());

  /** The app calls these: whatever goes wrong in here stays in here. */
  const guarded = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      win.console?.warn(`logbridge: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return {
    init: (opts) =>
      guarded(() => {
        if (opts && typeof opts === 'object') client.configure(opts);
        apply();
      }),
    track: (name, props) =>
      guarded(() => {
        if (typeof name !== 'string' || !name.trim()) throw new Error('track(name): name must be a non-empty string.');
        emit(cut(name.trim(), 200), props && typeof props === 'object' ? props : {});
      }),
    identify: (userId, traits) => guarded(() => client.identify(userId, traits)),
    flush: () => client.flush(),
    sessionId: () => client.session.id(),
    version: VERSION,
  };
}

// Loaded twice (two tags, or a hot reload), the first copy keeps running and the second is a no-op.
if (typeof window !== 'undefined' && !window.logbridge) {
  try {
    window.logbridge = start(window);
  } catch (err) {
    window.console?.warn(`logbridge: not started: ${err instanceof Error ? err.message : String(err)}`);
  }
}
