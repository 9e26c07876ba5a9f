// Electron-free decisions for the desktop shell (what may load, what may open, where the
// Electron-ABI SQLite binding lives, how an import is summarised). Kept apart from main.ts so
// they run and are tested under plain Node, where no Electron binary exists.
import path from 'node:path';
import type { ImportSummary } from '../../shared/api.js';
import { APP_HOST, APP_INDEX_URL, APP_SCHEME } from './app-protocol.js';

/** One policy for the meta tag and both headers: see shared/csp.ts. */
export { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';

/** Where scripts/electron-native.mjs puts better_sqlite3.node built for Electron's ABI (relative to the app root). */
export const ELECTRON_NATIVE_CACHE = 'node_modules/.cache/logbridge/electron-native';
export const NATIVE_BINDING_FILE = 'better_sqlite3.node';
/** Where electron-builder's extraResources puts that file inside a packaged app (relative to process.resourcesPath). */
export const PACKAGED_NATIVE_DIR = 'native';

export interface NativeBindingContext {
  isPackaged: boolean;
  /** process.resourcesPath (only used when packaged). */
  resourcesPath: string;
  /** app.getAppPath(): the folder holding package.json in development. */
  appPath: string;
  /** process.versions.electron */
  electronVersion: string;
}

/** The better_sqlite3.node to load in Electron; never the Node build in node_modules/better-sqlite3/build. */
export function electronNativeBindingPath(ctx: NativeBindingContext): string {
  if (ctx.isPackaged) return path.join(ctx.resourcesPath, PACKAGED_NATIVE_DIR, NATIVE_BINDING_FILE);
  return path.join(ctx.appPath, ELECTRON_NATIVE_CACHE, ctx.electronVersion, NATIVE_BINDING_FILE);
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `url` is our own renderer page (app://logbridge/index.html, any #hash or ?query),
 * so a navigation to it or an IPC call from it is ours. Everything else is refused: file://
 * included, since the UI is never loaded from there.
 */
export function isAppPageUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  const u = parseUrl(url);
  if (!u || u.protocol !== `${APP_SCHEME}:` || u.username !== '' || u.password !== '' || u.port !== '') return false;
  // Chromium lowercases a standard scheme's host; compare as it would.
  return u.hostname.toLowerCase() === APP_HOST && u.pathname === new URL(APP_INDEX_URL).pathname;
}

/** The URL to hand to shell.openExternal, or null: only http(s) URLs, without credentials, ever leave the app. */
export function externalHttpUrl(url: string): string | null {
  const u = parseUrl(url);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return null;
  if (u.username || u.password || !u.hostname) return null;
  return u.href;
}

/** Shortens attacker-controlled text (a URL from a log line) before it is shown in a native dialog. */
export function clip(text: string, max = 300): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export interface ImportOutcome {
  path: string;
  summary?: ImportSummary;
  error?: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The text of the dialog/notification shown after File > Open…. */
export function summarizeImports(outcomes: readonly ImportOutcome[]): { title: string; detail: string; failed: boolean } {
  let imported = 0;
  let skipped = 0;
  let failures = 0;
  const lines: string[] = [];
  for (const o of outcomes) {
    const name = path.basename(o.path);
    if (o.summary) {
      imported += o.summary.imported;
      skipped += o.summary.skipped;
      lines.push(`${name}: ${plural(o.summary.imported, 'event')} imported, ${plural(o.summary.skipped, 'line')} skipped (${o.summary.format})`);
    } else {
      failures += 1;
      lines.push(`${name}: not imported: ${o.error ?? 'unknown error'}`);
    }
  }
  const title =
    `Imported ${plural(imported, 'event')}, skipped ${plural(skipped, 'line')}` +
    (outcomes.length > 1 ? ` from ${plural(outcomes.length, 'file')}` : '') +
    (failures ? `; ${plural(failures, 'file')} failed` : '');
  return { title, detail: lines.join('\n'), failed: failures > 0 };
}

/** The collector's line in the status/notification after start-up. */
export function collectorStatus(
  result: { url: string; preferredPort: number; port: number; fallbackReason?: string } | { error: string; preferredPort: number },
): string {
  if ('error' in result) return `The collector could not start (${result.error}); files can still be opened.`;
  if (result.preferredPort !== 0 && result.port !== result.preferredPort)
    return `Port ${result.preferredPort} is ${result.fallbackReason ?? 'not available'}, so the collector listens on ${result.url} instead; point your apps there.`;
  return `Collector listening on ${result.url}`;
}
