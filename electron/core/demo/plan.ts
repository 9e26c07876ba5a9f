// The crowd: `planVisitors(seed, n)` says, for each visitor, who they are, what kind of visit
// they pay (a persona) and every step they take, with think times. Pure and deterministic: a
// visitor's plan depends only on the seed and its index, so the shop can look up from a visit
// marker alone whether an order must fail or recommendations must be slow.
import { PRODUCTS, UI, productById, recommendationsFor, recommendedLinkId } from './catalogue.js';
import { productLink } from './plan-effects.js';
import { bridgeMarginMs, BRIDGE_MARGIN_MS, DEMO_BRIDGE_WINDOW_MINUTES, visitLeftAfterFailure } from './expected.js';
import { createRng, mixSeed, type Rng } from './prng.js';
import { PERSONAS, type LinkPlan, type PagePlan, type Persona, type Step, type StepAction, type VisitorPlan, type VisitPlan } from './plan-types.js';

export { expectedBridge, expectedCounts } from './expected.js';
export type { ExpectedCounts, ExpectedRoute, ExpectedBridgeRow } from './expected.js';
export { PERSONAS } from './plan-types.js';
export type { Persona, Step, VisitPlan, VisitorPlan } from './plan-types.js';

export const MAX_VISITORS = 500;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Visits are spread over these last hours before the run. */
const SPREAD_MS = 6 * HOUR;

/** Share of each persona after the first visitors (which show every persona once). */
const WEIGHTS: Record<Persona, number> = {
  buyer: 0.3,
  'browser-only': 0.22,
  'checkout-fails-leaves': 0.17,
  'checkout-fails-retries': 0.05,
  'slow-recommendations-leaves': 0.11,
  returning: 0.15,
};

const NAMES = ['maya', 'tom', 'ines', 'kofi', 'lena', 'arjun', 'sara', 'yuki', 'omar', 'eva', 'liam', 'noor', 'ben', 'chloe', 'ravi', 'ada'];

/** Think times (virtual ms) before each kind of step: [min, max]. */
const THINK = {
  signIn: [8_000, 30_000],
  product: [15_000, 90_000],
  home: [5_000, 40_000],
  addToCart: [10_000, 60_000],
  toCart: [5_000, 30_000],
  toCheckout: [5_000, 30_000],
  firstOrder: [30_000, 120_000],
  retryOrder: [10_000, 60_000],
  continueShopping: [10_000, 40_000],
  tailProduct: [90_000, 200_000],
} as const satisfies Record<string, readonly [number, number]>;

/** Builds one visit's steps, keeping track of the page the visitor is on. */
class VisitBuilder {
  readonly steps: Step[] = [];
  private at = 0;
  private page: PagePlan = { page: 'home' };
  private orders = 0;
  /** Products in this session's cart (the shop keeps a cart per session). */
  cart = 0;

  constructor(private readonly rng: Rng) {}

  private add(action: StepAction, think: readonly [number, number] | 0): void {
    const thinkMs = think === 0 ? 0 : this.rng.int(think[0], think[1]);
    this.at += thinkMs;
    this.steps.push({ ...action, thinkMs, atMs: this.at });
    if (action.kind === 'open' || action.kind === 'follow') this.page = action.to;
    if (action.kind === 'place-order' && !action.fails) this.page = { page: 'thanks' };
  }

  private follow(link: LinkPlan, to: PagePlan, think: readonly [number, number]): void {
    this.add({ kind: 'follow', link, to }, think);
  }

  open(): void {
    this.add({ kind: 'open', to: { page: 'home' } }, 0);
  }

  signIn(userId: string): void {
    this.add({ kind: 'sign-in', userId }, THINK.signIn);
  }

  home(): void {
    if (this.page.page === 'home') return;
    const link = this.page.page === 'thanks' ? UI.continueShopping : UI.navHome;
    this.follow({ id: link.id, text: link.text, href: link.href }, { page: 'home' }, this.page.page === 'thanks' ? THINK.continueShopping : THINK.home);
  }

