// The contract's calls for what the user keeps of the explorer: saved views and exports. Spread
// into `api` (api.ts), so they cross the boundary like every other call.
import { z } from 'zod';
import { SavedViewSchema, ViewNameSchema } from './views.js';
import { ExportRequestSchema } from './export.js';

export const workspaceCalls = {
  /** Saved views of the explorer, in saved order (shared/views.ts). */
  'views.list': {
    input: z.object({}),
    output: z.object({ views: z.array(SavedViewSchema) }),
  },
  /** `exists`: the name is taken and nothing was written; ask the user, then save with `replace`. */
  'views.save': {
    input: z.object({ view: SavedViewSchema, replace: z.boolean().default(false) }),
    output: z.object({ outcome: z.enum(['saved', 'replaced', 'exists']), views: z.array(SavedViewSchema) }),
  },
  'views.remove': {
    input: z.object({ name: ViewNameSchema }),
    output: z.object({ views: z.array(SavedViewSchema) }),
  },
  /**
   * Exports the current result. Browser mode answers with a one-time download path on this
   * server (valid a minute); the desktop app asks where to save and writes the file itself.
   */
  'export.start': {
    input: ExportRequestSchema,
    output: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('download'), url: z.string(), file_name: z.string() }),
      z.object({ kind: z.literal('saved'), path: z.string(), events: z.number().int() }),
      z.object({ kind: z.literal('cancelled') }),
    ]),
  },
} as const;
