import { describe, expect, it } from 'vitest';
import { bidiMarker, hasBidiControls, revealBidi, splitBidi } from '../../shared/bidi.js';
import { eventToLine, table } from '../../electron/cli/format.js';

/** Every character the display must not obey: embeddings, overrides, isolates and marks. */
const CONTROLS = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];

describe('bidirectional formatting characters', () => {
  it('shows the classic disguised file name as written, with the override marked', () => {
    expect(revealBidi('user\u202Egpj.exe')).toBe('user⟨U+202E⟩gpj.exe');
  });

  it('marks each of them, and nothing else', () => {
    for (const c of CONTROLS) {
      const code = c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      expect(revealBidi(`a${c}b`)).toBe(`a⟨U+${code}⟩b`);
      expect(hasBidiControls(`x${c}`)).toBe(true);
    }
    // Right-to-left text itself, zero-width joiners in emoji and neighbours of the ranges stay.
    for (const kept of ['שלום עולם', 'مرحبا', '👩‍💻', 'a\u2029b', 'a\u202Fb', 'a\u2065b', 'a\u200Db', 'a\u061Bb']) {
      expect(revealBidi(kept)).toBe(kept);
      expect(hasBidiControls(kept)).toBe(false);
    }
    expect(bidiMarker('\u061C')).toBe('⟨U+061C⟩');
  });

  it('gives the same answer on repeated calls (no regex state carried over)', () => {
    expect([hasBidiControls('a\u202E'), hasBidiControls('a\u202E'), hasBidiControls('b\u2066')]).toEqual([true, true, true]);
  });

  it('splits text into plain runs and markers for the UI to style', () => {
    expect(splitBidi('user\u202Egpj.exe')).toEqual([
      { kind: 'text', text: 'user' },
      { kind: 'bidi', text: '\u202E', marker: '⟨U+202E⟩' },
      { kind: 'text', text: 'gpj.exe' },
    ]);
    expect(splitBidi('\u2066\u2069')).toEqual([
      { kind: 'bidi', text: '\u2066', marker: '⟨U+2066⟩' },
      { kind: 'bidi', text: '\u2069', marker: '⟨U+2069⟩' },
    ]);
    expect(splitBidi('plain')).toEqual([{ kind: 'text', text: 'plain' }]);
    expect(splitBidi('')).toEqual([{ kind: 'text', text: '' }]);
    // Joined back, the plain runs and original characters are the text, unchanged.
    const text = 'a\u202Eb\u200Fc';
    expect(splitBidi(text).map((p) => p.text).join('')).toBe(text);
  });

  it("marks them in the CLI's event lines and tables, which a terminal would otherwise obey", () => {
    const line = eventToLine({ id: 1, time: 0, kind: 'log', level: 'info', message: 'download user\u202Egpj.exe', source: 'x' } as Parameters<typeof eventToLine>[0]);
    expect(line).toContain('download user⟨U+202E⟩gpj.exe');
    expect(table(['route'], [['/files/\u2067evil']], new Set())).toContain('/files/⟨U+2067⟩evil');
  });
});
