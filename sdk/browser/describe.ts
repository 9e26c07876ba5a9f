// What a click or a submit is allowed to say about the page: a short CSS selector, the visible
// text of buttons and links, and the NAMES of form fields. What people type (values of inputs,
// text areas, selects, and contenteditable content) never leaves the page: those elements are
// skipped wherever text is gathered. Written against minimal shapes so the rules are tested
// without a browser; a real DOM Element satisfies them.

export interface NodeLike {
  nodeType: number;
  nodeValue: string | null;
  childNodes: ArrayLike<NodeLike>;
}

export interface ElementLike extends NodeLike {
  tagName: string;
  id: string;
  classList: ArrayLike<string>;
  parentElement: ElementLike | null;
  children: ArrayLike<ElementLike>;
  getAttribute(name: string): string | null;
  /** HTML elements only; inherited editability (a span inside an editor) shows here. */
  isContentEditable?: boolean;
  /** Form fields only: the <label> elements that name them. */
  labels?: ArrayLike<ElementLike> | null;
}

export interface FormLike extends ElementLike {
  elements: ArrayLike<ElementLike>;
}

/** Clicks and submits inside an element with this attribute are not recorded at all. */
export const IGNORE_ATTR = 'data-logbridge-ignore';
export const MAX_TEXT = 100;

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const IDENT = /^-?[_a-zA-Z][\w-]*$/;
const INTERACTIVE_TAGS = new Set(['a', 'button', 'input', 'select', 'textarea', 'label', 'summary', 'option']);
const INTERACTIVE_ROLES = new Set(['button', 'link', 'menuitem', 'tab', 'checkbox', 'radio', 'switch', 'option']);
/** Never read text from inside these: field contents, code, and what is not rendered. */
const NO_TEXT_TAGS = new Set(['input', 'textarea', 'select', 'option', 'script', 'style', 'noscript', 'template', 'iframe', 'object']);
const BUTTON_TYPES = new Set(['submit', 'button', 'reset', 'image']);

const tag = (el: ElementLike) => el.tagName.toLowerCase();

function isEditable(el: ElementLike): boolean {
  if (el.isContentEditable) return true;
  const ce = el.getAttribute('contenteditable');
  return ce !== null && ce.toLowerCase() !== 'false';
}

/** An element whose content is what the user typed or chose. */
export function isField(el: ElementLike): boolean {
  const t = tag(el);
  return t === 'input' || t === 'textarea' || t === 'select' || isEditable(el);
}

/**
 * The element a click is about: the nearest link, button or other control around the clicked
 * node (a click lands on the icon inside the button), or the node itself. Null when the user
 * marked the area as not to be recorded.
 */
export function clickTarget(el: ElementLike): ElementLike | null {
  let found: ElementLike | null = null;
  let depth = 0;
  for (let cur: ElementLike | null = el; cur; cur = cur.parentElement, depth++) {
    if (cur.getAttribute(IGNORE_ATTR) !== null) return null;
    if (!found && depth < 6) {
      const role = cur.getAttribute('role');
      if (INTERACTIVE_TAGS.has(tag(cur)) || (role !== null && INTERACTIVE_ROLES.has(role))) found = cur;
    }
  }
  return found ?? el;
}