  /** Goes to a product: a recommendation on the current product page, else through the home page. */
  product(productId: number, recsDelayMs: number, think: readonly [number, number] = THINK.product): void {
    const p = productById(productId)!;
    const to: PagePlan = { page: 'product', productId, recsDelayMs };
    const current = this.page;
    if (current.page === 'product' && recommendationsFor(current.productId).some((r) => r.id === productId)) {
      this.follow({ id: recommendedLinkId(productId), text: p.name, href: `/product/${productId}` }, to, think);
      return;
    }
    this.home();
    this.follow(productLink(productId, p.name), to, think);
  }

  addToCart(): void {
    if (this.page.page !== 'product') throw new Error('add-to-cart needs a product page');
    this.add({ kind: 'add-to-cart', productId: this.page.productId }, THINK.addToCart);
    this.cart++;
  }

  checkout(): void {
    this.follow({ id: UI.navCart.id, text: UI.navCart.text, href: UI.navCart.href }, { page: 'cart' }, THINK.toCart);
    this.follow({ id: UI.checkoutLink.id, text: UI.checkoutLink.text, href: UI.checkoutLink.href }, { page: 'checkout' }, THINK.toCheckout);
  }

  placeOrder(fails: boolean): void {
    this.orders++;
    this.add({ kind: 'place-order', attempt: this.orders, fails }, this.orders === 1 ? THINK.firstOrder : THINK.retryOrder);
  }
}

/** A product other than the ones just seen. */
function pickProduct(rng: Rng, avoid: readonly number[]): number {
  const choices = PRODUCTS.filter((p) => !avoid.includes(p.id));
  return rng.pick(choices.length > 0 ? choices : PRODUCTS).id;
}

/** Recommendations are now and then a little slow for anyone. */
const casualDelay = (rng: Rng) => (rng.chance(0.12) ? rng.int(300, 600) : 0);

/** Views `n` products, adding each to the cart with probability `addP`; at least one is added when `mustAdd`. */
function browse(b: VisitBuilder, rng: Rng, n: number, addP: number, mustAdd: boolean): void {
  const seen: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = pickProduct(rng, seen);
    seen.push(id);
    b.product(id, casualDelay(rng));
    if (rng.chance(addP) || (mustAdd && i === n - 1 && b.cart === 0)) b.addToCart();
  }
}

/** After buying, looking around a good while longer. */
function tail(b: VisitBuilder, rng: Rng): void {
  b.home();
  const n = rng.int(2, 3);
  const seen: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = pickProduct(rng, seen);
    seen.push(id);
    b.product(id, casualDelay(rng), THINK.tailProduct);
  }
}

/** One visit's steps for a persona (`second`: a returning visitor's later visit). */
function buildVisit(rng: Rng, persona: Persona, userId: string | null, second: boolean): VisitBuilder {
  const b = new VisitBuilder(rng);
  b.open();
  if (userId) b.signIn(userId);
  switch (persona) {
    case 'buyer':
      browse(b, rng, rng.int(1, 3), 0.6, true);
      b.checkout();
      b.placeOrder(false);
      if (rng.chance(0.75)) tail(b, rng);
      break;
    case 'browser-only':
      browse(b, rng, rng.int(2, 4), 0.3, false);
      break;
    case 'checkout-fails-leaves':
      browse(b, rng, rng.int(1, 3), 0.6, true);
      b.checkout();
      b.placeOrder(true);
      break;
    case 'checkout-fails-retries':
      browse(b, rng, rng.int(1, 2), 0.6, true);
      b.checkout();
      b.placeOrder(true);
      if (rng.chance(0.25)) b.placeOrder(true);
      b.placeOrder(false);
      tail(b, rng);
      break;
    case 'slow-recommendations-leaves': {
      const before = rng.int(0, 1);
      browse(b, rng, before, 0.2, false);
      b.product(pickProduct(rng, []), rng.int(700, 900));
      break;
    }
    case 'returning':
      if (!second) browse(b, rng, rng.int(1, 2), 1, true);
      else {
        browse(b, rng, 1, 1, true);
        b.checkout();
        b.placeOrder(false);
        if (rng.chance(0.6)) tail(b, rng);
      }
      break;
  }
  return b;
}

