// Log text is written by whoever sent it, and some characters in it are invisible yet act on
// whatever shows them. Bidirectional formatting characters reorder the text around them:
// `user\u202Egpj.exe` displays as "userexe.jpg". Control characters are obeyed by a terminal:
// ESC starts sequences that set the clipboard (OSC 52), the window title, colours, or move the
// cursor to rewrite what is already on screen; a lone CR or a newline makes one event pass for
// two. So wherever we show log text (the table, the detail pane, the CLI) these characters are
// replaced by a visible marker, as code review tools do. Only display changes: stored text and
// searches keep the characters.

/** The embeddings, overrides and isolates (U+202A–E, U+2066–9), the marks (U+200E/F, U+061C). */
const BIDI = '\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';
/** C0 controls but tab, LF and CR; DEL; C1 (U+0080–9F), which some terminals obey even UTF-8 encoded. */
const CONTROL = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F';
const LINE_BREAK = '\\n\\r';

const BIDI_ONLY = new RegExp(`[${BIDI}]`);
const LINES_KEPT = new RegExp(`[${BIDI}${CONTROL}]`);
const LINES_MARKED = new RegExp(`[${BIDI}${CONTROL}${LINE_BREAK}]`);

export interface RevealOptions {
  /**
   * `keep` leaves LF and CR as they are, for views that show text on several lines and where
   * they cannot rewrite anything (a web page). Default `mark`: a one-line view, or a terminal.
   */
  lineBreaks?: 'keep' | 'mark';
}

const pattern = (opts: RevealOptions) => (opts.lineBreaks === 'keep' ? LINES_KEPT : LINES_MARKED);
/** A fresh global copy per use: a shared one carries `lastIndex` from call to call. */
const all = (re: RegExp) => new RegExp(re.source, 'g');

/** `⟨U+202E⟩`, `⟨U+001B⟩`: how one of these characters is shown. */
export function invisibleMarker(char: string): string {
  return `⟨U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

export function isBidiControl(char: string): boolean {
  return BIDI_ONLY.test(char);
}

export function hasInvisible(text: string, opts: RevealOptions = {}): boolean {
  return pattern(opts).test(text);
}

/** The text with every bidirectional formatting and control character replaced by its marker. */
export function revealInvisible(text: string, opts: RevealOptions = {}): string {
  return text.replace(all(pattern(opts)), invisibleMarker);
}

export type TextPiece = { kind: 'text'; text: string } | { kind: 'bidi' | 'control'; text: string; marker: string };

/** The text cut into plain runs and single hidden characters, for renderers that style the markers. */
export function splitInvisible(text: string, opts: RevealOptions = {}): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const m of text.matchAll(all(pattern(opts)))) {
    if (m.index > at) pieces.push({ kind: 'text', text: text.slice(at, m.index) });
    pieces.push({ kind: isBidiControl(m[0]) ? 'bidi' : 'control', text: m[0], marker: invisibleMarker(m[0]) });
    at = m.index + m[0].length;
  }
  if (at < text.length || pieces.length === 0) pieces.push({ kind: 'text', text: text.slice(at) });
  return pieces;
}
