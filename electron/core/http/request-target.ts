// Reads the request target once, before any route sees it, so that no route can trip over a
// malformed one (`/%00` once reached fs.readFile and answered 500 with a stack trace in the
// log). Node itself already refuses raw control and non-ASCII bytes; what reaches us can
// still hide them behind percent-encoding, be invalid percent-encoding or UTF-8, or be a form
// of target we never serve.
import { HttpError } from '../net/body.js';

export interface RequestTarget {
  /** Parsed with a fixed base: only `pathname` and `searchParams` mean anything. */
  url: URL;
  /** The pathname percent-decoded: valid UTF-8, no control characters. */
  path: string;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

export function parseRequestTarget(raw: string): RequestTarget {
  let url: URL;
  try {
    // Concatenated, not resolved against a base: `//host/x` must stay a path, not become a host.
    if (raw.startsWith('/')) url = new URL(`http://localhost${raw}`);
    else if (/^https?:\/\//i.test(raw)) url = new URL(raw);
    else throw new HttpError(400, 'Bad request: the request target must be a path starting with /.');
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(400, 'Bad request: the request target is not a valid URL.');
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    throw new HttpError(400, 'Bad request: the path is not valid percent-encoded UTF-8.');
  }
  if (CONTROL.test(path)) throw new HttpError(400, 'Bad request: the path contains a control character (such as %00).');
  return { url, path };
}
