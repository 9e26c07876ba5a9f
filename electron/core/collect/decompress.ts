// Inflates request bodies with a hard cap on the output, so a gzip bomb (a few KB that
// inflate to gigabytes) is refused as soon as the cap is passed instead of being inflated.
import zlib from 'node:zlib';
import { PayloadError } from './ingest-types.js';
import { bodyLimitName } from './limits.js';

export type Encoding = 'gzip' | 'deflate' | 'br' | 'identity';

export function encodingOf(header: string | undefined): Encoding | null {
  const e = (header ?? 'identity').trim().toLowerCase();
  if (e === '' || e === 'identity') return 'identity';
  if (e === 'gzip' || e === 'x-gzip') return 'gzip';
  if (e === 'deflate') return 'deflate';
  if (e === 'br') return 'br';
  return null;
}

/** Returns the inflated bytes; throws PayloadError 413 past `limit`, 400 on corrupt data. */
export function inflateLimited(body: Buffer, encoding: Encoding, limit: number): Buffer {
  if (encoding === 'identity') {
    if (body.length > limit) throw new PayloadError(413, `Request body is ${body.length} bytes, over ${bodyLimitName(limit)}.`);
    return body;
  }
  // maxOutputLength makes zlib stop (and throw) once the output passes the cap.
  const opts = { maxOutputLength: limit };
  try {
    if (encoding === 'gzip') return zlib.gunzipSync(body, opts);
    if (encoding === 'br') return zlib.brotliDecompressSync(body, opts);
    // "deflate" is zlib-wrapped by the spec, but some clients send raw deflate.
    return body[0] !== undefined && (body[0] & 0x0f) === 8 ? zlib.inflateSync(body, opts) : zlib.inflateRawSync(body, opts);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PayloadError(413, `Request body is over ${bodyLimitName(limit)} once decompressed.`);
    }
    throw new PayloadError(400, `Request body is not valid ${encoding} data: ${(err as Error).message}`);
  }
}
