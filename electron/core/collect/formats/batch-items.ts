// What the batching formats (Segment, PostHog) share: a `{batch: [...]}` envelope, items that
// are accepted or rejected one by one, and one credential per request.
import type { z } from 'zod';
import { PayloadError, type AcceptedEvent, type DecodedPayload, type RejectedEvent } from '../ingest-types.js';
import { issueDetails, issueLine, tooDeep } from '../../mapping/json-issues.js';
import { MAX_BATCH_EVENTS, MAX_JSON_DEPTH } from '../limits.js';
import { isObj } from '../../mapping/request-ids.js';

/** How a format names its payload in errors: `Segment` and `call`, or `PostHog` and `event`. */
export interface BatchWords {
  format: string;
  item: string;
}

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? 'an' : 'a');

/** A `{batch: [...], ...}` envelope; throws PayloadError 413 for too many items, 400 when invalid. */
export function parseEnvelope<S extends z.ZodType>(json: Record<string, unknown>, schema: S, words: BatchWords): z.output<S> {
  if (Array.isArray(json.batch) && json.batch.length > MAX_BATCH_EVENTS) {
    throw new PayloadError(413, `The batch holds ${json.batch.length} ${words.item}s; the limit is ${MAX_BATCH_EVENTS}.`);
  }
  const env = schema.safeParse(json);
  if (!env.success) {
    throw new PayloadError(400, `Invalid ${words.format} batch: ${issueLine(env.error.issues)}`, issueDetails(env.error.issues));
  }
  return env.data;
}

/**
 * The credential a request carries in its body. One request is authorised by one token, so the
 * first one seen (the envelope's, else the first item's) binds every item after it.
 */
export class BodyToken {
  constructor(private token: string | undefined) {}

  /** Whether an item carrying `own` (or none) is vouched for by the request's token. */
  admits(own: string | undefined): boolean {
    if (own === undefined) return true;
    this.token ??= own;
    return own === this.token;
  }

  get value(): string | undefined {
    return this.token;
  }
}

export type ItemResult = Omit<AcceptedEvent, 'index'> | { reason: string };

/**
 * Decodes each item on its own: one that is not an object, nests too deep or that `decodeItem`
 * refuses is rejected by its index, and the others still count.
 */
export function decodeItems(
  items: readonly unknown[],
  words: BatchWords,
  token: BodyToken,
  decodeItem: (item: Record<string, unknown>) => ItemResult,
): DecodedPayload {
  const accepted: AcceptedEvent[] = [];
  const rejected: RejectedEvent[] = [];
  items.forEach((item, index) => {
    if (!isObj(item)) {
      rejected.push({ index, reason: `${article(words.item)} ${words.item} must be a JSON object` });
      return;
    }
    const deep = tooDeep(item, MAX_JSON_DEPTH);
    if (deep !== null) {
      rejected.push({ index, reason: `the ${words.item} nests more than ${MAX_JSON_DEPTH} levels deep at ${deep.slice(0, 200)}` });
      return;
    }
    const result = decodeItem(item);
    if ('reason' in result) rejected.push({ index, reason: result.reason });
    else accepted.push({ index, ...result, payload: item });
  });
  const bodyToken = token.value;
  return { accepted, rejected, ...(bodyToken !== undefined ? { bodyToken } : {}) };
}
