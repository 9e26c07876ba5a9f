// Hostile searches against a real store: each is answered with a syntax error (QUERY_SYNTAX,
// with a column) or with results, never with SQLite's own failure as an INTERNAL error.
import { describe, expect, it } from 'vitest';
import { MAX_TERMS } from '../../electron/core/query/parse.js';
import { makeService } from '../helpers/service.js';

const repeat = (n: number, term: (i: number) => string, sep = ' ') => Array.from({ length: n }, (_, i) => term(i)).join(sep);

/** The shapes that make the deepest SQL per term, each at the largest size the parser allows. */
const WORST_SHAPES: Record<string, string> = {
  words: repeat(MAX_TERMS, () => 'w'),
  'negated words': repeat(MAX_TERMS, () => '-w'),
  'words OR': repeat(MAX_TERMS, () => 'w', ' OR '),
  'fields OR': repeat(MAX_TERMS, (i) => `status:${i}`, ' OR '),
  'negated fields': repeat(MAX_TERMS, () => '-user:x'),
  attributes: repeat(MAX_TERMS, () => 'attrs.k:1'),
  'derived sessions': repeat(MAX_TERMS, () => 'session:d1-1'),
  'group values': `method:(${repeat(MAX_TERMS, () => 'GET')})`,
  'deepest negation beside the rest': `${'NOT '.repeat(63)}w ${repeat(MAX_TERMS - 1, () => '-w')}`,
  'negated ORs nested to the limit': `${repeat(30, (i) => `-(w${i} OR `, '')}status:1${')'.repeat(30)} ${repeat(MAX_TERMS - 31, () => 'w')}`,
  'ANDs inside ORs': repeat(MAX_TERMS / 2, (i) => `w${i} status:${i}`, ' OR '),
};

describe('hostile searches', () => {
  it.each(Object.entries(WORST_SHAPES))('runs the largest allowed query of %s against SQLite', async (_, query) => {
    expect(query.length).toBeLessThanOrEqual(10_000);
    const service = await makeService();
    for (const call of ['events.search', 'stats.routes'] as const) {
      const r = await service.dispatch(call, { query });
      expect(r.ok ? 'ok' : `${r.code}: ${r.message}`, call).toBe('ok');
    }
  });

  it('answers a NUL, and 3,333 words, with a syntax error that points at them', async () => {
    const service = await makeService();
    const nul = await service.dispatch('events.search', { query: 'payment\u0000declined' });
    expect(nul).toEqual({ ok: false, code: 'QUERY_SYNTAX', column: 8, message: 'The query holds a control character (U+0000) at column 8; remove it.' });
    const quoted = await service.dispatch('stats.routes', { query: '"a\u0000"' });
    expect(quoted).toMatchObject({ ok: false, code: 'QUERY_SYNTAX', column: 3 });

    const many = await service.dispatch('events.search', { query: repeat(3333, () => 'w') });
    expect(many).toMatchObject({ ok: false, code: 'QUERY_SYNTAX', column: 2 * MAX_TERMS + 1 });
    expect(many.ok || many.message).toMatch(/more than 256 search terms/);
  });
});
