// Bidirectional formatting characters are invisible and reorder the text around them:
// `user\u202Egpj.exe` displays as "userexe.jpg". Log text is written by whoever sent it, so
// wherever we show it (the table, the detail pane, the CLI) these characters are replaced by a
// visible marker, as code review tools do. Only display changes: stored text and searches
// keep the characters.

/** The embeddings, overrides and isolates (U+202A–E, U+2066–9), the marks (U+200E/F, U+061C). */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** A fresh global copy per use: a shared one carries `lastIndex` from call to call. */
const all = () => new RegExp(BIDI_CONTROL.source, 'g');

/** `⟨U+202E⟩`: how one of these characters is shown. */
export function bidiMarker(char: string): string {
  return `⟨U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

export function hasBidiControls(text: string): boolean {
  return BIDI_CONTROL.test(text);
}

/** The text with every bidirectional formatting character replaced by its marker. */
export function revealBidi(text: string): string {
  return text.replace(all(), bidiMarker);
}

export type TextPiece = { kind: 'text'; text: string } | { kind: 'bidi'; text: string; marker: string };

/** The text cut into plain runs and single formatting characters, for renderers that style the markers. */
export function splitBidi(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const m of text.matchAll(all())) {
    if (m.index > at) pieces.push({ kind: 'text', text: text.slice(at, m.index) });
    pieces.push({ kind: 'bidi', text: m[0], marker: bidiMarker(m[0]) });
    at = m.index + m[0].length;
  }
  if (at < text.length || pieces.length === 0) pieces.push({ kind: 'text', text: text.slice(at) });
  return pieces;
}
