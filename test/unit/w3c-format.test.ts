import { describe, expect, it } from 'vitest';
import { w3cFormat } from '../../electron/core/importers/formats/described/w3c.js';
import { checkSamples, detectionSample, parseWith } from '../helpers/parse-format.js';

describe('w3c samples', () => checkSamples(w3cFormat));

describe('IIS / W3C extended logs', () => {
  it('reads a full cs-uri, fractions of a second and a user name', () => {
    const r = parseWith(w3cFormat, '#Fields: date time cs-uri cs-username sc-status\n2024-01-02 03:04:05.678 /a/b?x=1 DOMAIN\\bob 500\n');
    expect(r.events[0]).toMatchObject({ time: Date.UTC(2024, 0, 2, 3, 4, 5, 678), url: '/a/b?x=1', route: '/a/b', user_id: 'DOMAIN\\bob', status: 500 });
  });

  it('refuses data lines before any header, naming why', () => {
    const r = parseWith(w3cFormat, '2024-01-02 03:04:05 GET / 200\n');
    expect(r.bad.map((b) => b.reason)).toEqual(['a data line before any #Fields: header, so its fields have no names']);
  });

  it('is not detected without a #Fields: header, nor when the header is CloudFront\'s', () => {
    expect(w3cFormat.detect(detectionSample('2024-01-02 03:04:05 GET / 200\n'))).toBe(0);
    expect(w3cFormat.detect(detectionSample('#Fields: date time x-edge-location c-ip\n2024-01-02 03:04:05 LHR 1.2.3.4\n'))).toBe(0);
  });

  it('knows a file that is only its header', () => {
    expect(w3cFormat.detect(detectionSample('#Software: IIS\n#Fields: date time cs-method\n'))).toBeGreaterThan(0.8);
  });
});
