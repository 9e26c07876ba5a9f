// Static assets: the images, style sheets, fonts and scripts a page loads beside its API calls.
// An access log records them as requests like any other; the explorer marks them and can hide
// them, and the core's filter for that (query/nodes.ts) uses the same list. Isomorphic.

export const STATIC_ASSET_EXTENSIONS = [
  'png', 'jpg', 'jpeg', 'gif', 'svg', 'ico', 'webp', 'avif', 'bmp',
  'css', 'js', 'mjs', 'map',
  'woff', 'woff2', 'ttf', 'otf', 'eot',
] as const;

const ASSET = new RegExp(`\\.(${STATIC_ASSET_EXTENSIONS.join('|')})$`, 'i');

/** A request path or URL names a static asset by its extension (query string and fragment aside). */
export function isStaticAsset(pathOrUrl: string | undefined | null): boolean {
  if (!pathOrUrl) return false;
  const end = pathOrUrl.search(/[?#]/);
  return ASSET.test(end === -1 ? pathOrUrl : pathOrUrl.slice(0, end));
}
