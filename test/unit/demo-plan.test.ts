// The demo's plan: deterministic per seed, every persona in a crowd, steps that the shop's pages
// allow, and expected counts that agree with the steps counted another way (by kind of step
// rather than through the effect model).
import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from '../../electron/core/collect/collector.js';
import { expectedBridge, expectedCounts, PERSONAS, planVisitor, planVisitors, visitByKey, type Step, type VisitorPlan } from '../../electron/core/demo/index.js';
import { bridgeMarginMs, BRIDGE_MARGIN_MS, DEMO_BRIDGE_WINDOW_MINUTES } from '../../electron/core/demo/expected.js';

const DAY = 24 * 3_600_000;
const visitsOf = (plan: readonly VisitorPlan[]) => plan.flatMap((v) => v.visits);
const stepsOf = (plan: readonly VisitorPlan[]) => visitsOf(plan).flatMap((v) => v.steps);
const count = (steps: readonly Step[], test: (s: Step) => boolean) => steps.filter(test).length;

describe('planVisitors', () => {
  it('plans the same crowd for the same seed, and another for another seed', () => {
    expect(planVisitors(7, 30)).toEqual(planVisitors(7, 30));
    expect(JSON.stringify(planVisitors(8, 30))).not.toBe(JSON.stringify(planVisitors(7, 30)));
  });

  it("gives each visitor a plan that depends only on the seed and its index (the shop looks it up by marker)", () => {
    const small = planVisitors(7, 10);
    const big = planVisitors(7, 40);
    expect(big.slice(0, 10)).toEqual(small);
    for (const v of big) {
      expect(planVisitor(7, v.index)).toEqual(v);
      for (const visit of v.visits) expect(visitByKey(7, visit.key)).toEqual(visit);
    }
    expect(visitByKey(7, 'v999.9')).toBeUndefined();
    expect(visitByKey(7, 'nonsense')).toBeUndefined();
  });

  it('shows every persona in any crowd of six or more', () => {
    for (let seed = 0; seed < 40; seed++) {
      const personas = new Set(planVisitors(seed, PERSONAS.length).map((v) => v.persona));
      expect([...personas].sort()).toEqual([...PERSONAS].sort());
    }
  });

  it('refuses sizes it cannot plan', () => {
    expect(() => planVisitors(7, -1)).toThrow(RangeError);
    expect(() => planVisitors(7, 501)).toThrow(RangeError);
    expect(() => planVisitors(1.5, 3)).toThrow(RangeError);
  });
});

