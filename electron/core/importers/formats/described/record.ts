// A described format's line, split into named fields, read into an event by the description's
// rules. Unnamed fields stay searchable in attrs; the client address is kept only as its hash.
import type { NewEvent } from '../../../../../shared/events.js';
import { cachedRoute } from '../../access-log.js';
import type { LineResult, ParseContext } from '../../format-types.js';
import { idText, method, normalizeLevel, status } from '../field-map.js';
import { withoutAddress } from '../json-record.js';
import { MS, readDuration, readTimeText, unitName, type TimeInfo } from '../time-value.js';
import { shown, trailerPairs, type Fields } from './split.js';
import type { FieldRule, FormatDescription } from './types.js';
import { splitRequest } from '../../log-format/values.js';
import { addresses, attrName, attrValue, decodeValue, firstAddress, withoutPort } from './values.js';

export type RuleOf = (name: string) => FieldRule | undefined;

export function ruleLookup(d: FormatDescription): RuleOf {
  const rules = new Map<string, FieldRule | undefined>();
  for (const [k, r] of Object.entries(d.fields)) rules.set(k, typeof r === 'string' ? { to: r } : r);
  // Names as written (`cs(User-Agent)`) are looked up once, then found by their own spelling.
  return (name) => {
    if (rules.has(name)) return rules.get(name);
    const rule = rules.get(name.toLowerCase());
    if (rules.size < 4096) rules.set(name, rule);
    return rule;
  };
}

/** Notes learnt while reading (which field gave durations, in what unit), in the order met. */
export type Notes = Set<string>;

function isAbsent(v: string): boolean {
  return v === '' || v === '-';
}