/**
 * Builds a visit whose session figures are unambiguous around the bridge chart's default
 * window: every "ended soon after" is either well inside or well outside it, so a run's small
 * delays cannot move a session across. Retriers must not count as having left after their failure.
 */
function plannedVisit(rng: Rng, persona: Persona, userId: string | null, second: boolean): Step[] {
  for (let tries = 0; ; tries++) {
    const steps = buildVisit(rng, persona, userId, second).steps;
    const ok =
      bridgeMarginMs(steps, DEMO_BRIDGE_WINDOW_MINUTES) >= BRIDGE_MARGIN_MS &&
      (persona !== 'checkout-fails-retries' || !visitLeftAfterFailure(steps, DEMO_BRIDGE_WINDOW_MINUTES));
    // The think-time ranges make this rare; after many draws the last one is kept as it is.
    if (ok || tries >= 200) return steps;
  }
}

/** The personas of the first visitors, in a seeded order, so a crowd of six or more shows each. */
function firstPersonas(seed: number): Persona[] {
  const rng = createRng(mixSeed(seed, 0x7fffffff));
  const order = [...PERSONAS];
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function drawPersona(rng: Rng): Persona {
  let r = rng.next();
  for (const p of PERSONAS) {
    r -= WEIGHTS[p];
    if (r < 0) return p;
  }
  return 'buyer';
}

const visitDuration = (steps: readonly Step[]) => steps[steps.length - 1]?.atMs ?? 0;

/** One visitor's plan; depends only on the seed and the index. */
export function planVisitor(seed: number, index: number): VisitorPlan {
  const rng = createRng(mixSeed(seed, index));
  const first = firstPersonas(seed);
  const persona = index < first.length ? first[index]! : drawPersona(rng);
  const anonymous = persona !== 'returning' && rng.chance(0.3);
  const userId = anonymous ? null : `${rng.pick(NAMES)}-${index + 1}`;
  const id = `v${String(index + 1).padStart(3, '0')}`;
  const visits: VisitPlan[] = [];
  const count = persona === 'returning' ? 2 : 1;
  for (let n = 1; n <= count; n++) {
    const steps = plannedVisit(rng, persona, userId, n === 2);
    // Ends at least two minutes before the run starts, so no event lies in the future.
    const latest = visitDuration(steps) + 2 * MINUTE;
    let startMs = -rng.int(latest, Math.max(latest, SPREAD_MS));
    // A returning visitor's first visit was one to three days earlier.
    if (persona === 'returning' && n === 1) startMs -= rng.int(DAY, 3 * DAY);
    visits.push({ key: `${id}.${n}`, visitor: index, number: n, startMs, steps });
  }
  return { index, id, userId, persona, visits };
}

export function planVisitors(seed: number, visitors: number): VisitorPlan[] {
  if (!Number.isInteger(seed) || !Number.isInteger(visitors) || visitors < 0 || visitors > MAX_VISITORS) {
    throw new RangeError(`planVisitors needs a whole seed and 0 to ${MAX_VISITORS} visitors`);
  }
  return Array.from({ length: visitors }, (_, i) => planVisitor(seed, i));
}

/** The visit a marker (`v007.2`) names, as the shop looks it up. */
export function visitByKey(seed: number, key: string): VisitPlan | undefined {
  const m = /^v(\d{3,})\.(\d+)$/.exec(key);
  if (!m) return undefined;
  const index = Number(m[1]) - 1;
  if (index < 0 || index >= MAX_VISITORS) return undefined;
  return planVisitor(seed, index).visits.find((v) => v.key === key);
}