describe('each planned visit', () => {
  const plans = [0, 7, 21, 99].map((seed) => planVisitors(seed, 60));

  it("takes only steps the page it is on offers, starting by opening the shop's home page", () => {
    for (const visit of plans.flatMap(visitsOf)) {
      let page = '';
      let cart = 0;
      visit.steps.forEach((s, i) => {
        expect(s.kind === 'open').toBe(i === 0);
        if (s.kind === 'open' || s.kind === 'follow') {
          const to = s.to.page === 'product' ? `product/${s.to.productId}` : s.to.page;
          // Every link leads somewhere else: the driver waits for the address to change.
          expect(to).not.toBe(page);
          page = to;
        }
        if (s.kind === 'sign-in') expect(page).toBe('home');
        if (s.kind === 'add-to-cart') {
          expect(page).toBe(`product/${s.productId}`);
          cart++;
        }
        if (s.kind === 'place-order') {
          expect(page).toBe('checkout');
          expect(cart).toBeGreaterThan(0);
          if (!s.fails) page = 'thanks';
        }
      });
    }
  });

  it('keeps its clock: think times add up, and the visit ends before the run starts', () => {
    for (const visit of plans.flatMap(visitsOf)) {
      let at = 0;
      for (const s of visit.steps) {
        expect(s.thinkMs).toBeGreaterThanOrEqual(0);
        // Shorter than the SDK's 30-minute session timeout: one visit stays one session.
        expect(s.thinkMs).toBeLessThan(30 * 60_000);
        at += s.thinkMs;
        expect(s.atMs).toBe(at);
      }
      expect(visit.startMs + at).toBeLessThanOrEqual(-60_000);
    }
  });

  it('signs in exactly the visitors with a user id, right after opening the shop', () => {
    for (const visitor of plans.flat()) {
      for (const visit of visitor.visits) {
        const signIns = visit.steps.filter((s) => s.kind === 'sign-in');
        if (visitor.userId === null) expect(signIns).toEqual([]);
        else {
          expect(visit.steps[1]).toMatchObject({ kind: 'sign-in', userId: visitor.userId });
          expect(signIns).toHaveLength(1);
        }
      }
    }
  });

  it('follows its persona', () => {
    for (const visitor of plans.flat()) {
      const orders = visitor.visits.map((v) => v.steps.filter((s) => s.kind === 'place-order'));
      const last = visitor.visits.at(-1)!.steps.at(-1)!;
      switch (visitor.persona) {
        case 'buyer':
          expect(orders[0]!.map((o) => o.kind === 'place-order' && o.fails)).toEqual([false]);
          break;
        case 'browser-only':
          expect(orders[0]).toEqual([]);
          break;
        case 'checkout-fails-leaves':
          expect(last).toMatchObject({ kind: 'place-order', fails: true });
          expect(orders[0]).toHaveLength(1);
          break;
        case 'checkout-fails-retries': {
          const fails = orders[0]!.map((o) => o.kind === 'place-order' && o.fails);
          expect(fails[0]).toBe(true);
          expect(fails.at(-1)).toBe(false);
          expect(last.kind).not.toBe('place-order');
          break;
        }
        case 'slow-recommendations-leaves':
          expect(last).toMatchObject({ kind: 'follow', to: { page: 'product' } });
          expect(last.kind === 'follow' && last.to.page === 'product' && last.to.recsDelayMs).toBeGreaterThanOrEqual(700);
          break;
        case 'returning': {
          expect(visitor.userId).not.toBeNull();
          expect(visitor.visits).toHaveLength(2);
          const [first, second] = visitor.visits;
          // Another day: the second visit starts at least a day after the first one ended.
          expect(second!.startMs - (first!.startMs + first!.steps.at(-1)!.atMs)).toBeGreaterThanOrEqual(DAY - 6 * 3_600_000);
          expect(second!.startMs - first!.startMs).toBeGreaterThanOrEqual(DAY);
          expect(orders[1]!.map((o) => o.kind === 'place-order' && o.fails)).toEqual([false]);
          break;
        }
      }
      if (visitor.persona !== 'returning') expect(visitor.visits).toHaveLength(1);
    }
  });
});

