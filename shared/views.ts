// Saved views of the explorer: a name and what to put back (query, time range, sort, columns).
// The range, sort and column shapes are declared here as optional fields so a view saved now
// still parses once the pieces that apply them land; the App decides how to apply each one.
import { z } from 'zod';

/** Most views one database keeps: a menu longer than this stops being a menu. */
export const MAX_VIEWS = 200;
/** Longest name: it is a menu label, not a note. */
export const MAX_VIEW_NAME = 100;
/** Largest view as JSON: a query is at most 10,000 characters, columns a few hundred more. */
export const MAX_VIEW_BYTES = 32 * 1024;

export const ViewNameSchema = z
  .string()
  .trim()
  .min(1, 'a view needs a name')
  .max(MAX_VIEW_NAME, `a view name is at most ${MAX_VIEW_NAME} characters`);

/** A relative preset (`15m`, `24h`, …, the picker's ids) or an absolute span in epoch ms. */
export const ViewRangeSchema = z.union([
  z.object({ preset: z.string().min(1).max(40) }),
  z.object({ from: z.number().finite(), to: z.number().finite() }).refine((r) => r.from <= r.to, 'range.from is after range.to'),
]);
export type ViewRange = z.infer<typeof ViewRangeSchema>;

export const ViewSortSchema = z.object({
  field: z.string().min(1).max(100),
  dir: z.enum(['asc', 'desc']),
});
export type ViewSort = z.infer<typeof ViewSortSchema>;

const ColumnName = z.string().min(1).max(100);
export const ViewColumnsSchema = z.object({
  order: z.array(ColumnName).max(100),
  hidden: z.array(ColumnName).max(100),
  sizes: z.record(ColumnName, z.number().finite().min(0).max(10_000)),
});
export type ViewColumns = z.infer<typeof ViewColumnsSchema>;

export const SavedViewSchema = z
  .object({
    name: ViewNameSchema,
    query: z.string().max(10_000, 'query is longer than 10,000 characters'),
    range: ViewRangeSchema.optional(),
    sort: ViewSortSchema.optional(),
    columns: ViewColumnsSchema.optional(),
  })
  .refine((v) => JSON.stringify(v).length <= MAX_VIEW_BYTES, `a view is at most ${MAX_VIEW_BYTES / 1024} KB as JSON`);
export type SavedView = z.infer<typeof SavedViewSchema>;

/** What the store keeps: the views in the order the menu shows them (saved order). */
export const SavedViewsSchema = z.object({ views: z.array(SavedViewSchema).max(MAX_VIEWS) });

/** Two names are one view when they differ only in case: the menu would show them as twins. */
export const sameViewName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();
