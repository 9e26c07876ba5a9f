import { describe, expect, it } from 'vitest';
import { logfmtFormat } from '../../electron/core/importers/formats/described/logfmt.js';
import { checkSamples, detectionSample, parseWith } from '../helpers/parse-format.js';

describe('logfmt samples', () => checkSamples(logfmtFormat));

const one = (line: string) => parseWith(logfmtFormat, `${line}\n`).events[0];

describe('logfmt', () => {
  it('reads the unit written with a duration, else the one its key names', () => {
    expect(one('ts=2024-01-02T03:04:05Z duration=250µs')!.duration_ms).toBe(0.25);
    expect(one('ts=2024-01-02T03:04:05Z duration=2m3s')!.duration_ms).toBe(123_000);
    expect(one('ts=2024-01-02T03:04:05Z duration_us=1500')!.duration_ms).toBe(1.5);
    expect(one('ts=2024-01-02T03:04:05Z latency=12')!.duration_ms).toBe(12);
  });

  it("reads Heroku's router errors as errors with their code", () => {
    const e = one('2024-01-02T03:04:05+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=GET path="/" service=30000ms status=503');
    expect(e).toMatchObject({ level: 'error', status: 503, duration_ms: 30_000, attrs: { code: 'H12', desc: 'Request timeout' } });
  });

  it('keeps escapes, empty values and non-ASCII keys', () => {
    expect(one('ts=2024-01-02T03:04:05Z msg="a\\tb\\\\c" empty= ключ=значение')).toMatchObject({ message: 'a\tb\\c', attrs: { ключ: 'значение' } });
  });

  it('key=value lines with fewer than two keys it knows are not logfmt logs (a config dump, a query string)', () => {
    expect(logfmtFormat.detect(detectionSample('a=1 b=2\nc=3 d=4\n'))).toBe(0);
    expect(logfmtFormat.detect(detectionSample('level=1 b=2\nlevel=3 d=4\n'))).toBe(0);
    expect(logfmtFormat.detect(detectionSample('level=info msg=hi\n'))).toBeGreaterThan(0.85);
  });

  it('plain text is not logfmt, however many of its words are our keys', () => {
    expect(logfmtFormat.detect(detectionSample('the time is at noon\nlevel up message\n'))).toBe(0);
  });
});
