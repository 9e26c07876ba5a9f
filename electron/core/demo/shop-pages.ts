// The demo shop's pages: small server-rendered HTML that loads the browser SDK from the
// collector and the shop's own script (/shop.js); everything dynamic is filled in by that
// script from the shop's API, so every page really calls it. No inline script or style, so the
// pages run under a strict Content-Security-Policy.
import { PAGE_HEADINGS, UI, pageTitle, productById } from './catalogue.js';
import { withoutTrailingSlashes } from './url-text.js';

export interface PageContext {
  /** The collector's base URL, where the SDK is loaded from and sends to. */
  collectorUrl: string;
  /** The shop's own origin. */
  shopOrigin: string;
  /** The collector's --token, for the SDK to send. */
  token?: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The policy every page is sent with: scripts from the shop and the collector only, calls to both. */
export function contentSecurityPolicy(collectorUrl: string): string {
  const collector = new URL(collectorUrl).origin;
  return [
    "default-src 'none'",
    `script-src 'self' ${collector}`,
    `connect-src 'self' ${collector}`,
    "style-src 'self'",
    "img-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function layout(ctx: PageContext, page: string, title: string, main: string, data: Record<string, string> = {}): string {
  const attrs = Object.entries({ page, ...data })
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join('');
  const collector = withoutTrailingSlashes(ctx.collectorUrl);
  // No timed sends (an hour outlasts any planned page): a page's events leave by the SDK's
  // page-hide beacon, or by the crowd's flush() on a visit's last page. A timed send still in
  // flight when a link is followed would be sent twice (its fetch is cut off, and the beacon
  // sends the batch again), which would break the run's counts.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(pageTitle(title))}</title>
<link rel="stylesheet" href="/shop.css">
</head>
<body${attrs}>
<header><a id="${UI.navHome.id}" href="${UI.navHome.href}">${UI.navHome.text}</a> <a id="${UI.navCart.id}" href="${UI.navCart.href}">${UI.navCart.text}</a> <span id="signin-status"></span></header>
<main>
${main}
</main>
<script src="${escapeHtml(collector)}/sdk.js" data-collector="${escapeHtml(collector)}" data-api-origins="${escapeHtml(ctx.shopOrigin)}" data-flush-interval="3600000" data-flush-at="100"${ctx.token ? ` data-token="${escapeHtml(ctx.token)}"` : ''}></script>
<script src="/shop.js"></script>
</body>
</html>
`;
}

export function homePage(ctx: PageContext): string {
  return layout(
    ctx,
    'home',
    PAGE_HEADINGS.home,
    `<h1>Outdoor gear</h1>
<form id="${UI.signInForm.id}" method="post">
<label for="${UI.signInField.id}">Your name</label> <input id="${UI.signInField.id}" name="${UI.signInField.name}" autocomplete="off">
<button id="${UI.signInButton.id}" type="submit">${UI.signInButton.text}</button>
</form>
<ul id="products"></ul>`,
  );
}

export function productPage(ctx: PageContext, id: number): string | null {
  const p = productById(id);
  if (!p) return null;
  return layout(
    ctx,
    'product',
    p.name,
    `<h1 id="product-name"></h1>
<p id="product-price"></p>
<button id="${UI.addToCart.id}" type="button">${UI.addToCart.text}</button>
<p id="cart-status"></p>
<h2>You may also like</h2>
<ul id="recommendations"></ul>`,
    { 'product-id': String(id) },
  );
}

export function cartPage(ctx: PageContext): string {
  return layout(
    ctx,
    'cart',
    PAGE_HEADINGS.cart,
    `<h1>Your cart</h1>
<ul id="cart-items"></ul>
<p id="cart-total"></p>
<a id="${UI.checkoutLink.id}" href="${UI.checkoutLink.href}">${UI.checkoutLink.text}</a>`,
  );
}

export function checkoutPage(ctx: PageContext): string {
  const [name, address] = UI.checkoutForm.fields;
  return layout(
    ctx,
    'checkout',
    PAGE_HEADINGS.checkout,
    `<h1>Checkout</h1>
<p id="cart-total"></p>
<form id="${UI.checkoutForm.id}" method="post">
<label for="field-${name}">Name</label> <input id="field-${name}" name="${name}" autocomplete="off">
<label for="field-${address}">Address</label> <input id="field-${address}" name="${address}" autocomplete="off">
<button id="${UI.placeOrder.id}" type="submit">${UI.placeOrder.text}</button>
</form>
<p id="${UI.checkoutError.id}" role="alert"></p>`,
  );
}

export function thanksPage(ctx: PageContext): string {
  return layout(
    ctx,
    'thanks',
    PAGE_HEADINGS.thanks,
    `<h1>Thank you for your order</h1>
<a id="${UI.continueShopping.id}" href="${UI.continueShopping.href}">${UI.continueShopping.text}</a>`,
  );
}

export function notFoundPage(ctx: PageContext): string {
  return layout(ctx, 'not-found', 'Not found', '<h1>Nothing here</h1>');
}

export const SHOP_CSS = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;color:#222}
header{display:flex;gap:1rem;padding-bottom:.5rem;border-bottom:1px solid #ddd}
#signin-status{margin-left:auto;color:#555}
[role=alert]{color:#b00020}
button{padding:.3rem .8rem}
`;
