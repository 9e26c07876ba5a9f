// The renderer shows control and text-direction characters from log data as markers
// (shared/bidi.ts), keeping line breaks: the detail pane shows raw text on its lines.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { VisibleText, visibleTitle } from '../../renderer/src/lib/visible-text.js';

describe('VisibleText', () => {
  it('shows control characters as markers and keeps the raw text on its lines', () => {
    const html = renderToStaticMarkup(createElement(VisibleText, { text: 'line 1\nx\u001b[2Ky\u202E' }));
    expect(html).toContain('line 1\nx<span');
    expect(html).toContain('⟨U+001B⟩</span>[2Ky<span');
    expect(html).toContain('⟨U+202E⟩</span>');
    expect(html).toContain('title="Control character');
    expect(html).not.toContain('\u001b');
    expect(renderToStaticMarkup(createElement(VisibleText, { text: 'plain\ttext' }))).toBe('plain\ttext');
    expect(visibleTitle('a\u0085b\nc')).toBe('a⟨U+0085⟩b\nc');
  });
});
