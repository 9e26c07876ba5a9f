// What the demo shop sells and the names of its parts: the product list, the API's routes,
// and the ids and texts of the elements visitors click. The pages, the page script, the plan's
// model of what each step records and the http driver all read them here, so the driver without
// a browser sends exactly what the SDK records from the real pages.

export interface Product {
  id: number;
  name: string;
  /** In cents. */
  price: number;
}

export const PRODUCTS: readonly Product[] = [
  { id: 1, name: 'Trail running shoes', price: 8900 },
  { id: 2, name: 'Rain jacket', price: 12900 },
  { id: 3, name: 'Merino socks (3 pairs)', price: 2400 },
  { id: 4, name: 'Head torch', price: 3900 },
  { id: 5, name: 'Water bottle', price: 1500 },
  { id: 6, name: 'Day pack, 20 l', price: 6900 },
  { id: 7, name: 'Trekking poles', price: 7400 },
  { id: 8, name: 'Sun hat', price: 2100 },
  { id: 9, name: 'Camp mug', price: 1200 },
  { id: 10, name: 'First-aid kit', price: 2900 },
  { id: 11, name: 'Map case', price: 1800 },
  { id: 12, name: 'Fleece gloves', price: 2600 },
];

export function productById(id: number): Product | undefined {
  return PRODUCTS.find((p) => p.id === id);
}

/** The products shown as recommendations beside `id`: the next four in the list, wrapping. */
export function recommendationsFor(id: number): Product[] {
  const at = PRODUCTS.findIndex((p) => p.id === id);
  const start = at < 0 ? 0 : at + 1;
  return [0, 1, 2, 3].map((k) => PRODUCTS[(start + k) % PRODUCTS.length]!);
}

/** The heading of each page but a product's (whose heading is its name). */
export const PAGE_HEADINGS = { home: 'Browse', cart: 'Cart', checkout: 'Checkout', thanks: 'Thank you' } as const;

/** A page's title as the browser shows it (and the SDK's page_view records it). */
export function pageTitle(heading: string): string {
  return `${heading} · Logbridge demo shop`;
}

/** The shop API's routes as the middleware names them (`route` option) and the collector derives them. */
export const ROUTES = {
  products: { method: 'GET', route: '/api/products' },
  product: { method: 'GET', route: '/api/products/:id' },
  recommendations: { method: 'GET', route: '/api/recommendations' },
  addToCart: { method: 'POST', route: '/api/cart' },
  cart: { method: 'GET', route: '/api/cart' },
  checkout: { method: 'POST', route: '/api/checkout' },
} as const;
export type RouteName = keyof typeof ROUTES;

/** `GET /api/products/:id`: how expected counts key a route. */
export function routeKey(name: RouteName): string {
  return `${ROUTES[name].method} ${ROUTES[name].route}`;
}

/** Element ids and texts of the pages (the SDK describes a click as `tag#id` and its visible text). */
export const UI = {
  navHome: { id: 'nav-home', tag: 'a', text: 'Shop', href: '/' },
  navCart: { id: 'nav-cart', tag: 'a', text: 'Cart', href: '/cart' },
  signInForm: { id: 'signin-form', fields: ['user'] },
  signInField: { id: 'signin-user', name: 'user' },
  signInButton: { id: 'signin-button', tag: 'button', text: 'Sign in' },
  addToCart: { id: 'add-to-cart', tag: 'button', text: 'Add to cart' },
  checkoutLink: { id: 'checkout-link', tag: 'a', text: 'Checkout', href: '/checkout' },
  checkoutForm: { id: 'checkout-form', fields: ['name', 'address'] },
  placeOrder: { id: 'place-order', tag: 'button', text: 'Place order' },
  checkoutError: { id: 'checkout-error' },
  continueShopping: { id: 'continue-shopping', tag: 'a', text: 'Continue shopping', href: '/' },
} as const;

export const productLinkId = (id: number) => `product-${id}`;
export const recommendedLinkId = (id: number) => `recommended-${id}`;

/** The message the checkout page throws when the order fails: what users' errors show. */
export const CHECKOUT_ERROR = 'Payment service unavailable';
export const checkoutErrorMessage = (status: number) => `${CHECKOUT_ERROR} (HTTP ${status})`;

/** Headers the page script adds to its API calls: which planned visit it is, and its clock. */
export const VISIT_HEADER = 'X-Demo-Visit';
export const CLOCK_HEADER = 'X-Demo-Clock';
export const USER_HEADER = 'X-User-Id';
/** Where the page script finds its visit marker (the chromium driver puts it there). */
export const VISIT_STORAGE_KEY = 'logbridge_demo_visit';
export const USER_STORAGE_KEY = 'logbridge_demo_user';
