// Privacy at ingest: no raw client address reaches the disk, secrets become keyed markers that
// still join, the rules are configurable, and old collected events are purged in the background.
import fs from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startServer } from '../../electron/core/http/server.js';
import { parseRedactionRules } from '../../electron/core/privacy/redact.js';
import { startCollector } from '../helpers/collector.js';
import type { SqliteEventStore } from '../../electron/core/store/sqlite/adapter.js';
import { makeService } from '../helpers/service.js';
import { tempDbPath } from '../helpers/temp.js';

/** Every byte SQLite wrote: the database file and its write-ahead log. */
function diskBytes(db: string): string {
  return ['', '-wal']
    .map((suffix) => (fs.existsSync(db + suffix) ? fs.readFileSync(db + suffix).toString('latin1') : ''))
    .join('');
}

describe('collector privacy', () => {
  it('never writes a client address to disk, from the socket or from the payload', async () => {
    const { db, post, search } = await startCollector();
    await post('/v1/track', { type: 'track', event: 'Signed Up', userId: 'u1', context: { ip: '203.0.113.77' }, messageId: 'm-ip-1' });
    await post('/api/logs', { method: 'GET', url: '/x', status: 200, request_headers: { 'X-Forwarded-For': '198.51.100.23' } });
    await post('/e/', { event: '$pageview', distinct_id: 'u2', properties: { $ip: '192.0.2.150', $current_url: 'http://localhost/' } });
    await post('/api/logs', { method: 'GET', url: '/y', request_headers: { Forwarded: 'for=198.51.100.99;proto=https' } });
    await post('/v1/traces', {
      resourceSpans: [{ scopeSpans: [{ spans: [{
        traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'GET /z', kind: 2,
        startTimeUnixNano: '1763900000000000000', endTimeUnixNano: '1763900000100000000',
        attributes: [
          { key: 'client.address', value: { stringValue: '192.0.2.201' } },
          { key: 'custom.origin', value: { stringValue: '2001:db8::77' } },
        ],
      }] }] }],
    });
    const events = await search('');
    expect(events).toHaveLength(5);
    for (const e of events.filter((x) => x.kind !== 'log')) expect(e.attrs?.ip_hash).toMatch(/^[0-9a-f]{16}$/);
    const bytes = diskBytes(db);
    for (const ip of ['127.0.0.1', '203.0.113.77', '198.51.100.23', '192.0.2.150', '198.51.100.99', '192.0.2.201', '2001:db8::77']) {
      expect(bytes.includes(ip), ip).toBe(false);
    }
  });

  it('replaces secrets in headers, bodies and queries with keyed markers that join, raw payload included', async () => {
    const { db, post, search } = await startCollector();
    const secret = 'sk_live_51HxQ7verysecret';
    for (const path of ['/a', '/b']) {
      await post('/api/logs', {
        method: 'POST',
        url: `http://localhost:3000${path}?api_key=${secret}&page=2`,
        status: 200,
        request_headers: { Authorization: `Bearer ${secret}`, Cookie: 'sid=abc123', 'Content-Type': 'application/json' },
        request_body: { email: 'a@example.test', password: 'hunter22', card: '4111 1111 1111 1111' },
      });
    }
    const events = await search('kind:api');
    expect(events).toHaveLength(2);
    const [a, b] = events;
    const headers = a!.attrs!.request_headers as Record<string, string>;
    expect(headers['Content-Type']).toBe('application/json');
    expect(headers.Authorization).toMatch(/^Bearer \[redacted:[0-9a-f]{12}\]$/);
    expect(headers.Cookie).toMatch(/\[redacted:[0-9a-f]{12}\]/);
    expect(a!.attrs!.request_body).toMatchObject({ email: 'a@example.test', password: expect.stringMatching(/^\[redacted:/), card: expect.stringMatching(/\[redacted:/) });
    expect(a!.url).toMatch(/api_key=(%5B|\[)redacted/);
    expect(a!.url).toContain('page=2');
    // The same secret gives the same marker, so the two calls still join on it.
    expect((b!.attrs!.request_headers as Record<string, string>).Authorization).toBe(headers.Authorization);
    const bytes = diskBytes(db);
    for (const s of [secret, 'hunter22', 'abc123', '4111 1111 1111 1111']) expect(bytes.includes(s), s).toBe(false);
  });

  it('hides secrets in query strings kept outside URLs: Segment page searches and error messages', async () => {
    const { db, post } = await startCollector();
    await post('/v1/page', { type: 'page', userId: 'u', name: 'Reset', context: { page: { search: '?reset_token=rt-98765' } }, properties: { search: '?reset_token=rt-98765' } });
    await post('/api/logs', { method: 'GET', url: '/cb', status: 500, error: 'upstream refused https://api.test/cb?access_token=at-12345' });
    const bytes = diskBytes(db);
    for (const s of ['rt-98765', 'at-12345']) expect(bytes.includes(s), s).toBe(false);
  });

  it('applies configured rules: extra keys and headers', async () => {
    const service = await makeService(tempDbPath(), { redaction: parseRedactionRules({ extraKeys: ['ssn'], headers: ['x-tenant-secret'] }) });
    const server = await startServer({ service, host: '127.0.0.1', port: 0, uiDir: null });
    onTestFinished(() => server.close());
    await fetch(`${server.origin}/api/logs`, {
      method: 'POST',
      body: JSON.stringify({ method: 'GET', url: '/p', request_headers: { 'X-Tenant-Secret': 'tenant-42' }, request_body: { customer_ssn: '078-05-1120' } }),
    });
    const r = await service.dispatch('events.search', { query: 'kind:api' });
    if (!r.ok) throw new Error(r.message);
    const attrs = r.value.events[0]!.attrs!;
    expect(JSON.stringify(attrs)).not.toMatch(/tenant-42|078-05-1120/);
  });

  it('purges collected events past the retention period in the background, never imported ones', async () => {
    const db = tempDbPath();
    const first = await makeService(db);
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await first.ingest([
      { time: Date.parse(old), kind: 'user', type: 'old_one', raw: '{}' },
      { time: Date.now(), kind: 'user', type: 'new_one', raw: '{}' },
    ]);
    const sync = (first.store as SqliteEventStore).sync;
    const imported = sync.sources.create('file', 'old.log', 'access');
    sync.append(imported, [{ time: Date.parse(old), kind: 'api', url: '/old-file', raw: 'line' }]);
    await first.stop();
    // A process that runs the collector purges at start, then hourly.
    const second = await makeService(db, { retentionDays: 1 });
    const types = async () => {
      const r = await second.dispatch('events.search', { query: '' });
      if (!r.ok) throw new Error(r.message);
      return r.value.events.map((e) => e.type ?? e.url).sort();
    };
    await expect.poll(types, { timeout: 25_000 }).toEqual(['/old-file', 'new_one']);
  });
});
