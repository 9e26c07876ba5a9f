import { describe, expect, it } from 'vitest';
import { MAX_VIEW_NAME, SavedViewSchema, SavedViewsSchema, MAX_VIEWS, sameViewName } from '../../shared/views.js';
import { ExportRequestSchema, exportFileName } from '../../shared/export.js';
import { createExportTickets, TICKET_TTL_MS } from '../../electron/core/export/tickets.js';

describe('saved view schema', () => {
  it('keeps a full view, trims the name, and takes range, sort and columns as optional', () => {
    const view = {
      name: '  Slow checkout  ',
      query: 'route:/api/checkout duration_ms:>1000',
      range: { from: 1, to: 2 },
      sort: { field: 'duration_ms', dir: 'desc' },
      columns: { order: ['time', 'status'], hidden: ['route'], sizes: { time: 180 } },
    };
    expect(SavedViewSchema.parse(view)).toEqual({ ...view, name: 'Slow checkout' });
    expect(SavedViewSchema.parse({ name: 'x', query: '', range: { preset: '24h' } }).range).toEqual({ preset: '24h' });
    expect(SavedViewSchema.parse({ name: 'q', query: 'a' })).toEqual({ name: 'q', query: 'a' });
  });

  it('refuses what would not work, with the reason', () => {
    const issue = (v: unknown) => SavedViewSchema.safeParse(v).error?.issues[0]?.message;
    expect(issue({ name: '', query: '' })).toBe('a view needs a name');
    expect(issue({ name: 'n'.repeat(MAX_VIEW_NAME + 1), query: '' })).toBe('a view name is at most 100 characters');
    expect(issue({ name: 'n', query: 'q'.repeat(10_001) })).toBe('query is longer than 10,000 characters');
    expect(issue({ name: 'n', query: '', range: { from: 5, to: 1 } })).toBe('range.from is after range.to');
    expect(issue({ name: 'n', query: '', sort: { field: 'time', dir: 'up' } })).toBeDefined();
    const sizes = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`column_${i}`, 100]));
    expect(issue({ name: 'n', query: 'q'.repeat(10_000), columns: { order: [], hidden: [], sizes } })).toBe('a view is at most 32 KB as JSON');
    const many = Array.from({ length: MAX_VIEWS + 1 }, (_, i) => ({ name: `v${i}`, query: '' }));
    expect(SavedViewsSchema.safeParse({ views: many }).success).toBe(false);
    expect(SavedViewsSchema.safeParse({ views: many.slice(1) }).success).toBe(true);
  });

  it('takes names that differ only in case or spaces around as the same view', () => {
    expect(sameViewName('Errors', ' errors ')).toBe(true);
    expect(sameViewName('Errors', 'Errors 2')).toBe(false);
  });
});

describe('export request', () => {
  it('names files by the minute in UTC, without colons', () => {
    expect(exportFileName('csv', new Date(Date.UTC(2026, 11, 7, 13, 5, 59)))).toBe('logbridge-2026-12-07T13-05.csv');
    expect(exportFileName('har', new Date(Date.UTC(2027, 0, 1, 0, 0)))).toBe('logbridge-2027-01-01T00-00.har');
  });

  it('defaults what the explorer may leave out', () => {
    expect(ExportRequestSchema.parse({ format: 'jsonl' })).toEqual({ query: '', hide_assets: false, format: 'jsonl' });
  });
});

describe('export download tickets', () => {
  const ticket = { query: { query: 'kind:api' }, format: 'csv' as const, fileName: 'f.csv' };

  it('work once', () => {
    const tickets = createExportTickets();
    const token = tickets.issue(ticket);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(tickets.claim(token)).toEqual(ticket);
    expect(tickets.claim(token)).toBeNull();
    expect(tickets.claim('not-a-ticket')).toBeNull();
  });

  it('expire after a minute, by the clock they are given', () => {
    let now = 1000;
    const tickets = createExportTickets(() => now);
    const late = tickets.issue(ticket);
    const early = tickets.issue(ticket);
    now += TICKET_TTL_MS - 1;
    expect(tickets.claim(early)).toEqual(ticket);
    now += 1;
    expect(tickets.claim(late)).toBeNull();
  });

  it('keep at most 100 waiting: the oldest goes first', () => {
    const tickets = createExportTickets();
    const first = tickets.issue(ticket);
    const rest = Array.from({ length: 100 }, () => tickets.issue(ticket));
    expect(tickets.claim(first)).toBeNull();
    expect(tickets.claim(rest[0]!)).toEqual(ticket);
  });
});
