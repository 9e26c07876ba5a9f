// What a click or submit may say about the page: short selectors, the visible text of buttons
// and links, field names. Never what was typed: not input, textarea or select values, and not
// contenteditable content, even when the click lands on an element around them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clickTarget, fieldNames, isField, selector, visibleText, type ElementLike, type FormLike, type NodeLike } from '../../sdk/browser/describe.js';

/** A minimal element tree with the same shape the SDK reads from the real DOM. */
class FakeText implements NodeLike {
  readonly nodeType = 3;
  readonly childNodes: NodeLike[] = [];
  constructor(readonly nodeValue: string) {}
}

class FakeElement implements FormLike {
  readonly nodeType = 1;
  readonly nodeValue = null;
  readonly childNodes: NodeLike[] = [];
  readonly children: FakeElement[] = [];
  parentElement: FakeElement | null = null;
  readonly tagName: string;
  /** What the user typed: the SDK must never read it. */
  value = '';
  labels: FakeElement[] | null = null;
  constructor(
    tag: string,
    readonly attrs: Record<string, string> = {},
    kids: (FakeElement | string)[] = [],
  ) {
    this.tagName = tag.toUpperCase();
    for (const k of kids) {
      if (typeof k === 'string') this.childNodes.push(new FakeText(k));
      else {
        k.parentElement = this;
        this.childNodes.push(k);
        this.children.push(k);
      }
    }
  }
  get id() {
    return this.attrs.id ?? '';
  }
  get classList() {
    return (this.attrs.class ?? '').split(/\s+/).filter(Boolean);
  }
  get isContentEditable(): boolean {
    const ce = this.attrs.contenteditable;
    if (ce !== undefined) return ce !== 'false';
    return this.parentElement?.isContentEditable ?? false;
  }
  get elements(): FakeElement[] {
    const out: FakeElement[] = [];
    const walk = (el: FakeElement) => {
      for (const c of el.children) {
        if (['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(c.tagName)) out.push(c);
        walk(c);
      }
    };
    walk(this);
    return out;
  }
  getAttribute(name: string) {
    return this.attrs[name] ?? null;
  }
}

const h = (tag: string, attrs: Record<string, string> = {}, kids: (FakeElement | string)[] = []) => new FakeElement(tag, attrs, kids);

describe('click targets and selectors', () => {
  it('describes a button by tag, id and classes', () => {
    const buy = h('button', { id: 'buy', class: 'primary' }, ['Buy now']);
    h('body', {}, [h('main', {}, [buy])]);
    expect(selector(buy)).toBe('button#buy.primary');
    expect(visibleText(buy)).toBe('Buy now');
  });

  it('climbs to a parent until the selector is unique, with nth-of-type among siblings', () => {
    const second = h('a', { href: '/docs' }, ['Docs']);
    const nav = h('nav', {}, [h('a', {}, ['Home']), second, h('a', {}, ['About'])]);
    h('body', {}, [h('header', {}, [nav])]);
    const unique = (sel: string) => sel.startsWith('nav');
    expect(selector(second, unique)).toBe('nav > a:nth-of-type(2)');
    expect(selector(second)).toBe('body > header > nav > a:nth-of-type(2)');
  });

  it('leaves out generated class names and ids that are not plain identifiers', () => {
    const el = h('div', { class: 'css-1x2y3z sc-abc card x123456 active big', id: '12:ab' });
    h('body', {}, [el]);
    expect(selector(el)).toBe('body > div.card.active');
  });

  it('reports the control around the clicked node (the icon inside a button)', () => {
    const icon = h('svg', {}, []);
    const btn = h('button', { class: 'cart' }, [icon, ' Add to cart ']);
    h('body', {}, [btn]);
    expect(clickTarget(icon)).toBe(btn);
    const roleBtn = h('div', { role: 'button' }, [h('span', {}, ['Go'])]);
    expect(clickTarget(roleBtn.children[0]!)).toBe(roleBtn);
    const plain = h('p', {}, ['text']);
    h('body', {}, [plain]);
    expect(clickTarget(plain)).toBe(plain);
  });

  it('records nothing inside an area marked data-logbridge-ignore', () => {
    const btn = h('button', {}, ['Secret']);
    h('body', {}, [h('section', { 'data-logbridge-ignore': '' }, [h('div', {}, [btn])])]);
    expect(clickTarget(btn)).toBeNull();
  });

  it('squashes whitespace and cuts text to 100 characters', () => {
    const long = h('a', {}, ['  Read\n\n more:  ', 'x'.repeat(300)]);
    const text = visibleText(long);
    expect(text.startsWith('Read more: xxx')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(100);
  });

  it('uses the author-written label when there is no text', () => {
    expect(visibleText(h('button', { 'aria-label': 'Close dialog' }, [h('svg')]))).toBe('Close dialog');
    expect(visibleText(h('button', { title: 'Settings' }))).toBe('Settings');
  });
});

describe('never what the user typed', () => {
  it('gives fields no text, only their label', () => {
    const input = h('input', { name: 'email', 'aria-label': 'Email' });
    input.value = 'me@example.test';
    expect(isField(input)).toBe(true);
    expect(visibleText(input)).toBe('Email');
    const area = h('textarea', { name: 'note' }, ['prefilled private note']);
    expect(visibleText(area)).toBe('');
    const select = h('select', {}, [h('option', {}, ['Visa ending 4242'])]);
    expect(visibleText(select)).toBe('');
    expect(visibleText(h('input', { type: 'submit', value: 'Pay 100' }))).toBe('');
  });

  it('names a field by its <label> (skipping the field inside it) or its placeholder', () => {
    const input = h('input', { name: 'nick' });
    input.value = 'typed value';
    const label = h('label', {}, ['Nickname ', input]);
    input.labels = [label];
    expect(visibleText(input)).toBe('Nickname');
    expect(visibleText(h('input', { placeholder: 'Search products' }))).toBe('Search products');
  });

  it('leaves out contenteditable content, also when the click is on a child or a container', () => {
    const editor = h('div', { contenteditable: 'true' }, [h('p', {}, ['my diary entry'])]);
    const wrapper = h('div', { class: 'panel' }, [h('h2', {}, ['Notes']), editor, h('textarea', {}, ['draft']), h('select', {}, [h('option', {}, ['Choice'])])]);
    expect(visibleText(editor)).toBe('');
    expect(visibleText(editor.children[0]!)).toBe('');
    expect(visibleText(wrapper)).toBe('Notes');
    expect(visibleText(h('div', { contenteditable: 'false' }, ['fixed']))).toBe('fixed');
  });

  it('never lets a secret inside a field reach the text, however it is nested', () => {
    const fieldTags = ['textarea', 'select', 'option', 'div-editable'] as const;
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0),
        fc.constantFrom(...fieldTags),
        fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 3 }),
        (secret, fieldTag, around, depth) => {
          const marker = `SECRET${secret}`;
          let field =
            fieldTag === 'div-editable' ? h('div', { contenteditable: '' }, [h('span', {}, [marker])]) : h(fieldTag, {}, [marker]);
          for (let i = 0; i < depth; i++) field = h('span', {}, [field]);
          const root = h('button', {}, [...around, field, ...around]);
          return !visibleText(root, 1_000).includes('SECRET');
        },
      ),
    );
  });

  it('lists the names of submitted fields, never values, buttons left out', () => {
    const email = h('input', { name: 'email', type: 'email' });
    email.value = 'typed@example.test';
    const form = h('form', { id: 'signup' }, [
      email,
      h('input', { name: 'plan', type: 'radio' }),
      h('input', { name: 'plan', type: 'radio' }),
      h('input', { id: 'nickname' }),
      h('input', {}),
      h('textarea', { name: 'about' }, ['hello']),
      h('select', { name: 'country' }, [h('option', {}, ['FR'])]),
      h('input', { type: 'submit', name: 'go' }),
      h('button', { name: 'action' }, ['Send']),
    ]);
    expect(fieldNames(form)).toEqual(['email', 'plan', 'nickname', 'about', 'country']);
    expect(selector(form)).toBe('form#signup');
    expect(JSON.stringify(fieldNames(form))).not.toContain('typed@');
  });
});

// The fake must keep the shape the SDK relies on; this fails to compile if it drifts.
const _shape: ElementLike = h('div');
void _shape;
