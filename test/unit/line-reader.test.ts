import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLines } from '../../electron/core/importers/line-reader.js';

async function* chunksOf(parts: string[]): AsyncGenerator<string> {
  for (const p of parts) yield p;
}

async function collect(parts: string[], max = 1000): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readLines(chunksOf(parts), max)) out.push(line);
  return out;
}

/** What a line reader should give for a whole text: lines, without a last empty one. */
function expected(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

describe('line reader', () => {
  it('gives the same lines however the text is split into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r', 'é', ' ') }), fc.array(fc.nat(), { maxLength: 10 }), async (text, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const parts: string[] = [];
        let at = 0;
        for (const p of points) {
          parts.push(text.slice(at, p));
          at = p;
        }
        parts.push(text.slice(at));
        expect(await collect(parts)).toEqual(expected(text));
      }),
    );
  });

  it('keeps one character past the cap of an over-long line and skips the rest up to the newline', async () => {
    const huge = Array.from({ length: 64 }, () => 'x'.repeat(1 << 20)); // 64 MB with no newline
    const lines = await collect(['first\n', ...huge, 'tail\r\nlast'], 1024);
    expect(lines.map((l) => l.length)).toEqual([5, 1025, 4]);
    expect(lines[0]).toBe('first');
    expect(lines[2]).toBe('last');
  });
});
