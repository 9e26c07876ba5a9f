// Every line of the real 10k-line Apache sample goes into a real store, and every stored event
// is checked against an independent, deliberately naive reading of its own line.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientHidden } from '../helpers/raw-text.js';
import { makeService, sqliteDb } from '../helpers/service.js';
import type { Service } from '../../electron/core/service.js';
import { SAMPLE_ACCESS_LOG } from '../helpers/temp.js';

// Slow but obvious: a regex per line and Date.parse. One sample line ends inside its user
// agent (no closing quote), so the last quote is optional.
const NAIVE = /^(\S+) \S+ \S+ \[([^\]]+)\] "(\S+) (\S+) (HTTP\/[\d.]+)" (\d{3}) (\d+|-) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"?$/;

function naive(line: string) {
  const m = NAIVE.exec(line);
  if (!m) throw new Error(`naive reader cannot read: ${line}`);
  const [, , when, method, url, , status, bytes, referrer, agent] = m;
  const [day, mon, rest] = when!.split('/');
  const [year, hh, mm, ssZone] = rest!.split(':');
  return {
    time: Date.parse(`${day} ${mon} ${year} ${hh}:${mm}:${ssZone}`),
    method,
    url,
    status: Number(status),
    bytes: bytes === '-' ? 0 : Number(bytes),
    referrer: referrer === '-' ? undefined : referrer!.replace(/\\(["\\])/g, '$1'),
    agent: agent === '-' ? undefined : agent!.replace(/\\(["\\])/g, '$1'),
  };
}

describe('importing the Apache sample', () => {
  it('stores every line with the right time, method, path, status, bytes, referrer and user agent', async () => {
    const service = await makeService();
    const summary = await service.importPath(SAMPLE_ACCESS_LOG);
    const lines = fs.readFileSync(SAMPLE_ACCESS_LOG, 'utf8').split('\n').filter((l) => l !== '');
    expect(summary).toMatchObject({ imported: lines.length, skipped: 0, format: 'access' });

    const stored = sqliteDb(service)
      .prepare('SELECT id, line, time, method, url, status, resp_bytes, referrer, user_agent FROM events_view ORDER BY line')
      .all() as { id: number; line: number; time: number; method: string; url: string; status: number; resp_bytes: number; referrer: string | null; user_agent: string | null }[];
    expect(stored).toHaveLength(lines.length);
    // The raw line is read back from the file by its byte range; check a spread of them.
    for (const i of [0, 1, 4999, lines.length - 1]) {
      const got = await service.dispatch('events.get', { id: String(stored[i]!.id) });
      expect(got.ok && got.value.raw).toMatch(clientHidden(lines[i]!));
    }
    // What the sample's referrers hold that is stored redacted: OAuth's state= in one search
    // engine's links, and IP addresses searched for in another's.
    const redactedParams = (url: string | undefined) =>
      url?.replace(/([?&]state=)[^&]*/g, '$1[redacted]').replace(/(?<=[=/])\d{1,3}(?:\.\d{1,3}){3}(?=[&/]|$)/g, '[redacted]');
    stored.forEach((e, i) => {
      const naiveFields = naive(lines[i]!);
      const want = { ...naiveFields, referrer: redactedParams(naiveFields.referrer) };
      expect(e.line).toBe(i + 1);
      expect(
        { time: e.time, method: e.method, url: e.url, status: e.status, bytes: e.resp_bytes, referrer: redactedParams(e.referrer?.replace(/\[redacted:[0-9a-f]{12}\]/g, '[redacted]') ?? undefined), agent: e.user_agent ?? undefined },
        `line ${i + 1}`,
      ).toEqual(want);
    });
  });

  it('keeps times as integer epoch milliseconds, UTC', async () => {
    const service = await makeService();
    await service.importPath(SAMPLE_ACCESS_LOG);
    const types = sqliteDb(service).prepare('SELECT DISTINCT typeof(time) FROM events').pluck().all();
    expect(types).toEqual(['integer']);
    const first = sqliteDb(service).prepare('SELECT time FROM events WHERE line = 1').pluck().get();
    expect(first).toBe(Date.UTC(2015, 4, 17, 10, 5, 3));
  });
});
