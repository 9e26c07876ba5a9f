import { describe, expect, it } from 'vitest';
import { apacheErrorFormat } from '../../electron/core/importers/formats/described/apache-error.js';
import { readTimeText } from '../../electron/core/importers/formats/time-value.js';
import { checkSamples, parseWith, testContext } from '../helpers/parse-format.js';

describe('apache-error samples', () => checkSamples(apacheErrorFormat));

describe('asctime', () => {
  it('reads C asctime with or without a fraction, a padded day, and refuses anything else', () => {
    expect(readTimeText('Fri Sep 09 10:42:29.902022 2011')).toBe(Date.UTC(2011, 8, 9, 10, 42, 29, 902));
    expect(readTimeText('Sun Dec  4 04:47:44 2005')).toBe(Date.UTC(2005, 11, 4, 4, 47, 44));
    for (const bad of ['Sun Dex 04 04:47:44 2005', 'Sun Dec 04 04:47:44', 'Sun Dec 31 25:00:00 2005', '']) expect(readTimeText(bad)).toBeNaN();
  });
});

describe('Apache error logs', () => {
  it('2.4: an IPv6 client loses its port; an empty module and a trace level are kept', () => {
    const [e] = parseWith(apacheErrorFormat, '[Thu May 12 08:28:57.652118 2011] [:trace1] [pid 8777] [client ::1:58619] PHP Notice: x\n').events;
    expect(e).toMatchObject({ time: Date.UTC(2011, 4, 12, 8, 28, 57, 652), level: 'trace1', message: 'PHP Notice: x', kind: 'log' });
    expect(e!.ip_hash).toBe(testContext().ipHash('::1'));
  });

  it('2.4: an OS error before the client is kept in attrs, and the client still read', () => {
    const [e] = parseWith(apacheErrorFormat, '[Tue Jan 02 03:04:05.000001 2024] [proxy_fcgi:error] [pid 1:tid 2] (70007)The timeout specified has expired: [client 203.0.113.9:5555] AH01075: Error dispatching request to : (polling)\n').events;
    expect(e).toMatchObject({ message: 'Error dispatching request to : (polling)', attrs: { errno: 70007, errno_text: 'The timeout specified has expired', code: 'AH01075' } });
    expect(e!.ip_hash).toBe(testContext().ipHash('203.0.113.9'));
  });

  it('a space-padded day reads', () => {
    const [e] = parseWith(apacheErrorFormat, '[Sun Dec  4 04:47:44 2005] [notice] ok\n').events;
    expect(e!.time).toBe(Date.UTC(2005, 11, 4, 4, 47, 44));
  });

  it('keeps a message whose referer part does not parse whole', () => {
    const [e] = parseWith(apacheErrorFormat, '[Sun Dec 04 04:47:44 2005] [error] a, referer: x, and more words\n').events;
    expect(e).toMatchObject({ message: 'a, referer: x, and more words', referrer: null });
  });
});
