// The table's headers come from the event catalogue (shared/fields.ts): a column showing one
// field is headed by that field's label, so renaming a field's label renames its column.
import { describe, expect, it } from 'vitest';
import { FIELD_BY_NAME } from '../../shared/fields.js';
import { TABLE_SORT_FIELDS } from '../../shared/sort.js';
import { columns } from '../../renderer/src/components/columns.js';

const labelOf = (field: string) => FIELD_BY_NAME.get(field)?.label;

describe('the event table’s columns', () => {
  it('head each single-field column with its catalogue label', () => {
    const headers = new Map(columns.map((c) => [c.id, c.header]));
    const fieldOf: Record<string, string> = { kind: 'kind', status: 'status', duration: 'duration_ms', session: 'session_id' };
    for (const [id, field] of Object.entries(fieldOf)) expect(headers.get(id), id).toBe(labelOf(field));
  });

  it('give the time header, a component that also shows the zone, the catalogue label', () => {
    const header = columns.find((c) => c.id === 'time')?.header;
    expect(typeof header).toBe('function');
    // The header function only builds the element; TimeHeader itself (and its hooks) runs when React renders it.
    const element = (header as () => { props: { label: string } })();
    expect(element.props.label).toBe(labelOf('time'));
  });
});

describe('the sorts the app prepares ahead', () => {
  it('are the table columns’ own sort fields, so every first click on a header finds its order made', () => {
    const fields = columns.map((c) => (c.meta as { sort?: { field: string } } | undefined)?.sort?.field).filter((f) => f !== undefined);
    expect([...TABLE_SORT_FIELDS].sort()).toEqual([...fields].sort());
  });
});

describe('the Route / page / message column', () => {
  const base = { id: '1', time: 0 };
  it('shows what a user met or acted on before the page, so an error’s message and the clicked element are seen', async () => {
    const { targetOf } = await import('../../renderer/src/components/cells.js');
    expect(targetOf({ ...base, kind: 'user', type: 'error_encountered', message: 'Payment failed', page: '/checkout' })).toBe('Payment failed · /checkout');
    expect(targetOf({ ...base, kind: 'user', type: 'button_click', target: 'button#pay', page: '/checkout' })).toBe('button#pay · /checkout');
    expect(targetOf({ ...base, kind: 'user', type: 'page_view', page: '/checkout' })).toBe('/checkout');
    expect(targetOf({ ...base, kind: 'user', type: 'identify' })).toBeUndefined();
    expect(targetOf({ ...base, kind: 'api', route: '/api/cart', url: '/api/cart?x=1' })).toBe('/api/cart');
    expect(targetOf({ ...base, kind: 'log', message: 'ready' })).toBe('ready');
  });
});
