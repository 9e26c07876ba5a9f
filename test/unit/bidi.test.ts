import { describe, expect, it } from 'vitest';
import { hasInvisible, invisibleMarker, revealInvisible, splitInvisible } from '../../shared/bidi.js';
import { eventToJson, eventToLine, jsonLine, table } from '../../electron/cli/format.js';

/** Every character the display must not obey: embeddings, overrides, isolates and marks. */
const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
/** C0 but tab, LF and CR; DEL; all of C1. */
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).filter((c) => !'\t\n\r'.includes(c)),
  '\u007F',
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i)),
];
const code = (c: string) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
const logEvent = (message: string) =>
  ({ id: '1', time: 0, kind: 'log', level: 'info', message, source: 'x' }) as Parameters<typeof eventToLine>[0];

/** OSC 52 (write the clipboard), a title change, and a cursor-up-and-erase that rewrites a line already shown. */
const HOSTILE = 'ok\u001b]52;c;Y3VybCBldmlsLnNofHNo\u0007\u001b]0;pwned\u0007\u001b[1A\u001b[2K\u009b31m\rfaked';

describe('bidirectional formatting characters', () => {
  it('shows the classic disguised file name as written, with the override marked', () => {
    expect(revealInvisible('user\u202Egpj.exe')).toBe('user⟨U+202E⟩gpj.exe');
  });

  it('marks each of them, and nothing else', () => {
    for (const c of BIDI) {
      expect(revealInvisible(`a${c}b`)).toBe(`a⟨U+${code(c)}⟩b`);
      expect(hasInvisible(`x${c}`)).toBe(true);
    }
    // Right-to-left text itself, zero-width joiners in emoji, tabs, and neighbours of the ranges stay.
    for (const kept of ['שלום עולם', 'مرحبا', '👩‍💻', 'a\u2029b', 'a\u202Fb', 'a\u2065b', 'a\u200Db', 'a\u061Bb', 'a\tb', '~', '\u00A0é']) {
      expect(revealInvisible(kept)).toBe(kept);
      expect(hasInvisible(kept)).toBe(false);
    }
    expect(invisibleMarker('\u061C')).toBe('⟨U+061C⟩');
  });

  it('gives the same answer on repeated calls (no regex state carried over)', () => {
    expect([hasInvisible('a\u202E'), hasInvisible('a\u202E'), hasInvisible('b\u2066')]).toEqual([true, true, true]);
  });

  it('splits text into plain runs and markers for the UI to style', () => {
    expect(splitInvisible('user\u202Egpj.exe')).toEqual([
      { kind: 'text', text: 'user' },
      { kind: 'bidi', text: '\u202E', marker: '⟨U+202E⟩' },
      { kind: 'text', text: 'gpj.exe' },
    ]);
    expect(splitInvisible('\u2066\u001b')).toEqual([
      { kind: 'bidi', text: '\u2066', marker: '⟨U+2066⟩' },
      { kind: 'control', text: '\u001b', marker: '⟨U+001B⟩' },
    ]);
    expect(splitInvisible('plain')).toEqual([{ kind: 'text', text: 'plain' }]);
    expect(splitInvisible('')).toEqual([{ kind: 'text', text: '' }]);
    // Joined back, the plain runs and original characters are the text, unchanged.
    const text = 'a\u202Eb\u200Fc\u0007d\u0085';
    expect(splitInvisible(text).map((p) => p.text).join('')).toBe(text);
  });
});

describe('control characters', () => {
  it('marks C0 (but tab), DEL and C1, which a terminal would obey', () => {
    for (const c of CONTROLS) {
      expect(revealInvisible(`a${c}b`), `U+${code(c)}`).toBe(`a⟨U+${code(c)}⟩b`);
      expect(hasInvisible(c, { lineBreaks: 'keep' }), `U+${code(c)}`).toBe(true);
    }
    expect(revealInvisible(HOSTILE)).toBe(
      'ok⟨U+001B⟩]52;c;Y3VybCBldmlsLnNofHNo⟨U+0007⟩⟨U+001B⟩]0;pwned⟨U+0007⟩⟨U+001B⟩[1A⟨U+001B⟩[2K⟨U+009B⟩31m⟨U+000D⟩faked',
    );
  });

  it('marks line breaks in one-line views, and keeps them where the text is shown on several lines', () => {
    expect(revealInvisible('one\ntwo\r\n')).toBe('one⟨U+000A⟩two⟨U+000D⟩⟨U+000A⟩');
    expect(revealInvisible('one\ntwo\r\n\u001b', { lineBreaks: 'keep' })).toBe('one\ntwo\r\n⟨U+001B⟩');
    expect(hasInvisible('one\ntwo', { lineBreaks: 'keep' })).toBe(false);
    expect(hasInvisible('one\ntwo')).toBe(true);
  });
});

describe('CLI output', () => {
  it("marks them in the CLI's event lines and tables, which a terminal would otherwise obey", () => {
    expect(eventToLine(logEvent('download user\u202Egpj.exe'))).toContain('download user⟨U+202E⟩gpj.exe');
    expect(table(['route'], [['/files/\u2067evil']], new Set())).toContain('/files/⟨U+2067⟩evil');
  });

  it('prints no control character from the data in a line or a table, and one event stays one line', () => {
    const line = eventToLine(logEvent(`${HOSTILE}\nINFO second event`));
    expect(line).not.toMatch(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/);
    expect(line).toContain('⟨U+001B⟩]52;c;');
    expect(line).toContain('⟨U+000A⟩INFO second event');
    const t = table(['route', 'count'], [[`/a${HOSTILE}`, 1]], new Set([1]));
    expect(t).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
    expect(t.split('\n')).toHaveLength(2);
  });

  it('--json lines hold only printable ASCII for control and direction characters, and parse back to the same data', () => {
    // JSON.stringify alone leaves these raw: C1 CSI/OSC reach the terminal, U+2028 and overrides too.
    expect(JSON.stringify('\u009b\u009d\u007f\u2028\u202E')).toBe('"\u009b\u009d\u007f\u2028\u202E"');
    const message = `${HOSTILE}\u009d52;c;eA==\u009c\u007f\u2028\u2029user\u202Egpj.exe \u2066x\u2069 é 中 👩‍💻`;
    const out = jsonLine(eventToJson(logEvent(message)));
    expect(out).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
    expect(out).toContain('\\u009b31m');
    expect(out).toContain('\\u202e');
    expect((JSON.parse(out) as { message: string }).message).toBe(message);
    expect(jsonLine({ a: 'plain', n: 1 })).toBe('{"a":"plain","n":1}');
  });
});
