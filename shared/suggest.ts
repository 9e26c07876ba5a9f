// Which fields the search box can offer values of: the ones an aggregate may group by (few
// distinct values compared with events), without the derived status class, which the language
// cannot search by name. Isomorphic: the contract (api.ts) and the renderer read it.
import { z } from 'zod';
import { GROUP_FIELDS } from './fields.js';

export const SuggestFieldSchema = z.enum(GROUP_FIELDS).exclude(['status_class'], {
  error: `field must be one of ${GROUP_FIELDS.filter((f) => f !== 'status_class').join(', ')}; other fields have too many distinct values to suggest`,
});
export type SuggestField = z.infer<typeof SuggestFieldSchema>;
export const SUGGEST_FIELDS: readonly SuggestField[] = SuggestFieldSchema.options;
