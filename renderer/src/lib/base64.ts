// Turning a file's bytes into the base64 pieces import.upload carries. Pure and DOM-free so it
// is unit-tested under Node.
import { MAX_UPLOAD_CHUNK_BASE64 } from '../../../shared/api.js';

/**
 * Bytes per upload call. 4 MiB of bytes is about 5.6 MB of base64, well under the contract's
 * cap, and small enough that reading, encoding and posting one piece never stalls the UI.
 */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;

/** Characters base64 needs for `bytes` bytes, padding included. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

const ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const PAD = 61; // '='

type WithToBase64 = Uint8Array & { toBase64(): string };
function hasNativeBase64(bytes: Uint8Array): bytes is WithToBase64 {
  return typeof (bytes as Partial<WithToBase64>).toBase64 === 'function';
}

/** Standard base64 (with padding) of any number of bytes. */
export function bytesToBase64(bytes: Uint8Array): string {
  // Native where the engine has it (Chromium 140+), several times faster than any JS loop.
  return hasNativeBase64(bytes) ? bytes.toBase64() : encodeBase64(bytes);
}

/**
 * The portable encoder. It writes ASCII codes into one buffer and decodes that once: the usual
 * String.fromCharCode(...bytes) overflows the stack on big buffers, and building the string
 * piecewise is ten times slower on a 4 MiB piece, which would freeze the UI for each piece.
 */
export function encodeBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(base64Length(bytes.length));
  const at = (i: number) => bytes[i] ?? 0;
  const code = (sextet: number) => ALPHABET[sextet & 63] ?? PAD;
  const whole = bytes.length - (bytes.length % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out[o++] = code(v >> 18);
    out[o++] = code(v >> 12);
    out[o++] = code(v >> 6);
    out[o++] = code(v);
  }
  const rest = bytes.length - whole;
  if (rest > 0) {
    const v = (at(whole) << 16) | (rest === 2 ? at(whole + 1) << 8 : 0);
    out[o++] = code(v >> 18);
    out[o++] = code(v >> 12);
    out[o++] = rest === 2 ? code(v >> 6) : PAD;
    out[o++] = PAD;
  }
  return new TextDecoder().decode(out);
}

export interface ChunkRange {
  start: number;
  end: number;
  /** The last piece: its call carries done:true and answers with the summary. */
  last: boolean;
}

/**
 * The byte ranges a file of `size` bytes goes up in. An empty file is still one (empty) call,
 * because the call with done:true is the one that imports.
 */
export function chunkRanges(size: number, chunkBytes = UPLOAD_CHUNK_BYTES): ChunkRange[] {
  if (!(chunkBytes > 0) || base64Length(chunkBytes) > MAX_UPLOAD_CHUNK_BASE64) {
    throw new RangeError(`chunk size ${chunkBytes} does not fit one import.upload call`);
  }
  const ranges: ChunkRange[] = [];
  let start = 0;
  do {
    const end = Math.min(size, start + chunkBytes);
    ranges.push({ start, end, last: end >= size });
    start = end;
  } while (start < size);
  return ranges;
}