export function readRecord(
  d: FormatDescription, ruleOf: RuleOf, fields: Fields, raw: string, lineNo: number, ctx: ParseContext, notes: Notes,
): LineResult {
  const e: NewEvent = {
    time: NaN, kind: 'log', line: lineNo, method: null, url: null, route: null, status: null, duration_ms: null,
    req_bytes: null, resp_bytes: null, level: null, message: null, trace_id: null, span_id: null, session_id: null,
    user_id: null, user_agent: null, referrer: null, ip_hash: null, attrs: null, raw,
  };
  const attrs: Record<string, unknown> = {};
  let hasAttrs = false;
  function attr(name: string, v: unknown): void {
    attrs[attrName(name)] = v;
    hasAttrs = true;
  }
  let timeName: string | undefined;
  let timeText = '';
  let date: string | undefined;
  let clock: string | undefined;
  let path: string | undefined;
  let query: string | undefined;
  let duration = 0;
  let timed = false;
  const erase: [address: string, hash: string][] = [];
  const secrets: [key: string, value: string, written: string][] = [];
  const info: TimeInfo = { zoneless: false, epoch: false };

  // The list grows while it is read: a message's trailer adds its pairs at the end.
  for (let i = 0; i < fields.length; i++) {
    const [name, written] = fields[i]!;
    const rule = ruleOf(name);
    if (rule === undefined) {
      if (!isAbsent(written)) attr(name, attrValue(written));
      continue;
    }
    const v = decodeValue(written, rule.decode);
    if (rule.to !== 'message' && isAbsent(v)) continue;
    switch (rule.to) {
      case 'time':
        if (timeName !== undefined) {
          attr(name, v);
          break;
        }
        timeName = name;
        timeText = v;
        e.time = readTimeText(v, info);
        break;
      case 'date':
        date = v;
        break;
      case 'clock':
        clock = v;
        break;
      case 'method':
        if ((e.method = method(v) ?? null) === null) attr(name, v);
        break;
      case 'url':
        e.url = v;
        break;
      case 'path':
        path = v;
        break;
      case 'query':
        query = v;
        break;
      case 'request': {
        const r = splitRequest(v);
        if (r === null || method(r.method) === undefined) {
          attr(name, v);
          break;
        }
        e.method = method(r.method)!;
        e.url = r.url;
        if (r.protocol !== null) attr('protocol', r.protocol);
        break;
      }
      case 'status':
        if ((e.status = status(v) ?? null) === null) attr(name, attrValue(v));
        break;
      case 'attr_ms': {
        const ms = readDuration(v, rule.unit ?? MS);
        attr(name, Number.isNaN(ms) ? v : ms);
        break;
      }
      case 'duration': {
        const unit = rule.unit ?? MS;
        const ms = readDuration(v, unit);
        // Unreadable (or -1, "not measured") stays searchable as written.
        if (rule.keep || Number.isNaN(ms)) attr(name, attrValue(v));
        if (Number.isNaN(ms)) break;
        duration += ms;
        notes.add(`Durations from "${name}": numbers without a unit read as ${unitName(unit)}${rule.unitWhy ? ` (${rule.unitWhy})` : ''}.`);
        timed = true;
        break;
      }
      case 'client':
      case 'hashed': {
        const list = rule.port ? [withoutPort(v)] : rule.to === 'client' ? [firstAddress(v)] : addresses(v);
        const hashes = list.map((a) => ctx.ipHash(a));
        for (let k = 0; k < list.length; k++) erase.push([list[k]!, hashes[k]!]);
        if (rule.to === 'client' && e.ip_hash === null) e.ip_hash = hashes[0] ?? null;
        else attr(`${attrName(name)}_hash`, hashes.join(', '));
        if (rule.to === 'client' && !rule.port) for (const a of addresses(v).slice(1)) erase.push([a, ctx.ipHash(a)]);
        break;
      }
      case 'secret':
        attr(name, v);
        secrets.push([attrName(name), v, written]);
        break;
      case 'user_agent':
      case 'referrer':
        e[rule.to] = v;
        break;
      case 'level':
        if ((e.level = normalizeLevel(v) ?? null) === null) attr(name, v);
        break;
      case 'message': {
        const t = d.trailer === undefined ? null : trailerPairs(v, d.trailer);
        e.message = t === null ? v : t.message;
        if (t !== null) fields.push(...t.pairs);
        break;
      }
      case 'trace_id':
      case 'span_id':
      case 'session_id':
      case 'user_id':
        e[rule.to] = idText(v) ?? null;
        break;
      case 'req_bytes':
      case 'resp_bytes': {
        const n = attrValue(v);
        if (typeof n === 'number' && n >= 0 && Number.isInteger(n)) e[rule.to] = n;
        else attr(name, v);
        break;
      }
      case 'drop':
        break;
    }
  }

  if (timeName === undefined && date !== undefined && clock !== undefined) {
    timeName = 'date and time';
    timeText = `${date} ${clock}`;
    e.time = readTimeText(timeText, info);
  }
  if (timeName === undefined) return { ok: false, reason: `no time in the line (a ${d.title} line has one)` };
  if (Number.isNaN(e.time)) return { ok: false, reason: `"${timeName}" is not a time we can read: ${shown(timeText)}` };
  if (info.zoneless && !d.notes.some((n) => n.includes('UTC'))) notes.add('Times written without a zone are read as UTC.');
  if (path !== undefined) e.url = query === undefined ? path : `${path}?${query}`;
  if (typeof e.url === 'string') {
    if (e.url.includes('?')) e.url = ctx.redactUrl(e.url);
    e.route = cachedRoute(e.url);
  }
  const ref = e.referrer;
  if (typeof ref === 'string' && (ref.includes('?') || ref.includes('#'))) e.referrer = ctx.redactUrl(ref);
  if (timed) e.duration_ms = Math.round(duration * 1000) / 1000;
  if (d.kind !== 'log' && (e.status !== null || (e.method !== null && e.url !== null))) e.kind = 'api';
  e.attrs = hasAttrs ? attrs : null;
  for (const [a, h] of erase) e.raw = withoutAddress(e.raw, a, h);
  const out = ctx.redact(e);
  // raw holds the secret as written (still encoded): replace that with the attr's marker.
  for (const [key, value, written] of secrets) {
    const red = out.attrs?.[key];
    if (typeof red === 'string' && red !== value && written.length >= 4) out.raw = out.raw.replaceAll(written, red);
  }
  return { ok: true, event: out };
}
