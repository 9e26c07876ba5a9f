// Properties of the JSON item extractor and the two document formats built on it: no input makes
// them throw, chunk boundaries change nothing, and the items found are exactly the values there.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormatDefinition, ItemLocation } from '../../electron/core/importers/format-types.js';
import { harFormat } from '../../electron/core/importers/formats/har.js';
import { otlpFileFormat } from '../../electron/core/importers/formats/otlp-file.js';
import { createItemExtractor, type ItemTarget } from '../../electron/core/importers/json-items.js';
import { parseWith } from '../helpers/parse-format.js';

const FORMATS: [string, FormatDefinition][] = [['har', harFormat], ['otlp', otlpFileFormat]];
const chunkSizes = fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1 });

/** Text that stresses the scanner once encoded: multi-byte UTF-8, quotes, backslashes, controls, lone surrogates. */
const tricky = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('é', '🚀', '"', '\\', '\n', '\u2028', '\u0000', '\ud800', 'ü\\"}', '{"[', 'log')), { maxLength: 5 })
  .map((parts) => parts.join(''));
const indent = fc.constantFrom(0, 1, 2, '\t');
const isoTime = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms).toISOString());

/** Damage a document may suffer: cut short, a byte replaced, a byte inserted. */
const damage = fc.option(fc.record({ kind: fc.constantFrom('cut', 'replace', 'insert'), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }));
function damaged(text: string, d: { kind: string; at: number; byte: number } | null): Buffer {
  const b = Buffer.from(text);
  if (d === null || b.length === 0) return b;
  const at = d.at % b.length;
  if (d.kind === 'cut') return b.subarray(0, at);
  if (d.kind === 'replace') return Buffer.concat([b.subarray(0, at), Buffer.from([d.byte]), b.subarray(at + 1)]);
  return Buffer.concat([b.subarray(0, at), Buffer.from([d.byte]), b.subarray(at)]);
}

const harEntry = fc
  .record({
    firefox: fc.boolean(),
    started: isoTime,
    method: fc.constantFrom('GET', 'POST', 'DELETE'),
    path: fc.array(fc.oneof(fc.constantFrom('api', 'users', 'é', '🚀'), fc.nat(99_999).map(String)), { maxLength: 3 }),
    query: tricky,
    status: fc.constantFrom(0, 200, 204, 404, 500),
    headers: fc.array(fc.tuple(fc.constantFrom('User-Agent', 'Referer', 'Authorization', 'cookie', 'X-Note'), tricky), { maxLength: 4 }),
    body: fc.option(tricky),
    time: fc.double({ min: 0, max: 1e5, noNaN: true }),
  })
  .map((e) => ({
    startedDateTime: e.started,
    ...(e.firefox ? { _securityState: 'secure' } : { _resourceType: 'fetch', _priority: 'High', _initiator: { type: 'script' } }),
    pageref: 'page_1',
    request: {
      method: e.method,
      url: `https://ex.test/${e.path.join('/')}?q=${e.query}`,
      headers: e.headers.map(([name, value]) => ({ name, value })),
      cookies: [{ name: 'sid', value: e.query }],
      headersSize: e.firefox ? 300 : -1,
      bodySize: 0,
      ...(e.body === null ? {} : { postData: { mimeType: 'application/json', text: JSON.stringify({ note: e.body }) } }),
    },
    response: { status: e.status, content: { size: -1, mimeType: 'text/plain', text: e.query }, headersSize: -1, bodySize: -1, ...(e.status === 0 ? { _error: 'net::ERR_FAILED' } : {}) },
    timings: { blocked: -1, dns: -1, connect: -1, send: 0, wait: e.time, receive: 0 },
    time: e.time,
  }));

const harDoc = fc
  .record({ entries: fc.array(harEntry, { maxLength: 4 }), title: tricky, pagesFirst: fc.boolean(), indent })
  .map(({ entries, title, pagesFirst, indent: ind }) => {
    const pages = [{ id: 'page_1', title, startedDateTime: '2025-03-04T09:15:02.000Z', pageTimings: { onLoad: 12 } }];
    const creator = { name: 'WebInspector', version: '537.36' };
    const log = pagesFirst ? { version: '1.2', creator, pages, entries } : { version: '1.2', creator, entries, pages };
    return JSON.stringify({ log }, null, ind);
  });