describe('expectedCounts', () => {
  it('agrees with the steps counted by kind', () => {
    for (const seed of [0, 7, 21]) {
      const plan = planVisitors(seed, 60);
      const steps = stepsOf(plan);
      const c = expectedCounts(plan);
      const pages = (page: string) => count(steps, (s) => (s.kind === 'open' || s.kind === 'follow') && s.to.page === page);
      const orders = count(steps, (s) => s.kind === 'place-order');
      const failed = count(steps, (s) => s.kind === 'place-order' && s.fails);
      const signIns = count(steps, (s) => s.kind === 'sign-in');
      const adds = count(steps, (s) => s.kind === 'add-to-cart');
      const follows = count(steps, (s) => s.kind === 'follow');

      expect(c.sessions).toBe(visitsOf(plan).length);
      expect(c.visitors).toBe(60);
      expect(c.users).toBe(new Set(plan.map((v) => v.userId).filter(Boolean)).size);
      expect(c.anonymousSessions).toBe(plan.filter((v) => v.userId === null).length);
      expect(c.pageViews).toBe(count(steps, (s) => s.kind === 'open') + follows + (orders - failed));
      expect(c.clicks).toBe(signIns + follows + adds + orders);
      expect(c.submits).toBe(signIns + orders);
      expect(c.byType.identify).toBe(signIns);
      expect(c.errors).toBe(failed);
      expect(c.failedCalls).toBe(failed);

      const calls = Object.fromEntries(c.routes.map((r) => [r.key, r.calls]));
      expect(calls).toEqual({
        'GET /api/products': pages('home'),
        'GET /api/products/:id': pages('product'),
        'GET /api/recommendations': pages('product'),
        'GET /api/cart': pages('cart') + pages('checkout'),
        'POST /api/cart': adds,
        'POST /api/checkout': orders,
      });
      expect(c.routes.find((r) => r.key === 'POST /api/checkout')!.statuses).toEqual({ '200': orders - failed, '500': failed });
      for (const r of c.routes.filter((r) => r.key !== 'POST /api/checkout')) expect(r.statuses).toEqual({ '200': r.calls });

      expect(c.calls).toBe(Object.values(calls).reduce((a, b) => a + b, 0));
      expect(c.apiEvents).toBe(2 * c.calls);
      expect(c.userEvents).toBe(Object.values(c.byType).reduce((a, b) => a + b, 0));
      expect(c.events).toBe(c.userEvents + c.apiEvents);
      expect(c.personas).toEqual(Object.fromEntries(PERSONAS.map((p) => [p, plan.filter((v) => v.persona === p).length])));
      expect(c.endedAfterFailure.sort()).toEqual(plan.filter((v) => v.persona === 'checkout-fails-leaves').map((v) => v.visits[0]!.key).sort());
    }
  });

  it('counts what each sender sends: a session until its page calls identify, then the user across visits', () => {
    for (const visitor of planVisitors(7, 60)) {
      const c = expectedCounts([visitor]);
      // Before identify: the first page view and its call (browser and server records), the sign-in's click and submit.
      const beforeSignIn = visitor.userId === null ? 0 : 5 * visitor.visits.length;
      expect(c.maxEventsPerSender).toBe(c.events - beforeSignIn);
    }
  });

  it("keeps every sender under the collector's rate limit", () => {
    for (const seed of [0, 7, 13]) expect(expectedCounts(planVisitors(seed, 500)).maxEventsPerSender).toBeLessThan(DEFAULT_RATE_LIMIT_PER_MINUTE);
  });
});

describe('expectedBridge', () => {
  it('keeps every visit clear of the default window, so a run cannot move a session across', () => {
    for (const seed of [0, 7, 21, 99]) {
      for (const visit of visitsOf(planVisitors(seed, 60))) {
        expect(bridgeMarginMs(visit.steps, DEMO_BRIDGE_WINDOW_MINUTES)).toBeGreaterThanOrEqual(BRIDGE_MARGIN_MS);
      }
    }
  });

  it('has failed calls only on the checkout, where those who leave are exactly the leavers, and it stands out', () => {
    for (const seed of [0, 7, 21, 99]) {
      const plan = planVisitors(seed, 60);
      const rows = expectedBridge(plan);
      const failing = plan.filter((v) => v.persona === 'checkout-fails-leaves' || v.persona === 'checkout-fails-retries').length;
      const leavers = plan.filter((v) => v.persona === 'checkout-fails-leaves').length;
      for (const r of rows) {
        if (r.key === 'POST /api/checkout') expect(r.failed).toEqual({ sessions: failing, left: leavers });
        else expect(r.failed).toEqual({ sessions: 0, left: 0 });
      }
      const checkout = rows.find((r) => r.key === 'POST /api/checkout')!;
      expect(checkout.failed.left / checkout.failed.sessions).toBeGreaterThan(2 * (checkout.ok.left / checkout.ok.sessions));
      const counts = expectedCounts(plan);
      // A session counts among "ok" when it made one call on the route that did not fail: all but the leavers' checkouts.
      for (const r of rows) expect(r.ok.sessions).toBe(counts.routes.find((x) => x.key === r.key)!.sessions - (r.key === 'POST /api/checkout' ? leavers : 0));
    }
  });
});
