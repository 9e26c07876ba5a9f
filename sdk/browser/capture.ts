// The page-side listeners: page views (including single-page route changes), clicks, form
// submits, and uncaught errors. Each installer returns a function that removes it, so init()
// can turn autocapture off again. Listeners run in the capture phase so an app that stops
// propagation still has its clicks seen, and nothing here may throw into the app.
import { clickTarget, fieldNames, isIgnored, selector, visibleText, type ElementLike } from './describe.js';
import { cut, messageOf } from './sanitize.js';

export type Emit = (type: string, data: Record<string, unknown>, activity?: boolean) => void;

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // A missed event is better than a broken page.
  }
}

type HistoryMethod = 'pushState' | 'replaceState';

/** page_view now and on every actual URL change (pushState, replaceState, back/forward, hash). */
export function capturePageViews(win: Window, emit: Emit): () => void {
  let last = '';
  const check = () =>
    safely(() => {
      const href = win.location.href;
      if (href === last) return;
      const referrer = last || win.document.referrer;
      last = href;
      emit('page_view', { page: href, path: win.location.pathname, title: cut(win.document.title, 300), referrer });
    });
  const history = win.history;
  const undo: (() => void)[] = [];
  for (const name of ['pushState', 'replaceState'] as const satisfies readonly HistoryMethod[]) {
    const orig = history[name];
    if (typeof orig !== 'function') continue;
    const wrapped = function (this: History, ...args: Parameters<History['pushState']>): void {
      // The app's call first and unchanged: its exceptions are its own, and the URL is read after.
      Reflect.apply(orig, this, args);
      check();
    };
    history[name] = wrapped;
    undo.push(() => {
      if (history[name] === wrapped) history[name] = orig;
    });
  }
  win.addEventListener('popstate', check);
  win.addEventListener('hashchange', check);
  check();
  return () => {
    for (const u of undo) u();
    win.removeEventListener('popstate', check);
    win.removeEventListener('hashchange', check);
  };
}

/** The element an event really started at, looking into open shadow roots. */
function origin(e: Event): Element | null {
  const path = typeof e.composedPath === 'function' ? e.composedPath() : [];
  const first = path[0] ?? e.target;
  return first instanceof Element ? first : null;
}

/** Selectors stop growing as soon as they find one element. */
const uniqueIn = (doc: Document) => (sel: string) => doc.querySelectorAll(sel).length === 1;

export function captureClicks(win: Window, emit: Emit): () => void {
  const doc = win.document;
  const onClick = (e: Event) =>
    safely(() => {
      const el = origin(e);
      const target = el ? clickTarget(el as ElementLike) : null;
      if (!target) return;
      const data: Record<string, unknown> = {
        target: selector(target, uniqueIn(doc)),
        text: visibleText(target),
        tag: target.tagName.toLowerCase(),
        page: win.location.href,
      };
      const href = (target as Partial<HTMLAnchorElement>).href;
      if (target.tagName.toLowerCase() === 'a' && typeof href === 'string' && href) data.href = cut(href, 1_000);
      emit('button_click', data);
    });
  doc.addEventListener('click', onClick, true);
  return () => doc.removeEventListener('click', onClick, true);
}

export function captureSubmits(win: Window, emit: Emit): () => void {
  const doc = win.document;
  const onSubmit = (e: Event) =>
    safely(() => {
      const form = origin(e);
      if (!(form instanceof HTMLFormElement) || isIgnored(form)) return;
      const data: Record<string, unknown> = {
        form: selector(form, uniqueIn(doc)),
        fields: fieldNames(form),
        method: (form.getAttribute('method') ?? 'get').toLowerCase(),
        page: win.location.href,
      };
      const action = form.getAttribute('action');
      // The action's query string could carry anything; its path is what identifies the form.
      if (action) data.action = cut(action.split(/[?#]/)[0] ?? '', 500);
      emit('form_submit', data);
    });
  doc.addEventListener('submit', onSubmit, true);
  return () => doc.removeEventListener('submit', onSubmit, true);
}

/** A render loop that throws every frame would otherwise flood the collector. */
const MAX_SAME_ERROR = 5;
const MAX_STACK = 4_000;

function stackOf(v: unknown): string | undefined {
  const s = v && typeof v === 'object' ? (v as { stack?: unknown }).stack : undefined;
  return typeof s === 'string' && s ? cut(s, MAX_STACK) : undefined;
}

export function captureErrors(win: Window, emit: Emit): () => void {
  const seen = new Map<string, number>();
  const report = (data: Record<string, unknown>) => {
    const key = `${String(data.kind)}:${String(data.message)}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > MAX_SAME_ERROR) return;
    if (n === MAX_SAME_ERROR) data.repeats_suppressed = true;
    // An error is not the user doing something: it must not keep a session alive.
    emit('error_encountered', data, false);
  };
  const onError = (e: Event) =>
    safely(() => {
      // Failed images and scripts also dispatch `error`, but only at their element; an uncaught
      // exception is an ErrorEvent at the window.
      if (!(e instanceof ErrorEvent)) return;
      const data: Record<string, unknown> = {
        kind: 'error',
        message: cut(e.message || messageOf(e.error), 1_000),
        source: e.filename || undefined,
        line: e.lineno || undefined,
        column: e.colno || undefined,
        stack: stackOf(e.error),
        page: win.location.href,
      };
      report(data);
    });
  const onRejection = (e: Event) =>
    safely(() => {
      const reason = (e as PromiseRejectionEvent).reason;
      report({
        kind: 'unhandledrejection',
        message: cut(messageOf(reason), 1_000),
        stack: stackOf(reason),
        page: win.location.href,
      });
    });
  win.addEventListener('error', onError);
  win.addEventListener('unhandledrejection', onRejection);
  return () => {
    win.removeEventListener('error', onError);
    win.removeEventListener('unhandledrejection', onRejection);
  };
}
