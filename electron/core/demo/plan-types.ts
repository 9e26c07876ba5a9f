// The shapes of a planned crowd: visitors, their visits (one browser session each) and the
// exact steps of each visit, with the think time before each step.
import type { RouteName } from './catalogue.js';

export const PERSONAS = [
  'buyer',
  'browser-only',
  'checkout-fails-leaves',
  'checkout-fails-retries',
  'slow-recommendations-leaves',
  'returning',
] as const;
export type Persona = (typeof PERSONAS)[number];

/** A page a step lands on, with what its loading will meet. */
export type PagePlan =
  | { page: 'home' }
  | { page: 'product'; productId: number; /** Extra time the shop takes to answer its recommendations. */ recsDelayMs: number }
  | { page: 'cart' }
  | { page: 'checkout' }
  | { page: 'thanks' };

export interface LinkPlan {
  id: string;
  text: string;
  href: string;
}

export type StepAction =
  /** Typing the shop's address: the visit's first step. */
  | { kind: 'open'; to: PagePlan }
  /** Typing a name in the sign-in form and pressing its button (the page then calls identify). */
  | { kind: 'sign-in'; userId: string }
  /** Clicking a link to another page. */
  | { kind: 'follow'; link: LinkPlan; to: PagePlan }
  | { kind: 'add-to-cart'; productId: number }
  /** Pressing "Place order"; the shop answers 500 when `fails`, else the page goes to /thanks. */
  | { kind: 'place-order'; attempt: number; fails: boolean };

export type Step = StepAction & {
  /** The pause before this step (the visitor reading, thinking, typing), virtual time. */
  thinkMs: number;
  /** When the step happens, from the visit's start (the sum of think times so far). */
  atMs: number;
};

export interface VisitPlan {
  /** `v007.1`: the visitor and which of its visits; the page sends it so the shop knows its plan. */
  key: string;
  visitor: number;
  /** 1, or 2 for a returning visitor's second session. */
  number: number;
  /** When the visit starts, relative to the run's start (negative: in the past). */
  startMs: number;
  steps: Step[];
}

export interface VisitorPlan {
  index: number;
  /** `v007` */
  id: string;
  /** Null: an anonymous visitor who never signs in. */
  userId: string | null;
  persona: Persona;
  visits: VisitPlan[];
}

/** One thing a step leaves in the store (a user event, or an API call recorded on both sides). */
export type Effect =
  | { kind: 'user'; type: 'page_view'; path: string; title: string }
  | { kind: 'user'; type: 'button_click'; target: string; text: string; tag: string; href?: string }
  | { kind: 'user'; type: 'form_submit'; form: string; fields: string[] }
  | { kind: 'user'; type: 'identify' }
  | { kind: 'user'; type: 'error_encountered'; message: string }
  | { kind: 'call'; route: RouteName; method: string; path: string; status: number; delayMs: number; body?: Record<string, unknown> };

export type UserEffect = Extract<Effect, { kind: 'user' }>;
export type CallEffect = Extract<Effect, { kind: 'call' }>;
