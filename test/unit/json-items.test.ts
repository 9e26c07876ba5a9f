// The streaming JSON item extractor: exact bytes and locations of items at target paths, in any
// chunking, with malformed input reported rather than thrown.
import { describe, expect, it } from 'vitest';
import type { ItemLocation } from '../../electron/core/importers/format-types.js';
import {
  createItemExtractor, formatSize, MAX_ITEM_BYTES, parseItem, type ItemPlace, type ItemTarget, type TopLevelValue,
} from '../../electron/core/importers/json-items.js';

type Out =
  | { item: number; text: string; at: ItemLocation }
  | { bad: string; at: ItemLocation; text: string }
  | { value: TopLevelValue };

const HAR_TARGETS: ItemTarget[] = [
  { path: ['log', 'entries', '*'], noun: 'entry' },
  { path: ['log', 'pages', '*'], noun: 'page' },
];

function extract(input: string | Buffer, targets: ItemTarget[], opts: { chunk?: number; maxItemBytes?: number; values?: boolean } = {}) {
  const out: Out[] = [];
  const ex = createItemExtractor(
    targets,
    {
      item: (item, bytes, at) => out.push({ item, text: bytes.toString('utf8'), at }),
      bad: (bad, at, text) => out.push({ bad, at, text }),
      ...(opts.values ? { value: (value: TopLevelValue) => out.push({ value }) } : {}),
    },
    { maxItemBytes: opts.maxItemBytes },
  );
  const buf = typeof input === 'string' ? Buffer.from(input) : input;
  const size = opts.chunk ?? buf.length;
  for (let at = 0; at < buf.length; at += size) ex.write(buf.subarray(at, at + size));
  ex.end();
  return out;
}

const items = (out: Out[]) => out.flatMap((o) => ('item' in o ? [o] : []));
const bads = (out: Out[]) => out.flatMap((o) => ('bad' in o ? [o] : []));

