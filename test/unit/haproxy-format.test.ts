import { describe, expect, it } from 'vitest';
import { haproxyFormat } from '../../electron/core/importers/formats/described/haproxy.js';
import { checkSamples, parseWith, testContext } from '../helpers/parse-format.js';

describe('haproxy samples', () => checkSamples(haproxyFormat));

const BODY = '[02/Jan/2024:03:04:05.250] fe be/s1 1/0/2/40/43 200 512 - - ---- 1/1/1/1/0 0/0 "GET /x HTTP/1.1"';

describe('HAProxy HTTP logs', () => {
  it.each([
    ['RFC 3164 with a priority', `<134>Jan  2 03:04:05 lb1 haproxy[123]: 1.2.3.4:5 ${BODY}`],
    ['RFC 5424-ish ISO time', `2024-01-02T03:04:05.250+00:00 lb1 haproxy[123]: 1.2.3.4:5 ${BODY}`],
    ['journal copy', `Jan 02 03:04:05 lb1 haproxy[123]: 1.2.3.4:5 ${BODY}`],
  ])('reads the log under a %s prefix', (_t, input) => {
    const r = parseWith(haproxyFormat, `${input}\n`);
    expect(r.events[0]).toMatchObject({ time: Date.UTC(2024, 0, 2, 3, 4, 5, 250), status: 200, duration_ms: 43, attrs: { t_response: 40 } });
  });

  it('hashes an IPv6 client without its port', () => {
    const [e] = parseWith(haproxyFormat, `::1:5555 ${BODY}\n`).events;
    expect(e!.ip_hash).toBe(testContext().ipHash('::1'));
  });

  it('notes the accept date is read as UTC', () => {
    expect(parseWith(haproxyFormat, `1.2.3.4:5 ${BODY}\n`).report.notes!.join(' ')).toMatch(/read as UTC/);
  });
});
