// Serves the built renderer. The strict CSP here matches the one Electron applies, so
// browser mode is no weaker than the desktop app.
import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { sendText } from '../net/body.js';
import { contentTypeFor } from '../../../shared/content-types.js';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp.js';

export const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/** `urlPath` is already decoded and checked by parseRequestTarget: decoding twice would turn `%2500` into NUL. */
export function serveStatic(uiDir: string | null, urlPath: string, res: ServerResponse): void {
  if (!uiDir) {
    sendText(res, 404, 'The UI is not built. Run `npm run build` (or `npm start`, which builds it) first.');
    return;
  }
  const rel = urlPath === '/' ? 'index.html' : urlPath.replace(/^\/+/, '');
  const file = path.resolve(uiDir, rel);
  if (!file.startsWith(path.resolve(uiDir) + path.sep)) {
    sendText(res, 404, 'Not found.');
    return;
  }
  fs.readFile(file, (err, data) => {
    if (err) {
      sendText(res, 404, 'Not found.');
      return;
    }
    const immutable = rel.startsWith('assets/');
    res.writeHead(200, {
      'content-type': contentTypeFor(file),
      'content-length': data.length,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...SECURITY_HEADERS,
    });
    res.end(data);
  });
}