const anyValue = (s: string) => ({ stringValue: s });
const otlpDoc = fc
  .record({
    lines: fc.boolean(),
    indent,
    groups: fc.array(
      fc.record({
        logs: fc.boolean(),
        service: tricky,
        items: fc.array(fc.record({ name: tricky, server: fc.boolean(), start: fc.bigInt({ min: 1n, max: 2_000_000_000_000_000_000n }), attr: tricky }), { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ lines, indent: ind, groups }) => {
    const docs = groups.map((g) => {
      const resource = { attributes: [{ key: 'service.name', value: anyValue(g.service) }] };
      if (g.logs) {
        const logRecords = g.items.map((i) => ({ timeUnixNano: i.start.toString(), severityText: 'WARN', body: anyValue(i.name), attributes: [{ key: 'note', value: anyValue(i.attr) }] }));
        return { resourceLogs: [{ resource, scopeLogs: [{ scope: { name: 'lib' }, logRecords }] }] };
      }
      const spans = g.items.map((i) => ({
        name: i.name,
        kind: i.server ? 2 : 1,
        startTimeUnixNano: i.start.toString(),
        attributes: [{ key: 'http.request.method', value: anyValue('GET') }, { key: 'url.path', value: anyValue(`/x/${i.attr}`) }],
      }));
      return { resourceSpans: [{ resource, scopeSpans: [{ spans }] }] };
    });
    // The Collector's file exporter writes one request per line; an SDK dump is one document.
    return lines ? docs.map((d) => JSON.stringify(d)).join('\n') : JSON.stringify({ ...docs[0], ...docs[1] }, null, ind);
  });

const DOCS: Record<string, fc.Arbitrary<string>> = { har: harDoc, otlp: otlpDoc };

describe.each(FORMATS)('%s format', (name, def) => {
  it('never throws on arbitrary bytes, and never lets the driver catch a failure', () => {
    const junk = fc.oneof(
      fc.uint8Array({ maxLength: 400 }).map((u) => Buffer.from(u)),
      fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', '\n', ' ', '1', 'é', '"log"', '"entries"', '"resourceSpans"', '"scopeSpans"', '"spans"'), maxLength: 80 }).map((s) => Buffer.from(s)),
      fc.tuple(DOCS[name]!, damage).map(([doc, d]) => damaged(doc, d)),
    );
    fc.assert(
      fc.property(junk, chunkSizes, (input, sizes) => {
        const out = parseWith(def, input, { chunkSizes: sizes });
        for (const b of out.bad) expect(b.reason).not.toMatch(/parser failed/);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same events, locations and bad items whatever the chunk boundaries (good and damaged documents)', () => {
    fc.assert(
      fc.property(DOCS[name]!, damage, chunkSizes, (doc, d, sizes) => {
        const input = damaged(doc, d);
        const whole = parseWith(def, input);
        if (d === null) expect(whole.bad).toEqual([]);
        expect(parseWith(def, input, { chunkSizes: sizes })).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });
});

interface Found {
  items: { target: number; value: unknown; at: ItemLocation }[];
  bad: string[];
}

function extractAll(input: Buffer, targets: ItemTarget[], sizes: number[]): Found {
  const found: Found = { items: [], bad: [] };
  const ex = createItemExtractor(targets, {
    item: (target, bytes, at) => found.items.push({ target, value: JSON.parse(bytes.toString('utf8')), at }),
    bad: (reason) => found.bad.push(reason),
  });
  writeChunks(input, sizes, (b) => ex.write(b));
  ex.end();
  return found;
}

/** Feeds `input` in pieces of `sizes` (cycling), each a fresh copy, as a file reader would. */
function writeChunks(input: Uint8Array, sizes: number[], write: (b: Buffer) => void): void {
  for (let at = 0, i = 0; at < input.length; i++) {
    const n = sizes[i % sizes.length]!;
    write(Buffer.from(input.subarray(at, at + n)));
    at += n;
  }
}

describe('json-items extractor', () => {
  const json = fc.jsonValue({ maxDepth: 4 });
  /** What JSON.stringify + JSON.parse make of a value (-0 becomes 0). */
  const roundTrip = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

  it('finds exactly the values at the target paths of random documents, in order, in any chunking', () => {
    const doc = fc.record({ entries: fc.array(json, { maxLength: 5 }), pages: fc.array(json, { maxLength: 3 }), noise: json, other: json, indent, pagesFirst: fc.boolean() });
    fc.assert(
      fc.property(doc, chunkSizes, (d, sizes) => {
        const log = d.pagesFirst ? { pages: d.pages, noise: d.noise, entries: d.entries } : { entries: d.entries, noise: d.noise, pages: d.pages };
        const text = JSON.stringify({ other: { log: d.other }, log, after: d.other }, null, d.indent);
        const found = extractAll(Buffer.from(text), [{ path: ['log', 'entries', '*'], noun: 'entry' }, { path: ['log', 'pages', '*'], noun: 'page' }], sizes);
        expect(found.bad).toEqual([]);
        expect(found.items.filter((i) => i.target === 0).map((i) => i.value)).toEqual(d.entries.map(roundTrip));
        expect(found.items.filter((i) => i.target === 1).map((i) => i.value)).toEqual(d.pages.map(roundTrip));
        const bytes = Buffer.from(text);
        for (const i of found.items) {
          const own = bytes.subarray(i.at.offset, i.at.offset + i.at.length).toString('utf8');
          expect(JSON.parse(own)).toEqual(i.value);
          expect(bytes.subarray(0, i.at.offset).toString('latin1').split('\n').length).toBe(i.at.line);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads JSON lines and concatenated values one top-level value at a time', () => {
    fc.assert(
      fc.property(fc.array(json, { maxLength: 6 }), fc.constantFrom('\n', '\r\n', ' ', ''), chunkSizes, (values, sep, sizes) => {
        // Without a separator two scalars would run together; containers do not.
        const glue = values.every((v) => typeof v === 'object' && v !== null) ? sep : sep || '\n';
        const found = extractAll(Buffer.from(values.map((v) => JSON.stringify(v)).join(glue)), [{ path: [], noun: 'value' }], sizes);
        expect(found.bad).toEqual([]);
        expect(found.items.map((i) => i.value)).toEqual(values.map(roundTrip));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary bytes, and reports the same things in any chunking', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), chunkSizes, (u, sizes) => {
        const targets = [{ path: ['log', 'entries', '*'], noun: 'entry' }, { path: [], noun: 'doc' }];
        const run = (s: number[]) => {
          const out: unknown[] = [];
          const ex = createItemExtractor(targets, { item: (t, b, at) => out.push([t, b.toString('hex'), at]), bad: (r, at, text) => out.push([r, at, text]) });
          writeChunks(u, s, (b) => ex.write(b));
          ex.end();
          return out;
        };
        expect(run(sizes)).toEqual(run([u.length || 1]));
      }),
      { numRuns: 300 },
    );
  });
});
