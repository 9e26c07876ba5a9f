// What a run of a plan must leave in the store, derived from the plan alone: the tests compare
// the stored figures with these, never with numbers written by hand.
import { ROUTES, type RouteName } from './catalogue.js';
import { stepEffects } from './plan-effects.js';
import { PERSONAS, type Effect, type Persona, type Step, type VisitorPlan } from './plan-types.js';

/** The bridge chart's default window; plans keep their sessions clear of its edge. */
export const DEMO_BRIDGE_WINDOW_MINUTES = 5;
/** How far every planned "left soon after" gap stays from the window's edge. */
export const BRIDGE_MARGIN_MS = 60_000;
/** A call counts as failed from this status up (shared/fields.ts ERROR_STATUS_FROM). */
const FAILED_FROM = 500;

export const USER_EVENT_TYPES = ['page_view', 'button_click', 'form_submit', 'identify', 'error_encountered'] as const;
export type UserEventType = (typeof USER_EVENT_TYPES)[number];

export interface ExpectedRoute {
  /** `GET /api/products/:id` */
  key: string;
  method: string;
  route: string;
  /** Calls made; each is stored twice, once recorded by the browser SDK and once by the middleware. */
  calls: number;
  /** Of those, answered with a 5xx. */
  failed: number;
  /** Calls by status, e.g. { "200": 40, "500": 3 }. */
  statuses: Record<string, number>;
  /** Sessions that made at least one such call. */
  sessions: number;
}

export interface ExpectedCounts {
  visitors: number;
  /** One per visit: a returning visitor has two. */
  sessions: number;
  /** Distinct user ids (anonymous visitors have none). */
  users: number;
  anonymousSessions: number;
  personas: Record<Persona, number>;
  /** Every stored event: user events plus both records of every call. */
  events: number;
  userEvents: number;
  /** Browser and server records together (twice the calls). */
  apiEvents: number;
  /** API calls made (each stored once per side). */
  calls: number;
  byType: Record<UserEventType, number>;
  pageViews: number;
  clicks: number;
  submits: number;
  errors: number;
  routes: ExpectedRoute[];
  /** Calls answered with a 5xx (each stored once per side). */
  failedCalls: number;
  /** Visit keys of the sessions whose last step was a failed call: they left right after it. */
  endedAfterFailure: string[];
  /** The most events one sender (a user, else a session) sends: must stay under the collector's rate limit. */
  maxEventsPerSender: number;
}

export interface BridgeOutcome {
  sessions: number;
  /** Of those, the ones whose last user action came no later than the window after their last such call. */
  left: number;
}

export interface ExpectedBridgeRow {
  key: string;
  method: string;
  route: string;
  /** Sessions with a failed call on the route, and how many left soon after their last one. */
  failed: BridgeOutcome;
  /**
   * Sessions with a call that did not fail (the chart splits these into slow and normal by the
   * route's p95 over the stored durations, which only a run decides), and how many left soon after.
   */
  ok: BridgeOutcome;
}

interface Timed {
  atMs: number;
  effect: Effect;
}

function timeline(steps: readonly Step[]): Timed[] {
  return steps.flatMap((s) => stepEffects(s).map((effect) => ({ atMs: s.atMs, effect })));
}

type Class = 'failed' | 'ok';
const classOf = (status: number): Class => (status >= FAILED_FROM ? 'failed' : 'ok');
const keyOf = (route: RouteName) => `${ROUTES[route].method} ${ROUTES[route].route}`;

/** For one visit: per route and class, when its last call happened; and when its last user event did. */
function lastTimes(steps: readonly Step[]): { calls: Map<string, Partial<Record<Class, number>>>; lastUserMs: number } {
  const calls = new Map<string, Partial<Record<Class, number>>>();
  let lastUserMs = -Infinity;
  for (const { atMs, effect } of timeline(steps)) {
    if (effect.kind === 'user') {
      lastUserMs = Math.max(lastUserMs, atMs);
      continue;
    }
    const k = keyOf(effect.route);
    const entry = calls.get(k) ?? {};
    entry[classOf(effect.status)] = atMs;
    calls.set(k, entry);
  }
  return { calls, lastUserMs };
}

/** The smallest distance, over a visit's routes and classes, between "left after" gaps and the window's edge. */
export function bridgeMarginMs(steps: readonly Step[], windowMinutes: number): number {
  const windowMs = windowMinutes * 60_000;
  const { calls, lastUserMs } = lastTimes(steps);
  let margin = Infinity;
  for (const entry of calls.values()) {
    for (const at of Object.values(entry)) margin = Math.min(margin, Math.abs(lastUserMs - at - windowMs));
  }
  return margin;
}

