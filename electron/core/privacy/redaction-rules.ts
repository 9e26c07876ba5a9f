// What counts as a secret in collected events: header names, key patterns (matched against the
// snake_case form of each key) and card numbers; the defaults and the user's additions.
import { z } from 'zod';

export interface RedactionRules {
  /** Header names (lower case) whose values are secret, in header objects or at any depth. */
  headers: string[];
  /** Tested against each object key after normalizeKey (`accessToken` -> `access_token`). */
  keyPattern: RegExp;
  /** Luhn-valid card numbers inside any string. */
  cardNumbers: boolean;
}

export const DEFAULT_REDACTED_HEADERS = [
  'authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key',
  // Client addresses as proxies pass them on.
  'forwarded', 'x-forwarded-for', 'x-real-ip', 'cf-connecting-ip', 'true-client-ip',
];

/*
 * Secret-looking keys, matched against the snake_case form of the key, word by word.
 * Deliberately NOT matched: `author`, `auth_provider`, `tokens_used`, `max_tokens`,
 * `page_token_count`, `token_type`, `session_id`, `sessionId`. Plural or counted tokens are
 * usage figures in LLM telemetry, `token_type` is "Bearer", and session ids are how events join:
 * the session cookie itself goes with the cookie header, and named session cookies are listed.
 * Whatever ends in `token` is a token, including pagination cursors (`next_page_token`): a
 * marker still joins, so being wrong that way costs little.
 */
const DEFAULT_KEY_SOURCES = [
  '(?:^|_)(?:password|passwd|pwd|passphrase|passcode)s?(?:_|$)',
  '(?:^|_)secrets?(?:_|$)',
  '(?:^|_)token$',
  '(?:^|_)(?:access|refresh|id|auth|api|bearer|session|csrf|xsrf)token$',
  '^(?:csrf|xsrf)$',
  '(?:^|_)(?:api|access|secret|private|signing|encryption|client|write|master|license)_?keys?(?:_|$)',
  '(?:^|_)(?:credentials?|creds)(?:_|$)',
  '(?:^|_)auth(?:orization)?$',
  '(?:^|_)auth(?:orization)?_code$',
  '(?:^|_)(?:jwt|otp|totp|mfa_code|verification_code)$',
  '(?:^|_)(?:set_)?cookies?$',
  '^(?:phpsessid|jsessionid|connect_sid|asp_net_session_id|laravel_session)$',
  // Client addresses (Segment's context.ip, PostHog's $ip, proxies' headers): raw IPs never reach disk.
  '(?:^|_)(?:ip|ips|ip_address|client_ip|remote_ip|remote_addr|x_forwarded_for|x_real_ip|forwarded_for|forwarded)$',
  // OpenTelemetry's names, old and new: client.address, network.peer.address, net.sock.peer.addr.
  '(?:^|_)(?:client|peer|remote|source)_(?:address|addr|ip)$',
  '(?:^|_)(?:card_?(?:number|num|no)|cc_?(?:number|num)|ccnum|credit_?card(?:_?number)?|cvv2?|cvc2?|csc|security_code)(?:_|$)',
];

export const DEFAULT_REDACTION_RULES: RedactionRules = Object.freeze({
  headers: DEFAULT_REDACTED_HEADERS,
  keyPattern: new RegExp(DEFAULT_KEY_SOURCES.join('|'), 'i'),
  cardNumbers: true,
});

/** `X-API-Key`, `apiKey`, `api key` and `user[api_key]` all read `api_key`. */
export function normalizeKey(key: string): string {
  return trimUnderscores(
    key
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      // A look-ahead, not `([A-Z]+)([A-Z][a-z])`, which backtracks quadratically on a long capital run.
      .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1_')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_'),
  );
}

/** `_+$` as a pattern is tried from every underscore of a long run: quadratic. */
export function trimUnderscores(s: string): string {
  let from = 0;
  let to = s.length;
  while (from < to && s.charCodeAt(from) === 95) from++;
  while (to > from && s.charCodeAt(to - 1) === 95) to--;
  return from === 0 && to === s.length ? s : s.slice(from, to);
}

// ---- Configuration ----

export class RedactionRulesError extends Error {
  override name = 'RedactionRulesError';
}

/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** An extra key made only of these is a name, not a regular expression. */
const PLAIN_NAME = /^[\w\- ]+$/;

const RulesConfigSchema = z.strictObject({
  headers: z.array(z.string()).optional(),
  extraKeys: z.array(z.string()).optional(),
  keepDefaults: z.boolean().optional(),
  cardNumbers: z.boolean().optional(),
});
export type RedactionRulesConfig = z.input<typeof RulesConfigSchema>;

/**
 * Builds rules from user configuration. `extraKeys` entries are names (`ssn` also catches
 * `customer_ssn` and `customerSsn`) or regular expressions tested, case-insensitively, against
 * the snake_case form of each key. Defaults are kept unless `keepDefaults` is false.
 */
export function parseRedactionRules(input: unknown): RedactionRules {
  const parsed = RulesConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new RedactionRulesError(`Invalid redaction rules${where}: ${issue?.message ?? 'unreadable input'}.`);
  }
  const cfg = parsed.data;
  const keep = cfg.keepDefaults ?? true;

  const headers = new Set(keep ? DEFAULT_REDACTED_HEADERS : []);
  (cfg.headers ?? []).forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') throw new RedactionRulesError(`Redaction header ${i + 1} is empty; give a header name such as x-auth-token.`);
    if (!HEADER_NAME.test(name)) throw new RedactionRulesError(`Redaction header "${raw}" is not a valid HTTP header name.`);
    headers.add(name.toLowerCase());
  });

  const sources = keep ? [...DEFAULT_KEY_SOURCES] : [];
  (cfg.extraKeys ?? []).forEach((raw, i) => {
    if (raw.trim() === '') throw new RedactionRulesError(`Redaction key ${i + 1} is empty; give a key name or a regular expression.`);
    if (PLAIN_NAME.test(raw)) {
      const name = normalizeKey(raw);
      if (name === '') throw new RedactionRulesError(`Redaction key "${raw}" has no letters or digits.`);
      sources.push(`(?:^|_)${name}$`);
      return;
    }
    // Joined into one pattern below, a back-reference would silently point at another group.
    if (/\\[1-9]|\\k</.test(raw)) throw new RedactionRulesError(`Redaction key "${raw}" uses a back-reference, which is not supported.`);
    try {
      new RegExp(raw, 'i');
    } catch (err) {
      throw new RedactionRulesError(`Redaction key "${raw}" is not a valid regular expression: ${(err as Error).message}.`);
    }
    sources.push(raw);
  });

  let keyPattern: RegExp;
  try {
    // With no sources left, a pattern that never matches.
    keyPattern = new RegExp(sources.length > 0 ? sources.map((s) => `(?:${s})`).join('|') : '(?!)', 'i');
  } catch (err) {
    throw new RedactionRulesError(`The redaction keys cannot be combined: ${(err as Error).message}.`);
  }
  return { headers: [...headers], keyPattern, cardNumbers: cfg.cardNumbers ?? true };
}

