// Every bad input gets a clear answer: arbitrary JSON values and arbitrary bytes, sent to every
// ingest path with each content type a client might use, never make the collector answer 500
// or stop answering, and whatever it stores can be listed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WIRE_FORMATS } from '../../electron/core/collect/formats/index.js';
import { startCollector } from '../helpers/collector.js';

/** Fewer runs than this prove little; FUZZ_RUNS=0 used to turn the test off without a word. */
const MIN_FUZZ_RUNS = 50;
const DEFAULT_FUZZ_RUNS = 300;

/** The runs FUZZ_RUNS asks for; throws, naming the variable, on a value that would test little or nothing. */
function fuzzRuns(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_FUZZ_RUNS;
  const parsed = z.coerce.number().int().min(MIN_FUZZ_RUNS).safeParse(value);
  if (!parsed.success) {
    throw new Error(`FUZZ_RUNS=${value} is refused: give a whole number of at least ${MIN_FUZZ_RUNS} runs, or leave it unset for ${DEFAULT_FUZZ_RUNS}.`);
  }
  return parsed.data;
}

const PATHS = WIRE_FORMATS.flatMap((f) => f.paths);
const CONTENT_TYPES = ['application/json', 'text/plain', 'application/x-protobuf', 'application/x-www-form-urlencoded'];
const CLEAR = new Set([200, 400, 413, 415, 429]);
/** Names that find something on Object.prototype when looked up in a plain object. */
const name = fc.oneof(fc.string(), fc.constantFrom('toString', 'valueOf', 'constructor', '__proto__', 'hasOwnProperty', '$pageview', '$autocapture'));
const props = fc.dictionary(name, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });

describe('FUZZ_RUNS', () => {
  it('defaults to 300, takes whole numbers from 50 up, and refuses anything that would test little or nothing', () => {
    expect(fuzzRuns(undefined)).toBe(DEFAULT_FUZZ_RUNS);
    expect(fuzzRuns('50')).toBe(50);
    expect(fuzzRuns('2000')).toBe(2000);
    for (const bad of ['0', '-1', '49', '1e1', 'abc', '12.5', 'NaN']) expect(() => fuzzRuns(bad), bad).toThrow(/FUZZ_RUNS=.* is refused: .*at least 50/);
  });
});

describe('collector under arbitrary input', () => {
  it('answers every arbitrary payload with a clear status, never a 500', async () => {
    // Read here, not at load time: a refused value fails this test by name instead of the file.
    const numRuns = fuzzRuns(process.env.FUZZ_RUNS);
    const { post, search } = await startCollector({ config: { rateLimitPerMinute: 0 } });
    const body = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
      // Shapes close to the real ones, with arbitrary values inside.
      fc.record({ events: fc.array(fc.record({ event_type: name, event_data: fc.oneof(props, fc.jsonValue({ maxDepth: 2 })) }), { maxLength: 5 }) }).map((v) => JSON.stringify(v)),
      fc.array(fc.record({ method: name, url: fc.string(), status: fc.integer(), duration_ms: fc.double(), time: fc.oneof(fc.string(), fc.double()), request_headers: props }), { maxLength: 5 }).map((v) => JSON.stringify(v)),
      fc.record({ batch: fc.array(fc.record({ type: fc.constantFrom('track', 'page', 'identify', 'x', 'toString'), event: name, userId: fc.string(), timestamp: fc.oneof(fc.string(), fc.double()), properties: props }), { maxLength: 5 }) }).map((v) => JSON.stringify(v)),
      fc.array(fc.record({ event: name, distinct_id: fc.string(), properties: fc.oneof(props, fc.jsonValue({ maxDepth: 2 })), offset: fc.double() }), { maxLength: 5 }).map((v) => JSON.stringify(v)),
      fc
        .record({
          name,
          kind: fc.integer({ min: -1, max: 7 }),
          key: name,
          value: fc.oneof(fc.string().map((v) => ({ stringValue: v })), fc.integer().map((v) => ({ intValue: String(v) })), fc.constant({})),
          start: fc.bigInt({ min: 0n, max: 2n ** 64n }),
        })
        .map(({ name: n, kind, key, value, start }) =>
          JSON.stringify({
            resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: n, kind, startTimeUnixNano: String(start), endTimeUnixNano: String(start + 1000n), attributes: [{ key, value }] }] }] }],
            resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: String(start), severityText: n, body: value, attributes: [{ key, value }] }] }] }],
          }),
        ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), fc.constantFrom(...CONTENT_TYPES), body, async (path, type, payload) => {
        const res = await post(path, payload, { 'content-type': type });
        const text = await res.text();
        expect(CLEAR.has(res.status), `${path} ${type} -> ${res.status} ${text}`).toBe(true);
      }),
      { numRuns },
    );
    // Whatever was stored can be read back.
    await search('', 1000);
  }, 120_000);
});
