import { describe, expect, it } from 'vitest';
import { isStaticAsset } from '../../shared/assets.js';

describe('static assets', () => {
  it('are images, style sheets, fonts and scripts, by extension, whatever the case or query string', () => {
    for (const p of ['/a/logo.png', '/x/Photo.JPG', '/s/site.css?v=3', 'https://cdn.example/app.min.js#x', '/f/inter.woff2', '/favicon.ico', '/m/app.js.map']) {
      expect(isStaticAsset(p), p).toBe(true);
    }
  });

  it('are not API calls, pages or names that only contain an extension', () => {
    for (const p of ['/api/cart', '/users/:id', '/blog/tags/css', '/api/logo.png.json', '/docs/js-guide', '', null, undefined]) {
      expect(isStaticAsset(p), String(p)).toBe(false);
    }
  });
});
