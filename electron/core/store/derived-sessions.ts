// Derived sessions (importers/session-deriver.ts) are not strings in the dictionary: an access
// log makes one every few requests, and storing each id as text cost ~17 bytes an event and a
// third of the writer's time (measured on 1M lines). A derived session is a negative
// session_ref instead, -(source id × 2^32 + its number within the source), shown as
// "d<source>-<number>". Given session ids stay positive dictionary refs.

export const DERIVED_SPAN = 2 ** 32;

export function derivedSessionRef(sourceId: number, n: number): number {
  return -(sourceId * DERIVED_SPAN + n);
}

export function derivedSessionText(sourceId: number, n: number): string {
  return `d${sourceId}-${n}`;
}

/** The text of a derived session's ref (derivedSessionRef's inverse, shown). */
export function derivedRefText(ref: number): string {
  return derivedSessionText(Math.floor(-ref / DERIVED_SPAN), -ref % DERIVED_SPAN);
}

/** The ref of a derived session's text, or null when the text is not one. */
export function parseDerivedSession(text: string): number | null {
  const m = /^d(\d{1,9})-(\d{1,10})$/.exec(text);
  if (!m) return null;
  const n = Number(m[2]);
  return n >= 1 && n < DERIVED_SPAN ? derivedSessionRef(Number(m[1]), n) : null;
}
