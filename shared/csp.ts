// The renderer's Content-Security-Policy, defined once for the three places that enforce it:
// the <meta> tag in renderer/index.html (a test checks it says exactly META_CSP), Electron's
// response header, and browser mode's header. No 'unsafe-eval', no inline script or style, no
// network beyond our own origin.
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

export const META_CSP = DIRECTIVES.join('; ');
/** frame-ancestors only works as a header, so headers carry it on top of the meta policy. */
export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');
