// The bytes the item scanner (json-scan.ts) stops at, and how skipped or broken bytes are shown in
// reports. JSON's structure is ASCII, and every byte of a multi-byte UTF-8 sequence is >= 0x80, so
// one table lookup per byte tells the scanner whether it matters.
import { BAD_TEXT_CHARS } from './parse-driver.js';

export const QUOTE = 0x22, BACKSLASH = 0x5c, NL = 0x0a;
export const BOM = [0xef, 0xbb, 0xbf];
/** Enough bytes for BAD_TEXT_CHARS characters of UTF-8. */
export const HEAD_BYTES = BAD_TEXT_CHARS * 4;

const table = (chars: string) => {
  const t = new Uint8Array(256);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  return t;
};
/** Bytes that end a literal or number. */
export const DELIMITER = table(' \t\r\n{}[],:"');
/** How a literal or number can start (true, false, null, numbers). */
export const TOKEN_START = table('tfn-0123456789');
/** The bytes that matter inside a string. */
export const STRING_STOP = table('"\\\n');

export const describeByte = (b: number) => (b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16).padStart(2, '0')}`);

/** Where `byte` next occurs in `chunk` from `from`, or the chunk's length: a bound for Math.min. */
export function indexOr(chunk: Buffer, byte: number, from: number): number {
  const at = chunk.indexOf(byte, from);
  return at === -1 ? chunk.length : at;
}

export function formatSize(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  return n >= 1024 && n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
}

/** The first characters of some bytes, for a bad item's text (a cut UTF-8 sequence shows as U+FFFD). */
export function headText(bytes: Buffer): string {
  return bytes.toString('utf8', 0, Math.min(bytes.length, HEAD_BYTES)).slice(0, BAD_TEXT_CHARS);
}
