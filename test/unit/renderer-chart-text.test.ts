// Log text on the dashboard's canvas: ECharts' rich-text markup and hidden characters in it are
// shown, never obeyed.
import { describe, expect, it } from 'vitest';
import { chartText, escapeRich, keyLabel } from '../../renderer/src/lib/chart-text.js';

/** zrender's rich-text run (zrender/lib/graphic/helper/parseText.js STYLE_REG). */
const RICH_RUN = /\{([a-zA-Z0-9_]+)\|([^}]*)\}/;

describe('escapeRich', () => {
  it('breaks every rich-text run so ECharts draws it as written', () => {
    const hostile = '{a|big}{marker0|} and {x_1|y}';
    expect(RICH_RUN.test(hostile)).toBe(true);
    const safe = escapeRich(hostile);
    expect(RICH_RUN.test(safe)).toBe(false);
    // Only zero-width spaces were added: the text a reader sees is the same.
    expect(safe.replace(/\u200B/g, '')).toBe(hostile);
  });

  it('leaves braces that are not a run alone', () => {
    expect(escapeRich('{"json": 1} {not a run}')).toBe('{"json": 1} {not a run}');
  });

  it('keeps HTML as plain characters (the canvas draws them)', () => {
    expect(escapeRich('<img src=x onerror=window.__pwned=1>')).toBe('<img src=x onerror=window.__pwned=1>');
  });
});

describe('chartText', () => {
  it('shows bidirectional and control characters and line breaks as markers', () => {
    expect(chartText('user\u202Egpj.exe')).toBe('user⟨U+202E⟩gpj.exe');
    expect(chartText('a\nb\u001b[2J')).toBe('a⟨U+000A⟩b⟨U+001B⟩[2J');
  });

  it('cuts long text by code point with an ellipsis, and escapes what is left', () => {
    const long = `${'😀'.repeat(10)}{a|b}`;
    expect(chartText(long, 5)).toBe('😀😀😀😀…');
    expect(chartText('{a|b}xxxxxxxx', 8)).toBe('{\u200Ba|b}xx…');
  });
});

describe('keyLabel', () => {
  it('names a missing key and shows others as text', () => {
    expect(keyLabel(null, 'No user')).toBe('No user');
    expect(keyLabel(404)).toBe('404');
    expect(keyLabel('{b|x}')).toBe('{\u200Bb|x}');
  });
});