describe('json-items: finding items', () => {
  const har = [
    '{',
    '  "log": {',
    '    "version": "1.2",',
    '    "entries": [',
    '      {"url": "https://ex.test/é\\"q\\\\", "n": [1, {"deep": true}]},',
    '      {"url": "/b"}',
    '    ],',
    '    "pages": [{"id": "p1", "title": "Ünïcödé 🚀"}]',
    '  }',
    '}',
  ].join('\n');

  it('emits each item at a target path with its exact bytes, offset, length and line', () => {
    const out = extract(har, HAR_TARGETS);
    const bytes = Buffer.from(har);
    expect(bads(out)).toEqual([]);
    expect(items(out).map((o) => [o.item, o.at.line])).toEqual([[0, 5], [0, 6], [1, 8]]);
    for (const o of items(out)) {
      expect(bytes.subarray(o.at.offset, o.at.offset + o.at.length).toString('utf8')).toBe(o.text);
      expect(parseItem(Buffer.from(o.text)).ok).toBe(true);
    }
    expect(JSON.parse(items(out)[0]!.text)).toEqual({ url: 'https://ex.test/é"q\\', n: [1, { deep: true }] });
    expect(JSON.parse(items(out)[2]!.text)).toEqual({ id: 'p1', title: 'Ünïcödé 🚀' });
  });

  it('gives the same result for every chunk size, down to one byte (inside escapes and UTF-8 sequences)', () => {
    const whole = extract(har, HAR_TARGETS, { values: true });
    for (const chunk of [1, 2, 3, 5, 7, 64]) expect(extract(har, HAR_TARGETS, { chunk, values: true })).toEqual(whole);
  });

  it('matches keys written with escapes, and reads `*` as array elements only', () => {
    const doc = '{"\\u006cog": {"entries": [{"a": 1}], "pages": {"p1": {"b": 2}}}}';
    expect(items(extract(doc, HAR_TARGETS)).map((o) => o.text)).toEqual(['{"a": 1}']);
    // In an object, `*` is only the key "*" itself.
    const star = '{"log": {"pages": {"*": {"b": 2}}}}';
    expect(items(extract(star, HAR_TARGETS)).map((o) => o.text)).toEqual(['{"b": 2}']);
  });

  it('reads JSON lines and concatenated documents as a sequence of top-level values', () => {
    const input = '{"resourceSpans": [{"a": 1}]}\n{"resourceSpans": [{"a": 2}, {"a": 3}]}{"resourceSpans":[{"a":4}]}\r\n\n';
    const out = extract(input, [{ path: ['resourceSpans', '*'], noun: 'group' }]);
    expect(items(out).map((o) => [o.text.replace(/\s/g, ''), o.at.line])).toEqual([
      ['{"a":1}', 1], ['{"a":2}', 2], ['{"a":3}', 2], ['{"a":4}', 2],
    ]);
    const lines = extract('1\n"two"\n[3]\n{"four":4}\nnull', [{ path: [], noun: 'line' }]);
    expect(items(lines).map((o) => [o.text, o.at.line])).toEqual([['1', 1], ['"two"', 2], ['[3]', 3], ['{"four":4}', 4], ['null', 5]]);
  });

  it('tells each item which top-level value and which array elements it sits in', () => {
    const places: [string, ItemPlace][] = [];
    const ex = createItemExtractor([{ path: ['a', '*', 'b', '*'], noun: 'x' }], { item: (_t, b, _at, place) => places.push([b.toString(), place]), bad: () => {} });
    ex.write(Buffer.from('{"a": [{"b": [1, 2]}, {"c": [9], "b": [3]}]}\n{"z": [0], "a": [{"b": [4]}]}'));
    ex.end();
    expect(places).toEqual([
      ['1', { doc: 0, indexes: [0, 0] }], ['2', { doc: 0, indexes: [0, 1] }], ['3', { doc: 0, indexes: [1, 0] }], ['4', { doc: 1, indexes: [0, 0] }],
    ]);
  });

  it('reports each top-level value with its kind and first keys', () => {
    const out = extract('{"log": {}, "x": 1}\n[1]\n', [], { values: true });
    expect(out).toEqual([
      { value: { kind: 'object', keys: ['log', 'x'], at: { offset: 0, length: 19, line: 1 } } },
      { value: { kind: 'array', keys: [], at: { offset: 20, length: 3, line: 2 } } },
    ]);
  });

  it('skips a byte-order mark, counting its bytes in offsets', () => {
    const out = extract(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"log":{"entries":[{}]}}')]), HAR_TARGETS, { chunk: 1 });
    expect(out).toEqual([{ item: 0, text: '{}', at: { offset: 22, length: 2, line: 1 } }]);
  });

  it('keeps a long string with many escapes linear (no re-scan to its end at each escape)', () => {
    const body = 'line\\n'.repeat(200_000);
    const out = extract(`{"log":{"entries":[{"text":"${body}"}]}}`, HAR_TARGETS, { chunk: 65_536 });
    expect(items(out)).toHaveLength(1);
    expect(JSON.parse(items(out)[0]!.text).text).toHaveLength(5 * 200_000);
  });
});

describe('json-items: limits', () => {
  it('caps an item at 32 MiB by default', () => {
    expect(MAX_ITEM_BYTES).toBe(32 * 1024 * 1024);
    expect(formatSize(MAX_ITEM_BYTES)).toBe('32 MiB');
  });

  it('skips an item over the cap to its end, reports it with its head, and goes on', () => {
    const big = `{"text": "${'x'.repeat(5000)}"}`;
    const doc = `{"log": {"entries": [{"a": 1}, ${big}, {"b": 2}]}}`;
    for (const chunk of [undefined, 1000, 3]) {
      const out = extract(doc, HAR_TARGETS, { maxItemBytes: 4096, chunk });
      expect(items(out).map((o) => o.text)).toEqual(['{"a": 1}', '{"b": 2}']);
      expect(bads(out)).toEqual([
        { bad: 'entry larger than 4 KiB skipped', at: { offset: doc.indexOf(big), length: big.length, line: 1 }, text: big.slice(0, 300) },
      ]);
    }
  });

  it('refuses nesting past the limit with one report', () => {
    const deep = `${'['.repeat(600)}${']'.repeat(600)}`;
    const out = extract(deep, [{ path: ['*'], noun: 'item' }]);
    expect(bads(out).map((b) => b.bad)).toEqual(['malformed item, line 1: values are nested more than 512 levels deep']);
  });
});

