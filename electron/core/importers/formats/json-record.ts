// One record (a JSON-lines object or a CSV row), its mapped values already picked out by the
// format, read into an event: typed values, the kind, the route, redaction, and the client
// address kept only as its hash. Named json- as the JSON-lines family's; CSV uses it the same way.
import type { NewEvent } from '../../../../shared/events.js';
import { cachedRoute } from '../access-log.js';
import type { LineResult, ParseContext } from '../format-types.js';
import { absent, idText, lookedFor, message, method, normalizeLevel, status, text, type Mapping } from './field-map.js';
import { setAttr } from './json-line.js';
import { readDuration, readTime } from './time-value.js';

const MAX_TYPE_CHARS = 200;
const MAX_SHOWN = 40;
/** IPv4, IPv6 (bracketed, zoned), with a port, or a forwarded-for list: what is safe to erase from raw. */
const ADDRESS = /^(?=.*\d)(?=.*[.:])[\da-fA-F.:[\]%, ]{2,}$/;

function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return JSON.stringify(s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s);
}

/** The client address is stored only as its hash: raw has it replaced by the hash too. */
export function withoutAddress(raw: string, address: string, hash: string): string {
  return ADDRESS.test(address) && raw.includes(address) ? raw.replaceAll(address, hash) : raw;
}

/** The event as stored: redacted, with the end user's address in raw replaced by its hash. */
export function redactWithoutAddress(ctx: ParseContext, e: NewEvent, payload: unknown, address: string | undefined, hash: string | null): NewEvent {
  // Before redaction, which hides addresses in any text and would leave raw a marker that does not join with ip_hash.
  const raw = address === undefined ? e.raw : withoutAddress(e.raw, address, hash ?? '');
  return raw === e.raw ? ctx.redact(e, payload) : ctx.redact({ ...e, raw });
}

export interface RecordReader {
  /**
   * `values[i]` is the raw value of `mapping.fields[i]` for this record, and the value after
   * them that of `mapping.clock` when there is one; `attrs` holds the
   * record's unmapped fields (it may be added to). `payload` is the parsed JSON, for redaction.
   */
  read(values: readonly unknown[], attrs: Record<string, unknown> | null, raw: string, lineNo: number, payload?: unknown): LineResult;
}

/**
 * kind is the record's own `kind` when it names one of ours (what `logbridge query --json`
 * writes, so an export reads back as it was: a user's error_encountered keeps its message);
 * else `api` when the record has a status or a method and a URL; `user` when it has a type and
 * neither a message nor a level (an analytics event: {"event": "signup", "user": ...}); otherwise `log`.
 */
export function recordReader(mapping: Mapping, ctx: ParseContext): RecordReader {
  const { fields, durationUnit } = mapping;
  const clockAt = mapping.clock === undefined ? -1 : fields.length;
  const timePath = fields.find((f) => f.field === 'time')?.path;
  const noTime = `no time field (${lookedFor()})`;

  return {
    read(values, attrs, raw, lineNo, payload) {
      if (timePath === undefined) return { ok: false, reason: noTime };
      const e: NewEvent = {
        time: NaN, kind: 'log', line: lineNo, method: null, url: null, route: null, status: null, duration_ms: null,
        level: null, message: null, trace_id: null, span_id: null, session_id: null, user_id: null, type: null,
        page: null, target: null, user_agent: null, referrer: null, ip_hash: null, attrs: null, raw,
      };
      let address: string | undefined;
      for (let i = 0; i < fields.length; i++) {
        const { field, path } = fields[i]!;
        const v = values[i];
        if (absent(v, field)) {
          if (field === 'time') return { ok: false, reason: `no time: "${path}" is missing or empty` };
          continue;
        }
        let ok = true;
        switch (field) {
          case 'time': {
            const clock = clockAt < 0 ? undefined : values[clockAt];
            const t = readTime(typeof clock === 'string' && clock !== '' && typeof v === 'string' ? `${v} ${clock}` : v);
            if (Number.isNaN(t)) return { ok: false, reason: `"${path}" is not a time we can read: ${shown(v)}` };
            e.time = t;
            break;
          }
          case 'level': ok = (e.level = normalizeLevel(v) ?? null) !== null; break;
          case 'message': ok = (e.message = message(v) ?? null) !== null; break;
          case 'status': ok = (e.status = status(v) ?? null) !== null; break;
          case 'method': ok = (e.method = method(v) ?? null) !== null; break;
          case 'url':
          case 'route':
          case 'page':
          case 'target':
          case 'user_agent':
          case 'referrer':
            ok = (e[field] = text(v) ?? null) !== null;
            break;
          case 'trace_id':
          case 'span_id':
          case 'session_id':
          case 'user_id':
            ok = (e[field] = idText(v) ?? null) !== null;
            break;
          case 'duration_ms': {
            const d = readDuration(v, durationUnit);
            ok = !Number.isNaN(d);
            if (ok) e.duration_ms = d;
            break;
          }
          case 'type': {
            const t = text(v);
            ok = t !== undefined && t.length <= MAX_TYPE_CHARS;
            if (ok) e.type = t!;
            break;
          }
          case 'ip':
            address = text(v);
            ok = address !== undefined;
            if (ok) e.ip_hash = ctx.ipHash(address!);
            break;
        }
        // Unreadable values stay searchable under their own name rather than vanish.
        if (!ok) setAttr((attrs ??= {}), path, v);
      }
      if (e.route == null && typeof e.url === 'string') e.route = cachedRoute(e.url);
      const declared = attrs?.kind;
      if (declared === 'api' || declared === 'user' || declared === 'log') {
        e.kind = declared;
        delete attrs!.kind;
        if (Object.keys(attrs!).length === 0) attrs = null;
      } else if (e.status != null || (e.method != null && e.url != null)) e.kind = 'api';
      else if (e.type != null && e.message == null && e.level == null) e.kind = 'user';
      e.attrs = attrs;
      return { ok: true, event: redactWithoutAddress(ctx, e, payload, address, e.ip_hash ?? null) };
    },
  };
}
