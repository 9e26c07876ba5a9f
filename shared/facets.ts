// The explorer's facets: which fields the sidebar lists, and the shape of the answer to
// `events.facets` (api.ts). Kept beside the catalogue (fields.ts) so the core and the renderer
// agree on the fields and their order without either importing the other.
// Isomorphic: no node:*, no electron, no DOM.
import { z } from 'zod';
import type { GroupField } from './fields.js';

/** In the order the sidebar shows them: what a request is, where it went, then who and from where. */
export const FACET_FIELDS = ['kind', 'method', 'route', 'status', 'page', 'type', 'user_id', 'session_id', 'source'] as const satisfies readonly GroupField[];
export type FacetField = (typeof FACET_FIELDS)[number];
export const FacetFieldSchema = z.enum(FACET_FIELDS);

/** Values listed per field unless asked otherwise; the sidebar is a glance, not a report. */
export const DEFAULT_FACET_LIMIT = 10;
export const MAX_FACET_LIMIT = 100;

export const FacetValueSchema = z.object({
  /** Text as stored; a status as its number; a source as its name. */
  value: z.union([z.string(), z.number()]),
  count: z.number().int(),
});
export type FacetValue = z.infer<typeof FacetValueSchema>;

export const FacetSchema = z.object({
  field: FacetFieldSchema,
  /** The most frequent values, largest count first. */
  values: z.array(FacetValueSchema),
  /**
   * Matched events with no value for the field; null when not known: the values are more than
   * listed and the events without one are not among the most frequent (counting them would cost
   * another pass over the matches, per field).
   */
  missing: z.number().int().nullable(),
  /** How many different values the matched events hold (missing not counted); null when more than `values` lists (not counted, for speed). */
  distinct: z.number().int().nullable(),
  /** Matched events whose value is not among `values`, the events without one included. */
  unlisted: z.number().int(),
});
export type Facet = z.infer<typeof FacetSchema>;
