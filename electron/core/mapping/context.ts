// What a mapper may know about an item besides the item itself. A collector request and a
// file both give one: the request its headers, hashed client address and arrival time; a file
// none of those, so its items are dated by what they say and nothing else.

/** Header names lower-case, as node:http spells them. */
export type Headers = Readonly<Record<string, string | string[] | undefined>>;

export interface MapContext {
  /** Where session, user and trace ids, and the user agent, are looked for when the item has none. */
  headers: Headers;
  /** Keyed hash of the client's address; the address itself never reaches a mapper. */
  ipHash: string | null;
  /** Epoch ms: the time of an item that carries none, and the clock that skew corrections use. */
  now: number;
}

const NO_HEADERS: Headers = Object.freeze({});

/** An item read from a file: no request, so no headers; `now` is the time the item itself gave. */
export function fileContext(now: number, ipHash: string | null = null): MapContext {
  return { headers: NO_HEADERS, ipHash, now };
}
