import { describe, expect, it } from 'vitest';
import { CallFailed } from '../../renderer/src/api/call-failed.js';
import { createClient } from '../../renderer/src/api/client-core.js';
import type { Transport } from '../../renderer/src/api/transport.js';

function fakeTransport(answer: unknown, pushes: unknown[] = []): Transport & { calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  return {
    kind: 'http',
    calls,
    async call(name, input) {
      calls.push([name, input]);
      return answer;
    },
    subscribe(_topic, fn, onStatus) {
      onStatus?.('live');
      for (const p of pushes) fn(p);
      return () => {};
    },
  };
}

async function failure(p: Promise<unknown>): Promise<CallFailed> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CallFailed) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('client', () => {
  it('returns the validated value of an ok result', async () => {
    const t = fakeTransport({ ok: true, value: { version: '0.1.0', dbPath: '/tmp/x.db', collectorUrl: null, store: { kind: 'sqlite', notes: [] } } });
    const info = await createClient(t).call('app.info', {});
    expect(info).toEqual({ version: '0.1.0', dbPath: '/tmp/x.db', collectorUrl: null, store: { kind: 'sqlite', notes: [] } });
    expect(t.calls).toEqual([['app.info', {}]]);
  });

  it('throws CallFailed with code, message and column for an error result', async () => {
    const t = fakeTransport({ ok: false, code: 'QUERY_SYNTAX', message: 'Unknown field "stat".', column: 1 });
    const err = await failure(createClient(t).call('events.search', { query: 'stat:1' }));
    expect(err).toMatchObject({ code: 'QUERY_SYNTAX', message: 'Unknown field "stat".', column: 1, call: 'events.search' });
  });

  it('rejects a value that breaks the contract', async () => {
    const t = fakeTransport({ ok: true, value: { events: [{ id: 'x' }], total: 1, next: null } });
    const err = await failure(createClient(t).call('events.search', {}));
    expect(err.code).toBe('BAD_OUTPUT');
    expect(err.message).toContain('events.0');
  });

  it('rejects an answer that is not a call result', async () => {
    expect((await failure(createClient(fakeTransport('<html>')).call('app.info', {}))).code).toBe('BAD_OUTPUT');
    expect((await failure(createClient(fakeTransport({ ok: false, code: 'NOPE' })).call('app.info', {}))).code).toBe('BAD_OUTPUT');
  });

  it('delivers valid live payloads and drops malformed ones', () => {
    const t = fakeTransport(null, [{ count: 3 }, { count: 'many' }, null]);
    const got: unknown[] = [];
    const statuses: string[] = [];
    createClient(t).subscribe('events.added', (p) => got.push(p), (s) => statuses.push(s));
    expect(got).toEqual([{ count: 3 }]);
    expect(statuses).toEqual(['live']);
  });
});
