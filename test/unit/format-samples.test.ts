// Every format's own samples (its data description, the way lnav keeps sample lines beside each
// format) run as tests, and every format declares some: a format without samples fails here.
import { describe, expect, it } from 'vitest';
import { FORMATS, detectFormat } from '../../electron/core/importers/formats/index.js';
import { detectSample } from '../../electron/core/importers/parse-driver.js';
import { parseWith } from '../helpers/parse-format.js';

describe.each(FORMATS.map((f) => [f.name, f] as const))('format %s', (_name, def) => {
  it('declares samples, each with something to check', () => {
    expect(def.samples.length).toBeGreaterThanOrEqual(3);
    for (const s of def.samples) expect((s.events?.length ?? 0) + (s.bad?.length ?? 0)).toBeGreaterThan(0);
  });

  it.each(def.samples.map((s) => [s.title, s] as const))('sample: %s', (_title, sample) => {
    const got = parseWith(def, sample.input, { options: sample.options });
    const expected = sample.events ?? [];
    expect(got.events).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(got.events[i]).toMatchObject(e));
    const bad = sample.bad ?? [];
    expect(got.bad.map((b) => b.reason)).toHaveLength(bad.length);
    bad.forEach((re, i) => expect(got.bad[i]!.reason).toMatch(re));
  });

  it('is what detection picks for its samples that hold only good records', () => {
    const clean = def.samples.filter((s) => !s.options && (s.bad?.length ?? 0) === 0 && (s.events?.length ?? 0) > 0);
    for (const s of clean) expect(detectFormat(detectSample(Buffer.from(s.input))).name, s.title).toBe(def.name);
  });
});
