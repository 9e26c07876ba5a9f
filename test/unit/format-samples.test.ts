// Every format's own samples (its data description, the way lnav keeps sample lines beside each
// format) run as tests, and every format declares some: a format without samples fails here.
import { describe, expect, it } from 'vitest';
import { FORMATS, detectFormat, UnknownFormatError } from '../../electron/core/importers/formats/index.js';
import { detectSample } from '../../electron/core/importers/parse-driver.js';
import { IMPORT_FORMATS } from '../../shared/api.js';
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

describe('detection by content', () => {
  const good = (s: number) => `1.2.3.4 - - [17/May/2015:10:05:0${s} +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8.0"`;
  const detect = (text: string, file?: string) => detectFormat(detectSample(Buffer.from(text)), file);

  it('reads an access log whose first lines are a banner, a blank and garbage', () => {
    expect(detect(`=== access log opened ===\n\n\u0000\u0001garbage\n${good(1)}\n${good(2)}\n`).name).toBe('access');
    expect(detect(`# rotated by logrotate\n${good(1)}\n`).name).toBe('access');
  });

  it('still refuses a file where good lines are few among bad ones', () => {
    expect(() => detect(`${good(1)}\nnot a log\nnor this\nnor that\n`)).toThrow(UnknownFormatError);
  });

  it('quotes a line that no format reads, not a good one, and names the file', () => {
    let message = '';
    try {
      detect(`${good(1)}\nnot a log\nnor this\nnor that\n`, 'uploads/site.log');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Unrecognised log format in uploads\/site\.log: /);
    expect(message).toContain('the first line that no format reads: "not a log"');
    expect(message).not.toContain('curl/8.0');
  });

  it('names the file when it is empty', () => {
    expect(() => detect('\n \n', 'empty.log')).toThrow(/^The file empty\.log is empty/);
  });
});

describe('format names', () => {
  it('the contract accepts exactly the registry\'s formats, and auto', () => {
    expect([...IMPORT_FORMATS].sort()).toEqual(['auto', ...FORMATS.map((f) => f.name)].sort());
  });
});
