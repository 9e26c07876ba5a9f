// `--sort FIELD[:asc|desc]`: the order `logbridge query` prints in, any column of the table
// (shared/sort.ts). A field alone sorts ascending, as `sort` does; events without the value
// come last either way.
import { z } from 'zod';
import { SORT_FIELDS, type SortField, type SortSpec } from '../../shared/sort.js';

export const sortOption = { sort: { type: 'string' } } as const;

export const SortArg = z.string().transform((s, ctx): SortSpec => {
  const [field, dir = 'asc', ...extra] = s.split(':');
  if (!(SORT_FIELDS as readonly string[]).includes(field ?? '') || extra.length > 0) {
    ctx.addIssue({ code: 'custom', message: `--sort takes FIELD[:asc|desc] with FIELD one of ${SORT_FIELDS.join(', ')}; not ${s}` });
    return z.NEVER;
  }
  if (dir !== 'asc' && dir !== 'desc') {
    ctx.addIssue({ code: 'custom', message: `--sort takes :asc or :desc after the field, not :${dir}` });
    return z.NEVER;
  }
  return { field: field as SortField, dir };
});

export const describeSort = (s: SortSpec) => `${s.field} ${s.dir === 'asc' ? 'ascending' : 'descending'}`;
