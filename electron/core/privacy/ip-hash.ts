// Client addresses are personal data, but sessions are derived from them (same client and
// user agent, 30 minutes of silence). We keep a pseudonym instead: an HMAC under a secret key.
// A plain hash would not do: the whole IPv4 space is 2^32 inputs, so anyone holding the
// database could hash every address in minutes and read the real ones back. Without the key
// the pseudonyms are useless for that; with a per-installation key they still join sessions.
import { createHmac, randomBytes } from 'node:crypto';

/** 16 hex chars = 64 bits: collisions stay negligible for any log we can hold. */
export const IP_HASH_HEX_CHARS = 16;
/** Below this the key itself could be brute-forced; a random 32-byte key is the intended use. */
export const MIN_IP_KEY_BYTES = 16;
const CACHE_SIZE = 16_384;

const V4_MAPPED = '::ffff:';

/** One spelling per client, so an address logged two ways joins the same session. */
function canonical(ip: string): string {
  let s = ip.trim().toLowerCase();
  // Dual-stack servers (Node's among them) log IPv4 clients as ::ffff:a.b.c.d.
  if (s.startsWith(V4_MAPPED) && s.indexOf('.') !== -1) s = s.slice(V4_MAPPED.length);
  if (s.length > 2 && s.charCodeAt(0) === 91 && s.charCodeAt(s.length - 1) === 93) s = s.slice(1, -1); // [::1]
  return s;
}

/**
 * Returns a function mapping an address (or host name) to a short stable pseudonym. The same
 * key gives the same pseudonym across imports; a different key gives unrelated ones.
 * Results are cached because consecutive log lines usually come from the same client.
 */
export function createIpHasher(key: Buffer | string): (ip: string) => string {
  const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (keyBytes.length < MIN_IP_KEY_BYTES) {
    throw new Error(`The IP hashing key must be at least ${MIN_IP_KEY_BYTES} bytes; use a random 32-byte key.`);
  }
  // Oldest-first eviction (a Map iterates in insertion order). Keeping it least-recently-used
  // meant a delete and a set on every hit, a tenth of the parsing thread's time on an access
  // log; a larger cache makes up for the cruder order.
  const cache = new Map<string, string>();
  // Runs of lines from one client are the common case; skip the Map entirely for them.
  let lastIp: string | undefined;
  let lastOut = '';
  return (ip: string): string => {
    if (ip === lastIp) return lastOut;
    const hit = cache.get(ip);
    if (hit !== undefined) {
      lastIp = ip;
      lastOut = hit;
      return hit;
    }
    const out = createHmac('sha256', keyBytes).update(canonical(ip), 'utf8').digest('hex').slice(0, IP_HASH_HEX_CHARS);
    if (cache.size >= CACHE_SIZE) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(ip, out);
    lastIp = ip;
    lastOut = out;
    return out;
  };
}

const DAY_MS = 86_400_000;

/**
 * For live clients, where nothing needs to join across days: the key is random per UTC day,
 * made in memory when the day changes and dropped with the previous day's, never stored. Once
 * a day is over, nobody (us included) can tell whether two days' visitors were the same client.
 */
export function createRotatingIpHasher(now: () => number = Date.now): (ip: string) => string {
  let day = Number.NaN;
  let hash: (ip: string) => string = () => '';
  return (ip: string): string => {
    const today = Math.floor(now() / DAY_MS);
    if (today !== day) {
      // Replacing the closure drops the old key and its cache of pseudonyms together.
      hash = createIpHasher(randomBytes(32));
      day = today;
    }
    return hash(ip);
  };
}
