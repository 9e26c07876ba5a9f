// The request bodies PostHog's clients send, turned back into JSON. posthog-node sends JSON
// with a Content-Encoding the pipeline has already undone; posthog-js sends a gzip body
// labelled only by `?compression=gzip-js`, or a form body `data=<base64 JSON>`
// (`compression=base64`), and very old versions `data=<JSON>` or an lz-string body (`lz64`).
import { countDecodedBytes } from '../batch-size.js';
import { inflateLimited } from '../decompress.js';
import { PayloadError, type IngestRequest } from '../ingest-types.js';
import { parseJsonText } from '../json-body.js';
import { header } from '../../mapping/request-ids.js';

type Compression = 'gzip' | 'base64' | 'lz64' | 'none';

function compressionOf(v: string | null | undefined): Compression {
  const c = (v ?? '').trim().toLowerCase();
  if (c === 'gzip-js' || c === 'gzip') return 'gzip';
  if (c === 'base64' || c === 'b64') return 'base64';
  if (c === 'lz64' || c === 'lz-string') return 'lz64';
  return 'none';
}

const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

const LZ64 = new PayloadError(
  400,
  'lz64 (lz-string) compression is not supported; configure the PostHog client to use gzip-js or base64 compression.',
);

function fromBase64(text: string, what: string): Buffer {
  // Form decoding turns an unescaped '+' into a space; base64 never holds spaces, so put it back.
  const s = text.trim().replace(/ /g, '+').replace(/[\r\n]/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(s)) throw new PayloadError(400, `${what} is not valid base64.`);
  return Buffer.from(s, 'base64');
}

/** A JSON payload starts with an object or an array; base64 of one never does. */
const looksLikeJson = (s: string) => /^\s*[[{]/.test(s);


/** The `data` field of a form body (or of a GET query), decoded as its `compression` says. */
function decodeDataField(data: string, compression: Compression, limit: number, req: IngestRequest): unknown {
  if (compression === 'lz64') throw LZ64;
  if (compression !== 'base64' && looksLikeJson(data)) return parseJsonText(data, 'The data field');
  let bytes = fromBase64(data, 'The data field');
  if (isGzip(bytes)) bytes = inflateLimited(bytes, 'gzip', limit);
  countDecodedBytes(bytes.length, req);
  return parseJsonText(bytes.toString('utf8'), 'The decoded data field');
}

/** The payload as JSON; throws PayloadError 400 (unreadable) or 413 (inflates past `limit`). */
export function readPosthogBody(body: Buffer, req: IngestRequest, limit: number): unknown {
  let compression = compressionOf(req.query.get('compression'));

  // posthog-js's oldest transport: an image GET with the payload in the query.
  if (body.length === 0) {
    const data = req.query.get('data');
    if (data !== null) return decodeDataField(data, compression, limit, req);
    throw new PayloadError(400, 'Request body is empty; expected PostHog events.');
  }

  // gzip is recognised by its magic bytes whatever the label says: posthog-js sends it as
  // text/plain, and a body labelled twice (header and query) arrives here already inflated.
  let bytes = isGzip(body) ? inflateLimited(body, 'gzip', limit) : body;
  countDecodedBytes(bytes.length, req);
  if (compression === 'lz64') throw LZ64;

  const text = bytes.toString('utf8');
  const contentType = header(req.headers, 'content-type')?.toLowerCase() ?? '';
  // Some clients label JSON as a form; a JSON body is read as JSON whatever its label.
  const isForm = /^data=/.test(text) || (contentType.includes('application/x-www-form-urlencoded') && !looksLikeJson(text));
  if (isForm) {
    const form = new URLSearchParams(text);
    const data = form.get('data');
    if (data === null) throw new PayloadError(400, 'The form body has no data field.');
    const formCompression = form.get('compression');
    if (formCompression !== null) compression = compressionOf(formCompression);
    return decodeDataField(data, compression, limit, req);
  }

  if (compression === 'base64' && !looksLikeJson(text)) {
    bytes = fromBase64(text, 'Request body');
    if (isGzip(bytes)) bytes = inflateLimited(bytes, 'gzip', limit);
    countDecodedBytes(bytes.length, req);
    return parseJsonText(bytes.toString('utf8'), 'The decoded body');
  }
  if (text.trim() === '') throw new PayloadError(400, 'Request body is empty; expected PostHog events.');
  return parseJsonText(text, compression === 'gzip' ? 'Request body (labelled gzip-js, not gzip data)' : 'Request body');
}
