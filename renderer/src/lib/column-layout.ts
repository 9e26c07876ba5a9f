// The table's column layout as the user arranged it: order, hidden columns and widths. Kept in
// local storage (and in saved views), so what comes back is parsed like any outside input and
// reconciled with the columns this version has: unknown ids are dropped, new columns appended.
import { z } from 'zod';

export const ColumnLayoutSchema = z.object({
  order: z.array(z.string().max(40)).max(50),
  hidden: z.array(z.string().max(40)).max(50),
  sizes: z.record(z.string().max(40), z.number()),
});
export type ColumnLayout = z.infer<typeof ColumnLayoutSchema>;

export const MIN_WIDTH = 40;
export const MAX_WIDTH = 1200;

export const clampWidth = (px: number) => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, px)));

/** The layout with only the known columns, each once, every known column present. */
export function reconcile(layout: ColumnLayout | null, known: readonly string[]): ColumnLayout {
  if (!layout) return { order: [...known], hidden: [], sizes: {} };
  const isKnown = new Set(known);
  const order = [...new Set(layout.order.filter((id) => isKnown.has(id)))];
  for (const id of known) if (!order.includes(id)) order.push(id);
  const hidden = [...new Set(layout.hidden.filter((id) => isKnown.has(id)))];
  // One column always stays: a table of nothing cannot be put back from its own header.
  if (hidden.length >= order.length) hidden.splice(0, hidden.length);
  const sizes: Record<string, number> = {};
  for (const [id, px] of Object.entries(layout.sizes)) if (isKnown.has(id) && Number.isFinite(px)) sizes[id] = clampWidth(px);
  return { order, hidden, sizes };
}

/** Reads a stored layout; anything unreadable is the default. */
export function parseLayout(text: string | null, known: readonly string[]): ColumnLayout {
  if (text === null) return reconcile(null, known);
  try {
    const parsed = ColumnLayoutSchema.safeParse(JSON.parse(text));
    return reconcile(parsed.success ? parsed.data : null, known);
  } catch {
    return reconcile(null, known);
  }
}

export const visibleColumns = (layout: ColumnLayout) => layout.order.filter((id) => !layout.hidden.includes(id));

export function toggleHidden(layout: ColumnLayout, id: string): ColumnLayout {
  if (layout.hidden.includes(id)) return { ...layout, hidden: layout.hidden.filter((h) => h !== id) };
  if (visibleColumns(layout).length <= 1) return layout;
  return { ...layout, hidden: [...layout.hidden, id] };
}

/** Moves column `id` to sit where `before` is (before it), or to the end when `before` is null. */
export function moveColumn(layout: ColumnLayout, id: string, before: string | null): ColumnLayout {
  if (id === before || !layout.order.includes(id)) return layout;
  const rest = layout.order.filter((c) => c !== id);
  const at = before === null ? rest.length : rest.indexOf(before);
  if (at < 0) return layout;
  return { ...layout, order: [...rest.slice(0, at), id, ...rest.slice(at)] };
}

/** Moves column `id` one place left (-1) or right (+1) among the visible ones, for keyboard users. */
export function shiftColumn(layout: ColumnLayout, id: string, step: -1 | 1): ColumnLayout {
  const visible = visibleColumns(layout);
  const at = visible.indexOf(id);
  const target = visible[at + step];
  if (at < 0 || target === undefined) return layout;
  if (step < 0) return moveColumn(layout, id, target);
  const after = visible[at + 2] ?? null;
  return moveColumn(layout, id, after);
}

export function resize(layout: ColumnLayout, id: string, px: number): ColumnLayout {
  return { ...layout, sizes: { ...layout.sizes, [id]: clampWidth(px) } };
}