describe('json-items: malformed input', () => {
  it('reports a broken item once, with its location, and stops in a single document', () => {
    const doc = '{"log": {"entries": [\n  {"a": 1},\n  {"b": 2\n  {"c": 3},\n  {"d": 4}\n]}}\n';
    const out = extract(doc, HAR_TARGETS);
    expect(items(out).map((o) => o.text)).toEqual(['{"a": 1}']);
    expect(bads(out)).toEqual([
      { bad: "malformed entry, line 4: expected ',' or '}' but found '{'", at: { offset: 36, length: 11, line: 3 }, text: '{"b": 2\n  {' },
    ]);
  });

  it('recovers at the next line in JSON lines: a cut line, an unclosed string, text that is not JSON', () => {
    const input = '{"a": [1]}\n{"a": [2\n{"a": [3]}\n{"a": ["x\n{"a": [4]}\nnot json\n{"a": [5]}\n';
    const out = extract(input, [{ path: ['a', '*'], noun: 'value' }]);
    expect(items(out).map((o) => [o.text, o.at.line])).toEqual([['1', 1], ['2', 2], ['3', 3], ['4', 5], ['5', 7]]);
    expect(bads(out).map((b) => [b.bad, b.at.line])).toEqual([
      ["malformed JSON, line 3: expected ',' or ']' but found '{'", 3],
      ['malformed value, line 4: a string is not closed before the end of its line', 4],
      ["malformed JSON, line 6: expected a value but found 'j'", 6],
    ]);
  });

  it('reports a file cut short inside an item, and outside one', () => {
    const cut = extract('{"log": {"entries": [{"a": 1}, {"b": "unfinished', HAR_TARGETS);
    expect(items(cut)).toHaveLength(1);
    expect(bads(cut)).toEqual([
      { bad: 'the file ends inside this entry: it is cut short', at: { offset: 31, length: 17, line: 1 }, text: '{"b": "unfinished' },
    ]);
    const outside = extract('{"log": {"entries": [{"a": 1}]', HAR_TARGETS);
    expect(bads(outside).map((b) => b.bad)).toEqual(['the file ends inside the JSON value that starts at line 1: it is cut short']);
  });

  it('leaves token errors inside an item to the item parse, and goes on', () => {
    const out = extract('{"log": {"entries": [{"a": tru}, {"b": 01}, {"c": 3}]}}', HAR_TARGETS);
    expect(items(out).map((o) => parseItem(Buffer.from(o.text)).ok)).toEqual([false, false, true]);
    expect(parseItem(Buffer.from('{"a": tru}'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^malformed JSON: /) });
  });

  it('reports mismatched brackets, missing colons and stray closers', () => {
    expect(bads(extract('{"log": {"entries": [{"a": 1]]}}', HAR_TARGETS))[0]!.bad).toBe("malformed entry, line 1: expected '}' but found ']'");
    expect(bads(extract('{"log" {}}', HAR_TARGETS))[0]!.bad).toBe("malformed JSON, line 1: expected ':' after a key but found '{'");
    expect(bads(extract('}', HAR_TARGETS))[0]!.bad).toBe("malformed JSON, line 1: expected a value but found '}'");
    expect(bads(extract('{"a": 1,}', HAR_TARGETS))[0]!.bad).toBe("malformed JSON, line 1: expected a quoted key but found '}'");
    expect(bads(extract('\u0000', HAR_TARGETS))[0]!.bad).toBe('malformed JSON, line 1: expected a value but found byte 0x00');
  });
});
