// The unit of a bare number in a file's duration field, chosen once per file, with the reason
// shown to the user (describe()): the field's name first (a unit suffix, or a name that means a
// unit by convention), then the convention of the program that wrote the file, which a name
// alone cannot tell ("duration" is milliseconds almost everywhere, but seconds in Caddy's log).
import type { HeadRecord } from './field-map.js';
import { durationUnitOf, MS, NANOSECOND, SECOND, unitSuffix } from './time-value.js';

export interface DurationUnit {
  /** ms per bare number. */
  unit: number;
  /** Why, for the note: "Caddy's convention". */
  why: string;
}

/**
 * Cloudflare's OriginResponseTime was milliseconds in older Logpush jobs and is nanoseconds in
 * newer ones. An origin answering in under 0.1 ms, or in over 100 s, is rare either way, so a
 * typical value at or above this is nanoseconds.
 */
const NS_FROM = 100_000;

function normalized(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

function valuesOf(head: readonly HeadRecord[], path: string): unknown[] {
  const out: unknown[] = [];
  for (const record of head) for (const [name, v] of record) if (name === path) out.push(v);
  return out;
}

/** Caddy's access log: its logger's name, or its request object beside resp_headers. */
function isCaddy(head: readonly HeadRecord[]): boolean {
  return head.some((record) => {
    let uri = false;
    let respHeaders = false;
    for (const [name, v] of record) {
      if (name === 'logger' && typeof v === 'string' && v.startsWith('http.log.access')) return true;
      if (name === 'request.uri') uri = true;
      else if (name === 'resp_headers') respHeaders = true;
    }
    return uri && respHeaders;
  });
}

function median(values: readonly unknown[]): number {
  const nums = values.map((v) => (typeof v === 'string' ? Number(v) : v)).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (nums.length === 0) return NaN;
  nums.sort((a, b) => a - b);
  return nums[Math.floor(nums.length / 2)]!;
}

/** The unit of bare numbers in `path`, judged from its name and the head sample's records. */
export function durationUnitFor(path: string, head: readonly HeadRecord[]): DurationUnit {
  if (unitSuffix(path) !== null) return { unit: durationUnitOf(path), why: 'the field name says so' };
  const norm = normalized(path);
  if (norm === 'duration' && isCaddy(head)) return { unit: SECOND, why: "Caddy's convention" };
  if (norm === 'originresponsetime') {
    const typical = median(valuesOf(head, path));
    return typical >= NS_FROM
      ? { unit: NANOSECOND, why: "Cloudflare's current unit; the values are too large for milliseconds" }
      : { unit: MS, why: "Cloudflare's older unit; the values are too small for nanoseconds" };
  }
  const unit = durationUnitOf(path);
  if (unit === NANOSECOND) return { unit, why: "Elastic Common Schema's convention" };
  if (unit === SECOND) return { unit, why: "nginx's convention for this variable" };
  return { unit: MS, why: 'the usual unit when the name does not say' };
}
