import { describe, expect, it } from 'vitest';
import { albFormat } from '../../electron/core/importers/formats/described/alb.js';
import { checkSamples, parseWith, testContext } from '../helpers/parse-format.js';

describe('alb samples', () => checkSamples(albFormat));

const line = (client: string, agent: string) =>
  `h2 2024-01-02T03:04:05.123456Z app/lb/1 ${client} 10.0.0.2:80 0.000 0.0125 0.000 200 200 90 12 "GET https://api.example.com:443/v1/items/7?token=s3cr3t HTTP/2.0" ${agent}\n`;

describe('AWS ALB access logs', () => {
  it('hashes IPv6 clients without their port, bracketed or not', () => {
    const h = testContext().ipHash('2001:db8::7');
    expect(parseWith(albFormat, line('[2001:db8::7]:443', '"x"')).events[0]!.ip_hash).toBe(h);
    expect(parseWith(albFormat, line('2001:db8::7:443', '"x"')).events[0]!.ip_hash).toBe(h);
  });

  it('reads escaped quotes in the agent and redacts tokens in the URL', () => {
    const [e] = parseWith(albFormat, line('1.2.3.4:5', '"Mozilla \\"quoted\\" agent"')).events;
    expect(e).toMatchObject({ user_agent: 'Mozilla "quoted" agent', duration_ms: 12.5, time: Date.UTC(2024, 0, 2, 3, 4, 5, 123) });
    expect(e!.url).not.toContain('s3cr3t');
    expect(e!.raw).not.toContain('s3cr3t');
  });
});
