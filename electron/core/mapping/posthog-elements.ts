// What a PostHog autocapture event says about the element: a short selector for the target
// column and the element's text. posthog-js describes the clicked element and its ancestors
// (target first) either as `$elements` objects (older clients) or as `$elements_chain`, a
// string like `button.btn.primary:attr__id="buy"nth-child="2"text="Buy now";div.card:...`.
import { str } from './request-ids.js';

export interface ElementInfo {
  selector?: string;
  text?: string;
  href?: string;
}

const MAX_CLASSES = 3;
const MAX_SELECTOR_CHARS = 200;

function selectorOf(tag: string | undefined, elementId: string | undefined, classes: string[]): string | undefined {
  let s = tag ?? '';
  if (elementId !== undefined) s += `#${elementId}`;
  for (const c of classes.slice(0, MAX_CLASSES)) s += `.${c}`;
  return s === '' ? undefined : s.slice(0, MAX_SELECTOR_CHARS);
}

const splitClasses = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.filter((c): c is string => typeof c === 'string' && c !== '')
    : typeof v === 'string'
      ? v.split(/\s+/).filter((c) => c !== '')
      : [];

function fromElementObject(el: Record<string, unknown>): ElementInfo {
  const classes = splitClasses(el.classes ?? el.attr__class);
  return {
    selector: selectorOf(str(el.tag_name), str(el.attr__id), classes),
    text: str(el.$el_text) ?? str(el.text),
    href: str(el.attr__href) ?? str(el.href),
  };
}

/** The chain's first element: up to the first `;` that is not inside a quoted value. */
function firstChainElement(chain: string): string {
  let quoted = false;
  for (let i = 0; i < chain.length; i++) {
    const ch = chain[i];
    if (ch === '\\') i++;
    else if (ch === '"') quoted = !quoted;
    else if (ch === ';' && !quoted) return chain.slice(0, i);
  }
  return chain;
}

// Names start only where a name can start: a long name with no `="` is then read once, not once per position.
const ATTR = /(?<![\w$-])([\w$-]+)="((?:\\.|[^"\\])*)"/g;

function fromChain(chain: string): ElementInfo {
  const el = firstChainElement(chain);
  const attrs = new Map<string, string>();
  let head = el;
  let first = true;
  for (const m of el.matchAll(ATTR)) {
    // Classes may hold ':' themselves (Tailwind's hover:...), so the tag-and-classes part ends
    // where the first key="value" begins, not at the first ':'.
    if (first) head = el.slice(0, m.index).replace(/:$/, '');
    first = false;
    attrs.set(m[1]!, m[2]!.replace(/\\(.)/g, '$1'));
  }
  const [tag, ...classes] = head.split('.');
  return {
    selector: selectorOf(tag || undefined, attrs.get('attr__id') ?? attrs.get('attr_id'), classes.filter((c) => c !== '')),
    text: attrs.get('text'),
    href: attrs.get('href') ?? attrs.get('attr__href'),
  };
}

/** The target element of an autocaptured event, from whichever description the client sent. */
export function elementInfo(props: Record<string, unknown>): ElementInfo | null {
  const els = props.$elements;
  if (Array.isArray(els) && typeof els[0] === 'object' && els[0] !== null && !Array.isArray(els[0])) {
    return fromElementObject(els[0] as Record<string, unknown>);
  }
  const chain = str(props.$elements_chain);
  return chain === undefined ? null : fromChain(chain);
}
