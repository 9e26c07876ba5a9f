// The patterns the redactor runs over collected and imported text. Anyone who can reach the
// collector chooses that text, so every pattern here must run in time linear in its input:
// test/unit/regex-safety.test.ts checks each one (through TEXT_PATTERNS) with a ReDoS analyser.
// The usual way to stay linear is to let a match start only where a run of its first characters
// starts (a look-behind), so that a long run without the expected ending is scanned once, not
// once per position.

/*
 * 13 to 19 digits, spaces or dashes between, standing alone. The first digit is 2-6, which
 * covers every major network (Mir, Mastercard 2/5; Amex, Diners, JCB 3; Visa 4; Discover,
 * UnionPay, Maestro 6) and leaves out epoch timestamps in ms, µs and ns (they start with 1
 * until 2033, and the 13-digit ones are only Visa's anyway).
 */
export const CARD_CANDIDATE = /(?<!\d[ -]?)[2-6](?:[ -]?\d){12,18}(?![ -]?\d)/g;
/** The same without the look-arounds: three times faster, and most strings fail it. */
export const CARD_HINT = /[2-6](?:[ -]?\d){12}/;
export const CARD_SEPARATORS = /[ -]/g;

/** `scheme://user:password@`, starting only where a scheme can start. */
export const USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:"'<>]*):([^\s/?#@"'<>]+)@/gi;
/** `?name=value`, also after `&`, `;` (Java's `;jsessionid=`) and `#` (OAuth's `#access_token=`). */
export const PARAM = /([?&;#])([^=&;#?\s"'<>]+)=([^&;#?\s"'<>]+)/g;

const AUTH_SCHEMES = 'Bearer|Basic|Digest|Token|Negotiate|NTLM|ApiKey|DPoP|Hawk|AWS4-HMAC-SHA256';
/** A whole Authorization header value: the scheme stays visible. */
export const AUTH_SCHEME = new RegExp(`^(${AUTH_SCHEMES}) +(\\S.*)$`, 'i');

/*
 * `name=value` and `name: value` in prose, logs and broken JSON (`"password": "x"`): the name
 * is tested against the key rules, so only secret names lose their value. The value is a quoted
 * string, a marker already there, or one bare word; an auth scheme before it stays visible.
 */
export const KEY_VALUE = new RegExp(
  String.raw`(?<![\w.-])(\\?["']?)([A-Za-z_][\w.-]{0,63})(\\?["']?[ \t]{0,8}[:=][ \t]{0,8})` +
    `(?:((?:${AUTH_SCHEMES}) +))?` +
    // JSON escaped inside a string (`{\"password\":\"x\"}`) closes its value with `\"`.
    String.raw`(\\"(?:[^"\\\r\n]|\\[^"\r\n])*\\"|"(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*'|\[redacted:[0-9a-f]{12}\]|[^\s"',;&)\]}<>\\]+)`,
  'gi',
);
/*
 * After `name: ` (a header, a YAML or log field) a secret runs to the end of the line or to a
 * `,` or `;`: a passphrase has spaces. Tried, sticky, right after a one-word KEY_VALUE match
 * under a secret name; words and the spaces between them cannot overlap, so it stays linear.
 */
export const HEADER_VALUE_REST = /(?:[ \t]+[^\s,;"]+)*/y;
/*
 * A PEM private key, also across lines, up to its END line or, cut short, to the end of the
 * text. A match starts only at a BEGIN line and then always succeeds, so the scan is linear.
 */
export const PEM_PRIVATE_KEY = /(-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----)([\s\S]*?)(-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----|$)/g;
/** The names KEY_VALUE reads, alone: for the links of a word like `note=token=X`. */
export const BARE_NAME = /^[A-Za-z_][\w.-]{0,63}$/;
/** `Cookie: a=1; b=2` in text: every value to the end of the line is a secret. */
export const COOKIE_LINE = /(?<![\w-])((?:set-)?cookies?)([ \t]{0,8}:[ \t]{0,8})([^\r\n"]+)/gi;
/** A bearer token wherever it appears (`curl -H "Authorization: Bearer ..."`, a stack trace). */
export const BEARER = /(?<![\w-])(Bearer[ \t]{1,8})([A-Za-z0-9\-._~+/]+=*)/gi;
/*
 * A Basic credential without its header name, as HAProxy captures header values
 * (`{Basic dXNlcjpwYXNz|...}`); the caller checks it is base64 of `user:password`, so prose
 * (`Basic setup`) stays.
 */
export const BASIC = /(?<![\w-])(Basic[ \t]{1,8})([A-Za-z0-9+/]{4,}={0,2})(?![\w+/=])/gi;
/** Digest credentials (`Digest username="bob", response="..."`): every parameter, to the end of the line or capture. */
export const DIGEST = /(?<![\w-])(Digest[ \t]{1,8})([A-Za-z][\w-]{0,31}[ \t]{0,8}=[^\r\n|{}]*)/gi;
/** Cheap pre-checks: most strings hold no cookie, bearer or address, and skip the full patterns. */
export const COOKIE_HINT = /cookie/i;
export const BEARER_HINT = /bearer/i;
export const BASIC_HINT = /basic/i;
export const DIGEST_HINT = /digest/i;
export const IPV4_HINT = /\d\.\d{1,3}\.\d{1,3}\.\d/;
export const IPV6_HINT = /::|(?::[0-9a-f]{1,4}){7}/i;

/*
 * Addresses in text, checked by net.isIP afterwards. Not after a word, a dot or a lone slash,
 * so version numbers in user agents (`Chrome/120.0.0.0`, `Mozilla/5.0`) are left alone, while
 * `http://10.0.0.1/` is not.
 */
export const IPV4_IN_TEXT = /(?<![\w.\-]|(?<!\/)\/)\d{1,3}(?:\.\d{1,3}){3}(?!\w|\.\d)/g;
export const IPV6_IN_TEXT = /(?<![\w:.])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:.])/gi;
/** A whole value that is an IP address (v4, or v6 of at most 45 characters): cheap pre-check. */
export const IP_HINT = /^[0-9a-f:.[\]]{3,47}$/i;
export const IP_BRACKETS = /^\[|\]$/g;
export const HEX_DIGIT = /[0-9a-f]/i;

export const JSON_START = /^\s*[[{]/;
export const COOKIE_SPLIT = /; */;
export const GLOBAL_OR_STICKY = /[gy]/g;
export const URL_HEADERS = /^(?:referer|location|content-location)$/i;
export const HEADERS_KEY = /(?:^|_)headers$/;
export const QUERY_KEY = /^(?:query_?string|query_?params|search_?params)$/i;

/** Every pattern above, for the ReDoS check. */
export const TEXT_PATTERNS: readonly RegExp[] = [
  CARD_CANDIDATE, CARD_HINT, CARD_SEPARATORS, USERINFO, PARAM, AUTH_SCHEME, KEY_VALUE, COOKIE_LINE, BEARER,
  HEADER_VALUE_REST, BARE_NAME, PEM_PRIVATE_KEY, BASIC, DIGEST, BASIC_HINT, DIGEST_HINT, COOKIE_HINT, BEARER_HINT, IPV4_HINT, IPV6_HINT,
  IPV4_IN_TEXT, IPV6_IN_TEXT, IP_HINT, IP_BRACKETS, HEX_DIGIT, JSON_START, COOKIE_SPLIT, GLOBAL_OR_STICKY,
  URL_HEADERS, HEADERS_KEY, QUERY_KEY,
];
