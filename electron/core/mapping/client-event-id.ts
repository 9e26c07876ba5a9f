// The id a sender gives each of its events on our own endpoints (/api/analytics/*, /api/logs),
// so a batch sent again after its answer was lost (a page that navigated away mid-send, a
// dropped connection, a timeout after the commit) is stored once.
import { z } from 'zod';

/** Long enough not to be a counter that collides by accident, short and plain enough for a key. */
const ClientEventId = z
  .string({ error: 'event_id must be a string' })
  .regex(/^[A-Za-z0-9_-]{8,100}$/, 'event_id must be 8 to 100 characters of A-Z, a-z, 0-9, _ or -');

const Carrier = z.object({ event_id: ClientEventId.optional() });

type Issues = readonly { path: readonly PropertyKey[]; message: string }[];

/** `dedup` is spread into the accepted event: empty without an id. */
export type WithEventId<T> = { success: true; data: T; dedup: { dedupKey?: string } } | { success: false; issues: Issues };

/**
 * Parses an item with its format's schema and reads its optional `event_id`, reporting the
 * problems of both at once. A bad id refuses the item, as any other bad optional field does:
 * storing it without de-duplication would hide a sender bug until events doubled.
 */
export function parseWithEventId<T>(schema: { safeParse(v: unknown): z.ZodSafeParseResult<T> }, item: unknown): WithEventId<T> {
  const parsed = schema.safeParse(item);
  const id = typeof item === 'object' && item !== null && !Array.isArray(item) ? Carrier.safeParse(item) : null;
  if (parsed.success && (id === null || id.success)) {
    const eventId = id?.data.event_id;
    // Namespaced: Segment's and PostHog's keys are `segment:` and `posthog:`, OTLP's `otlp-span:`.
    return { success: true, data: parsed.data, dedup: eventId === undefined ? {} : { dedupKey: `lb:${eventId}` } };
  }
  return { success: false, issues: [...(parsed.success ? [] : parsed.error.issues), ...(id?.success === false ? id.error.issues : [])] };
}
