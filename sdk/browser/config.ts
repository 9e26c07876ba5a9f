// The SDK's settings: defaults, what the script tag's data-* attributes say, and what
// logbridge.init() adds. Pure: no DOM globals, so it runs under the unit tests.

export interface SdkOptions {
  /** Base URL of the Logbridge collector (defaults to the origin the script came from). */
  collector?: string;
  /**
   * Origins besides the page's own that should receive the X-Session-Id header. Only list
   * APIs that allow that header in their CORS answers: anything else would break the app.
   */
  apiOrigins?: string[];
  /** How often queued events are sent, in ms. */
  flushInterval?: number;
  /** Send as soon as this many events are queued. */
  flushAt?: number;
  /** A new session starts after this much inactivity, in ms. */
  sessionTimeout?: number;
  /** Page views, clicks, form submits and errors; false leaves only track() and identify(). */
  autocapture?: boolean;
  /** Record the page's fetch and XHR calls and add the session header to them. */
  captureNetwork?: boolean;
  /**
   * The collector's --token, needed when it listens beyond this machine. It travels in the
   * query string (beacons cannot set headers), so it is a write key: it lets a page send events.
   */
  token?: string;
}

export interface Config {
  /** Origin plus optional path prefix, without a trailing slash; empty until known. */
  collector: string;
  /** Normalised origins (scheme://host:port). */
  apiOrigins: string[];
  flushInterval: number;
  flushAt: number;
  sessionTimeout: number;
  autocapture: boolean;
  captureNetwork: boolean;
  token: string;
}

export const DEFAULTS: Config = {
  collector: '',
  apiOrigins: [],
  flushInterval: 5_000,
  flushAt: 20,
  sessionTimeout: 30 * 60_000,
  autocapture: true,
  captureNetwork: true,
  token: '',
};

/** scheme://host:port of an absolute http(s) URL, or null. */
export function originOf(url: string, base?: string): string | null {
  try {
    const u = new URL(url, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

function collectorBase(url: string, base?: string): string {
  try {
    const u = new URL(url, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return '';
    // A path is kept so a collector behind a reverse-proxy prefix still works.
    return (u.origin + u.pathname).replace(/\/+$/, '');
  } catch {
    return '';
  }
}

const positive = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;

/** Applies options over a config; unknown or malformed values keep what was there. */
export function mergeOptions(cfg: Config, opts: SdkOptions, base?: string): Config {
  const out: Config = { ...cfg };
  if (typeof opts.collector === 'string' && opts.collector) out.collector = collectorBase(opts.collector, base) || cfg.collector;
  if (Array.isArray(opts.apiOrigins)) {
    // Absolute only: a relative value would silently mean the page's own origin.
    out.apiOrigins = opts.apiOrigins.map((o) => (typeof o === 'string' ? originOf(o) : null)).filter((o): o is string => o !== null);
  }
  out.flushInterval = positive(opts.flushInterval, cfg.flushInterval);
  out.flushAt = Math.min(100, Math.floor(positive(opts.flushAt, cfg.flushAt)));
  out.sessionTimeout = positive(opts.sessionTimeout, cfg.sessionTimeout);
  if (typeof opts.autocapture === 'boolean') out.autocapture = opts.autocapture;
  if (typeof opts.captureNetwork === 'boolean') out.captureNetwork = opts.captureNetwork;
  if (typeof opts.token === 'string') out.token = opts.token;
  return out;
}

/** What a script tag carries: `getAttribute` of the element, and its resolved src. */
export interface ScriptTagLike {
  getAttribute(name: string): string | null;
  src: string;
}

const flag = (v: string | null): boolean | undefined => (v === null ? undefined : !/^(false|0|off|no)$/i.test(v.trim()));
const number = (v: string | null): number | undefined => (v === null || v.trim() === '' ? undefined : Number(v));

/**
 * Options from `<script src=".../sdk.js" data-...>`. The collector defaults to where the
 * script was loaded from: that is the Logbridge instance the developer pointed the page at.
 */
export function optionsFromScript(tag: ScriptTagLike): SdkOptions {
  const attr = (n: string) => tag.getAttribute(`data-${n}`);
  const opts: SdkOptions = {};
  const collector = attr('collector') ?? (tag.src ? originOf(tag.src) : null);
  if (collector) opts.collector = collector;
  const origins = attr('api-origins');
  if (origins !== null) opts.apiOrigins = origins.split(/[\s,]+/).filter(Boolean);
  const interval = number(attr('flush-interval'));
  if (interval !== undefined) opts.flushInterval = interval;
  const at = number(attr('flush-at'));
  if (at !== undefined) opts.flushAt = at;
  const minutes = number(attr('session-timeout'));
  if (minutes !== undefined) opts.sessionTimeout = minutes * 60_000;
  const auto = flag(attr('autocapture'));
  if (auto !== undefined) opts.autocapture = auto;
  const net = flag(attr('capture-network'));
  if (net !== undefined) opts.captureNetwork = net;
  const token = attr('token');
  if (token !== null) opts.token = token;
  return opts;
}
