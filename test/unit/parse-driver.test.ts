// The driver every line format runs under: line numbers, byte offsets (so raw text can be read
// back from the file), CRLF and BOM, cut over-long lines, records spanning lines, and the same
// result whatever the chunking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocumentFormatDefinition, LineFormatDefinition, LineResult } from '../../electron/core/importers/format-types.js';
import { createParseDriver, detectSample } from '../../electron/core/importers/parse-driver.js';
import { parseWith, testContext } from '../helpers/parse-format.js';

/** A format that turns each line into a log event whose message is the line; `!` lines are bad, `\\` continues. */
const echo: LineFormatDefinition = {
  name: 'echo',
  title: 'test lines',
  shape: 'lines',
  detect: () => 1,
  samples: [],
  create() {
    let pending: string[] = [];
    return {
      line(text): LineResult {
        if (text.endsWith('\\')) {
          pending.push(text.slice(0, -1));
          return { pending: true };
        }
        const whole = [...pending, text].join('');
        pending = [];
        if (whole === '') return { skip: true };
        if (whole.startsWith('!')) return { ok: false, reason: `bad: ${whole}` };
        return { ok: true, event: { time: 0, kind: 'log', message: whole, raw: whole } };
      },
      end: () => (pending.length > 0 ? { pending: true } : null),
    };
  },
};

describe('parse driver', () => {
  it('numbers lines and gives each record its byte range in the file', () => {
    const input = 'héllo\r\n\n!no\nwörld';
    const r = parseWith(echo, input);
    expect(r.events.map((e) => [e.message, e.at])).toEqual([
      ['héllo', { offset: 0, length: 8, line: 1 }],
      ['wörld', { offset: 13, length: 6, line: 4 }],
    ]);
    const bytes = Buffer.from(input);
    for (const e of r.events) expect(bytes.subarray(e.at.offset, e.at.offset + e.at.length).toString().replace(/\r?\n$/, '')).toBe(e.message);
    expect(r.bad).toEqual([{ reason: 'bad: !no', at: { offset: 9, length: 4, line: 3 }, text: '!no' }]);
  });

  it('drops a byte-order mark and joins records that span lines, pointing at their first line', () => {
    const r = parseWith(echo, '\ufeffone\\\ntwo\nthree\\\n');
    expect(r.events.map((e) => [e.message, e.at.line, e.at.offset])).toEqual([['onetwo', 1, 0]]);
    expect(r.bad.map((b) => [b.reason, b.at.line])).toEqual([['the file ends inside a record', 3]]);
  });

  it('cuts a line longer than the cap, counts it, and goes on with the next line', () => {
    const long = 'x'.repeat(5000);
    const r = parseWith(echo, `${long}\nnext\n`, { maxLineBytes: 1024, chunkSizes: [333] });
    expect(r.events.map((e) => e.message?.length)).toEqual([1024, 4]);
    expect(r.truncated).toBe(1);
    expect(r.events[1]!.at).toEqual({ offset: 5001, length: 5, line: 2 });
  });

  it('keeps memory to the cap on a 64 MB line with no newline', () => {
    const r = parseWith(echo, Buffer.alloc(64 * 1024 * 1024, 0x61), { maxLineBytes: 1024, chunkSizes: [1 << 20] });
    expect(r.events.map((e) => e.message?.length)).toEqual([1024]);
    expect(r.truncated).toBe(1);
  });

  it('reports a parser that throws as a bad line instead of failing the import', () => {
    const throwing: LineFormatDefinition = { ...echo, create: () => ({ line: () => { throw new Error('boom'); } }) };
    const r = parseWith(throwing, 'a\nb\n');
    expect(r.bad.map((b) => [b.at.line, b.reason])).toEqual([[1, 'the parser failed on this input (boom)'], [2, 'the parser failed on this input (boom)']]);
  });

  it('gives the same records, offsets and bad lines whatever the chunk boundaries', () => {
    const line = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('!x', 'a\\', '', 'é\\'));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1 }), (lines, eol, sizes) => {
        const input = lines.map((l) => l.replaceAll('\n', ' ').replaceAll('\r', ' ')).join(eol);
        const whole = parseWith(echo, input, { maxLineBytes: 24 });
        const chunked = parseWith(echo, input, { maxLineBytes: 24, chunkSizes: sizes });
        expect(chunked).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parse driver over a document format', () => {
  const swallow: DocumentFormatDefinition = {
    name: 'swallow', title: 'test document', shape: 'document', detect: () => 1, samples: [],
    create: () => ({ write() {}, end() {} }),
  };
  const linesOf = (chunks: string[]) => {
    const d = createParseDriver(swallow, testContext(), detectSample(Buffer.alloc(0)), { event() {}, bad() {} });
    for (const c of chunks) d.write(Buffer.from(c));
    d.end();
    return d.lines;
  };

  it('counts the lines read (HAR and OTLP imports report them), a last line without a break included', () => {
    expect(linesOf([])).toBe(0);
    expect(linesOf(['{\n  "log": {}\n}'])).toBe(3);
    expect(linesOf(['{\n  "log": {}\n}\n'])).toBe(3);
    expect(linesOf(['{\n  "lo', 'g": {}', '\n', '}', ''])).toBe(3);
  });
});
