// Runs a format over text or bytes in memory, the way an import does (same driver), for tests.
import { expect, it } from 'vitest';
import type { NewEvent } from '../../shared/events.js';
import type {
  DetectSample, FormatDefinition, FormatOptions, FormatReport, ItemLocation, ParseContext,
} from '../../electron/core/importers/format-types.js';
import { createParseDriver, detectSample, DETECT_BYTES } from '../../electron/core/importers/parse-driver.js';
import { createIpHasher } from '../../electron/core/privacy/ip-hash.js';
import { createRedactor } from '../../electron/core/privacy/redact.js';

export interface Parsed {
  events: (NewEvent & { at: ItemLocation })[];
  bad: { reason: string; at: ItemLocation; text: string }[];
  truncated: number;
  report: FormatReport;
}

export function testContext(options: FormatOptions = {}): ParseContext {
  const redactor = createRedactor(Buffer.alloc(32, 7));
  return {
    ipHash: createIpHasher('test-ip-key-0123456789abcdef'),
    redact: (e, payload) => redactor.event(e, payload),
    redactUrl: (u) => redactor.url(u),
    options,
  };
}

/**
 * Parses `input` with `def`. `chunkSizes`, when given, splits the bytes into pieces of those
 * sizes (cycling), so tests can check that chunk boundaries change nothing.
 */
export function parseWith(
  def: FormatDefinition,
  input: string | Buffer,
  opts: { options?: FormatOptions; chunkSizes?: number[]; maxLineBytes?: number } = {},
): Parsed {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const result: Parsed = { events: [], bad: [], truncated: 0, report: {} };
  const driver = createParseDriver(
    def,
    testContext(opts.options),
    detectSample(bytes.subarray(0, DETECT_BYTES)),
    {
      event: (e, at) => result.events.push({ ...e, at }),
      bad: (reason, at, text) => result.bad.push({ reason, at, text }),
      truncated: () => result.truncated++,
    },
    { maxLineBytes: opts.maxLineBytes },
  );
  const sizes = opts.chunkSizes?.filter((n) => n > 0) ?? [];
  if (sizes.length === 0) {
    driver.write(bytes);
  } else {
    let at = 0;
    for (let i = 0; at < bytes.length; i++) {
      const n = sizes[i % sizes.length]!;
      driver.write(bytes.subarray(at, at + n));
      at += n;
    }
  }
  driver.end();
  result.report = driver.describe();
  return result;
}

/** What detection sees of a file holding `text`. */
export function detectionSample(text: string): DetectSample {
  return detectSample(Buffer.from(text).subarray(0, DETECT_BYTES));
}

/** One line per value: strings as written, anything else as its JSON. */
export function jsonLines(...values: unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n') + '\n';
}

/** A test per sample of `def`, checked as format-samples.test.ts checks every format's. */
export function checkSamples(def: FormatDefinition): void {
  for (const s of def.samples) {
    it(`sample: ${s.title}`, () => {
      const r = parseWith(def, s.input, { options: s.options });
      expect(r.events).toHaveLength(s.events?.length ?? 0);
      s.events?.forEach((e, i) => expect(r.events[i]).toMatchObject(e));
      expect(r.bad).toHaveLength(s.bad?.length ?? 0);
      s.bad?.forEach((re, i) => expect(r.bad[i]!.reason).toMatch(re));
    });
  }
}
