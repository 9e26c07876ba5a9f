// The app:// scheme the desktop window loads its UI from, instead of file://. A file:// page
// may read any file:// URL and has an opaque origin; app://logbridge/ is an origin of its own
// that can reach only the built renderer folder, and its answers carry our CSP as a header.
// Electron-free (plain Request/Response) so every rule runs under Node in the unit tests;
// main.ts only hands this handler to protocol.handle.
import fs from 'node:fs/promises';
import path from 'node:path';
import { contentTypeFor } from '../../shared/content-types.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';

export { contentTypeFor };

export const APP_SCHEME = 'app';
export const APP_HOST = 'logbridge';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * standard: relative URLs, a real origin and web storage; secure: a secure context, like
 * https; supportFetchAPI: module scripts and modulepreload are fetched. Deliberately absent:
 * bypassCSP, corsEnabled (no other origin may read our files), serviceWorkers.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/** Sent with every answer, errors included: the page's CSP is the header, not only the <meta>. */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

export type AppAsset = { ok: true; file: string } | { ok: false; status: 400 | 404; reason: string };

const refuse = (status: 400 | 404, reason: string): AppAsset => ({ ok: false, status, reason });

/**
 * The file under `rendererDir` that `url` names, or why none is served. Only app://logbridge/
 * (no port, no credentials) is ours; the path is decoded once and must stay a plain relative
 * path: no `..` or `.` segment, no backslash (a separator on Windows), no NUL, no drive or
 * root, and it must resolve inside `rendererDir`.
 */
export function resolveAppAsset(rendererDir: string, url: string): AppAsset {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return refuse(400, 'not a URL');
  }
  // Chromium lowercases the host of a standard scheme; Node's URL keeps it as written.
  if (u.protocol !== `${APP_SCHEME}:` || u.hostname.toLowerCase() !== APP_HOST || u.port !== '' || u.username !== '' || u.password !== '') {
    return refuse(404, 'not an app:// URL of ours');
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(u.pathname);
  } catch {
    return refuse(400, 'bad percent-encoding');
  }
  if (decoded.includes('\0')) return refuse(400, 'NUL in path');
  if (decoded.includes('\\')) return refuse(400, 'backslash in path');
  const rel = decoded.replace(/^\//, '');
  if (rel === '') return { ok: true, file: path.join(path.resolve(rendererDir), 'index.html') };
  const segments = rel.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return refuse(404, 'path is not a plain relative path');
  if (path.isAbsolute(rel) || path.win32.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) return refuse(404, 'absolute path');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, ...segments);
  if (!file.startsWith(root + path.sep)) return refuse(404, 'outside the renderer folder');
  return { ok: true, file };
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...APP_RESPONSE_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * Answers one app:// request from `rendererDir`. fs.promises reads inside app.asar too, as
 * Electron patches it, so the packaged app needs nothing else.
 */
/** What the handler reads of Electron's Request: nothing else, so a test can ask for URLs Request() would not build. */
export interface AppRequest {
  readonly method: string;
  readonly url: string;
}

export async function handleAppRequest(rendererDir: string, request: AppRequest): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('Method not allowed.', {
      status: 405,
      headers: { ...APP_RESPONSE_HEADERS, 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' },
    });
  }
  const asset = resolveAppAsset(rendererDir, request.url);
  if (!asset.ok) return textResponse(asset.status, asset.status === 400 ? 'Bad request.' : 'Not found.');
  let body: Buffer;
  try {
    body = await fs.readFile(asset.file);
  } catch {
    // Missing, a folder, or unreadable: the page learns nothing about which.
    return textResponse(404, 'Not found.');
  }
  const headers = { ...APP_RESPONSE_HEADERS, 'content-type': contentTypeFor(asset.file), 'content-length': String(body.length) };
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}