export function isIgnored(el: ElementLike): boolean {
  for (let cur: ElementLike | null = el; cur; cur = cur.parentElement) if (cur.getAttribute(IGNORE_ATTR) !== null) return true;
  return false;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function cutText(s: string, max: number): string {
  const t = squash(s);
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

/**
 * The text a user sees on a button or link, at most `max` characters. Fields and editable
 * areas give none: not their value, and not the contents of any field nested inside.
 */
export function visibleText(el: ElementLike, max = MAX_TEXT): string {
  if (isField(el) || NO_TEXT_TAGS.has(tag(el))) return labelOf(el, max);
  let out = '';
  // Iterative and bounded: a click on a page-sized container must not walk the whole page.
  const stack: NodeLike[] = [el];
  let visited = 0;
  while (stack.length > 0 && out.length <= max * 2 && visited++ < 2_000) {
    const node = stack.pop()!;
    if (node.nodeType === TEXT_NODE) {
      out += `${node.nodeValue ?? ''} `;
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    if (node !== el) {
      const child = node as ElementLike;
      if (NO_TEXT_TAGS.has(tag(child)) || isEditable(child)) continue;
      if (child.getAttribute('hidden') !== null || child.getAttribute('aria-hidden') === 'true') continue;
    }
    const kids = node.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k) stack.push(k);
    }
  }
  return cutText(out, max) || labelOf(el, max);
}

/** The name an author gave an element: its ARIA label, title, <label> or placeholder (never a field's value). */
function labelOf(el: ElementLike, max: number): string {
  const attr = (n: string) => el.getAttribute(n);
  const named = attr('aria-label') ?? attr('title') ?? attr('alt');
  if (named !== null) return cutText(named, max);
  const label = el.labels?.[0];
  // A label's own text skips the field inside it, so this cannot read the value either.
  const text = label && label !== el ? visibleText(label, max) : '';
  return text || cutText(attr('placeholder') ?? '', max);
}

/** Class names that look written by a person rather than generated by a CSS-in-JS tool. */
function readableClasses(el: ElementLike): string[] {
  const out: string[] = [];
  for (let i = 0; i < el.classList.length && out.length < 2; i++) {
    const c = el.classList[i];
    if (c && IDENT.test(c) && c.length <= 40 && !/\d{3,}|^css-|^sc-|^jsx-/.test(c)) out.push(c);
  }
  return out;
}

function usableId(el: ElementLike): string | null {
  const id = el.id;
  return id && id.length <= 64 && IDENT.test(id) ? id : null;
}

function nthOfType(el: ElementLike): string {
  const parent = el.parentElement;
  if (!parent) return '';
  let n = 0;
  let index = 0;
  for (let i = 0; i < parent.children.length; i++) {
    const sib = parent.children[i];
    if (!sib || sib.tagName !== el.tagName) continue;
    n++;
    if (sib === el) index = n;
  }
  return n > 1 && index > 0 ? `:nth-of-type(${index})` : '';
}

/**
 * A short selector such as `button#buy.primary` or `nav > a:nth-of-type(2)`: the element's own
 * part, then parents joined with `>` until an id, the body, five levels, or `unique` says the
 * selector finds only this element.
 */
export function selector(el: ElementLike, unique?: (sel: string) => boolean): string {
  const parts: string[] = [];
  let cur: ElementLike | null = el;
  for (let depth = 0; cur && depth < 5; depth++, cur = cur.parentElement) {
    const t = tag(cur);
    const id = usableId(cur);
    let part = t + (id ? `#${id}` : '') + readableClasses(cur).map((c) => `.${c}`).join('');
    if (!id && t !== 'html' && t !== 'body') part += nthOfType(cur);
    parts.unshift(part);
    const sel = parts.join(' > ');
    if (id || t === 'body' || t === 'html') return sel;
    try {
      if (unique?.(sel)) return sel;
    } catch {
      // An exotic selector the browser will not parse: keep climbing.
    }
  }
  return parts.join(' > ');
}

/** Names of the fields a form submits (never their values), buttons left out. */
export function fieldNames(form: FormLike, max = 100): string[] {
  const names: string[] = [];
  for (let i = 0; i < form.elements.length && names.length < max; i++) {
    const el = form.elements[i];
    if (!el) continue;
    const t = tag(el);
    if (t !== 'input' && t !== 'select' && t !== 'textarea') continue;
    if (t === 'input' && BUTTON_TYPES.has((el.getAttribute('type') ?? '').toLowerCase())) continue;
    const name = el.getAttribute('name') || el.id;
    if (name && !names.includes(name)) names.push(name.slice(0, 100));
  }
  return names;
}
