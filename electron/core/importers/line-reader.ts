// Splits a stream of text into lines without ever holding more than one capped line.
// readline keeps a whole line in memory before handing it over, so a file with no newlines
// (a minified bundle, a one-line JSON export) would be read into a single string until V8
// gives up; here a line past `maxChars` keeps its first maxChars + 1 characters (one more, so
// the caller can tell it was cut) and the rest is skipped up to the next newline.
export async function* readLines(chunks: AsyncIterable<string>, maxChars: number): AsyncGenerator<string> {
  let parts: string[] = [];
  let kept = 0;
  const take = (piece: string) => {
    const room = maxChars + 1 - kept;
    if (room <= 0 || piece === '') return;
    const p = piece.length > room ? piece.slice(0, room) : piece;
    parts.push(p);
    kept += p.length;
  };
  const finish = (): string => {
    let line = parts.length === 1 ? parts[0]! : parts.join('');
    parts = [];
    kept = 0;
    // CRLF files: the \r belongs to the line break, as readline's crlfDelay treats it.
    if (line.endsWith('\r')) line = line.slice(0, -1);
    return line;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      take(chunk.slice(start, nl));
      yield finish();
      start = nl + 1;
    }
    take(chunk.slice(start));
  }
  // A last line without a newline counts; a lone \r after the last newline is no line.
  if (kept > 0) {
    const last = finish();
    if (last !== '') yield last;
  }
}
