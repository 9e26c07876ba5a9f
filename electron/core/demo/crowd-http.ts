// The crowd without a browser: for each planned step it sends the collector what the browser
// SDK records on the real pages (same endpoints, same shapes: sdk/browser/client.ts) and calls
// the shop's API the way the page script does (X-Session-Id, the visit marker, the page's
// clock, the signed-in user), so the real middleware records the server's side.
import crypto from 'node:crypto';
import { z } from 'zod';
import { CLOCK_HEADER, USER_HEADER, VISIT_HEADER } from './catalogue.js';
import type { CrowdOptions } from './crowd.js';
import { forEachVisitor } from './crowd.js';
import { stepEffects } from './plan-effects.js';
import type { CallEffect, UserEffect, VisitorPlan, VisitPlan } from './plan-types.js';
import { withoutTrailingSlashes } from './url-text.js';

const USER_AGENT = 'Mozilla/5.0 (compatible; LogbridgeDemoCrowd/1; http driver)';
const SDK_EVENTS_PATH = '/api/analytics/batch';
const SDK_CALLS_PATH = '/api/logs';

/** The collector's answer to a batch. */
const Answer = z.object({
  accepted: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), reason: z.string() })).default([]),
});

/**
 * A visit's clock: the planned start, real time since then, plus every think time skipped. Each
 * reading is at least a millisecond after the last, so the events of a step keep their order
 * in the store (a browser's events are that far apart anyway).
 */
class VisitClock {
  private readonly t0 = performance.now();
  private skipped = 0;
  private last = -Infinity;
  constructor(private readonly start: number) {}
  skip(ms: number): void {
    this.skipped += ms;
  }
  now(): number {
    this.last = Math.max(this.last + 1, Math.round(this.start + (performance.now() - this.t0) + this.skipped));
    return this.last;
  }
}

interface WireEvent {
  event_type: string;
  event_data: Record<string, unknown>;
  timestamp: string;
  session_id: string;
  user_id?: string;
}

interface WireCall {
  method: string;
  url: string;
  status: number;
  duration_ms: number;
  time: string;
  session_id: string;
  user_id?: string;
  source: 'browser';
}

/** Tries at sending one batch: the SDK, too, waits out a rate limit and sends the refused events again. */
const MAX_TRIES = 4;
const MAX_RETRY_AFTER_MS = 60_000;

function retryAfterMs(header: string | null): number {
  const s = Number(header);
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(1_000, Number.isFinite(s) ? s * 1000 : 5_000));
}

async function post(collectorUrl: string, token: string | undefined, path: string, items: unknown[], wrap: (items: unknown[]) => unknown): Promise<void> {
  // As the SDK sends: a text/plain body (no preflight in a browser), the token in the query.
  const url = `${collectorUrl}${path}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  let pending = items;
  for (let tries = 1; pending.length > 0; tries++) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': USER_AGENT },
      body: JSON.stringify(wrap(pending)),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // Not the collector's answer: reported below with the text.
    }
    const answer = res.ok ? Answer.safeParse(json) : null;
    const limited = res.status === 429 ? pending : answer?.success ? answer.data.rejected.filter((r) => /rate limit/i.test(r.reason)).map((r) => pending[r.index]) : [];
    const stored = answer?.success ? answer.data.accepted : 0;
    if (stored + limited.length !== pending.length || tries >= MAX_TRIES) {
      throw new Error(`the collector did not store the demo's ${path} batch (HTTP ${res.status}): ${text.slice(0, 300)}`);
    }
    // A second crowd with the same users within a minute meets the per-user limit: wait it out.
    if (limited.length > 0) await new Promise((r) => setTimeout(r, retryAfterMs(res.headers.get('retry-after'))));
    pending = limited;
  }
}

async function runVisit(visit: VisitPlan, visitor: VisitorPlan, opts: CrowdOptions, anchor: number): Promise<void> {
  const shop = withoutTrailingSlashes(opts.shopUrl);
  const collector = withoutTrailingSlashes(opts.collectorUrl);
  const session = crypto.randomBytes(16).toString('hex');
  const clock = new VisitClock(anchor + visit.startMs);
  let user: string | undefined;
  let page = '';
  let referrer = '';

  const event = (e: UserEffect): WireEvent => {
    const data: Record<string, unknown> = {};
    switch (e.type) {
      case 'page_view':
        referrer = page;
        page = `${shop}${e.path}`;
        Object.assign(data, { page, path: e.path, title: e.title, referrer });
        break;
      case 'button_click':
        Object.assign(data, { target: e.target, text: e.text, tag: e.tag, page });
        if (e.href !== undefined) data.href = `${shop}${e.href}`;
        break;
      case 'form_submit':
        Object.assign(data, { form: e.form, fields: e.fields, method: 'post', page });
        break;
      case 'identify':
        user = visitor.userId ?? undefined;
        break;
      case 'error_encountered':
        // What Chromium reports for the page script's uncaught Error; its line, column and stack
        // only a browser knows.
        Object.assign(data, { kind: 'error', message: `Uncaught Error: ${e.message}`, source: `${shop}/shop.js`, page });
        break;
    }
    const ev: WireEvent = { event_type: e.type, event_data: data, timestamp: new Date(clock.now()).toISOString(), session_id: session };
    if (user) ev.user_id = user;
    return ev;
  };

  const call = async (c: CallEffect): Promise<WireCall> => {
    const headers: Record<string, string> = {
      'x-session-id': session,
      [VISIT_HEADER]: visit.key,
      [CLOCK_HEADER]: String(clock.now()),
      'user-agent': USER_AGENT,
    };
    if (user) headers[USER_HEADER] = user;
    if (c.body) headers['content-type'] = 'application/json';
    const time = clock.now();
    const t0 = performance.now();
    const res = await fetch(`${shop}${c.path}`, { method: c.method, headers, body: c.body ? JSON.stringify(c.body) : undefined });
    await res.arrayBuffer();
    const duration = Math.round((performance.now() - t0) * 10) / 10;
    if (res.status !== c.status) throw new Error(`the demo shop answered ${c.method} ${c.path} with ${res.status}; the plan expects ${c.status}`);
    const rec: WireCall = { method: c.method, url: `${shop}${c.path}`, status: res.status, duration_ms: duration, time: new Date(time).toISOString(), session_id: session, source: 'browser' };
    if (user) rec.user_id = user;
    return rec;
  };

  for (const step of visit.steps) {
    clock.skip(step.thinkMs);
    const events: WireEvent[] = [];
    const calls: WireCall[] = [];
    for (const e of stepEffects(step)) {
      if (e.kind === 'user') events.push(event(e));
      else calls.push(await call(e));
    }
    // What the SDK would have queued for this step, sent the way it sends it.
    await post(collector, opts.token, SDK_EVENTS_PATH, events, (events) => ({ events }));
    await post(collector, opts.token, SDK_CALLS_PATH, calls, (calls) => calls);
  }
}

export async function runHttpCrowd(plan: readonly VisitorPlan[], opts: CrowdOptions): Promise<number> {
  const anchor = opts.anchor ?? Date.now();
  return forEachVisitor(plan, opts.concurrency ?? 8, async (visit, visitor) => {
    await runVisit(visit, visitor, opts, anchor);
    opts.log?.(`${visit.key} (${visitor.persona}) done`);
  });
}
