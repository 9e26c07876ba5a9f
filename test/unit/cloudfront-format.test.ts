import { describe, expect, it } from 'vitest';
import { cloudfrontFormat } from '../../electron/core/importers/formats/described/cloudfront.js';
import { checkSamples, detectionSample, parseWith } from '../helpers/parse-format.js';

describe('cloudfront samples', () => checkSamples(cloudfrontFormat));

const HEAD = '#Version: 1.0\n#Fields: date time x-edge-location cs-uri-stem cs-uri-query cs(User-Agent) time-taken\n';

describe('CloudFront access logs', () => {
  it('decodes the agent once and keeps the query as written', () => {
    const r = parseWith(cloudfrontFormat, `${HEAD}2019-12-04\t21:02:31\tLAX1\t/s\tq=a%20b\tcurl/8.0%2520x\t0.250\n`);
    expect(r.events[0]).toMatchObject({ url: '/s?q=a%20b', user_agent: 'curl/8.0%20x', duration_ms: 250 });
  });

  it('keeps an agent that is not valid URL encoding as written', () => {
    const r = parseWith(cloudfrontFormat, `${HEAD}2019-12-04\t21:02:31\tLAX1\t/\t-\t100%\t0.001\n`);
    expect(r.events[0]).toMatchObject({ user_agent: '100%', url: '/' });
  });

  it('detects headerless files by their column count and date, a little less surely', () => {
    const line = ['2019-12-04', '21:02:31', ...Array.from({ length: 31 }, () => '-')].join('\t');
    const score = cloudfrontFormat.detect(detectionSample(`${line}\n`));
    expect(score).toBeGreaterThan(0.85);
    expect(score).toBeLessThan(cloudfrontFormat.detect(detectionSample(`#Fields: date time x-edge-location\n2019-12-04\t21:02:31\tLAX1\n`)));
    expect(cloudfrontFormat.detect(detectionSample(`${line.replace('2019-12-04', 'yesterday')}\n`))).toBe(0);
  });
});
