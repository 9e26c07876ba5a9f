// The model of what each planned step leaves in the store: the user events the browser SDK
// records on the real pages and the API calls the page makes (each recorded twice: by the SDK
// in the browser and by the middleware on the server). The http driver sends exactly this;
// the chromium driver's run is compared against it by the tests.
import { PAGE_HEADINGS, ROUTES, UI, checkoutErrorMessage, pageTitle, productById, productLinkId, type RouteName } from './catalogue.js';
import type { CallEffect, Effect, PagePlan, Step, UserEffect } from './plan-types.js';

export const CHECKOUT_FAILURE_STATUS = 500;

export function pathOf(to: PagePlan): string {
  switch (to.page) {
    case 'home':
      return '/';
    case 'product':
      return `/product/${to.productId}`;
    case 'cart':
      return '/cart';
    case 'checkout':
      return '/checkout';
    case 'thanks':
      return '/thanks';
  }
}

/** The title the page shows (shop-pages.ts renders the same headings). */
export function titleOf(to: PagePlan): string {
  return pageTitle(to.page === 'product' ? (productById(to.productId)?.name ?? '') : PAGE_HEADINGS[to.page]);
}

function call(route: RouteName, path: string, status = 200, delayMs = 0, body?: Record<string, unknown>): CallEffect {
  const c: CallEffect = { kind: 'call', route, method: ROUTES[route].method, path, status, delayMs };
  if (body) c.body = body;
  return c;
}

/** What loading a page records: its page view, then the API calls its script makes. */
export function pageEffects(to: PagePlan): Effect[] {
  const view: UserEffect = { kind: 'user', type: 'page_view', path: pathOf(to), title: titleOf(to) };
  switch (to.page) {
    case 'home':
      return [view, call('products', '/api/products')];
    case 'product':
      return [
        view,
        call('product', `/api/products/${to.productId}`),
        call('recommendations', `/api/recommendations?product=${to.productId}`, 200, to.recsDelayMs),
      ];
    case 'cart':
    case 'checkout':
      return [view, call('cart', '/api/cart')];
    case 'thanks':
      return [view];
  }
}

const click = (el: { id: string; tag: string; text: string; href?: string }): UserEffect => {
  const c: UserEffect = { kind: 'user', type: 'button_click', target: `${el.tag}#${el.id}`, text: el.text, tag: el.tag };
  if (el.href !== undefined) c.href = el.href;
  return c;
};

const submit = (form: { id: string; fields: readonly string[] }): UserEffect => ({
  kind: 'user',
  type: 'form_submit',
  form: `form#${form.id}`,
  fields: [...form.fields],
});

/** Everything one step records, in the order it happens. */
export function stepEffects(step: Step): Effect[] {
  switch (step.kind) {
    case 'open':
      return pageEffects(step.to);
    case 'sign-in':
      return [click(UI.signInButton), submit(UI.signInForm), { kind: 'user', type: 'identify' }];
    case 'follow':
      return [click({ ...step.link, tag: 'a' }), ...pageEffects(step.to)];
    case 'add-to-cart':
      return [click(UI.addToCart), call('addToCart', '/api/cart', 200, 0, { product_id: step.productId })];
    case 'place-order': {
      const head: Effect[] = [click(UI.placeOrder), submit(UI.checkoutForm)];
      if (step.fails) {
        return [
          ...head,
          call('checkout', '/api/checkout', CHECKOUT_FAILURE_STATUS),
          { kind: 'user', type: 'error_encountered', message: checkoutErrorMessage(CHECKOUT_FAILURE_STATUS) },
        ];
      }
      return [...head, call('checkout', '/api/checkout'), ...pageEffects({ page: 'thanks' })];
    }
  }
}

/** The link to a product on the home page. */
export const productLink = (id: number, name: string) => ({ id: productLinkId(id), text: name, href: `/product/${id}` });
