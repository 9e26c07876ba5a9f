// The app:// handler the desktop window loads its UI through (electron/shell/app-protocol.ts),
// run under plain Node against a real folder: what it serves, with which headers, and every
// way of asking for a file outside the built renderer that it refuses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_INDEX_URL,
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  contentTypeFor,
  handleAppRequest,
  resolveAppAsset,
} from '../../electron/shell/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';

const INDEX_HTML = '<!doctype html><title>Logbridge</title>';
const SECRET = 'never served: outside the renderer folder';

describe('app:// (electron/shell/app-protocol.ts)', () => {
  let tmp: string;
  let renderer: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'logbridge-app-protocol-'));
    renderer = path.join(tmp, 'dist', 'renderer');
    fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(renderer, 'index.html'), INDEX_HTML);
    fs.writeFileSync(path.join(renderer, 'assets', 'index-abc.js'), 'export const x = 1;\n');
    fs.writeFileSync(path.join(renderer, 'assets', 'index-abc.css'), 'body{}\n');
    fs.writeFileSync(path.join(renderer, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    // Siblings a traversal would reach: the folder beside the renderer, and a look-alike name.
    fs.writeFileSync(path.join(tmp, 'dist', 'secret.txt'), SECRET);
    fs.mkdirSync(path.join(tmp, 'dist', 'renderer-evil'));
    fs.writeFileSync(path.join(tmp, 'dist', 'renderer-evil', 'index.html'), SECRET);
  });

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  // A plain object, not a Request: Electron hands over URLs as Chromium parsed them, and Request()
  // would refuse some of the hostile ones before the handler saw them.
  const get = (url: string, method = 'GET') => handleAppRequest(renderer, { url, method });

  it('is a standard, secure origin of its own that no other origin can read (no CORS, no CSP bypass)', () => {
    expect(APP_ORIGIN).toBe('app://logbridge');
    expect(APP_INDEX_URL).toBe('app://logbridge/index.html');
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true });
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('corsEnabled');
  });

  it('serves the index with its type, our CSP as a header, and nosniff', async () => {
    for (const url of [APP_INDEX_URL, `${APP_INDEX_URL}#/events`, `${APP_INDEX_URL}?q=1`, `${APP_ORIGIN}/`, APP_ORIGIN, 'app://LOGBRIDGE/index.html']) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toBe(INDEX_HTML);
    }
  });

  it('serves assets with the types module scripts and styles need', async () => {
    const js = await get('app://logbridge/assets/index-abc.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('export const x = 1;\n');
    expect((await get('app://logbridge/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('app://logbridge/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml');
    expect(contentTypeFor('x.MJS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('x.woff2')).toBe('font/woff2');
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(APP_INDEX_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(INDEX_HTML.length));
    expect(await head.text()).toBe('');
    const post = await get(APP_INDEX_URL, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(post.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  // URL parsing removes literal and %2e dot segments itself (see below); these survive it.
  const ESCAPES = [
    'app://logbridge/..%2fsecret.txt',
    'app://logbridge/assets/..%2f..%2fsecret.txt',
    'app://logbridge/%2e%2e%2fsecret.txt',
    'app://logbridge/..%5csecret.txt',
    'app://logbridge/assets%5c..%5c..%5csecret.txt',
    'app://logbridge/%2e%2e%5csecret.txt',
    'app://logbridge/..%2f..%2frenderer-evil%2findex.html',
    // Encoded dot segments are refused even where they would land back inside the folder.
    'app://logbridge/assets/..%2findex.html',
    'app://logbridge/.%2findex.html',
    'app://logbridge/assets%2f%2findex-abc.js',
    'app://logbridge//etc/passwd',
    'app://logbridge/%2fetc%2fpasswd',
    'app://logbridge/C:/Windows/win.ini',
    'app://logbridge/C:%5cWindows%5cwin.ini',
    'app://logbridge/index.html%00.png',
    'app://logbridge/%00',
    'app://logbridge/%E0%A4%A',
    'app://other/index.html',
    'app://logbridge.evil/index.html',
    'app://logbridge:8080/index.html',
    'app://user:pw@logbridge/index.html',
    'app:index.html',
    'app:/index.html',
    'file:///etc/passwd',
    'https://logbridge/index.html',
  ];

  it('refuses every path that leaves the renderer folder, other hosts, NULs and bad encodings', async () => {
    for (const url of ESCAPES) {
      const asset = resolveAppAsset(renderer, url);
      expect(asset.ok, url).toBe(false);
      const res = await get(url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(res.status, url).toBeLessThan(500);
      const body = await res.text();
      expect(body, url).not.toContain(SECRET);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('keeps literal dot segments inside the folder: the URL parser resolves them at the root', async () => {
    for (const url of ['app://logbridge/../secret.txt', 'app://logbridge/assets/../../secret.txt', 'app://logbridge/%2e%2e/%2E%2E/secret.txt']) {
      expect(resolveAppAsset(renderer, url), url).toEqual({ ok: true, file: path.join(renderer, 'secret.txt') });
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain(SECRET);
    }
  });

  it('checks the folder itself, not only the parsed URL: an absolute path made by hand is refused', () => {
    const absolute = path.join(tmp, 'dist', 'secret.txt');
    expect(resolveAppAsset(renderer, `app://logbridge/${encodeURIComponent(absolute)}`).ok).toBe(false);
    expect(resolveAppAsset(renderer, 'app://logbridge/assets/index-abc.js')).toEqual({ ok: true, file: path.join(renderer, 'assets', 'index-abc.js') });
  });

  it('says only "Not found." for missing files and folders, never which', async () => {
    for (const url of ['app://logbridge/missing.js', 'app://logbridge/assets', 'app://logbridge/assets/']) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).toBe('Not found.');
    }
  });
});