/** Whether a visit with a failed call counts as having left soon after it. */
export function visitLeftAfterFailure(steps: readonly Step[], windowMinutes: number): boolean {
  const { calls, lastUserMs } = lastTimes(steps);
  return [...calls.values()].some((e) => e.failed !== undefined && lastUserMs <= e.failed + windowMinutes * 60_000);
}

export function expectedBridge(plan: readonly VisitorPlan[], windowMinutes = DEMO_BRIDGE_WINDOW_MINUTES): ExpectedBridgeRow[] {
  const windowMs = windowMinutes * 60_000;
  const rows = new Map<string, ExpectedBridgeRow>();
  for (const name of Object.keys(ROUTES) as RouteName[]) {
    const k = keyOf(name);
    rows.set(k, { key: k, ...ROUTES[name], failed: { sessions: 0, left: 0 }, ok: { sessions: 0, left: 0 } });
  }
  for (const visit of plan.flatMap((v) => v.visits)) {
    const { calls, lastUserMs } = lastTimes(visit.steps);
    for (const [k, entry] of calls) {
      const row = rows.get(k)!;
      for (const cls of ['failed', 'ok'] as const) {
        const at = entry[cls];
        if (at === undefined) continue;
        row[cls].sessions++;
        if (lastUserMs <= at + windowMs) row[cls].left++;
      }
    }
  }
  return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export function expectedCounts(plan: readonly VisitorPlan[]): ExpectedCounts {
  const byType = Object.fromEntries(USER_EVENT_TYPES.map((t) => [t, 0])) as Record<UserEventType, number>;
  const personas = Object.fromEntries(PERSONAS.map((p) => [p, 0])) as Record<Persona, number>;
  const routes = new Map<string, ExpectedRoute>();
  for (const name of Object.keys(ROUTES) as RouteName[]) {
    const k = keyOf(name);
    routes.set(k, { key: k, ...ROUTES[name], calls: 0, failed: 0, statuses: {}, sessions: 0 });
  }
  const perSender = new Map<string, number>();
  const users = new Set<string>();
  const endedAfterFailure: string[] = [];
  let sessions = 0;
  let anonymousSessions = 0;
  let calls = 0;

  for (const visitor of plan) {
    personas[visitor.persona]++;
    if (visitor.userId) users.add(visitor.userId);
    for (const visit of visitor.visits) {
      sessions++;
      if (!visitor.userId) anonymousSessions++;
      // Events carry the user once the page has called identify (the sign-in step's last event).
      let signedIn = false;
      const touched = new Set<string>();
      const count = (n: number) => {
        const sender = signedIn && visitor.userId ? `u:${visitor.userId}` : `s:${visit.key}`;
        perSender.set(sender, (perSender.get(sender) ?? 0) + n);
      };
      for (const step of visit.steps) {
        for (const e of stepEffects(step)) {
          if (e.kind === 'user') {
            if (e.type === 'identify') signedIn = true;
            byType[e.type]++;
            count(1);
            continue;
          }
          calls++;
          count(2);
          const r = routes.get(keyOf(e.route))!;
          r.calls++;
          if (e.status >= FAILED_FROM) r.failed++;
          r.statuses[String(e.status)] = (r.statuses[String(e.status)] ?? 0) + 1;
          touched.add(r.key);
        }
      }
      for (const k of touched) routes.get(k)!.sessions++;
      const last = visit.steps[visit.steps.length - 1];
      if (last?.kind === 'place-order' && last.fails) endedAfterFailure.push(visit.key);
    }
  }
  const userEvents = USER_EVENT_TYPES.reduce((n, t) => n + byType[t], 0);
  const routeList = [...routes.values()].sort((a, b) => a.key.localeCompare(b.key));
  return {
    visitors: plan.length,
    sessions,
    users: users.size,
    anonymousSessions,
    personas,
    events: userEvents + 2 * calls,
    userEvents,
    apiEvents: 2 * calls,
    calls,
    byType,
    pageViews: byType.page_view,
    clicks: byType.button_click,
    submits: byType.form_submit,
    errors: byType.error_encountered,
    routes: routeList,
    failedCalls: routeList.reduce((n, r) => n + r.failed, 0),
    endedAfterFailure,
    maxEventsPerSender: Math.max(0, ...perSender.values()),
  };
}
